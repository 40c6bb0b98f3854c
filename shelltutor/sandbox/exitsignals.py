"""What an exit status above 128 usually means: the signal that ended the program, in the learner's words."""

from __future__ import annotations

import signal

SIGNAL_WORDS: dict[int, tuple[str, str]] = {
    int(signal.SIGHUP): ("its terminal hung up", "터미널이 끊김"),
    int(signal.SIGINT): ("interrupted (Ctrl-C)", "중단됨 (Ctrl-C)"),
    int(signal.SIGQUIT): ("quit (Ctrl-\\)", "종료 요청 (Ctrl-\\)"),
    int(signal.SIGILL): ("illegal instruction", "잘못된 명령어 실행"),
    int(signal.SIGABRT): ("aborted", "비정상 종료 (abort)"),
    int(signal.SIGBUS): ("bus error", "버스 오류"),
    int(signal.SIGFPE): ("arithmetic error (a division by zero?)", "산술 오류 (0으로 나눔?)"),
    int(signal.SIGKILL): (
        "killed: `kill -9`, or the sandbox's memory limit",
        "강제 종료됨: `kill -9`, 또는 샌드박스의 메모리 제한",
    ),
    int(signal.SIGSEGV): ("segmentation fault (the program crashed)", "세그멘테이션 오류 (프로그램이 죽음)"),
    int(signal.SIGPIPE): ("broken pipe: its reader had gone", "파이프가 끊김: 읽는 쪽이 먼저 끝남"),
    int(signal.SIGALRM): ("its alarm clock went off", "알람 시간이 다 됨"),
    int(signal.SIGTERM): ("terminated (`kill`)", "종료됨 (`kill`)"),
    int(signal.SIGXCPU): ("CPU time limit exceeded (the sandbox's limit)", "CPU 시간 제한 초과 (샌드박스의 제한)"),
    int(signal.SIGXFSZ): (
        "file size limit exceeded: a file grew past the sandbox's limit",
        "파일 크기 제한 초과: 파일이 샌드박스의 제한보다 커짐",
    ),
}
"""The signals a learner's command plausibly dies of, as bash would say it (`Killed`, `Segmentation fault` …)."""


def signal_of(status: int | None) -> int | None:
    """The signal a shell status of 128 + N stands for, when N is one a program plausibly dies of. A program can
    also `exit 137` itself: the shell's status does not tell, so the words say "usually"."""
    if status is None or status <= 128:
        return None
    number = status - 128
    return number if number in SIGNAL_WORDS else None


def signal_note(status: int | None, lang: str) -> str | None:
    """`usually SIGXFSZ: file size limit exceeded: …` for a status of 153, in `lang`; None for other statuses."""
    number = signal_of(status)
    if number is None:
        return None
    en, ko = SIGNAL_WORDS[number]
    name = signal.Signals(number).name
    return f"보통 {name}: {ko}" if lang == "ko" else f"usually {name}: {en}"
