"""A scripted OpenAI-compatible chat server on loopback, for driving the real LangChain client in tests.

`FakeLLM` serves POST /v1/chat/completions (a JSON completion, or SSE chunks when the request says
`"stream": true`) and Ollama's native POST /api/chat (NDJSON lines), and replays `Reply`s in order (the last one repeats). A reply's `content` may be a
function of the prompt, so a script can cite whichever passage number holds a given text. Every request
body is recorded in `requests`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted response: text (or a function of the prompt), HTTP status and delays."""

    content: str | Callable[[str], str] = ""
    status: int = 200
    delay: float = 0.0  # seconds before the response starts
    chunk_delay: float = 0.0  # seconds between streamed chunks
    chunk_chars: int = 7


@dataclass
class FakeLLM:
    """The server, its script and what it was asked."""

    script: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def say(self, *replies: Reply | str) -> None:
        """Replace the script."""
        self.script = [r if isinstance(r, Reply) else Reply(r) for r in replies]

    def next_reply(self, body: dict[str, Any]) -> Reply:
        with self.lock:
            self.requests.append(body)
            i = len(self.requests) - 1
            return self.script[min(i, len(self.script) - 1)] if self.script else Reply("")

    def start(self) -> FakeLLM:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                route = self.path.rstrip("/")
                if route not in ("/v1/chat/completions", "/api/chat"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                reply = fake.next_reply(body)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    self._send(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                    return
                content = reply.content(prompt_of(body)) if callable(reply.content) else reply.content
                if route == "/api/chat":
                    self._ollama(body, content, reply)
                elif body.get("stream"):
                    self._stream(body, content, reply)
                else:
                    self._send(200, completion(body, content))

            def _send(self, status: int, obj: dict[str, Any]) -> None:
                data = json.dumps(obj).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (a timeout test)
                    pass

            def _stream(self, body: dict[str, Any], content: str, reply: Reply) -> None:
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Cache-Control", "no-cache")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    step = max(1, reply.chunk_chars)
                    pieces = [content[i : i + step] for i in range(0, len(content), step)]
                    for i, piece in enumerate(pieces):
                        delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                        self._event(chunk(body, delta, None))
                        if reply.chunk_delay:
                            time.sleep(reply.chunk_delay)
                    self._event(chunk(body, {}, "stop"))
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except OSError:
                    pass
                self.close_connection = True

            def _ollama(self, body: dict[str, Any], content: str, reply: Reply) -> None:
                """Answer in Ollama's native format: NDJSON lines, or one object without streaming."""
                def line(text: str, done: bool) -> bytes:
                    obj = {"model": body.get("model"), "created_at": "2025-01-01T00:00:00Z",
                           "message": {"role": "assistant", "content": text}, "done": done}
                    if done:
                        obj["done_reason"] = "stop"
                    return json.dumps(obj).encode() + b"\n"

                try:
                    if body.get("stream") is False:
                        data = line(content, True)
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                        return
                    self.send_response(200)
                    self.send_header("Content-Type", "application/x-ndjson")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    step = max(1, reply.chunk_chars)
                    for i in range(0, len(content), step):
                        self.wfile.write(line(content[i : i + step], False))
                        self.wfile.flush()
                        if reply.chunk_delay:
                            time.sleep(reply.chunk_delay)
                    self.wfile.write(line("", True))
                    self.wfile.flush()
                except OSError:
                    pass
                self.close_connection = True

            def _event(self, obj: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
                self.wfile.flush()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True  # a handler sleeping through a timeout test must not block stop()
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def prompt_of(body: dict[str, Any]) -> str:
    """Return the text of the request's messages."""
    out = []
    for m in body.get("messages", []):
        content = m.get("content")
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        out.append(str(content))
    return "\n".join(out)


def passages_of(prompt: str) -> dict[int, str]:
    """Return the numbered passages `[n] text` the prompt gives."""
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^\[(\d+)\] (.*)$", prompt, re.M)}


def cite(prompt: str, needle: str) -> str:
    """Return `[n]` for the passage containing `needle` (a test script's way to cite correctly)."""
    for n, text in passages_of(prompt).items():
        if needle in text:
            return f"[{n}]"
    raise AssertionError(f"no passage holds {needle!r}; passages: {passages_of(prompt)}")


def completion(body: dict[str, Any], content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
