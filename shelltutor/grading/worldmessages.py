"""Learner-facing messages of the checks on what an attempt left behind: links, directories, processes, the terminal.

In English and Korean, with `str.format` fields; a field may be a `LocalText`, resolved per language (the
Korean of a process's description carries its own particle). The rest of the grader's messages are in
messages.py; this catalog holds the format's later checks.
"""

from __future__ import annotations

from shelltutor.course.model import Lang, LocalText
from shelltutor.grading.messages import STREAM_NAMES, Field
from shelltutor.grading.messages import local as _general

MESSAGES: dict[str, tuple[str, str]] = {
    # Links followed to the file they lead to (`resolves_to`)
    "link_leads_elsewhere": (
        "`{path}` leads to `{got}`, but the exercise wants it to lead to `{want}`.",
        "`{path}` 링크를 따라가면 `{got}` 경로가 나옵니다. 이 문제에서는 `{want}` 경로로 이어져야 합니다.",
    ),
    "link_from_its_folder": (
        "`{path}` leads to `{got}`, not to `{want}`: a relative target is read from the link's own folder "
        "(`{folder}`), not from where you ran `ln`. Give a target relative to the link, or let `ln -sr` work "
        "it out.",
        "`{path}` 링크를 따라가면 `{want}` 경로가 아니라 `{got}` 경로가 나옵니다. 상대 경로 대상은 `ln`을 실행한 "
        "위치가 아니라 링크가 있는 디렉터리(`{folder}`)를 기준으로 읽힙니다. 링크 위치를 기준으로 대상을 쓰거나 "
        "`ln -sr`을 쓰세요.",
    ),
    "link_dangling": (
        "`{path}` points to `{want}`, but nothing is there: a link leads to a file only while that file exists.",
        "`{path}` 링크는 `{want}` 경로를 가리키지만 그곳에 아무것도 없습니다. 링크는 대상 파일이 있을 때만 그 "
        "파일로 이어집니다.",
    ),
    "link_loop": (
        "`{path}` cannot be followed to a file: its links lead round in a circle, or through more than 40 links.",
        "`{path}` 링크를 따라가도 파일이 나오지 않습니다. 링크들이 서로를 가리키며 돌고 있거나 40개가 넘는 링크를 "
        "거칩니다.",
    ),
    # Directories
    "dir_should_be_empty": (
        "`{path}` should be empty, but it still holds {names}.",
        "`{path}` 디렉터리는 비어 있어야 하는데 아직 남아 있는 것이 있습니다: {names}",
    ),
    "dir_is_empty": (
        "`{path}` is empty; the exercise expects something in it.",
        "`{path}` 디렉터리가 비어 있습니다. 이 문제에서는 안에 무언가 있어야 합니다.",
    ),
    "dir_entries_missing": (
        "`{path}` should hold {names}, but it does not.",
        "`{path}` 디렉터리에 다음이 있어야 하는데 없습니다: {names}",
    ),
    "dir_entries_extra": (
        "`{path}` should hold only {want}, but it also holds {names}.",
        "`{path}` 디렉터리에는 {want}만 있어야 하는데 다음도 들어 있습니다: {names}",
    ),
    "dir_entry_not_dir": (
        "`{path}` should be a directory, but it is {got}.",
        "`{path}` 경로는 디렉터리여야 하는데 {got}입니다.",
    ),
    "dir_count": (
        "The number of entries directly in `{path}` (hidden ones included) is {got}; the exercise expects {want}.",
        "`{path}` 디렉터리 바로 아래에 있는 항목(숨김 파일 포함)이 {got}개입니다. 이 문제에서는 {want}개여야 합니다.",
    ),
    "dir_matches_remain": (
        "Nothing in `{path}` should match `{glob}` any more ({how}), but this still does: {names}.",
        "`{path}` 안에는 `{glob}` 패턴에 맞는 것이 더는 없어야 하는데({how}) 아직 남아 있습니다: {names}",
    ),
    "dir_too_big": (
        "`{path}` holds too many files for the grader to look through (more than {limit}).",
        "`{path}` 디렉터리에 파일이 너무 많아 채점기가 모두 살펴볼 수 없습니다({limit}개 초과).",
    ),
    "dir_unreadable": (
        "`{path}` cannot be listed: {reason}.",
        "`{path}` 디렉터리의 목록을 읽을 수 없습니다: {reason}",
    ),
    "each_too_few": (
        "Files in `{path}` that match `{glob}` ({how}): {got}; the exercise expects at least {want}.",
        "`{path}` 안에서 `{glob}` 패턴에 맞는 파일({how})이 {got}개입니다. 적어도 {want}개는 있어야 합니다.",
    ),
    "each_not_a_file": (
        "`{path}` matches `{glob}`, but it is {got}, not a regular file.",
        "`{path}` 경로는 `{glob}` 패턴에 맞지만 일반 파일이 아니라 {got}입니다.",
    ),
    "glob_any_depth": ("at any depth", "하위 디렉터리 안의 것까지 포함"),
    "glob_below": (
        "matched against the paths below it; `*` stays within one name",
        "그 아래 경로 전체와 비교하며, `*`는 이름 하나 안에서만 맞춤",
    ),
    # Processes
    "process_missing": (
        "After your commands, nothing is running that the exercise looks for: {what}.",
        "명령어를 실행한 뒤에 찾는 프로세스가 실행 중이지 않습니다. 찾는 것: {what}",
    ),
    "process_still_running": (
        "After your commands, this is still running, and it should not be: {what} (process {pid}, `{line}`).",
        "명령어를 실행한 뒤에도 없어야 할 프로세스가 아직 실행 중입니다: {what} (프로세스 {pid}, `{line}`)",
    ),
    "process_named": ("a process called `{name}`", "이름이 `{name}`인 프로세스"),
    "process_matching": (
        "a process whose command line matches the pattern `{pattern}`",
        "명령줄이 패턴 `{pattern}`에 맞는 프로세스",
    ),
    "process_named_matching": (
        "a process called `{name}` whose command line matches the pattern `{pattern}`",
        "이름이 `{name}`이고 명령줄이 패턴 `{pattern}`에 맞는 프로세스",
    ),
}

TERMINAL_NAME = LocalText(
    en="output (standard output and standard error together)", ko="출력(표준 출력과 표준 에러를 합친 것)"
)
"""The terminal as the stream messages name it ("Your command's {stream} is not …")."""
TERMINAL_SUBJECT = LocalText(
    en="output (standard output and standard error together)", ko="출력(표준 출력과 표준 에러를 합친 것)이"
)


def diff_subject(key: str) -> LocalText:
    """What a diff of a verdict is of, in words: `stdout`, `stderr`, `terminal` or `file:PATH`."""
    if key in ("stdout", "stderr"):
        name = STREAM_NAMES[key]
        return LocalText(en=f"{name.en} ({key})", ko=f"{name.ko} ({key})")
    if key == "terminal":
        return LocalText(en="the terminal (stdout and stderr as shown)", ko="터미널(화면에 나온 stdout과 stderr)")
    path = key.removeprefix("file:")
    return LocalText(en=f"file {path}", ko=f"파일 {path}")


def text(key: str, lang: Lang, **fields: Field) -> str:
    """The message `key` in `lang`, with its fields filled in."""
    en, ko = MESSAGES[key]
    template = ko if lang == "ko" else en
    return template.format(
        **{name: value.get(lang) if isinstance(value, LocalText) else str(value) for name, value in fields.items()}
    )


def local(key: str, **fields: Field) -> LocalText:
    """The message `key` in every language (a key of messages.py's catalog works too)."""
    if key not in MESSAGES:
        return _general(key, **fields)
    return LocalText(en=text(key, "en", **fields), ko=text(key, "ko", **fields))
