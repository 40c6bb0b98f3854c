"""Builds the bubblewrap command line of a sandbox: namespaces, read-only system, sized tmpfs, clean env."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from shelltutor.sandbox.limits import Limits
from shelltutor.sandbox.sandboxetc import sandbox_etc

HOME = "/home/learner"
"""The learner's home inside the sandbox."""
RUN_DIR = "/run/shelltutor"
"""Where the tutor and the driver exchange per-command files and FIFOs inside the sandbox."""
DATA_DIR = "/opt/shelltutor"
"""Where `sandbox/` (driver, keeper, stand-ins) is bound read-only inside the sandbox."""
SANDBOX_UID = 1000
DROP_UID = 65534
"""When the tutor runs as root, bwrap runs as this uid (nobody) so RLIMIT_NPROC is enforced."""
RUN_DIR_BYTES = 4 << 20

PROC_MASKED = ("cmdline", "keys", "key-users")
"""/proc files that describe the host or its users' keys, replaced by /dev/null (as runc masks paths): the
kernel's boot command line, and the key descriptions and key quotas of every user mapped in."""


@functools.cache
def _masked_proc_files() -> tuple[str, ...]:
    """The masked files this kernel has (no /proc/keys without keyrings): bwrap cannot mount on a missing one."""
    return tuple(name for name in PROC_MASKED if os.path.exists(f"/proc/{name}"))


def sandbox_env(extra: Mapping[str, str], home: str, data: str) -> dict[str, str]:
    """The whole environment of the learner's shell: a small allow-list plus the exercise's own variables."""
    env = {
        "PATH": f"{data}/bin:/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
        "HOME": home,
        "USER": "learner",
        "LOGNAME": "learner",
        "SHELL": "/bin/bash",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "PAGER": "less",
        "EDITOR": "vi",
        "VISUAL": "vi",
        "HISTFILE": f"{home}/.bash_history",
        "LESSHISTFILE": "-",
        "TMPDIR": "/tmp",
    }
    env.update(extra)
    # The stand-ins (sudo, crontab, nvidia-smi) come first even when an exercise sets its own PATH: a lesson's wrong
    # answer `sudo ...` must meet the stand-in, never a real sudo.
    stand_ins = f"{data}/bin"
    if env["PATH"].split(":")[0] != stand_ins:
        env["PATH"] = f"{stand_ins}:{env['PATH']}"
    return env


def drop_root_prefix() -> list[str]:
    """`setpriv` in front of bwrap when running as root: the kernel does not enforce RLIMIT_NPROC for uid 0."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={DROP_UID}", f"--regid={DROP_UID}", "--clear-groups"]


def bwrap_argv(
    *,
    data: Path,
    limits: Limits,
    env: Mapping[str, str],
    info_fd: int | None,
    command: Sequence[str],
    seccomp_fd: int | None = None,
) -> list[str]:
    """The full argv (setpriv when root, then bwrap, then `command` inside the sandbox)."""
    argv = [*drop_root_prefix(), "bwrap"]
    argv += ["--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    argv += ["--unshare-cgroup-try", "--disable-userns", "--cap-drop", "ALL"]
    argv += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--hostname", "shelltutor"]
    argv += ["--new-session", "--die-with-parent", "--as-pid-1", "--clearenv"]
    for name, value in env.items():
        argv += ["--setenv", name, value]
    argv += ["--ro-bind", "/usr", "/usr"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / top
        if host.is_symlink():
            argv += ["--symlink", os.readlink(host), f"/{top}"]
        elif host.is_dir():
            argv += ["--ro-bind", str(host), f"/{top}"]
    # The sandbox's own /etc, never the host's (see sandboxetc.py).
    argv += ["--ro-bind", str(sandbox_etc(data)), "/etc"]
    argv += ["--proc", "/proc"]
    for name in _masked_proc_files():
        argv += ["--dev-bind", "/dev/null", f"/proc/{name}"]
    argv += ["--dev", "/dev"]
    disk = str(limits.disk_mb << 20)
    argv += ["--perms", "1777", "--size", disk, "--tmpfs", "/tmp"]
    argv += ["--perms", "0755", "--size", disk, "--tmpfs", HOME]
    argv += ["--perms", "0700", "--size", str(RUN_DIR_BYTES), "--tmpfs", RUN_DIR]
    argv += ["--dir", "/var", "--symlink", "../tmp", "/var/tmp"]
    argv += ["--ro-bind", str(data), DATA_DIR]
    argv += ["--chdir", HOME, "--remount-ro", "/dev", "--remount-ro", "/"]
    if info_fd is not None:
        argv += ["--info-fd", str(info_fd)]
    if seccomp_fd is not None:
        argv += ["--seccomp", str(seccomp_fd)]
    argv += ["--", *command]
    return argv
