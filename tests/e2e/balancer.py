"""A tiny round-robin HTTP load balancer for the replica tests: each request goes to the next backend.

Written here rather than taken from a package: it is a test fixture of forty lines, and it must record
which backend served which request so the tests can tell that replicas took turns. A backend that
refuses the connection is skipped, as a real balancer's health check would.
"""

from __future__ import annotations

import http.client
import http.server
import itertools
import threading
from typing import Any

FORWARDED_HEADERS = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")


class RoundRobinBalancer(http.server.ThreadingHTTPServer):
    """Forward every POST to the backends (host, port) in turn; `routed` lists (backend index, path)."""

    daemon_threads = True

    def __init__(self, backends: list[tuple[str, int]], host: str = "127.0.0.1", port: int = 0) -> None:
        self.backends = backends
        self.routed: list[int] = []
        self._turns = itertools.count()
        self._lock = threading.Lock()
        super().__init__((host, port), _Forward)
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="balancer", daemon=True)

    @property
    def url(self) -> str:
        """Return the balancer's base URL."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RoundRobinBalancer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.shutdown()
        self.server_close()
        self._thread.join(5)

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        """Send the request to the next backend that accepts a connection; 502 if none does."""
        with self._lock:
            first = next(self._turns)
        for i in range(len(self.backends)):
            index = (first + i) % len(self.backends)
            host, port = self.backends[index]
            conn = http.client.HTTPConnection(host, port, timeout=30)
            try:
                conn.request(method, path, body, headers)
                response = conn.getresponse()
                status, data = response.status, response.read()
            except ConnectionRefusedError:
                continue
            finally:
                conn.close()
            with self._lock:
                self.routed.append(index)
            return status, data
        return 502, b"no backend"


class _Forward(http.server.BaseHTTPRequestHandler):
    server: RoundRobinBalancer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: self.headers[k] for k in FORWARDED_HEADERS if self.headers.get(k)}
        status, data = self.server.forward("POST", self.path, headers, body)
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
