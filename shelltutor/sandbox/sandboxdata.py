"""The sandbox's own files (keeper, driver, stand-ins, /etc) at a path the sandbox's user can read."""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
import threading
from pathlib import Path

from shelltutor.resources import data_dir

_lock = threading.Lock()
_copies: dict[Path, Path] = {}


def readable_by_others(path: Path) -> bool:
    """Whether a user other than the owner can reach every file under `path` (x on each parent, r on files)."""
    for parent in [*reversed(path.parents), path]:
        try:
            if not os.stat(parent).st_mode & 0o001:
                return False
        except OSError:
            return False
    for root, dirs, files in os.walk(path):
        for name in dirs:
            if os.stat(os.path.join(root, name)).st_mode & 0o005 != 0o005:
                return False
        for name in files:
            if not os.stat(os.path.join(root, name)).st_mode & 0o004:
                return False
    return True


def sandbox_data() -> Path:
    """`sandbox/` as the sandbox's processes can read it.

    As root the sandbox runs as an unprivileged uid, which cannot enter a checkout under /root or a home
    with mode 700; then the files (a few KiB) are copied once per process into a root-owned, world-readable
    temporary folder, removed at exit. An ordinary user's sandbox runs as that user and reads them in place."""
    data = data_dir("sandbox")
    if os.geteuid() != 0:
        return data
    with _lock:
        found = _copies.get(data)
        if found is not None and found.is_dir():
            return found
        if readable_by_others(data):
            _copies[data] = data
            return data
        top = Path(tempfile.mkdtemp(prefix="shelltutor-data-"))
        os.chmod(top, 0o755)
        copy = top / "sandbox"
        shutil.copytree(data, copy, symlinks=True)
        for root, dirs, files in os.walk(copy):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
            for name in files:
                p = os.path.join(root, name)
                mode = os.lstat(p).st_mode
                if stat.S_ISREG(mode):
                    os.chmod(p, 0o755 if mode & 0o100 else 0o644)
        atexit.register(shutil.rmtree, top, True)
        _copies[data] = copy
        return copy
