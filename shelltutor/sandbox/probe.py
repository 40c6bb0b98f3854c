"""The isolation self-test: does bwrap work here, with no network, no host home, read-only /usr, limits in force?"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from shelltutor.sandbox.bwrap import drop_root_prefix
from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.fixes import install_bwrap_fix
from shelltutor.sandbox.spec import SessionSpec

PROBE_VERSION = 2
"""Bumped when the checks change, so old cached answers are ignored."""

_CHECK_SCRIPT = r"""
ok() { printf '%s=%s\n' "$1" "$2"; }
tr '\0' ' ' </proc/1/cmdline | grep -q keeper.bash && ok pid_namespace 1 || ok pid_namespace 0
( : </dev/tty ) 2>/dev/null && ok controlling_terminal 1 || ok controlling_terminal 0
if (exec 3<>/dev/tcp/192.0.2.1/80) 2>/dev/null; then ok network_refused 0; else ok network_refused 1; fi
hidden=1
for seen in HOST_PATHS; do
    path=${seen%=*} id=${seen##*=}
    [[ -e $path && $(stat -L -c %d:%i -- "$path" 2>/dev/null) == "$id" ]] && hidden=0
done
ok host_home_invisible $hidden
if touch /usr/.shelltutor-probe 2>/dev/null; then ok usr_read_only 0; else ok usr_read_only 1; fi
if touch /.shelltutor-probe 2>/dev/null; then ok root_read_only 0; else ok root_read_only 1; fi
python3 -c '
import os, resource, time
resource.setrlimit(resource.RLIMIT_NPROC, (6, 6))
pids = []
try:
    for _ in range(12):
        pid = os.fork()
        if pid == 0:
            time.sleep(2)
            os._exit(0)
        pids.append(pid)
except OSError:
    pass
for pid in pids:
    os.kill(pid, 9)
print("limits_in_force=%d" % (len(pids) < 12))
'
"""
"""Runs as a command in a real session's shell, so the self-test passes only when a session works: the
sandbox, the keeper, the learner's shell on its terminal (`setsid -c`) and the command protocol."""


@dataclass(frozen=True)
class IsolationReport:
    """What the self-test found."""

    mode: Literal["bwrap", "none"]
    ok: bool
    checks: Mapping[str, bool] = field(default_factory=dict)
    problem: str | None = None
    fix: str | None = None


_lock = threading.Lock()
_memory: dict[str, IsolationReport] = {}


def _key() -> str:
    try:
        version = subprocess.run(["bwrap", "--version"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        version = "missing"
    return f"v{PROBE_VERSION}|{version}|{os.uname().release}|euid0={os.geteuid() == 0}"


def _cache_file() -> Path | None:
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return None
    return Path(user_cache_dir("shelltutor")) / "isolation-probe.json"


def probe_isolation(*, refresh: bool = False) -> IsolationReport:
    """Test once whether bwrap isolates here; cached in memory and on disk (keyed by bwrap version and kernel)."""
    with _lock:
        key = _key()
        if not refresh and key in _memory:
            return _memory[key]
        cache = _cache_file()
        if not refresh and cache is not None:
            try:
                stored = json.loads(cache.read_text())
                if stored.get("key") == key:
                    report = IsolationReport(**stored["report"])
                    _memory[key] = report
                    return report
            except (OSError, ValueError, TypeError, KeyError):
                pass
        report = _run_probe()
        _memory[key] = report
        if cache is not None and report.ok:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(".tmp")
                tmp.write_text(json.dumps({"key": key, "report": asdict(report)}))
                tmp.replace(cache)
            except OSError:
                pass
        return report


def _run_probe() -> IsolationReport:
    if shutil.which("bwrap") is None:
        return IsolationReport(
            "bwrap", False, {"bwrap_installed": False}, "bubblewrap (bwrap) is not installed", install_bwrap_fix()
        )
    if drop_root_prefix() and shutil.which("setpriv") is None:
        return IsolationReport(
            "bwrap",
            False,
            {"setpriv_installed": False},
            "running as root needs setpriv (util-linux) to drop privileges before bwrap",
            "sudo apt-get install util-linux",
        )
    from shelltutor.sandbox.session import Session  # the session module asks this one for the report

    script = _CHECK_SCRIPT.replace("HOST_PATHS", " ".join(shlex.quote(p) for p in _host_paths()))
    try:
        with Session.start(SessionSpec(isolation="bwrap"), probed=True) as session:
            done = session.run(script, timeout=PROBE_SECONDS)
    except SessionError as exc:
        return IsolationReport("bwrap", False, {"session_starts": False}, f"bwrap cannot start: {exc.problem}", exc.fix)
    checks: dict[str, bool] = {"session_starts": True}
    for line in done.stdout.splitlines():
        name, _, value = line.partition("=")
        if value in ("0", "1"):
            checks[name] = value == "1"
    missing = [name for name in CHECKS if name not in checks]
    if done.timed_out or missing:
        said = done.stderr.strip() or ("timed out" if done.timed_out else f"exit status {done.exit_code}")
        return IsolationReport("bwrap", False, checks, f"the sandbox's self-test did not finish: {said}", None)
    failed = [name for name, good in checks.items() if not good]
    if failed:
        return IsolationReport("bwrap", False, checks, f"the sandbox is not isolated: {', '.join(failed)} failed", None)
    return IsolationReport("bwrap", True, checks, None, None)


CHECKS = (
    "pid_namespace",
    "controlling_terminal",
    "network_refused",
    "host_home_invisible",
    "usr_read_only",
    "root_read_only",
    "limits_in_force",
)
PROBE_SECONDS = 20.0


def _host_paths() -> list[str]:
    """`path=dev:inode` of the host's folders that must not be visible inside: the user's home and /root.

    Compared by identity, not by name: the sandbox's own home may have the same path as the host user's
    (a host user called learner), and that is a different folder."""
    found = []
    for path in {str(Path.home()), "/root"}:
        try:
            st = os.stat(path)
        except OSError:
            continue
        found.append(f"{path}={st.st_dev}:{st.st_ino}")
    return sorted(found)
