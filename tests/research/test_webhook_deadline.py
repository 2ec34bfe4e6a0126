"""A webhook server that trickles its answer is cut off by the call's total deadline.

A per-read timeout alone never expires while a byte arrives every now and then, so such a
server could hold the webhook worker for as long as it liked.
"""

import ipaddress
import socket
import threading

import pytest

from teekond.research import webhooks

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8")]


class Trickle:
    """A server on 127.0.0.1 that answers 200, one header byte every ``gap`` seconds, for
    ``bytes_`` bytes: a complete, valid answer, only slow."""

    def __init__(self, bytes_: int, gap: float):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sent = 0
        self.bytes, self.gap = bytes_, gap
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            self._read_request(conn)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                while self.sent < self.bytes and not self.stop.wait(self.gap):
                    conn.sendall(b"a")
                    self.sent += 1
                conn.sendall(b"\r\nContent-Length: 0\r\n\r\n")
            except OSError:  # the client hung up
                pass

    @staticmethod
    def _read_request(conn: socket.socket) -> None:
        """All of it: closing with unread bytes would reset the connection."""
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        while len(body) < length:
            body += conn.recv(65536)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


def test_a_server_that_trickles_its_answer_is_cut_at_the_deadline(settings):
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    settings.TEEKOND_WEBHOOK_TIMEOUT = 2  # per read: never reached, a byte comes every 0.05 s
    settings.TEEKOND_WEBHOOK_DEADLINE = 1
    with Trickle(bytes_=200, gap=0.05) as server:  # a whole answer would take 10 s
        target = webhooks.check_url(f"http://127.0.0.1:{server.port}/hook")
        with pytest.raises(OSError, match="no complete answer within 1 s"):
            webhooks.post(target, {"kind": "detractor"})
        assert server.sent < server.bytes


def test_a_quick_answer_is_not_cut(settings):
    settings.TEEKOND_WEBHOOK_ALLOWED_NETWORKS = LOOPBACK
    settings.TEEKOND_WEBHOOK_DEADLINE = 5
    with Trickle(bytes_=3, gap=0.01) as server:
        target = webhooks.check_url(f"http://127.0.0.1:{server.port}/hook")
        assert webhooks.post(target, {"kind": "detractor"}) == 200
