"""Hostile family: the network. Only the sandbox's own loopback exists."""

from __future__ import annotations

import socket
import time

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import Session


def test_host_loopback_service_is_unreachable(session: Session) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        for command in (
            f"curl -s -m 2 http://127.0.0.1:{port}/",
            f"exec 3<>/dev/tcp/127.0.0.1/{port}",
            f"python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", {port}), 2)'",
            f"curl -s -m 2 http://localhost:{port}/",
        ):
            assert session.run(command, timeout=4).exit_code != 0, command
        time.sleep(0.1)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    finally:
        listener.close()


@pytest.mark.parametrize(
    "outside",
    [
        "curl -s -m 3 http://93.184.216.34/",
        "curl -s -m 3 https://example.com/",
        "getent hosts example.com",
        "python3 -c 'import socket; socket.create_connection((\"1.1.1.1\", 53), 2)'",
        "exec 3<>/dev/udp/8.8.8.8/53",
        "ping -c 1 -W 1 1.1.1.1",
    ],
)
def test_outside_addresses_and_dns_fail_fast(session: Session, outside: str) -> None:
    t0 = time.monotonic()
    assert session.run(outside, timeout=5).exit_code != 0
    assert time.monotonic() - t0 < 4


def test_only_loopback_interface(session: Session) -> None:
    assert run_ok(session, "ls /sys/class/net 2>/dev/null || cut -d: -f1 /proc/net/dev | tail -n +3").split() == ["lo"]


def test_a_lesson_server_on_the_sandbox_loopback_works(session: Session) -> None:
    run_ok(session, "echo '<h1>hi</h1>' > index.html; python3 -m http.server 8000 --bind 127.0.0.1 >/dev/null 2>&1 &")
    out = run_ok(
        session,
        "for i in $(seq 50); do curl -s http://127.0.0.1:8000/index.html && break; sleep 0.1; done",
        timeout=8,
    )
    assert out == "<h1>hi</h1>\n"
    assert "Serving" not in out
