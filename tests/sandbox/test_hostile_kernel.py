"""Hostile inputs, kernel objects: the keyring of the learner's login session and x32 syscalls.

The keyring tests run a small tutor in a subprocess that first joins a session keyring of its own and puts
keys in it, as a login (pam_keyinit) does for the learner's desktop session: Kerberos tickets, tokens. Each
layer is tested alone: the seccomp filter (every keyring call refused), and the fresh session keyring each
sandbox starts with (with the filter switched off in that subprocess, the sandbox's keyrings are its own).
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import struct
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from shelltutor.sandbox import HomeEntry, Session, SessionSpec
from shelltutor.sandbox.bwrap import DROP_UID
from shelltutor.sandbox.seccomp import (
    ALLOW,
    ARCHES,
    ENOSYS,
    EPERM,
    TIOCLINUX,
    TIOCSTI,
    X32_SYSCALL_BIT,
    filter_program,
)

ENOKEY = 126
L = ctypes.c_long
ERRNO_ENOSYS = 38

# Run inside the sandbox (python3 keys.py OP ...): the keyring syscalls through ctypes, as keyutils would.
KEYS_PY = textwrap.dedent(
    """
    import ctypes, json, platform, sys
    ADD_KEY, REQUEST_KEY, KEYCTL = {"x86_64": (248, 249, 250), "aarch64": (217, 218, 219)}[platform.machine()]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    L = ctypes.c_long

    def call(*args):
        ctypes.set_errno(0)
        return [libc.syscall(*args), ctypes.get_errno()]

    op, rest = sys.argv[1], sys.argv[2:]
    if op == "session":  # KEYCTL_GET_KEYRING_ID of the session keyring, without creating one
        out = call(L(KEYCTL), L(0), L(-3), L(0))
    elif op == "read":  # KEYCTL_READ by serial
        buf = ctypes.create_string_buffer(256)
        out = call(L(KEYCTL), L(11), L(int(rest[0])), buf, L(256)) + [buf.value.decode()]
    elif op == "search":  # KEYCTL_SEARCH a keyring (-3 session, -4 user, -5 user session) for a user key
        out = call(L(KEYCTL), L(10), L(int(rest[0])), b"user", rest[1].encode(), L(0))
    elif op == "add":  # add_key of a user key to a keyring
        out = call(L(ADD_KEY), b"user", rest[0].encode(), b"planted", L(7), L(int(rest[1])))
    elif op == "request":  # request_key
        out = call(L(REQUEST_KEY), b"user", rest[0].encode(), None, L(-3))
    print(json.dumps(out))
    """
)

# The tutor, in its own process: a login session keyring with secrets, then two concurrent sandboxes.
TUTOR_PY = textwrap.dedent(
    """
    import ctypes, json, platform, sys, time
    ADD_KEY, REQUEST_KEY, KEYCTL = {"x86_64": (248, 249, 250), "aarch64": (217, 218, 219)}[platform.machine()]
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    L = ctypes.c_long

    def call(*args):
        ctypes.set_errno(0)
        return [libc.syscall(*args), ctypes.get_errno()]

    # The learner's login: a session keyring of its own, a ticket in it and a token in the user keyring.
    login = call(L(KEYCTL), L(1), None)[0]
    ticket = call(L(ADD_KEY), b"user", b"krb5-ticket", b"TGT-secret", L(10), L(-3))[0]
    token = call(L(ADD_KEY), b"user", b"api-token", b"token-secret", L(12), L(-4))[0]
    assert login > 0 and ticket > 0 and token > 0, (login, ticket, token)

    from shelltutor.sandbox import HomeEntry, Session, SessionSpec
    from shelltutor.sandbox import box
    if sys.argv[2] == "no-filter":
        box.filter_fd = lambda: None  # the keyring layer alone

    def inside(s, *args):
        r = s.run("python3 keys.py " + " ".join(args))
        assert r.exit_code == 0, r
        return json.loads(r.stdout)

    spec = SessionSpec(isolation="bwrap", home=(HomeEntry("keys.py", content=sys.argv[1].encode()),))
    out = {"login": login, "ticket": ticket, "token": token}
    with Session.start(spec) as a:
        b = Session.start(spec)
        try:
            out["a_session"] = inside(a, "session")
            out["b_session"] = inside(b, "session")
            out["read_ticket"] = inside(a, "read", str(ticket))
            out["read_token"] = inside(a, "read", str(token))
            out["search_ticket"] = [inside(a, "search", ring, "krb5-ticket") for ring in ("-3", "-4", "-5")]
            out["search_token"] = [inside(a, "search", ring, "api-token") for ring in ("-3", "-4", "-5")]
            out["request"] = inside(a, "request", "krb5-ticket")
            # b started last: without care the spawner thread would still hold its keyring after it ends.
            planted = [inside(b, "add", "planted-" + ring, ring) for ring in ("-3", "-4", "-5")]
            out["planted"] = planted
            out["a_sees_planted"] = [
                inside(a, "search", ring, "planted-" + ring) for ring in ("-3", "-4", "-5")
            ] + [inside(a, "read", str(serial)) for serial, _ in planted if serial > 0]
            out["tutor_sees_planted"] = [
                call(L(KEYCTL), L(10), L(-3), b"user", ("planted-" + ring).encode(), L(0))
                for ring in ("-3", "-4", "-5")
            ]
        finally:
            b.close()
        # After b ended, what it planted must be gone: looking it up by serial says ENOKEY.
        left = []
        for serial, _ in out["planted"]:
            if serial <= 0:
                continue
            deadline = time.monotonic() + 10
            while (errno := call(L(KEYCTL), L(6), L(serial), None, L(0))[1]) != 126:
                if time.monotonic() > deadline:
                    left.append([serial, errno])
                    break
                time.sleep(0.05)
        out["planted_left_after_close"] = left
    print(json.dumps(out))
    """
)


def _tutor(mode: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", TUTOR_PY, KEYS_PY, mode], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def filtered() -> dict[str, Any]:
    """The sandbox as it is: seccomp filter and fresh keyring."""
    return _tutor("filter")


@pytest.fixture(scope="module")
def keyring_only() -> dict[str, Any]:
    """The fresh session keyring alone (the filter switched off in the tutor subprocess)."""
    return _tutor("no-filter")


# -- the filter: every keyring call refused, with the answer of a kernel without keyrings -----------------------


def test_every_keyring_call_is_refused_inside(filtered: dict[str, Any]) -> None:
    nosys = [-1, ERRNO_ENOSYS]
    assert filtered["a_session"] == nosys
    assert filtered["read_ticket"][:2] == nosys and filtered["read_ticket"][2] == ""
    assert filtered["read_token"][:2] == nosys
    assert filtered["search_ticket"] == [nosys] * 3
    assert filtered["request"] == nosys
    assert filtered["planted"] == [nosys] * 3


def test_nothing_planted_reaches_the_tutor_or_the_other_session(filtered: dict[str, Any]) -> None:
    assert all(errno == ENOKEY for _, errno in filtered["tutor_sees_planted"]), filtered["tutor_sees_planted"]
    assert filtered["planted_left_after_close"] == []


# -- the fresh session keyring: the tutor's keys are out of reach even where keyctl works ---------------------


def test_the_sandbox_does_not_have_the_tutors_session_keyring(keyring_only: dict[str, Any]) -> None:
    a, b = keyring_only["a_session"][0], keyring_only["b_session"][0]
    assert a > 0 and b > 0, keyring_only
    assert keyring_only["login"] not in (a, b)
    assert a != b  # two concurrent sandboxes do not share one either


def test_the_tutors_keys_cannot_be_read_or_found(keyring_only: dict[str, Any]) -> None:
    for name in ("read_ticket", "read_token"):
        ret, errno, payload = keyring_only[name]
        assert ret == -1 and errno != 0 and payload == "", (name, keyring_only[name])
    for name in ("search_ticket", "search_token"):
        assert all(ret == -1 and errno == ENOKEY for ret, errno in keyring_only[name]), keyring_only[name]


def test_keys_planted_inside_stay_in_that_sandbox_and_die_with_it(keyring_only: dict[str, Any]) -> None:
    planted = keyring_only["planted"]
    assert all(serial > 0 for serial, _ in planted), planted  # without the filter, adding works ...
    # ... but the other session cannot find or read them, nor can the tutor find them in its keyring,
    assert all(ret == -1 for ret, *_ in keyring_only["a_sees_planted"]), keyring_only["a_sees_planted"]
    assert all(errno == ENOKEY for _, errno in keyring_only["tutor_sees_planted"])
    # and nothing holds them after the sandbox ended (the spawner thread keeps no sandbox's keyring).
    assert keyring_only["planted_left_after_close"] == []


@pytest.fixture
def key_of_the_sandbox_user() -> Iterator[int]:
    """A key in this process's keyring owned by the uid the sandbox runs as, so /proc/keys inside would list it."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    add_key, _, keyctl = ARCHES[platform.machine()].keyring
    serial = libc.syscall(L(add_key), b"user", b"shelltutor-test-visible", b"secret", L(6), L(-3))
    assert serial > 0, ctypes.get_errno()
    try:
        if os.geteuid() == 0:  # KEYCTL_CHOWN: the sandbox runs as nobody
            assert libc.syscall(L(keyctl), L(4), L(serial), L(DROP_UID), L(-1)) == 0, ctypes.get_errno()
        yield serial
    finally:
        libc.syscall(L(keyctl), L(21), L(serial))  # KEYCTL_INVALIDATE


def test_key_lists_in_proc_are_empty(session: Session, key_of_the_sandbox_user: int) -> None:
    """/proc/keys lists the descriptions of every key the sandbox's uid may view (its other sessions' keyrings,
    ticket names); /proc/key-users the key counts of every user mapped in."""
    r = session.run("wc -c </proc/keys; wc -c </proc/key-users")
    assert r.exit_code == 0, r
    assert r.stdout.split() == ["0", "0"]


# -- the filter's ABI checks: x32 and foreign architectures -------------------------------------------------


def _run_filter(program: bytes, nr: int, arch: int, args: tuple[int, ...] = (0,) * 6) -> int:
    """The filter's verdict for one syscall: a classic BPF interpreter for the instructions it uses (checked
    against the kernel's own verdicts in the sandbox by the next test)."""
    data = struct.pack("=IIQ6Q", nr & 0xFFFFFFFF, arch, 0, *(a & 0xFFFFFFFFFFFFFFFF for a in args))
    insns = [struct.unpack_from("HBBI", program, at) for at in range(0, len(program), 8)]
    pc = acc = 0
    while True:
        code, jt, jf, k = insns[pc]
        if code == 0x20:  # ld [k]
            acc = struct.unpack_from("=I", data, k)[0]
            pc += 1
        elif code == 0x15:  # jeq
            pc += 1 + (jt if acc == k else jf)
        elif code == 0x35:  # jge
            pc += 1 + (jt if acc >= k else jf)
        elif code == 0x06:  # ret
            return int(k)
        else:
            raise AssertionError(f"instruction {code:#x} is not modelled")


X86 = ARCHES["x86_64"]
AUDIT_ARCH_I386 = 0x40000003
AUDIT_ARCH_ARM = 0x40000028
NR_GETPID, X32_IOCTL = 39, 514


@pytest.mark.parametrize(
    ("nr", "arch", "ioctl_request", "verdict"),
    [
        (NR_GETPID, X86.audit_arch, 0, ALLOW),
        (X86.ioctl, X86.audit_arch, 0x5401, ALLOW),  # TCGETS
        (X86.ioctl, X86.audit_arch, TIOCSTI, EPERM),
        (X86.ioctl, X86.audit_arch, TIOCLINUX, EPERM),
        (X86.keyring[2], X86.audit_arch, 0, ENOSYS),
        (X86.keyring[0], X86.audit_arch, 0, ENOSYS),
        (X86.keyring[1], X86.audit_arch, 0, ENOSYS),
        # x32: the native arch value, the number with bit 30 set. Each passed every number check before.
        (X32_SYSCALL_BIT | X32_IOCTL, X86.audit_arch, TIOCSTI, ENOSYS),
        (X32_SYSCALL_BIT | X86.ioctl, X86.audit_arch, TIOCSTI, ENOSYS),
        (X32_SYSCALL_BIT | X86.keyring[2], X86.audit_arch, 0, ENOSYS),
        (X32_SYSCALL_BIT | NR_GETPID, X86.audit_arch, 0, ENOSYS),
        (0xFFFFFFFF, X86.audit_arch, 0, ENOSYS),
        # i386 through int 0x80: another arch value, refused whatever the number.
        (NR_GETPID, AUDIT_ARCH_I386, 0, ENOSYS),
        (54, AUDIT_ARCH_I386, TIOCSTI, ENOSYS),
    ],
)
def test_x86_64_filter_verdicts(nr: int, arch: int, ioctl_request: int, verdict: int) -> None:
    program = filter_program("x86_64")
    assert program is not None
    assert _run_filter(program, nr, arch, (0, ioctl_request, 0, 0, 0, 0)) == verdict


def test_aarch64_filter_verdicts() -> None:
    program = filter_program("aarch64")
    arm = ARCHES["aarch64"]
    assert program is not None
    assert _run_filter(program, 172, arm.audit_arch) == ALLOW  # getpid
    assert _run_filter(program, arm.ioctl, arm.audit_arch, (0, TIOCSTI, 0, 0, 0, 0)) == EPERM
    assert all(_run_filter(program, nr, arm.audit_arch) == ENOSYS for nr in arm.keyring)
    assert _run_filter(program, 20, AUDIT_ARCH_ARM) == ENOSYS  # arm32 compat: refused


SYSCALL_PY = (
    "import ctypes, fcntl, sys\nlibc = ctypes.CDLL(None, use_errno=True)\nlibc.syscall.restype = ctypes.c_long\n"
    "args = [ctypes.c_long(int(a, 0)) for a in sys.argv[1:]]\n"
    "if len(args) > 3: args[3] = ctypes.c_char_p(b'x')  # ioctl's argument: a character to inject\n"
    "ctypes.set_errno(0)\nr = libc.syscall(*args)\nprint(r if r < 0 else 0, ctypes.get_errno())\n"
)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the x32 ABI and these numbers exist only on x86_64")
def test_the_kernel_agrees_with_the_interpreter_and_x32_is_refused() -> None:
    """Real syscalls in the sandbox: each answer matches the interpreter's verdict for the filter. Where the
    kernel has x32 (CONFIG_X86_X32_ABI) an unfiltered x32 call would run; refused, it fails with ENOSYS."""
    program = filter_program()
    assert program is not None
    cases = [
        ((NR_GETPID,), 0),
        ((X86.ioctl, 0, TIOCSTI, 0), 1),  # EPERM
        ((X86.keyring[2], 0, -3), ERRNO_ENOSYS),
        ((X32_SYSCALL_BIT | NR_GETPID,), ERRNO_ENOSYS),
        ((X32_SYSCALL_BIT | X32_IOCTL, 0, TIOCSTI, 0), ERRNO_ENOSYS),
        ((X32_SYSCALL_BIT | X86.keyring[2], 0, -3), ERRNO_ENOSYS),
    ]
    errno_of = {ALLOW: 0, EPERM: 1, ENOSYS: ERRNO_ENOSYS}
    spec = SessionSpec(isolation="bwrap", home=(HomeEntry("sc.py", content=SYSCALL_PY.encode()),))
    with Session.start(spec) as s:
        for call, expected in cases:
            request = call[2] if len(call) > 2 else 0
            assert errno_of[_run_filter(program, call[0], X86.audit_arch, (0, request, 0, 0, 0, 0))] == expected
            r = s.run("python3 sc.py " + " ".join(str(a) for a in call))
            assert r.exit_code == 0, r
            assert int(r.stdout.split()[1]) == expected, (call, r.stdout)
