"""What the class report says about files and learners (skipped, edited, noted), in English and Korean."""

from __future__ import annotations

from shelltutor.classroom.labels import plurals
from shelltutor.course.model import LocalText

MESSAGES: dict[str, tuple[str, str]] = {
    # files that are skipped
    "missing": ("no such file or directory", "파일이나 디렉터리가 없습니다"),
    "unreadable": ("cannot be read: {error}", "읽을 수 없습니다: {error}"),
    "too_large": ("larger than {limit} MB: not a progress export", "{limit}MB보다 큽니다: 진행 상황 파일이 아닙니다"),
    "not_json": ("not JSON ({error})", "JSON이 아닙니다 ({error})"),
    "foreign": ("not a shelltutor progress export", "shelltutor 진행 상황 파일이 아닙니다"),
    "newer": (
        "written by a newer shelltutor (export version {version}); upgrade shelltutor to read it",
        "더 새로운 shelltutor가 쓴 파일입니다 (내보내기 버전 {version}). shelltutor를 업그레이드하세요",
    ),
    "newer_store": (
        "written by a newer shelltutor (database schema {version}); upgrade shelltutor to read it",
        "더 새로운 shelltutor가 쓴 데이터베이스입니다 (스키마 {version}). shelltutor를 업그레이드하세요",
    ),
    "malformed": ("malformed at {where}: {problem}", "{where}의 형식이 잘못되었습니다: {problem}"),
    "not_a_store": ("not a shelltutor progress database", "shelltutor 진행 상황 데이터베이스가 아닙니다"),
    "store_error": (
        "the progress database cannot be read: {error}",
        "진행 상황 데이터베이스를 읽을 수 없습니다: {error}",
    ),
    # what a malformed field is
    "absent": ("missing", "빠져 있습니다"),
    "expected": ("expected {kind}", "{kind}"),
    "one_of": ("{value} is not one of {choices}", "{value}: {choices} 중 하나여야 합니다"),
    # edited: the file is not what shelltutor wrote
    "chain_broken": (
        "attempt {n} ({exercise}) does not match its checksum: it was changed, or one before it inserted or removed",
        "시도 {n} ({exercise}): 체크섬과 맞지 않습니다. 바뀌었거나, 그 앞에 시도가 끼워 넣어졌거나 지워졌습니다",
    ),
    "chain_more": ("and {count} more attempt{count_s}", "그 밖에 시도 {count}개"),
    "head_broken": (
        "the last attempts were removed (the chain ends elsewhere)",
        "마지막 시도들이 지워졌습니다 (체크섬 사슬의 끝이 다릅니다)",
    ),
    "seal_broken": (
        "the file was changed after export (completions, hints or dates do not match its seal)",
        "내보낸 뒤에 파일이 바뀌었습니다 (완료, 힌트 또는 날짜가 봉인과 맞지 않습니다)",
    ),
    "no_seal": ("the checksums are missing", "체크섬이 없습니다"),
    "done_without_pass": (
        "{exercise} is marked done, but no attempt passed it",
        "{exercise}: 완료로 표시되어 있지만 통과한 시도가 없습니다",
    ),
    "pass_without_done": (
        "{exercise} was passed, but is not marked done",
        "{exercise}: 통과했지만 완료로 표시되어 있지 않습니다",
    ),
    "done_elsewhen": (
        "{exercise} is marked done at another time than the attempt that passed it",
        "{exercise}의 완료 시각이 통과한 시도의 시각과 다릅니다",
    ),
    "count_mismatch": (
        "{exercise} is marked done after {claimed} attempt{claimed_s}, but the file holds {real} up to the pass",
        "{exercise}: {claimed}번 만에 완료했다고 되어 있지만, 통과까지의 시도는 {real}개입니다",
    ),
    "time_backwards": (
        "attempt {n} ({exercise}) is dated before the attempt before it",
        "시도 {n} ({exercise}): 앞 시도보다 이른 시각으로 되어 있습니다",
    ),
    "ids_backwards": ("attempt {n} is out of order", "시도 {n}의 순서가 맞지 않습니다"),
    "bad_run": (
        "attempt {n} ({exercise}) belongs to a run that does not exist",
        "시도 {n} ({exercise}): 존재하지 않는 실행 묶음에 속해 있습니다",
    ),
    "after_export": ("attempt {n} is dated after the export", "시도 {n}의 시각이 내보낸 시각보다 늦습니다"),
    "regrade_failed": (
        "{exercise}: the commands that passed it do not pass when graded again ({commands})",
        "{exercise}: 통과했다는 명령어가 다시 채점하면 통과하지 않습니다 ({commands})",
    ),
    # notes: worth knowing, not a sign of editing
    "no_chain": (
        "export version {version}: no checksums (exported by an older shelltutor); consistency checked",
        "내보내기 버전 {version}: 체크섬이 없습니다 (이전 shelltutor가 내보냄). 일관성은 확인했습니다",
    ),
    "unknown_exercises": (
        "{count} attempt{count_s} at exercises this course does not have (e.g. {example}): not counted",
        "이 과정에 없는 연습의 시도 {count}개 (예: {example}): 세지 않았습니다",
    ),
    "regraded": ("{count} completion{count_s} graded again: all pass", "완료 {count}개를 다시 채점했습니다: 모두 통과"),
    "regrade_skipped": (
        "{exercise}: not graded again ({why})",
        "{exercise}: 다시 채점하지 않았습니다 ({why})",
    ),
    "why_cut": ("its commands were cut when stored", "명령어가 저장될 때 잘렸습니다"),
    "why_terminal": ("a full-screen program, typed by hand", "사람이 직접 조작한 전체 화면 프로그램입니다"),
    "why_error": ("grading failed: {error}", "채점이 실패했습니다: {error}"),
    "store": (
        "read from the tutor's database (on this machine): consistency checked",
        "튜터의 데이터베이스(이 컴퓨터)에서 읽었습니다: 일관성을 확인했습니다",
    ),
    "verified": ("checksums and consistency verified", "체크섬과 일관성을 확인했습니다"),
}
"""Message templates by key: (English, Korean), with `{field}`s."""

KINDS: dict[str, tuple[str, str]] = {
    "object": ("an object", "객체여야 합니다"),
    "list": ("a list", "목록이어야 합니다"),
    "string": ("a string", "문자열이어야 합니다"),
    "integer": ("a whole number", "정수여야 합니다"),
    "number": ("a number", "수여야 합니다"),
    "strings": ("a list of strings", "문자열 목록이어야 합니다"),
}
"""What a field should have been, for `expected`."""


def say(key: str, **values: object) -> LocalText:
    """The message `key` in both languages, its fields filled in (a LocalText among them in its own language)."""
    en, ko = MESSAGES[key]
    values = plurals(values)
    return LocalText(en=en.format(**_in(values, "en")), ko=ko.format(**_in(values, "ko")))


def _in(values: dict[str, object], lang: str) -> dict[str, object]:
    return {k: (v.ko if lang == "ko" else v.en) if isinstance(v, LocalText) else v for k, v in values.items()}


def expected(kind: str) -> LocalText:
    """`expected a number` (for a malformed field)."""
    return say("expected", kind=LocalText(en=KINDS[kind][0], ko=KINDS[kind][1]))
