"""Hostile family: third-party lessons (and learners) attacking the tutor's host-side work in the real sandbox.

A lesson may affect only the sandbox it runs in: fixtures never write through a symlink, graded files are read
with no more rights than the learner has, listing the home is bounded, and nothing planted in the protocol
directory stops the tutor from answering.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sandbox_helpers import run_ok

from shelltutor.course.model import (
    Exercise,
    Expectations,
    FileExpect,
    FileFixture,
    Fixture,
    LocalText,
    TextMatch,
)
from shelltutor.grading.grader import Grader
from shelltutor.sandbox import HomeEntry, Session, SessionError, SessionSpec, hostscan
from shelltutor.sandbox.bwrap import DROP_UID

E2E_COURSE = Path(__file__).parents[1] / "fixtures" / "e2e-course"

Snapshot = dict[str, tuple[int, int, int, bytes]]


def snapshot(root: Path) -> Snapshot:
    """Mode, owner, group and content (or names) of everything below `root`, itself included."""
    out: Snapshot = {}
    for path in [root, *sorted(root.rglob("*"))]:
        st = path.lstat()
        data = path.read_bytes() if path.is_file() else "\0".join(sorted(os.listdir(path))).encode()
        out[str(path.relative_to(root))] = (st.st_mode, st.st_uid, st.st_gid, data)
    return out


@pytest.fixture
def victim() -> Iterator[Path]:
    """A host directory holding `file.txt` and `dir/`, which no lesson or learner may change.

    As root the tutor creates fixtures as uid 65534, so the victims belong to that uid: a chmod or write that
    followed a symlink would succeed and show, as it would on an ordinary user's own files."""
    with tempfile.TemporaryDirectory(prefix="shelltutor-victim-") as d:
        root = Path(d)
        root.chmod(0o755)
        (root / "file.txt").write_text("host data\n")
        (root / "file.txt").chmod(0o600)
        (root / "dir").mkdir()
        (root / "dir").chmod(0o755)
        if os.geteuid() == 0:
            for path in (root / "file.txt", root / "dir"):
                os.chown(path, DROP_UID, DROP_UID)
        before = snapshot(root)
        yield root
        assert snapshot(root) == before


# -- fixtures: never created through a symlink, refused when a lesson names a path twice ----------------------

Entries = Callable[[Path], tuple[HomeEntry, ...]]

REFUSED_FIXTURES: dict[str, tuple[Entries, str]] = {
    "dir over a symlink, setuid mode": (
        lambda v: (HomeEntry("link", "symlink", target=f"{v}/file.txt"), HomeEntry("link", "dir", mode=0o6777)),
        "'link' has mode 6777",
    ),
    "dir over a symlink": (
        lambda v: (HomeEntry("link", "symlink", target=f"{v}/file.txt"), HomeEntry("link", "dir", mode=0o777)),
        "'link' is given twice",
    ),
    "dir over a symlink to a host directory": (
        lambda v: (HomeEntry("link", "symlink", target=f"{v}/dir"), HomeEntry("link", "dir", mode=0o777)),
        "'link' is given twice",
    ),
    "file over a symlink": (
        lambda v: (HomeEntry("link", "symlink", target=f"{v}/file.txt"), HomeEntry("link", content=b"owned\n")),
        "'link' is given twice",
    ),
    "the same path spelt ./link": (
        lambda v: (HomeEntry("link", "symlink", target=f"{v}/file.txt"), HomeEntry("./link", "dir", mode=0o777)),
        "'./link' is given twice",
    ),
    "the same path spelt with //": (
        lambda v: (HomeEntry("a/link", "symlink", target=f"{v}/dir"), HomeEntry("a//link", "dir", mode=0o777)),
        "'a//link' is given twice",
    ),
    "a file inside a symlink": (
        lambda v: (HomeEntry("link", "symlink", target=f"{v}/dir"), HomeEntry("link/new.txt", content=b"x")),
        "'link/new.txt' is inside 'link', which is a symlink",
    ),
    "a directory inside a symlink": (
        lambda v: (HomeEntry("link", "symlink", target=f"{v}/dir"), HomeEntry("link/sub", "dir", mode=0o777)),
        "'link/sub' is inside 'link', which is a symlink",
    ),
    "a symlink above an entry": (
        lambda v: (HomeEntry("link/new.txt", content=b"x"), HomeEntry("link", "symlink", target=f"{v}/dir")),
        "'link' is a symlink, but other entries are inside it",
    ),
    "a setgid file": (lambda v: (HomeEntry("tool", content=b"x", mode=0o2755),), "'tool' has mode 2755"),
    "a sticky directory": (lambda v: (HomeEntry("shared", "dir", mode=0o1777),), "'shared' has mode 1777"),
    "a path with ..": (lambda v: (HomeEntry("a/../../x", content=b"x"),), "contains '..'"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_FIXTURES))
def test_the_starter_refuses_what_check_refuses(victim: Path, case: str) -> None:
    entries, reason = REFUSED_FIXTURES[case]
    with pytest.raises(SessionError, match="the exercise's fixture is refused") as raised:
        Session.start(SessionSpec(home=entries(victim), isolation="bwrap"))
    assert reason in str(raised.value)
    assert "shelltutor check" in str(raised.value)


LEARNER_SYMLINKS: dict[str, tuple[str, HomeEntry, str]] = {
    # (what the learner plants, the fixture entry the tutor then creates, a check inside that must print "ok")
    "dir over a symlink to a host file": (
        "ln -s {v}/file.txt link",
        HomeEntry("link", "dir", mode=0o777),
        "[ -d link ] && [ ! -L link ] && [ $(stat -c %a link) = 777 ] && echo ok",
    ),
    "dir over a symlink to a host directory": (
        "ln -s {v}/dir link",
        HomeEntry("link", "dir", mode=0o700),
        "[ -d link ] && [ ! -L link ] && [ $(stat -c %a link) = 700 ] && echo ok",
    ),
    "file over a symlink to a host file": (
        "ln -s {v}/file.txt link",
        HomeEntry("link", content=b"fixture\n", mode=0o666),
        '[ ! -L link ] && [ "$(cat link)" = fixture ] && echo ok',
    ),
    "symlink over a symlink": (
        "ln -s {v}/file.txt link",
        HomeEntry("link", "symlink", target="elsewhere"),
        '[ "$(readlink link)" = elsewhere ] && echo ok',
    ),
    "dir over a non-empty directory": (
        "mkdir -p link/inner && touch link/inner/f",
        HomeEntry("link", "dir", mode=0o750),
        "[ -f link/inner/f ] && [ $(stat -c %a link) = 750 ] && echo ok",
    ),
}


@pytest.mark.parametrize("case", sorted(LEARNER_SYMLINKS))
def test_fixture_writes_replace_a_symlink_and_never_follow_it(session: Session, victim: Path, case: str) -> None:
    plant, entry, check = LEARNER_SYMLINKS[case]
    run_ok(session, plant.format(v=victim))
    fs = session._box.fs
    assert fs is not None
    fs.add_home_entry(entry)
    assert run_ok(session, check) == "ok\n"


@pytest.mark.parametrize(
    ("plant", "path"),
    [
        ("ln -s {v}/dir link", "link/new.txt"),
        ("ln -s {v}/dir link", "link/sub/new.txt"),
        ("mkdir real && ln -s {v}/dir real/link", "real/link/new.txt"),
        ("ln -s {v}/file.txt link", "link/new.txt"),
    ],
)
def test_fixture_parents_are_never_reached_through_a_symlink(
    session: Session, victim: Path, plant: str, path: str
) -> None:
    run_ok(session, plant.format(v=victim))
    fs = session._box.fs
    assert fs is not None
    with pytest.raises(SessionError, match=f"cannot create '{path}'"):
        fs.add_home_entry(HomeEntry(path, content=b"x"))
    assert run_ok(session, "echo still here") == "still here\n"


def hostile_lesson(victim: Path) -> str:
    return f"""\
format_version: 1
id: hostile
chapter: 1
order: 1
title: {{en: Hostile, ko: 악성}}
summary: {{en: It tries to change a host file., ko: 호스트 파일을 바꾸려 합니다.}}
explanation: {{en: Nothing to learn., ko: 배울 것이 없습니다.}}
exercises:
  - id: pwd
    title: {{en: Pwd, ko: 위치}}
    prompt: {{en: Print the directory., ko: 디렉터리를 출력하세요.}}
    hints:
      - {{en: Use pwd., ko: pwd를 쓰세요.}}
    solution: pwd
    fixture:
      files:
        - path: link
          type: symlink
          target: {victim}/file.txt
        - path: link
          type: dir
          mode: "6777"
    expect:
      stdout: {{same_as_solution: exact}}
"""


def cli(*argv: str, stdin: str = "", home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["XDG_DATA_HOME"] = str(home / "data")
        env["XDG_CACHE_HOME"] = str(home / "cache")
    return subprocess.run(
        [sys.executable, "-m", "shelltutor", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_the_reported_lesson_changes_nothing_through_any_front_end(victim: Path, tmp_path: Path) -> None:
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "hostile.yaml").write_text(hostile_lesson(victim), encoding="utf-8")
    checked = cli("check", str(lessons))
    assert checked.returncode == 2
    mode = "hostile.yaml:22:17: exercises[0].fixture.files[1].mode: mode '6777' sets the setuid and setgid bits"
    assert mode in checked.stdout
    verified = cli("--lessons", str(lessons), "verify", home=tmp_path)
    assert verified.returncode != 0 and "sets the setuid and setgid bits" in verified.stdout + verified.stderr
    (lessons / "hostile.yaml").write_text(hostile_lesson(victim).replace('"6777"', '"0777"'), encoding="utf-8")
    checked = cli("check", str(lessons))
    assert "hostile.yaml:20:17: exercises[0].fixture.files[1].path: 'link' is given twice" in checked.stdout
    verified = cli("--lessons", str(lessons), "verify", home=tmp_path)
    assert verified.returncode != 0 and "given twice" in verified.stdout + verified.stderr
    plain = cli("--lessons", str(lessons), "--plain", "--exercise", "hostile/pwd", stdin="pwd\n", home=tmp_path)
    assert plain.returncode != 0 and "ok" not in plain.stdout.lower().split()
    graded = cli("--lessons", str(lessons), "grade", "hostile/pwd", "pwd", home=tmp_path)
    assert graded.returncode == 2


def test_the_grader_refuses_a_hostile_fixture_built_without_check(victim: Path) -> None:
    exercise = make_exercise(
        fixture=Fixture(
            files=(
                FileFixture(path="link", type_="symlink", target=f"{victim}/file.txt"),
                FileFixture(path="link", type_="dir", mode="6777"),
            )
        ),
        expect=Expectations(stdout="x"),
    )
    verdict, _ = Grader(isolation="bwrap").grade_commands(exercise, ["pwd"], replay=False)
    assert verdict.status == "error"
    assert "fixture is refused" in json.dumps(verdict.to_json())


# -- grading reads no more than the learner can ----------------------------------------------------------------


def make_exercise(
    *, expect: Expectations, fixture: Fixture | None = None, solution: tuple[str, ...] = ("true",)
) -> Exercise:
    text = LocalText(en="x", ko="x")
    return Exercise(
        id="hostile",
        title=text,
        prompt=text,
        hints=(text,),
        solution=solution,
        expect=expect,
        fixture=fixture or Fixture(),
    )


@pytest.mark.parametrize(
    "path",
    [
        "/etc/passwd",
        "/etc/hostname",
        "/opt/shelltutor/driver.bash",
        "/proc/1/environ",
        "/proc/self/root/etc/passwd",
        "/usr/bin/ls",
        "/run/shelltutor/c.1",
        "/home/learner/../../etc/passwd",
        "../../etc/passwd",
        "/tmp/../etc/passwd",
        "/",
    ],
)
def test_paths_outside_the_home_and_tmp_are_never_read(session: Session, path: str) -> None:
    with pytest.raises(PermissionError):
        session.read_file(path)
    assert session.stat(path) is None


@pytest.mark.parametrize(
    ("setup", "path", "searchable"),
    [
        ("echo SECRET > f; chmod 000 f", "f", True),
        ("echo SECRET > f; chmod 200 f", "f", True),
        ("echo SECRET > f; chmod 077 f", "f", True),  # the owner's bits decide, even when others may read
        ("mkdir d; echo SECRET > d/f; chmod 000 d", "d/f", False),
        ("mkdir d; echo SECRET > d/f; chmod 600 d", "d/f", False),  # readable but not searchable
        ("echo SECRET > /tmp/f; chmod 000 /tmp/f", "/tmp/f", True),
        ("mkdir /tmp/d; echo SECRET > /tmp/d/f; chmod 000 /tmp/d", "/tmp/d/f", False),
        ("echo SECRET > f; chmod 000 f", "/home/learner/f", True),
        ("echo SECRET > f; chmod 000 ~", "f", False),
    ],
)
def test_files_the_learner_cannot_read_are_not_read_for_them(
    session: Session, setup: str, path: str, searchable: bool
) -> None:
    run_ok(session, setup)
    inside = session.run(f"cat {path}")
    assert inside.exit_code != 0 and "Permission denied" in inside.stderr
    with pytest.raises(PermissionError):
        session.read_file(path)
    # Through a directory the learner cannot search, not even its size is read (`ls -l` fails inside too).
    assert (session.stat(path) is not None) == searchable
    assert (session.run(f"ls -l {path}").exit_code == 0) == searchable
    run_ok(session, "chmod 755 ~")


def test_files_the_learner_can_read_are_read(session: Session) -> None:
    run_ok(session, "echo home > h; echo tmp > /tmp/t; chmod 400 h; mkdir -p /tmp/d && echo deep > /tmp/d/f")
    assert session.read_file("h") == b"home\n"
    assert session.read_file("/home/learner/h") == b"home\n"
    assert session.read_file("/tmp/t") == b"tmp\n"
    assert session.read_file("/tmp/d/f") == b"deep\n"
    assert session.stat("/tmp/d/f") is not None


@pytest.mark.parametrize(
    ("solution", "path", "secret"),
    [
        ("echo TOPSECRET-42 > secret.txt; chmod 000 secret.txt", "secret.txt", "TOPSECRET-42"),
        ("mkdir -p vault && echo TOPSECRET-43 > vault/s && chmod 0 vault", "vault/s", "TOPSECRET-43"),
        ("true", "/etc/passwd", "learner:x:1000"),
        ("true", "/opt/shelltutor/driver.bash", "__st_pre"),
    ],
)
def test_the_verdict_never_shows_what_the_learner_could_not_read(solution: str, path: str, secret: str) -> None:
    exercise = make_exercise(
        expect=Expectations(files=(FileExpect(path=path, content=TextMatch(exact="nothing\n")),)),
        solution=(solution,),
    )
    verdict, _ = Grader(isolation="bwrap").grade_commands(exercise, [solution], replay=False)
    shown = json.dumps(verdict.to_json()) + json.dumps(verdict.to_json("ko")) + verdict.format()
    assert not verdict.passed
    assert secret not in shown


# -- listing the home: bounded, whatever the learner builds ----------------------------------------------------


def test_a_1500_deep_directory_chain_leaves_every_command_answering(session: Session) -> None:
    run_ok(session, "mkdir -p " + "d/" * 1500 + " && echo made")
    t = time.monotonic()
    listing = session.files()
    assert time.monotonic() - t < 2
    assert listing.cut == "depth"
    chain = [e.path for e in listing if e.path == "d" or e.path.startswith("d/")]
    assert chain == ["/".join(["d"] * n) for n in range(1, hostscan.MAX_DEPTH + 1)]
    assert run_ok(session, "cd " + "d/" * 1500 + " && pwd | wc -c") == f"{len('/home/learner') + 2 * 1500 + 1}\n"
    assert session.state().cwd.endswith("/d")
    assert session.stat("d/" * 1499 + "d") is not None
    assert run_ok(session, "cd && echo ok") == "ok\n"


def test_a_directory_of_30000_files_is_listed_in_bounded_time_and_memory(session: Session) -> None:
    r = session.run("mkdir many && cd many && seq 30000 | xargs touch && ls | wc -l", timeout=60)
    assert r.stdout == "30000\n", r
    tracemalloc.start()
    try:
        t = time.monotonic()
        listing = session.files()
        elapsed = time.monotonic() - t
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert listing.cut == "directory"
    assert len(listing) == 2000
    assert elapsed < 2, elapsed
    assert peak < 30 << 20, peak


def test_the_listing_says_when_and_why_it_was_cut(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    run_ok(session, "mkdir -p a b && touch a/{1..30} b/{1..30}")
    assert session.files().cut is None
    limited = session.files(limit=10)
    assert len(limited) == 10 and limited.cut == "entries"
    monkeypatch.setattr(hostscan, "MAX_DIR_NAMES", 5)
    few = session.files()
    assert few.cut == "directory"
    assert [e.path for e in few if e.path.startswith("a/")] == sorted(e.path for e in few if e.path.startswith("a/"))
    monkeypatch.setattr(hostscan, "MAX_DIR_NAMES", 10_000)
    monkeypatch.setattr(hostscan, "MAX_SECONDS", 0.0)
    assert session.files().cut == "time"


def test_the_listing_shows_no_more_than_the_learner_sees(session: Session, victim: Path) -> None:
    run_ok(session, f"mkdir d && touch d/secret && chmod 000 d && ln -s / root && ln -s {victim} v && ln -s . loop")
    paths = {e.path: e for e in session.files()}
    assert paths["d"].kind == "dir" and "d/secret" not in paths
    assert paths["root"].kind == "symlink" and paths["v"].target == str(victim) and paths["loop"].kind == "symlink"
    assert not any(p.startswith(("root/", "v/", "loop/")) for p in paths)


# -- the protocol directory: whatever the learner plants there, every command is answered ----------------------

OBSTACLES = {
    "empty directories": "mkdir -p {names}",
    "directories with files": "mkdir -p {inner} && touch {files}",
    "FIFOs": "mkfifo {names}",
    "symlinks to a host file": "for n in {names}; do ln -s {v}/file.txt $n; done",
    "symlinks to a host directory": "for n in {names}; do ln -s {v}/dir $n; done",
    "unwritable files": "for n in {names}; do echo x > $n; done; chmod 000 {names}",
}


def planted(suffix: str = "") -> str:
    """The names the tutor and the driver will use for the next commands, as brace expansions."""
    return " ".join(f"{name}{suffix}" for name in ("{c,o,e,x}.{1..119}", "hx", "chk", "chk.sh"))


@pytest.mark.parametrize("kind", sorted(OBSTACLES))
def test_files_planted_in_the_protocol_directory_never_stop_a_command(
    session: Session, victim: Path, kind: str
) -> None:
    plant = OBSTACLES[kind].format(names=planted(), inner=planted("/inner"), files=planted("/inner/f"), v=victim)
    run_ok(session, f"cd /run/shelltutor && rm -f hx chk chk.sh c.* o.* e.* x.* 2>/dev/null; {plant}; cd ~")
    assert run_ok(session, "echo hello") == "hello\n"
    r = session.run("!!")
    assert (r.stdout, r.exit_code, r.expanded) == ("hello\n", 0, "echo hello")
    r = session.run("echo 'unclosed")
    assert r.incomplete and "unexpected EOF" in r.stderr
    r = session.run("for i in 1 2; do echo $i; done; ls /nonexistent")
    assert (r.stdout, r.exit_code) == ("1\n2\n", 2) and "No such file" in r.stderr
    run_ok(session, "x=42")
    assert session.state().variables["x"] == "42"
    assert session.complete("/run/shelltutor/c.11") != []
    for _ in range(5):
        assert run_ok(session, "echo again") == "again\n"


@pytest.mark.parametrize("mode", ["0", "500", "100", "1777"])
def test_a_changed_mode_of_the_protocol_directory_is_undone(session: Session, mode: str) -> None:
    run_ok(session, f"chmod {mode} /run/shelltutor")
    assert run_ok(session, "echo hello") == "hello\n"
    assert run_ok(session, "stat -c %a /run/shelltutor") == "700\n"


PLANT = "mkdir -p /run/shelltutor/{c,o,e,x}.{1..80}/inner /run/shelltutor/hx/inner"


def test_exec_grade_and_plain_answer_despite_planted_directories(tmp_path: Path) -> None:
    executed = cli("exec", "--json", PLANT, "echo hi", "echo a; !!")
    assert executed.returncode == 0, executed.stderr
    results = json.loads(executed.stdout)["results"]
    assert [r["stdout"] for r in results[1:]] == ["hi\n", "a\nhi\n"]
    graded = cli("--lessons", str(E2E_COURSE), "grade", "e2e-basics/pwd", PLANT, "cd ~/projects/sentiment", "pwd")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    plain = cli(
        "--lessons",
        str(E2E_COURSE),
        "--plain",
        "--exercise",
        "e2e-basics/pwd",
        stdin=f"{PLANT}\npwd\n",
        home=tmp_path,
    )
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "PASSED" in plain.stdout


def test_home_files_keep_their_mode_bits_without_special_ones(session: Session) -> None:
    fs = session._box.fs
    assert fs is not None
    fs.add_home_entry(HomeEntry("plain.txt", content=b"x", mode=0o640))
    fs.add_home_entry(HomeEntry("tools", "dir", mode=0o711))
    entries = {e.path: e for e in session.files()}
    assert stat.S_IMODE(entries["plain.txt"].mode) == 0o640
    assert stat.S_IMODE(entries["tools"].mode) == 0o711
