"""What to do about a sandbox that cannot start: bubblewrap's known failure messages mapped to their fixes."""

from __future__ import annotations

import re
from pathlib import Path

_INSTALL_BWRAP = (
    "sudo apt-get install bubblewrap (Debian/Ubuntu), sudo dnf install bubblewrap (Fedora), "
    "sudo pacman -S bubblewrap (Arch)"
)

# Only bwrap's own lines ("bwrap: ...") are matched: a program inside the sandbox that says "Operation not
# permitted" (setsid, a learner's command) has nothing to do with user namespaces.
_BWRAP_LINE = re.compile(r"^bwrap: (.*)$", re.MULTILINE)


def fix_for_failure(message: str) -> str | None:
    """The known fix for what bwrap printed when it failed (None if nothing in `message` is known)."""
    for said in _BWRAP_LINE.findall(message):
        low = said.lower()
        if "setting up uid map" in low or "no permissions to creat" in low or "creating new namespace" in low:
            return userns_fix()
        if "loopback" in low and "rtm_newaddr" in low:
            return userns_fix()
        if "can't mount proc" in low or "can't mount devpts" in low:
            return (
                "the sandbox cannot mount its own /proc here, which happens inside a container that hides the "
                "host's: run the container with --security-opt seccomp=unconfined --security-opt "
                "apparmor=unconfined (or on a machine of your own), or start the tutor with --unisolated"
            )
        if "execvp" in low and "no such file" in low:
            return "a program the sandbox starts (bash) is missing: sudo apt-get install bash"
        if ("bind mount" in low or "can't find source path" in low) and "permission denied" in low:
            return (
                "the sandbox cannot read shelltutor's own files: install shelltutor in a folder every user can "
                "enter, or run the tutor as an ordinary user"
            )
    if re.search(r"\bbwrap\b.*no such file", message, re.IGNORECASE):
        return _INSTALL_BWRAP
    return None


def install_bwrap_fix() -> str:
    """How to install bubblewrap on the usual distributions."""
    return _INSTALL_BWRAP


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
