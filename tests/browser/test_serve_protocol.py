"""`shelltutor serve` against clients that are not its page: another site's, and one that sends garbage."""

from __future__ import annotations

import json

import aiohttp
import pytest

from .tutor_page import WAIT_SECONDS, Served, alive, wait_ended

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


async def test_a_page_of_another_site_cannot_open_a_session(server: Served) -> None:
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await http.ws_connect(server.url + "ws", headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403


async def test_malformed_messages_are_dropped_and_the_session_goes_on(server: Served) -> None:
    async with aiohttp.ClientSession() as http, http.ws_connect(server.url + "ws") as websocket:
        seen = bytearray()

        async def until(text: str) -> None:
            while text.encode() not in seen:
                message = await websocket.receive(timeout=WAIT_SECONDS)
                assert message.type == aiohttp.WSMsgType.BINARY, f"the session ended: {message}"
                seen.extend(message.data)

        await until("Who are you?")
        pid = server.new_session_pid()
        for junk in ("not json", "{}", "[]", '["resize", {"width": "x", "height": 1e9}]', '["stdin", 7]', '["?"]'):
            await websocket.send_str(junk)
        await websocket.send_bytes(b"\x00\xff")
        await websocket.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))
        await websocket.send_str(json.dumps(["stdin", "\ud800 bob\r"]))  # a lone surrogate is replaced
        await until("exercises done")
        assert alive(pid)
    assert wait_ended({pid}) == set()
