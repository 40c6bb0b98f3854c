"""A tiny seccomp filter for the sandbox: no TIOCSTI/TIOCLINUX keystroke injection, no foreign syscall ABI."""

from __future__ import annotations

import os
import platform
import struct

_LD_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_RET = 0x06  # BPF_RET | BPF_K
_ALLOW = 0x7FFF0000
_EPERM = 0x00050000 | 1
_ENOSYS = 0x00050000 | 38
TIOCSTI = 0x5412
TIOCLINUX = 0x541C

# machine -> (AUDIT_ARCH_*, __NR_ioctl)
_ARCHES = {"x86_64": (0xC000003E, 16), "aarch64": (0xC00000B7, 29)}


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def filter_program() -> bytes | None:
    """The BPF program (struct sock_filter[]) for this machine, or None where it is not known."""
    arch = _ARCHES.get(platform.machine())
    if arch is None:
        return None
    audit_arch, nr_ioctl = arch
    arg1_low = 24 if struct.pack("=I", 1)[0] == 1 else 28  # seccomp_data.args[1], low half
    return b"".join(
        [
            _insn(_LD_ABS, 0, 0, 4),  # 0: arch
            _insn(_JEQ, 1, 0, audit_arch),  # 1: native? -> 3
            _insn(_RET, 0, 0, _ENOSYS),  # 2: another ABI (i386 on x86_64): refused
            _insn(_LD_ABS, 0, 0, 0),  # 3: syscall number
            _insn(_JEQ, 0, 4, nr_ioctl),  # 4: ioctl? else -> 9
            _insn(_LD_ABS, 0, 0, arg1_low),  # 5: request
            _insn(_JEQ, 1, 0, TIOCSTI),  # 6: -> 8
            _insn(_JEQ, 0, 1, TIOCLINUX),  # 7: -> 8, else -> 9
            _insn(_RET, 0, 0, _EPERM),  # 8: no keystroke injection
            _insn(_RET, 0, 0, _ALLOW),  # 9
        ]
    )


def filter_fd() -> int | None:
    """A memfd holding the filter, positioned at its start, for `bwrap --seccomp FD` (None if unknown arch)."""
    program = filter_program()
    if program is None:
        return None
    fd = os.memfd_create("shelltutor-seccomp", os.MFD_CLOEXEC)
    os.write(fd, program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
