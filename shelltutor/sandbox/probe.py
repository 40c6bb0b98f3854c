"""The isolation self-test: does bwrap work here, with no network, no host home, read-only /usr, limits in force?"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from shelltutor.resources import data_dir
from shelltutor.sandbox.bwrap import bwrap_argv, drop_root_prefix, sandbox_env
from shelltutor.sandbox.limits import load_limits

PROBE_VERSION = 1
"""Bumped when the checks change, so old cached answers are ignored."""

_CHECK_SCRIPT = r"""
ok() { printf '%s=%s\n' "$1" "$2"; }
ok bwrap_runs 1
[[ $$ == 1 ]] && ok pid_namespace 1 || ok pid_namespace 0
if (exec 3<>/dev/tcp/192.0.2.1/80) 2>/dev/null; then ok network_refused 0; else ok network_refused 1; fi
if [[ -e $1 || -e /root ]]; then ok host_home_invisible 0; else ok host_home_invisible 1; fi
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
            "bwrap",
            False,
            {"bwrap_installed": False},
            "bubblewrap (bwrap) is not installed",
            "sudo apt-get install bubblewrap (Debian/Ubuntu), sudo dnf install bubblewrap (Fedora), "
            "sudo pacman -S bubblewrap (Arch)",
        )
    if drop_root_prefix() and shutil.which("setpriv") is None:
        return IsolationReport(
            "bwrap",
            False,
            {"setpriv_installed": False},
            "running as root needs setpriv (util-linux) to drop privileges before bwrap",
            "sudo apt-get install util-linux",
        )
    data = data_dir("sandbox")
    host_home = str(Path.home())
    argv = bwrap_argv(
        data=data,
        limits=load_limits(),
        env=sandbox_env({}, "/home/learner", "/opt/shelltutor"),
        info_fd=None,
        command=["/bin/bash", "-c", _CHECK_SCRIPT, "probe", host_home],
    )
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=20,
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
            stdin=subprocess.DEVNULL,
            cwd="/",
        )
    except subprocess.TimeoutExpired:
        return IsolationReport(
            "bwrap", False, {"bwrap_runs": False}, "bwrap did not finish its self-test in 20 s", None
        )
    checks: dict[str, bool] = {}
    for line in done.stdout.splitlines():
        name, _, value = line.partition("=")
        if value in ("0", "1"):
            checks[name] = value == "1"
    if not checks.get("bwrap_runs"):
        said = done.stderr.strip() or f"exit status {done.returncode}"
        return IsolationReport(
            "bwrap", False, {"bwrap_runs": False}, f"bwrap cannot start: {said}", fix_for_failure(said)
        )
    failed = [name for name, good in checks.items() if not good]
    if failed:
        return IsolationReport("bwrap", False, checks, f"the sandbox is not isolated: {', '.join(failed)} failed", None)
    return IsolationReport("bwrap", True, checks, None, None)


def fix_for_failure(message: str) -> str | None:
    """The known fix for a failure message of bwrap (None if unknown)."""
    low = message.lower()
    if any(
        s in low
        for s in ("setting up uid map", "no permissions to creat", "operation not permitted", "creating new namespace")
    ):
        return userns_fix()
    if "no such file" in low and "bwrap" in low:
        return "sudo apt-get install bubblewrap"
    return None


def userns_fix() -> str:
    """How to allow unprivileged user namespaces on this machine (the usual reason bwrap cannot start)."""
    if _sysctl("kernel/apparmor_restrict_unprivileged_userns") == "1":
        return (
            "Ubuntu 24.04 and later restrict unprivileged user namespaces with AppArmor. Give bwrap its "
            "profile: sudo apt-get install apparmor-profiles && sudo ln -s "
            "/usr/share/apparmor/extra-profiles/bwrap-userns-restrict /etc/apparmor.d/ && "
            "sudo apparmor_parser -r /etc/apparmor.d/bwrap-userns-restrict ; or lift the restriction for all "
            "programs: sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0"
        )
    if _sysctl("kernel/unprivileged_userns_clone") == "0":
        return "sudo sysctl kernel.unprivileged_userns_clone=1 (add it to /etc/sysctl.d/ to keep it after a reboot)"
    if _sysctl("user/max_user_namespaces") == "0":
        return "sudo sysctl user.max_user_namespaces=15000 (add it to /etc/sysctl.d/ to keep it after a reboot)"
    return (
        "allow unprivileged user namespaces (sudo sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04 "
        "kernel.apparmor_restrict_unprivileged_userns=0), or install bwrap setuid root"
    )


def _sysctl(name: str) -> str | None:
    try:
        return Path("/proc/sys", name).read_text().strip()
    except OSError:
        return None
