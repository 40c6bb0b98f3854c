"""Kernel objects a sandbox must not share with the tutor: the seccomp filter and a fresh session keyring."""

from __future__ import annotations

import ctypes
import functools
import os
import platform
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
ALLOW = 0x7FFF0000
EPERM = 0x00050000 | 1
ENOSYS = 0x00050000 | 38
TIOCSTI = 0x5412
TIOCLINUX = 0x541C
X32_SYSCALL_BIT = 0x40000000
"""On x86_64 a syscall number with this bit set is the x32 ABI, under the native AUDIT_ARCH: unless the
filter refuses it first, `X32_SYSCALL_BIT | 514` (x32's ioctl) or `| 250` (keyctl) passes every number check."""
_KEYCTL_JOIN_SESSION_KEYRING = 1


@dataclass(frozen=True)
class Arch:
    """The numbers the filter needs on one machine."""

    audit_arch: int
    """AUDIT_ARCH_* of the native ABI; any other ABI is refused."""
    ioctl: int
    keyring: tuple[int, int, int]
    """add_key, request_key, keyctl."""
    x32: bool
    """Whether the native arch value also carries x32 calls (x86_64)."""


ARCHES = {
    "x86_64": Arch(0xC000003E, 16, (248, 249, 250), x32=True),
    "aarch64": Arch(0xC00000B7, 29, (217, 218, 219), x32=False),
}

_Jump = int | str
"""0: fall through to the next instruction; a name: that return at the end of the program."""


def _assemble(code: list[tuple[int, _Jump, _Jump, int]]) -> bytes:
    """Classic BPF jumps only go forward: the three returns come last and jumps to them are counted here."""
    returns = {"allow": ALLOW, "eperm": EPERM, "enosys": ENOSYS}
    where = {name: len(code) + i for i, name in enumerate(returns)}

    def offset(jump: _Jump, at: int) -> int:
        return jump if isinstance(jump, int) else where[jump] - at - 1

    out = [struct.pack("HBBI", op, offset(jt, at), offset(jf, at), k) for at, (op, jt, jf, k) in enumerate(code)]
    out += [struct.pack("HBBI", _RET, 0, 0, value) for value in returns.values()]
    return b"".join(out)


def filter_program(machine: str | None = None) -> bytes | None:
    """The BPF program (struct sock_filter[]) for this machine (or `machine`), or None where it is not known.

    Refused: another syscall ABI (i386 or x32 on x86_64, arm32 on aarch64) with ENOSYS, as a kernel built
    without that ABI answers; the keyring syscalls with ENOSYS, as a kernel without keyrings (CONFIG_KEYS)
    answers, which every keyring user already handles; TIOCSTI/TIOCLINUX keystroke injection with EPERM."""
    arch = ARCHES.get(machine or platform.machine())
    if arch is None:
        return None
    arg1_low = 24 if struct.pack("=I", 1)[0] == 1 else 28  # seccomp_data.args[1], low half
    code: list[tuple[int, _Jump, _Jump, int]] = [
        (_LD_ABS, 0, 0, 4),  # seccomp_data.arch
        (_JEQ, 0, "enosys", arch.audit_arch),
        (_LD_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    if arch.x32:
        code.append((_JGE, "enosys", 0, X32_SYSCALL_BIT))
    code += [(_JEQ, "enosys", 0, nr) for nr in arch.keyring]
    code += [
        (_JEQ, 0, "allow", arch.ioctl),
        (_LD_ABS, 0, 0, arg1_low),  # the request (the kernel reads it as 32 bits)
        (_JEQ, "eperm", 0, TIOCSTI),
        (_JEQ, "eperm", "allow", TIOCLINUX),
    ]
    return _assemble(code)


def filter_fd() -> int | None:
    """A memfd holding the filter, positioned at its start, for `bwrap --seccomp FD` (None if unknown arch)."""
    program = filter_program()
    if program is None:
        return None
    fd = os.memfd_create("shelltutor-seccomp", os.MFD_CLOEXEC)
    os.write(fd, program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def join_new_session_keyring() -> bool:
    """Give the calling *thread* a new, empty, anonymous session keyring; whether that worked.

    A session keyring belongs to a thread's credentials and is inherited by the processes it starts. False
    where the kernel or an outer seccomp profile (Docker's) refuses keyrings, or the user's key quota is
    full: the sandbox's filter still refuses every keyring call inside."""
    arch = ARCHES.get(platform.machine())
    if arch is None:
        return False
    keyctl = ctypes.c_long(arch.keyring[2])
    return int(_libc().syscall(keyctl, ctypes.c_long(_KEYCTL_JOIN_SESSION_KEYRING), None)) >= 0


@functools.cache
def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_new_session_keyring(start: Callable[_P, _R]) -> Callable[_P, _R]:
    """`start` run with a new session keyring that its child inherits and nothing else holds.

    The calling thread joins a new keyring before `start` (the child gets it) and another one after it, so
    it keeps no reference to the child's: keys a sandbox manages to plant die with it, and no two sandboxes
    share one. A syscall each, where a `preexec_fn` would cost Popen its vfork."""

    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        join_new_session_keyring()
        try:
            return start(*args, **kwargs)
        finally:
            join_new_session_keyring()

    return run
