"""Pipeline taps change nothing a pipeline does: the same bytes, statuses, side effects and history as untapped."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from shelltutor.sandbox import CommandResult, Session, SessionSpec

PIPELINES = [
    "yes | head -1",
    "seq 100000 | head -3",
    "seq 100000 | grep 7 | sort -r | head -3",
    "seq 5 | tee f | wc -l; cat f",
    "yes | head -c 100000 | wc -c",
    "ls nope | wc -l",
    "ls nope 2>&1 | wc -l",
    "ls nope 2>err | wc -l; cat err",
    "ls nope |& wc -l",
    "ls nope 2>/dev/null | sort",
    "cat nonexistent | wc -l",
    "false | true",
    "true | false",
    "(exit 3) | (exit 4) | true",
    "! false | true",
    "printf 'a\\nb\\n' | while read l; do echo \"[$l]\"; done",
    'echo hi | read v; echo "v=$v"',
    "printf 'no newline' | cat",
    "printf '\\000\\377\\n' | od -c",
    "seq 10 | { head -2; cat; }",
    "x=1 && seq 3 | tail -1 || echo no",
    "sh -c 'echo err >&2; echo out' | cat",
    "seq 3 | sort -r | head -2 | tac",
    "cat /dev/zero | head -c 3 | od -c",
    "seq 3 | cat > out; cat out",
    "seq 1 30000 | head -1",
    "seq 1 400000 | tr 0-9 a-j | { sleep 0.2; md5sum; }",
    "seq 1 3000000 | { sleep 0.2; head -c 3000000; } | wc -c",
]
"""Each run in a fresh directory, then `echo "${PIPESTATUS[*]} $?"` as the next command."""


def _session(taps: bool, terminal: bool) -> Session:
    return Session.start(SessionSpec(isolation="bwrap", pipeline_taps=taps), terminal_output=terminal)


@pytest.fixture(scope="module", params=[False, True], ids=["pipes", "terminals"])
def pair(request: pytest.FixtureRequest) -> Iterator[tuple[Session, Session]]:
    tapped, plain = _session(True, request.param), _session(False, request.param)
    try:
        yield tapped, plain
    finally:
        tapped.close()
        plain.close()


def _outcome(session: Session, setup: str, line: str) -> tuple[object, ...]:
    session.run(f"rm -rf ~/w; mkdir ~/w; cd ~/w; {setup}")
    result = session.run(line)
    statuses = session.run('echo "${PIPESTATUS[*]} $?"')
    inline = session.run(f'{line}; echo "inline ${{PIPESTATUS[*]}} $?"')
    files = session.run('for f in *; do [ -f "$f" ] && { echo "== $f"; cat "$f"; }; done; true')
    return _fields(result), statuses.stdout, _fields(inline), files.stdout


def _fields(r: CommandResult) -> tuple[object, ...]:
    return r.stdout, r.stderr, r.exit_code, r.timed_out, r.truncated, r.session_ended


@pytest.mark.slow
@pytest.mark.parametrize("pipefail", [False, True], ids=["plain", "pipefail"])
@pytest.mark.parametrize("line", PIPELINES)
def test_a_tapped_pipeline_does_what_it_does_untapped(pair: tuple[Session, Session], line: str, pipefail: bool) -> None:
    tapped, plain = pair
    setup = "set -o pipefail" if pipefail else "set +o pipefail"
    got = _outcome(tapped, setup, line)
    assert got == _outcome(plain, setup, line)
    last = tapped.run(line)
    assert last.stages, "the pipeline was tapped"


def test_side_effects_happen_once(session: Session) -> None:
    session.run("echo x >> f | cat")
    assert session.run("wc -l < f").stdout == "1\n"
    assert len(session.run("echo y >> f | cat").stages) == 2


def test_counts_heads_and_statuses(session: Session) -> None:
    result = session.run("printf 'a\\nb\\nc\\n' | grep -v b | wc -l")
    assert [(s.command, s.lines, s.size, s.head, s.status) for s in result.stages] == [
        ("printf 'a\\nb\\nc\\n'", 3, 6, ("a", "b", "c"), 0),
        ("grep -v b", 2, 4, ("a", "c"), 0),
        ("wc -l", 1, 2, ("2",), 0),
    ]
    first, second = session.run("yes | head -1").stages
    assert (first.status, first.cut, second.status, second.lines) == (141, True, 0, 1)
    assert first.start == 0 and first.end == 3 and second.start == 6 and second.end == 13


def test_a_long_stream_is_counted_past_the_first_mib(session: Session) -> None:
    """Past 1 MiB a tap duplicates the stream with tee(2) into a counter and moves it on with splice(2), in grown
    pipes: the counts are exact and the data arrives whole."""
    result = session.run("seq 1 2000000 | tr 0-9 a-j | md5sum")
    data = "".join(f"{n}\n" for n in range(1, 2_000_001)).translate(str.maketrans("0123456789", "abcdefghij"))
    assert [(s.lines, s.size, s.status) for s in result.stages[:2]] == [(2_000_000, len(data), 0)] * 2
    assert result.stdout.split()[0] == hashlib.md5(data.encode()).hexdigest()  # every byte passed on, in order


def test_a_long_stream_keeps_up_with_a_slow_or_stalled_reader(session: Session) -> None:
    """Past the first MiB a tap waits while its reader has half a pipe to read (and in the kernel once it reads
    nothing for a while): a reader that stalls, then reads, gets every byte, in order."""
    result = session.run("seq 1 1500000 | { sleep 0.5; head -c 2000000 | md5sum; sleep 0.3; md5sum; }")
    data = "".join(f"{n}\n" for n in range(1, 1_500_001)).encode()
    parts = data[:2_000_000], data[2_000_000:]
    assert result.stdout.split()[::2] == [hashlib.md5(part).hexdigest() for part in parts]
    assert [(s.lines, s.size) for s in result.stages] == [(1_500_000, len(data)), (2, 72)]


def test_a_long_stream_still_passes_each_piece_on_as_it_comes(session: Session) -> None:
    """The tap gathers a long stream into large pieces, but never holds one back: a line written after 2 MiB
    reaches the next stage while its writer sleeps."""
    result = session.run(
        "{ head -c 2097152 /dev/zero; echo; date +%s%N; sleep 3; } "
        "| { head -c 2097153 >/dev/null; read -r t; echo $(( ($(date +%s%N) - t) / 1000000 )); }"
    )
    assert result.exit_code == 0 and result.stages, result.stderr
    assert int(result.stdout) < 1000, f"the line took {result.stdout.strip()} ms to come through"


READ_THEN_LEAVE = """python3 -c '
import array, fcntl, os, time
n = 0
while n < {size}:
    n += len(os.read(0, min(65536, {size} - n)))
time.sleep(0.3)  # the tap moves on what it can meanwhile
left = array.array("i", [0])
fcntl.ioctl(0, 0x541B, left)  # FIONREAD: what was passed on and not read
print(n + left[0], flush=True)
open("left", "w").close()
os._exit(0)'"""


@pytest.mark.parametrize(("size", "made"), [(50_000, 20_000), (1_100_000, 220_000)], ids=["first-MiB", "past-it"])
def test_a_stage_cut_short_counts_what_was_passed_on(session: Session, size: int, made: int) -> None:
    """The reader leaves early: the count is what reached its pipe (read, or left there), not more. The
    writer pauses until the reader has gone, then meets SIGPIPE (it has more left to write than the 2 MiB a
    long stream's grown pipes hold)."""
    writer = f"{{ seq 1 {made}; until [ -e left ]; do sleep 0.02; done; sleep 0.2; seq 1 1000000; }}"
    result = session.run(f"{writer} | {READ_THEN_LEAVE.format(size=size)}")
    passed = int(result.stdout)
    data = "".join(f"{n}\n" for n in range(1, made + 1)).encode()
    first = result.stages[0]
    assert (first.size, first.lines, first.status, first.cut) == (passed, data[:passed].count(b"\n"), 141, True)
    if size < 1 << 20:  # over the first MiB the tap reads no more than its output pipe takes
        assert passed - size <= 65536
    else:  # past it, the pipe is grown: all that was made fits
        assert passed == len(data)


def test_a_killed_counter_loses_the_counts_not_the_stream(session: Session) -> None:
    """Past the first MiB a `wc` counts the stream; the learner's `pkill wc` must not cut it."""
    session.run("(until pkill -x wc; do sleep 0.02; done; touch killed) >/dev/null 2>&1 &")
    result = session.run("{ seq 1 300000; until [ -e killed ]; do sleep 0.02; done; seq 300001 600000; } | md5sum")
    data = "".join(f"{n}\n" for n in range(1, 600_001)).encode()
    assert result.stdout.split()[0] == hashlib.md5(data).hexdigest()
    first, last = result.stages
    assert (first.status, last.lines, last.status) == (0, 1, 0)
    # Counts lost with the counter, or (killed before it counted anything, the tap copying on) exact: never wrong.
    assert (first.lines, first.size) in [(None, None), (600_000, len(data))]


def test_a_last_stage_that_had_the_terminal_is_not_counted(session: Session) -> None:
    """`seq 3000 | less` on the terminal: less drew a screen, not lines; the stages before it are counted."""
    result = session.run("seq 3000 | less", terminal=True, keys="Gq", timeout=10)
    assert result.exit_code == 0
    assert [(s.lines, s.status) for s in result.stages] == [(3000, 0), (None, 0)]


def test_where_stderr_went(session: Session) -> None:
    result = session.run("ls nope 2>/dev/null | sort 2>err |& cat 2>&1 >out")
    assert [(s.command, s.stderr_to) for s in result.stages] == [
        ("ls nope 2>/dev/null", "null"),
        ("sort 2>err", "pipe"),
        ("cat 2>&1 >out", "terminal"),
    ]
    assert [s.lines for s in result.stages] == [0, 0, None]  # the last stage wrote to a file


def test_history_keeps_the_line_as_typed(session: Session) -> None:
    line = "seq 3 | sort -r | head -2"
    session.run(line)
    assert session.state().history[-1] == line
    again = session.run("!!")
    assert (again.expanded, again.stdout, again.stderr) == (line, "3\n2\n", f"{line}\n")
    assert session.run("fc -ln -2 -2").stdout.strip() == line
    assert session.state().history[-3:] == (line, line, "fc -ln -2 -2")


def test_a_pipeline_in_a_function_or_in_the_background_is_not_tapped(session: Session) -> None:
    session.run("f() { seq 3 | wc -l; }")
    assert session.run("f").stages == []
    assert session.run("seq 3 | wc -l & wait").stages == []
    assert session.run("ps | cat").stages == []


def test_a_stopped_command_leaves_no_record_behind(session: Session) -> None:
    result = session.run("yes | cat > /dev/null", timeout=0.5)
    assert result.timed_out
    assert session.run("ls /run/shelltutor | grep -c '^p\\.' || true").stdout == "0\n"


def test_exec_json_carries_the_stages() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shelltutor", "exec", "--json", "seq 3 | grep -v 2", "echo solo"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    first, second = json.loads(done.stdout)["results"]
    assert first["stages"] == [
        {
            "command": "seq 3",
            "start": 0,
            "end": 5,
            "lines": 3,
            "bytes": 6,
            "head": ["1", "2", "3"],
            "stderr_to": "terminal",
            "status": 0,
            "cut": False,
        },
        {
            "command": "grep -v 2",
            "start": 8,
            "end": 17,
            "lines": 2,
            "bytes": 4,
            "head": ["1", "3"],
            "stderr_to": "terminal",
            "status": 0,
            "cut": False,
        },
    ]
    assert second["stages"] == []


def test_a_tapped_pipeline_waiting_for_the_keyboard_is_told_so(session: Session) -> None:
    result = session.run("cat | wc -l", timeout=1.0)
    assert result.timed_out and len(result.stages) == 2
    assert "waiting_for_input" in [n.key for n in result.notices]
    assert "waiting_for_input" not in [n.key for n in session.run("seq 3 | sleep 5", timeout=0.5).notices]


def test_an_unisolated_session_taps_too() -> None:
    with Session.start(SessionSpec(isolation="none")) as unisolated:
        result = unisolated.run("seq 3 | grep -v 2")
    assert result.stdout == "1\n3\n"
    assert [(s.lines, s.status) for s in result.stages] == [(3, 0), (2, 0)]
