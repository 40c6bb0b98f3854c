"""`shelltutor serve`: the tutor in browsers, one tutor process and sandbox per browser session."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs

SESSIONS_PER_CORE = 8
"""The default cap: learners mostly read and type, and a core holds this many comfortably (docs/serve.md)."""
MIB_PER_SESSION = 256
"""...as long as the memory lasts: a learner takes about 75 MiB (PSS), and up to 128 MiB more when they fill the
size-capped homes and /tmp of their two sandboxes (the open exercise's and the next one's)."""
MESSAGES: dict[str, dict[str, str]] = {
    "serving": {
        "en": "shelltutor is served on {url} (at most {places} learners at once; progress in {data}). Ctrl+C stops it.",
        "ko": "shelltutor를 {url}에서 제공합니다 (동시에 최대 {places}명, 진도는 {data}에 저장). Ctrl+C로 멈춥니다.",
    },
    "exposed": {
        "en": "WARNING: {host} is not loopback. Put TLS and a login in front of this server (a reverse proxy; see "
        "docs/serve.md) before learners use it over a network.",
        "ko": "경고: {host}는 루프백 주소가 아닙니다. 네트워크로 쓰기 전에 이 서버 앞에 TLS와 로그인(리버스 프록시, "
        "docs/serve.md 참고)을 두세요.",
    },
    "no_sandbox": {
        "en": "shelltutor serve needs the sandbox, and it does not work here: {problem}",
        "ko": "shelltutor serve에는 샌드박스가 필요한데, 여기서는 동작하지 않습니다: {problem}",
    },
    "no_lessons": {
        "en": "no lessons were found; run `shelltutor check` to see why",
        "ko": "레슨을 찾지 못했습니다. `shelltutor check`로 이유를 확인하세요",
    },
    "tokens_unreadable": {"en": "cannot read {path}: {error}", "ko": "{path}을(를) 읽을 수 없습니다: {error}"},
    "tokens_empty": {
        "en": "{path} holds no usable token (one per line: `token` or `token name`)",
        "ko": "{path}에 쓸 수 있는 토큰이 없습니다 (한 줄에 하나: `토큰` 또는 `토큰 이름`)",
    },
    "data_unusable": {
        "en": "cannot use {path} for progress: {error}",
        "ko": "{path}을(를) 진도 저장에 쓸 수 없습니다: {error}",
    },
    "not_served": {
        "en": "--session is how `shelltutor serve` starts each browser's tutor; start `shelltutor serve` instead",
        "ko": "--session은 `shelltutor serve`가 브라우저마다 튜터를 시작할 때 씁니다. `shelltutor serve`를 실행하세요",
    },
}
"""What `serve` tells the teacher, in the language of `--lang` (else the locale's)."""
Say = Callable[..., str]


def default_max_sessions() -> int:
    """The cap when `--max-sessions` is not given: SESSIONS_PER_CORE per core, at most MIB_PER_SESSION each of the
    machine's memory."""
    by_cores = SESSIONS_PER_CORE * (os.cpu_count() or 1)
    try:
        total_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
    except (OSError, StopIteration, ValueError, IndexError):
        return by_cores
    return max(1, min(by_cores, total_kib // 1024 // MIB_PER_SESSION))


def register(sub: Any) -> None:
    """Add the `serve` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "serve",
        help="serve the tutor to web browsers",
        description="Serve the tutor to web browsers: each browser session gets its own tutor process and sandbox. "
        "Learners log in with a name (or, with --tokens, a code you hand out); each one's progress is kept in "
        "DIR/learners/ID/ across reconnects and restarts. Listens on 127.0.0.1 only unless --host says otherwise: "
        "put TLS and a login in front of it before exposing it (docs/serve.md).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on; 0 picks a free one (default 8000)")
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        help="where learners' progress lives (default: serve/ in the user data directory, "
        "~/.local/share/shelltutor/serve)",
    )
    parser.add_argument(
        "--tokens",
        metavar="FILE",
        type=Path,
        help="learners log in with a token from FILE (one per line: `token` or `token name`), not a name",
    )
    parser.add_argument(
        "--max-sessions",
        metavar="N",
        type=_positive,
        default=None,
        help=f"at most N browser sessions at once (default: {SESSIONS_PER_CORE} per core, {MIB_PER_SESSION} MiB of "
        f"memory each: {default_max_sessions()} here)",
    )
    parser.add_argument("--session", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(run=run, lesson=None, exercise=None, plain=False)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0-65535)")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Check the set-up, then serve until Ctrl+C; with --session, run one browser session's tutor."""
    from shelltutor.progress import default_data_dir
    from shelltutor.service import locale_lang

    lang = args.lang or locale_lang(env.environ)

    def say(key: str, **values: object) -> str:
        return MESSAGES[key][lang].format(**values)

    serve_dir = (args.data or default_data_dir() / "serve").absolute()
    tokens = args.tokens.absolute() if args.tokens else None
    if args.session:
        return _session(args, env, serve_dir, tokens, say)
    problem = (
        _check_tokens(tokens, say) or _check_data(serve_dir, say) or _check_lessons(args, say) or _check_sandbox(say)
    )
    if problem:
        env.stderr.write(problem + "\n")
        return ExitCode.BAD_INPUT

    from shelltutor.web.server import TutorServer

    places = args.max_sessions or default_max_sessions()
    server = TutorServer(_session_argv(args, serve_dir, tokens), host=args.host, port=args.port, max_sessions=places)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=env.stderr)

    def ready(url: str) -> None:
        env.stdout.write(say("serving", url=url, places=places, data=serve_dir) + "\n")
        if not _is_loopback(args.host):
            env.stdout.write(say("exposed", host=args.host) + "\n")
        env.stdout.flush()

    try:
        asyncio.run(server.run(ready))
    except OSError as error:  # the port is taken, the address is not this machine's
        env.stderr.write(f"{error}\n")
        return ExitCode.BAD_INPUT
    return ExitCode.OK


def _session_argv(args: argparse.Namespace, serve_dir: Path, tokens: Path | None) -> list[str]:
    """How each browser session's tutor is started: this same shelltutor, in this Python."""
    argv = [sys.executable, "-m", "shelltutor", "serve", "--session", "--data", str(serve_dir)]
    if tokens is not None:
        argv += ["--tokens", str(tokens)]
    if args.lang:
        argv += ["--lang", args.lang]
    for directory in extra_lesson_dirs(args):
        argv += ["--lessons", str(directory.absolute())]
    return argv


def _session(args: argparse.Namespace, env: CliEnv, serve_dir: Path, tokens: Path | None, say: Say) -> int:
    from shelltutor.web.server import DRIVER

    if env.environ.get("TEXTUAL_DRIVER") != DRIVER:
        env.stderr.write(say("not_served") + "\n")
        return ExitCode.BAD_INPUT

    from shelltutor.cli.tutor import run as run_tutor
    from shelltutor.web.app import BrowserSession
    from shelltutor.web.learners import Roster

    return run_tutor(args, env, BrowserSession(Roster(serve_dir, tokens)))


def _check_tokens(tokens: Path | None, say: Say) -> str | None:
    if tokens is None:
        return None
    from shelltutor.web.learners import TokenFile

    try:
        found = TokenFile.read(tokens)
    except OSError as error:
        return say("tokens_unreadable", path=tokens, error=error.strerror or error)
    lines = [f"{tokens}:{problem.line}: {problem.message}" for problem in found.problems]
    if not found.learners:
        lines.append(say("tokens_empty", path=tokens))
    return "\n".join(lines) or None


def _check_data(serve_dir: Path, say: Say) -> str | None:
    try:
        serve_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = serve_dir / ".shelltutor-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        return say("data_unusable", path=serve_dir, error=error.strerror or error)
    return None


def _check_lessons(args: argparse.Namespace, say: Say) -> str | None:
    from shelltutor.course.catalog import load_course

    course = load_course(extra_lesson_dirs(args), cached=True)  # also fills the cache every session starts from
    return None if course.lessons else say("no_lessons")


def _check_sandbox(say: Say) -> str | None:
    from shelltutor.sandbox.probe import probe_isolation

    report = probe_isolation()
    if report.mode != "none":
        return None
    detail = " ".join(part for part in (report.problem, report.fix) if part)
    return say("no_sandbox", problem=detail or "bubblewrap is missing")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
