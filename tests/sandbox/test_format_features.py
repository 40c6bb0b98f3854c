"""The format's later features graded for real in bubblewrap: a passing and a failing attempt for each."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from sandbox_helpers import eventually, run_ok

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import Exercise, Expectations, LocalText, ProcessExpect, TextMatch
from shelltutor.grading.grader import Grader
from shelltutor.grading.harness import verify_exercise
from shelltutor.grading.processchecks import process_failures
from shelltutor.grading.sessions import spec_for
from shelltutor.sandbox import HomeEntry, Session, SessionError, SessionSpec

ISOLATION = os.environ.get("SHELLTUTOR_TEST_ISOLATION", "auto")
FORMAT = Path(__file__).parents[1] / "fixtures" / "lessons-grading" / "format"
GZIP = "H4sIAAAAAAAAA0styE/O0MnJLy7mMtQx0DM14jICUsaGXAA+cYrMGQAAAA=="


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course([FORMAT], include_builtin=False)
    assert not loaded.problems, [p.format() for p in loaded.problems]
    return loaded


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(isolation="bwrap")


def ex(course: Course, name: str) -> Exercise:
    found = course.exercise(f"format-features/{name}")
    assert found is not None, name
    return found


def test_verify_proves_every_exercise_of_the_fixture_lesson(course: Course, grader: Grader) -> None:
    exercises = list(course.exercises())
    assert len(exercises) == 12
    for exercise in exercises:
        report = verify_exercise(grader, exercise, builtin=True, source="fixture")
        assert report.ok, [f.format() for f in report.findings]


CASES = [
    # rewrite: the durations differ on every run; only the rewrite makes the solution's output comparable
    ("run-timed", ["bash train.sh"], None),
    ("run-timed", ["./train.sh | tail -2"], "Your command's standard output is not what the exercise expects"),
    # trim with sorted: `uniq -c` pads its counts
    ("count-labels", ["sort labels.txt | uniq -c | sort -rn"], None),
    ("count-labels", ["uniq -c labels.txt"], "`uniq` only merges duplicate lines"),
    # directories
    ("clean-tmp", ["rm work/*.tmp work/sub/*.tmp"], None),
    ("clean-tmp", ["rm work/*.tmp"], "Nothing in `work` should match `*.tmp` any more (at any depth)"),
    ("clean-tmp", ["rm -r work/sub"], "`work` should hold `sub/`, but it does not."),
    ("empty-outbox", ["find outbox -type f -delete"], None),
    ("empty-outbox", ["rm outbox/a.json"], "`outbox` should be empty, but it still holds `b.json`."),
    ("empty-outbox", ["rm -r outbox"], "`outbox` does not exist."),
    ("set-lr", ["for f in runs/*/config.yaml; do sed -i 's/^lr: .*/lr: 0.001/' $f; done"], None),
    ("set-lr", ["sed -i 's/^lr: .*/lr: 0.001/' runs/r1/config.yaml"], "`runs/r2/config.yaml` does not contain"),
    # processes
    ("start-server", ["nohup ./serve.sh > /dev/null 2>&1 &"], None),
    (
        "start-server",
        ["sleep 600 &"],
        "After your commands, nothing is running that the exercise looks for: a process ",
    ),
    ("stop-job", ["kill -9 %1"], None),
    ("stop-job", ["pkill sleep"], None),
    (
        "stop-job",
        ["kill %2"],
        "After your commands, this is still running, and it should not be: a process called `sleep`",
    ),
    # links followed
    ("link-latest", ["ln -sr checkpoints/epoch-03.pt latest"], None),
    ("link-latest", ["ln -s /home/learner/checkpoints/../checkpoints/./epoch-03.pt latest"], None),
    ("link-latest", ["ln -s checkpoints/epoch-03.pt l3", "ln -s l3 latest"], None),
    ("link-latest", ["cd checkpoints", "ln -s checkpoints/epoch-03.pt ../latest"], None),
    ("link-latest", ["mkdir runs", "ln -s checkpoints/epoch-03.pt runs/x", "ln -s runs/x latest"], "`latest` leads to"),
    ("link-latest", ["ln -s latest latest"], "`latest` cannot be followed to a file"),
    ("link-latest", ["ln -s checkpoints/epoch-03.pt latest", "rm checkpoints/epoch-03.pt"], "`latest` points to"),
    # the terminal
    ("check-data", ["./check.sh 2>&1"], None),
    ("check-data", ["bash check.sh |& cat"], None),
    ("check-data", ["./check.sh 2>/dev/null"], "Your command's output (standard output and standard error together)"),
    ("check-data-again", ["bash check.sh 2>&1 | cat"], None),
    ("check-data-again", ["./check.sh | tac"], "Your command's output (standard output and standard error together)"),
    # binary fixture
    ("read-gzip", ["gunzip -c metrics.csv.gz"], None),
    ("read-gzip", ["gunzip metrics.csv.gz; cat metrics.csv"], "`metrics.csv.gz` does not exist."),
    # starting under /tmp
    ("save-from-tmp", ["cp /tmp/job/out.log ~/saved.log"], None),
    ("save-from-tmp", ["cp out.log saved.log"], "`saved.log` does not exist, but there is a `saved.log` in `/tmp/job`"),
]


@pytest.mark.parametrize(("name", "commands", "message"), CASES, ids=[f"{c[0]}:{'; '.join(c[1])}" for c in CASES])
def test_attempts(course: Course, grader: Grader, name: str, commands: list[str], message: str | None) -> None:
    verdict, _ = grader.grade_commands(ex(course, name), commands)
    if message is None:
        assert verdict.status == "pass", verdict.format()
    else:
        assert verdict.status == "fail", verdict.format()
        assert verdict.message.en.startswith(message), verdict.message.en
        assert verdict.message.ko != verdict.message.en


def test_the_terminal_matches_whatever_order_the_two_pipes_were_read_in(grader: Grader) -> None:
    # Four writes in quick succession: the sandbox usually reads both stdout lines before the stderr ones.
    exercise = Exercise(
        id="interleaved",
        title=LocalText(en="t", ko="제목"),
        prompt=LocalText(en="p", ko="문제"),
        hints=(LocalText(en="h", ko="힌트"),),
        solution=("echo a; echo b >&2; echo c; echo d >&2",),
        expect=Expectations(terminal=TextMatch(exact="a\nb\nc\nd\n")),
    )
    object.__setattr__(exercise, "lesson_id", "format-live")
    for _ in range(5):
        verdict, results = grader.grade_commands(exercise, ["echo a; echo b >&2; echo c; echo d >&2"])
        assert verdict.status == "pass", verdict.format()
        shown = "".join(chunk.text for chunk in results[0].chunks)
        assert sorted(shown.splitlines()) == ["a", "b", "c", "d"]  # in whichever order the pipes were read
    verdict, _ = grader.grade_commands(exercise, ["echo c; echo b >&2; echo a; echo d >&2"])
    assert verdict.status == "fail"


def test_fixture_files_in_tmp_binary_content_and_the_starting_directory(course: Course) -> None:
    with Session.start(spec_for(ex(course, "save-from-tmp"), 1, "bwrap")) as session:
        assert session.state().cwd == "/tmp/job"
        assert session.read_file("/tmp/job/out.log") == b"step 1 ok\nstep 2 ok\n"
        assert run_ok(session, "stat -c %U /tmp/job/out.log; pwd") == "learner\n/tmp/job\n"
        session.reset()
        assert session.state().cwd == "/tmp/job"
    with Session.start(spec_for(ex(course, "read-gzip"), 1, "bwrap")) as session:
        assert session.read_file("metrics.csv.gz") == base64.b64decode(GZIP)
        assert run_ok(session, "zcat metrics.csv.gz") == "epoch,loss\n1,0.52\n2,0.31\n"


def test_tmp_fixtures_are_refused_without_a_private_tmp() -> None:
    spec = SessionSpec(home=(HomeEntry("/tmp/shelltutor-test-refused/x", content=b"x"),), isolation="none")
    with pytest.raises(SessionError, match="only the sandbox"):
        Session.start(spec)
    assert not Path("/tmp/shelltutor-test-refused").exists()


def test_absolute_fixture_paths_elsewhere_are_refused_at_run_time() -> None:
    with pytest.raises(SessionError, match="not below /tmp"):
        Session.start(SessionSpec(home=(HomeEntry("/etc/motd", content=b"x"),), isolation="bwrap"))
    with pytest.raises(SessionError, match="outside the home and /tmp"):
        Session.start(SessionSpec(cwd="/etc", isolation="bwrap"))


def test_the_learners_processes_leave_out_the_shell_and_the_sandbox(session: Session) -> None:
    assert session.processes() == []
    run_ok(session, "sleep 60 & (exec -a my-worker sleep 61) &")
    started = {("sleep", "60"), ("my-worker", "61")}  # once both have started their program (not forking)
    assert eventually(lambda: {p.argv for p in session.processes() if not p.forking} == started)
    found = {p.argv: p for p in session.processes()}
    assert set(found) == started
    pids = run_ok(session, "jobs -p").split()
    assert sorted(p.pid for p in found.values()) == sorted(int(pid) for pid in pids)
    assert all(p.name == "sleep" and p.state in "RS" for p in found.values())
    run_ok(session, "kill %1 %2; wait")
    assert eventually(lambda: session.processes() == [])


def test_a_pending_signal_counts_as_the_end_only_when_the_process_cannot_escape_it(session: Session) -> None:
    """`kill` on a stopped job, or on a process that blocks the signal, leaves it running: not dying. (A process
    that will act on one it cannot escape is marked dying, which only a busy machine lets anyone see.)"""
    sleeper = "import time; time.sleep(61)"  # neither blocks nor handles SIGTERM (coreutils sleep may)
    blocker = "import signal, time; signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM]); time.sleep(60)"
    run_ok(session, f"python3 -c '{sleeper}' & python3 -c '{blocker}' & sleep 0.3; kill -STOP %1")
    assert eventually(lambda: any(p.state == "T" for p in session.processes()))
    run_ok(session, "kill -TERM $(jobs -p)")  # pids, not %1: bash's kill %1 would send SIGCONT too
    found = {p.argv[-1]: p for p in session.processes()}
    assert set(found) == {sleeper, blocker}
    assert found[sleeper].state == "T" and not found[sleeper].dying
    assert not found[blocker].dying
    run_ok(session, "kill -KILL $(jobs -p); wait")
    assert eventually(lambda: session.processes() == [])


def test_a_run_that_catches_sigterm_to_stop_cleanly_counts_as_stopped_once_it_has(session: Session) -> None:
    """`pkill python3` hits a run that catches SIGTERM and works a while before it stops (0.3 s, as a run that
    writes its last checkpoint): the check that it should go on running waits while it is awake and sees it end.
    One whose handler does nothing and goes on is still running. (A handler that sleeps before it ends the run
    looks at rest, and is judged running: the kernel keeps no record of signals received.)"""
    stops = (
        "import signal, sys, time\n"
        "def stop(*_):\n"
        "    end = time.monotonic() + 0.3\n"
        "    while time.monotonic() < end: pass\n"
        "    sys.exit(1)\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        'open("stop.ready", "w").close()\n'
        "time.sleep(60)"
    )
    goes_on = (
        "import signal, time; signal.signal(signal.SIGTERM, lambda *_: None); "
        'open("go.ready", "w").close(); [time.sleep(1) for _ in range(60)]'
    )
    expects = [ProcessExpect(command="stop-cleanly"), ProcessExpect(command="go-on")]
    run_ok(session, f"(exec -a stop-cleanly python3 -c '{stops}') & (exec -a go-on python3 -c '{goes_on}') &")
    # Both have their handlers before the signal comes (a busy machine starts Python slowly).
    assert eventually(lambda: session.run("test -e stop.ready -a -e go.ready").exit_code == 0)
    run_ok(session, "pkill -f 'stop-cleanly|go-on'")
    stopped, running = process_failures(expects, session)
    assert stopped[1] is not None and running[1] is None
    run_ok(session, "kill -KILL $(jobs -p); wait")


def test_a_job_the_setup_started_has_started_its_program_when_the_session_is_ready() -> None:
    """`sleep 600 &` in a fixture's setup is `sleep`, not a copy of the shell, by the time the learner can type:
    an answer typed at once (`pkill sleep`) finds it. (Here the job takes 0.2 s to start its program, as a busy
    machine may.)"""
    with Session.start(SessionSpec(setup=("(sleep 0.2; exec sleep 600) &",), isolation=ISOLATION)) as s:
        found = s.processes()
        assert [p.argv for p in found] == [("sleep", "600")]
        assert not any(p.forking for p in found)
        assert s.run("pkill sleep; sleep 0.2; pgrep -c sleep").stdout == "0\n"


def test_listing_a_directory_as_the_learner_could(session: Session) -> None:
    run_ok(session, "mkdir -p work/sub /tmp/w; touch work/a work/sub/.b /tmp/w/c; ln -s /etc work/etc; ln -s work lw")
    assert [(e.path, e.kind) for e in session.listing("work")] == [
        ("a", "file"),
        ("etc", "symlink"),
        ("sub", "dir"),
        ("sub/.b", "file"),
    ]
    assert [e.path for e in session.listing("/tmp/w")] == ["c"]
    with pytest.raises(OSError):
        session.listing("lw")  # never through a symlink
    with pytest.raises(OSError):
        session.listing("work/etc")
    with pytest.raises(OSError):
        session.listing("/etc")
    run_ok(session, "chmod 000 work/sub")
    with pytest.raises(PermissionError):
        session.listing("work/sub")


def test_a_process_expectation_waits_for_a_slow_start(grader: Grader) -> None:
    exercise = Exercise(
        id="slow-start",
        title=LocalText(en="t", ko="제목"),
        prompt=LocalText(en="p", ko="문제"),
        hints=(LocalText(en="h", ko="힌트"),),
        solution=("(sleep 0.4; exec sleep 30) &",),
        expect=Expectations(processes=(ProcessExpect(command="^sleep 30$", settle_seconds=3),)),
    )
    object.__setattr__(exercise, "lesson_id", "format-live")
    verdict, _ = grader.grade_commands(exercise, ["(sleep 0.4; exec sleep 30) &"])
    assert verdict.status == "pass", verdict.format()
