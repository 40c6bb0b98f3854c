"""The learner's saved command history: persistence, bounds, hostile content, concurrent tutors."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from shelltutor.sandbox.history import (
    COMPACT_LINES,
    HISTORY_FILE,
    HISTSIZE,
    MAX_ENTRY_BYTES,
    MAX_READ_BYTES,
    MAX_TOTAL_BYTES,
    HistoryFile,
    bounded,
)


@pytest.fixture
def history(tmp_path: Path) -> HistoryFile:
    return HistoryFile.in_dir(tmp_path / "data")


def test_entries_are_kept_in_order_across_reopening(history: HistoryFile, tmp_path: Path) -> None:
    assert history.entries() == []  # no file yet: no history, no error
    for entry in ("ls -la", "echo '한글 로그' | wc -c", "for i in 1 2\ndo echo $i\ndone", "ls -la"):
        assert history.append(entry)
    again = HistoryFile.in_dir(tmp_path / "data")
    assert again.entries() == ["ls -la", "echo '한글 로그' | wc -c", "for i in 1 2\ndo echo $i\ndone", "ls -la"]
    path = tmp_path / "data" / HISTORY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the learner's commands are theirs alone
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # one line per entry: a multi-line command stays one entry
    assert lines[1] == "\"echo '한글 로그' | wc -c\""  # readable text, Korean as it is


def test_each_entry_is_on_disk_when_append_returns(history: HistoryFile) -> None:
    history.append("python3 train.py --epochs 20")
    # Nothing is held in memory: a tutor killed right after the command loses nothing.
    assert history.path.read_bytes() == b'"python3 train.py --epochs 20"\n'


def test_the_newest_histsize_entries_are_kept_and_the_file_stays_bounded(history: HistoryFile) -> None:
    total = COMPACT_LINES + 150
    for n in range(total):
        history.append(f"echo {n}")
    entries = history.entries()
    assert len(entries) == HISTSIZE
    assert entries[0] == f"echo {total - HISTSIZE}" and entries[-1] == f"echo {total - 1}"
    lines = history.path.read_bytes().count(b"\n")
    assert lines <= COMPACT_LINES  # rewritten with the newest entries once it grew past twice HISTSIZE
    assert not list(history.path.parent.glob(".*.tmp"))  # the rewrite left nothing behind


def test_a_smaller_size_keeps_fewer(tmp_path: Path) -> None:
    small = HistoryFile(tmp_path / "h", size=3)
    for entry in "abcde":
        small.append(entry)
    assert small.entries() == ["c", "d", "e"]


def test_what_cannot_be_a_bash_history_entry_is_not_saved(history: HistoryFile) -> None:
    assert not history.append("")
    assert not history.append("echo a\0b")  # bash cannot hold a NUL
    assert not history.append("x" * (MAX_ENTRY_BYTES + 1))  # left out, never cut into another command
    assert history.append("x" * MAX_ENTRY_BYTES)
    assert history.entries() == ["x" * MAX_ENTRY_BYTES]


def test_all_entries_together_are_bounded(history: HistoryFile) -> None:
    big = "y" * (MAX_ENTRY_BYTES - 10)
    count = MAX_TOTAL_BYTES // len(big) + 20
    for n in range(count):
        history.append(f"{n:09d}{big}")
    entries = history.entries()
    assert sum(len(e) for e in entries) <= MAX_TOTAL_BYTES
    assert entries[-1].startswith(f"{count - 1:09d}")  # the newest are the ones kept
    assert len(entries) < count


def test_control_characters_are_kept_exactly_but_never_written_raw(history: HistoryFile) -> None:
    hostile = "echo \x1b]52;c;aGVsbG8=\x07 \x1b[2J \u202e\u2066 \x9b31m \x7f\tdone"
    history.append(hostile)
    data = history.path.read_bytes()
    assert data.isascii()  # `cat` of the file shows no escape sequence, bidi control or C1 byte
    assert b"\x1b" not in data and b"\x07" not in data and b"\x7f" not in data
    assert history.entries() == [hostile]  # what bash recorded comes back unchanged
    lone = "ls \udcff\udc80"  # bytes that were not UTF-8 (surrogateescape)
    history.append(lone)
    assert history.entries()[-1] == lone


def test_hostile_or_broken_lines_in_the_file_are_skipped(history: HistoryFile) -> None:
    history.path.parent.mkdir(parents=True)
    junk = [
        b'"first"',
        b'"torn write',  # a crash in the middle of a line
        b"not json at all \x1b[2J",
        b"[1, 2, 3]",
        b'{"a": "b"}',
        b'"\\u0000 has a NUL"',
        b'"' + b"[" * 1000 + b'"',  # a string, however odd, is an entry
        b"\xff\xfe invalid utf-8",
        b'"' + b"z" * (MAX_ENTRY_BYTES + 1) + b'"',
        b"# a comment",
        b"",
        b'"last"',
    ]
    history.path.write_bytes(b"\n".join(junk) + b"\n")
    assert history.entries() == ["first", "[" * 1000, "last"]
    assert history.append("after junk")
    assert history.entries()[-1] == "after junk"


def test_a_huge_file_is_read_from_its_end_only(history: HistoryFile) -> None:
    history.path.parent.mkdir(parents=True)
    filler = json.dumps("old " + "o" * 1000).encode() + b"\n"
    with history.path.open("wb") as out:
        out.write(b'"very first"\n')
        for _ in range(MAX_READ_BYTES // len(filler) + 100):
            out.write(filler)
        out.write(b'"newest"\n')
    entries = history.entries()
    assert entries[-1] == "newest"
    assert "very first" not in entries
    assert len(entries) <= HISTSIZE


def test_a_file_that_cannot_be_read_or_written_is_no_error(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo-history"
    os.mkfifo(fifo)
    as_fifo = HistoryFile(fifo)
    assert as_fifo.entries() == []  # never waits for a writer
    assert not as_fifo.append("ls")
    target = tmp_path / "elsewhere"
    target.write_text('"planted"\n')
    link = tmp_path / "link-history"
    link.symlink_to(target)
    as_link = HistoryFile(link)
    assert as_link.entries() == []  # a symlink is not followed
    assert not as_link.append("ls")
    assert target.read_text() == '"planted"\n'
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    assert not HistoryFile.in_dir(blocked).append("ls")  # its directory cannot be made


def _append_many(path: str, tag: str, count: int) -> None:
    history = HistoryFile(Path(path))
    for n in range(count):
        assert history.append(f"{tag} {n}")


def test_two_tutors_appending_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history"
    count = COMPACT_LINES  # each crosses the compaction point while the other appends
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(path), tag, count)) for tag in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    entries = HistoryFile(path).entries()
    assert len(entries) == HISTSIZE
    for tag in ("a", "b"):
        mine = [int(e.split()[1]) for e in entries if e.startswith(tag + " ")]
        assert mine == sorted(mine)  # each tutor's commands in its order
    assert {f"a {count - 1}", f"b {count - 1}"} <= set(entries)  # the newest of both survived every rewrite
    lines = path.read_bytes().split(b"\n")
    assert all(line.startswith(b'"') for line in lines[:-1])  # no torn or interleaved line


def test_bounded_is_what_a_new_shell_gets() -> None:
    entries = ["a", "", "b\0c", "d" * (MAX_ENTRY_BYTES + 1), "e"]
    assert bounded(entries) == ["a", "e"]
    assert bounded([str(n) for n in range(HISTSIZE + 5)])[0] == "5"
    assert bounded(["x"], size=0) == []
