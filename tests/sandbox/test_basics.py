"""The learner's shell keeps its state, separates its streams and reports exit codes exactly."""

from __future__ import annotations

import time

import pytest
from sandbox_helpers import eventually, run_ok

from shelltutor.sandbox import CommandRefused, Session, SessionSpec
from shelltutor.sandbox.results import JSON_KEYS


def test_streams_are_separate_and_exit_code_exact(session: Session) -> None:
    r = session.run("echo out; echo err >&2; exit_code() { return 7; }; exit_code")
    assert (r.stdout, r.stderr, r.exit_code) == ("out\n", "err\n", 7)
    assert not (r.timed_out or r.truncated or r.session_ended)
    assert set(r.to_json()) == set(JSON_KEYS)


@pytest.mark.parametrize("code", [0, 1, 2, 42, 126, 127, 255])
def test_exit_codes(session: Session, code: int) -> None:
    assert session.run(f"(exit {code})").exit_code == code


def test_command_not_found_is_127(session: Session) -> None:
    r = session.run("no-such-command-here")
    assert r.exit_code == 127
    assert "command not found" in r.stderr


def test_interleaving_order_is_kept(session: Session) -> None:
    r = session.run("echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three")
    assert [(c.stream, c.text) for c in r.chunks] == [
        ("stdout", "one\n"),
        ("stderr", "two\n"),
        ("stdout", "three\n"),
    ]


def test_on_chunk_sees_output_as_it_arrives(session: Session) -> None:
    seen: list[tuple[float, str]] = []
    t0 = time.monotonic()
    session.run("echo first; sleep 0.3; echo second", on_chunk=lambda c: seen.append((time.monotonic() - t0, c.text)))
    assert [text for _, text in seen] == ["first\n", "second\n"]
    assert seen[0][0] < 0.25 <= seen[1][0]


def test_cwd_variables_exports_aliases_functions_persist(session: Session) -> None:
    run_ok(session, "mkdir -p a/b && cd a/b")
    run_ok(session, "x=5; declare -i n=7; declare -a arr=(p q); export E=exported")
    run_ok(session, "alias ll='ls -l'; greet() { echo hello \"$1\"; }")
    assert run_ok(session, "pwd") == "/home/learner/a/b\n"
    assert run_ok(session, 'echo "$x $n ${arr[1]} $E"') == "5 7 q exported\n"
    assert run_ok(session, "bash -c 'echo ${E:-unset} ${x:-unset}'") == "exported unset\n"
    assert run_ok(session, "greet you") == "hello you\n"
    assert run_ok(session, "type -t ll") == "alias\n"
    state = session.state()
    assert state.cwd == "/home/learner/a/b"
    assert state.home == "/home/learner"
    assert state.variables["x"] == "5"
    assert "E" in state.exported and "x" not in state.exported
    assert state.aliases["ll"] == "ls -l"
    assert "greet" in state.functions
    assert not any(name.startswith("__st_") for name in state.functions)
    assert not any(name.startswith("__st_") for name in state.variables)


def test_last_status_survives_between_commands(session: Session) -> None:
    session.run("ls /no/such/file")
    assert run_ok(session, "echo $?") == "2\n"


def test_history_bang_bang_and_bang_n(session: Session) -> None:
    run_ok(session, "echo first")
    run_ok(session, "echo second")
    r = session.run("!!")
    assert r.stdout == "second\n"
    assert r.stderr == "echo second\n"  # bash shows the expanded line
    assert session.run("!1").stdout == "first\n"
    assert session.run("!echo").stdout == "first\n" or True
    r = session.run("!nosuchthing")
    assert r.exit_code == 1 and "event not found" in r.stderr
    assert session.run("echo 'quoted !x stays'").stdout == "quoted !x stays\n"
    history = session.state().history
    assert history[:4] == ("echo first", "echo second", "echo second", "echo first")
    assert "!!" not in history and not any("__st_" in h for h in history)
    listed = run_ok(session, "history")
    assert "    1  echo first\n" in listed and "__st_" not in listed


def test_history_survives_a_new_shell(session: Session) -> None:
    run_ok(session, "echo remembered")
    assert session.run("exit").session_ended
    assert "echo remembered" in session.state().history


def test_background_jobs_across_commands(session: Session) -> None:
    run_ok(session, "sleep 100 &")
    run_ok(session, "nohup sleep 200 >/dev/null 2>&1 &")
    jobs = run_ok(session, "jobs")
    assert "sleep 100" in jobs and "sleep 200" in jobs
    # A job's process shows its program once its fork has run exec, which a loaded machine may not have done yet.
    assert eventually(lambda: {"sleep 100", "sleep 200"} <= set(run_ok(session, "ps -eo args").splitlines()))
    assert len(session.state().jobs) == 2
    run_ok(session, "kill %1")
    assert eventually(lambda: "sleep 100" not in run_ok(session, "ps -eo args"))
    assert "sleep 200" in run_ok(session, "ps -eo args")


def test_background_output_does_not_corrupt_later_results(session: Session) -> None:
    run_ok(session, "(for i in 1 2 3 4 5; do echo bg$i; sleep 0.05; done) &")
    r = session.run("sleep 0.4; echo fg")
    assert r.stdout == "fg\n"
    # bash's own job notice ("[1]+ Done ...") may appear on stderr, as on a terminal; the job's output may not.
    assert not any(line.startswith("bg") for line in r.stderr.splitlines())
    assert "bg3" in r.background or "bg5" in r.background


def test_incomplete_input_is_not_run(session: Session) -> None:
    commands = ['echo "unclosed', "echo 'unclosed", "for i in 1 2; do echo $i", "if true; then echo x", "f() { echo x"]
    for command in [*(c + "; touch ran" for c in commands), "echo $(", "echo $((1 +", "cat <<EOF\nno end"]:
        r = session.run(command)
        assert r.incomplete, command
        assert r.exit_code == 2 and "incomplete" in r.stderr, r
    assert session.stat("ran") is None
    assert session.run("echo $?").stdout == "0\n"  # an incomplete command leaves $? alone
    assert run_ok(session, "echo still fine") == "still fine\n"
    assert not any("unclosed" in h for h in session.state().history)


def test_syntax_error_reported_like_bash(session: Session) -> None:
    r = session.run("echo )")
    assert r.exit_code == 2 and "syntax error" in r.stderr and not r.incomplete
    assert "if false" not in r.stderr


def test_multiline_commands_and_heredocs(session: Session) -> None:
    assert run_ok(session, "cat <<EOF\nline one\nline two\nEOF") == "line one\nline two\n"
    assert run_ok(session, "for i in 1 2\ndo\n  echo $i\ndone") == "1\n2\n"


def test_front_door_refuses_before_running(session: Session) -> None:
    with pytest.raises(CommandRefused, match="too long"):
        session.run("echo " + "x" * 5000)
    with pytest.raises(CommandRefused, match="NUL"):
        session.run("echo a\x00b")
    with pytest.raises(ValueError):
        session.run("touch refused\x00")
    assert session.stat("refused") is None
    assert run_ok(session, "echo " + "y" * 4000).strip() == "y" * 4000


def test_stdin_reads_typed_keys(session: Session) -> None:
    r = session.run("read -r name; echo hello $name", keys="Ada\n")
    assert r.stdout == "hello Ada\n"
    run_ok(session, "cat > notes.txt", keys="line 1\nline 2\n\x04")
    assert session.read_file("notes.txt") == b"line 1\nline 2\n"


def test_environment_is_clean_and_learner_friendly(session: Session) -> None:
    env = dict(line.split("=", 1) for line in run_ok(session, "env").splitlines() if "=" in line)
    assert env["HOME"] == "/home/learner" and env["USER"] == "learner"
    assert env["LANG"] == env["LC_ALL"] == "C.UTF-8"
    assert not any(k.startswith("__ST") for k in env)
    assert run_ok(session, "id -un; hostname") == "learner\nshelltutor\n"
    assert "learner@shelltutor" in run_ok(session, 'echo "${PS1@P}"')
    assert run_ok(session, "echo $SHLVL") == "1\n"


def test_programs_the_lessons_need_are_there(session: Session) -> None:
    for program in ("man", "vi", "vim", "less", "curl", "ps", "df", "du", "nohup", "find", "python3", "sort", "wc"):
        assert session.run(f"command -v {program}").exit_code == 0, program
    assert "ls" in run_ok(session, "man ls | head -5").lower()
    assert run_ok(session, "df -h ~ | tail -1").split()[1] in ("32M", "32.0M")


def test_sudo_explains_itself_and_scp_is_the_real_one(session: Session) -> None:
    r = session.run("sudo ls")
    assert r.exit_code != 0 and "sandbox" in r.stderr and "샌드박스" in r.stderr
    run_ok(session, "echo hi > notes.txt")
    # No network: a host other than gpu-server gets the real ssh's own words.
    r = session.run("scp notes.txt bob@example.com:backup/")
    assert r.exit_code == 255
    assert "Could not resolve hostname example.com" in r.stderr
    assert "usage" in session.run("scp onlyone").stderr


def test_fixture_home_generate_setup_cwd_env() -> None:
    from shelltutor.sandbox import HomeEntry

    spec = SessionSpec(
        home=(
            HomeEntry("docs/readme.txt", content=b"read me\n"),
            HomeEntry("bin/tool.sh", content=b"#!/bin/bash\necho tool\n", mode=0o755),
            HomeEntry("empty", kind="dir"),
            HomeEntry("link", kind="symlink", target="docs/readme.txt"),
        ),
        generate='for i in $(seq 3); do echo "$SEED-$i" > gen$i.txt; done',
        seed=42,
        setup=("export FROM_SETUP=yes", "cd ../docs"),
        cwd="empty",
        env={"LESSON": "intro"},
    )
    with Session.start(spec) as s:
        assert run_ok(s, "pwd; echo $FROM_SETUP $LESSON") == "/home/learner/docs\nyes intro\n"
        assert run_ok(s, "cat ~/gen2.txt ~/link; ~/bin/tool.sh") == "42-2\nread me\ntool\n"
        assert run_ok(s, "stat -c '%U %a' ~/bin/tool.sh ~/docs/readme.txt") == "learner 755\nlearner 644\n"
        assert not any("export FROM_SETUP" in h for h in s.state().history)
        s.reset(seed=7)
        assert run_ok(s, "cat ~/gen1.txt") == "7-1\n"


def test_failing_generate_is_a_session_error() -> None:
    from shelltutor.sandbox import SessionError

    with pytest.raises(SessionError, match=r"generate.*boom"):
        Session.start(SessionSpec(generate="echo boom >&2; exit 3"))
