"""Shared fixtures: a loopback-only network guard, the real small models, stores and a CLI runner.

The models (spaCy pipeline, sentence-transformers MiniLM and its int8 ONNX twin) are loaded once per
session; every store lives in the test's own temporary folder; the CLI runs as a subprocess with the
environment the contract describes (offline, its own data folder, no proxy).
"""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:  # make `import servers` work under any pytest import mode
    sys.path.insert(0, _TESTS)

from servers import (  # noqa: E402
    ChromaServer,
    PostgresServer,
    ServerUnavailable,
    chroma_server_running,
    postgres_server,
)

# Everything in-process stays offline too (the CLI does the same in bot.factory.configure_environment).
for _key, _value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                     "ANONYMIZED_TELEMETRY": "False", "TOKENIZERS_PARALLELISM": "false"}.items():
    os.environ.setdefault(_key, _value)

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "FTP_PROXY", "NO_PROXY",
              "http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")


# --- network guard -------------------------------------------------------------------------------------


class NetworkBlockedError(RuntimeError):
    """A test tried to reach a host other than this machine's loopback."""


_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def is_loopback_host(host: Any) -> bool:
    """Tell whether `host` (a name or an address literal) is this machine's loopback."""
    if host is None:
        return True  # passive lookups (binding) never leave the machine
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").split("%", 1)[0].lower()
    if name in _LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


@dataclass
class NetworkGuard:
    """Records every blocked attempt so a test fails even when the code under test swallows the error."""

    violations: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def block(self, what: str) -> NetworkBlockedError:
        with self.lock:
            self.violations.append(what)
        return NetworkBlockedError(f"network access outside loopback is not allowed in tests: {what}")

    def take(self) -> list[str]:
        """Return and forget the recorded attempts."""
        with self.lock:
            out, self.violations[:] = list(self.violations), []
        return out


@pytest.fixture(scope="session", autouse=True)
def network_guard() -> Iterator[NetworkGuard]:
    """Patch socket connects and name lookups for the whole session: loopback and AF_UNIX only."""
    guard = NetworkGuard()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo, real_create_connection = socket.getaddrinfo, socket.create_connection

    def check_address(sock: socket.socket, address: Any) -> None:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return  # AF_UNIX and friends stay on this machine
        host = address[0] if isinstance(address, tuple) and address else address
        if not is_loopback_host(host):
            raise guard.block(f"connect to {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        check_address(self, address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check_address(self, address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback_host(host):
            raise guard.block(f"name lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not is_loopback_host(address[0]):
            raise guard.block(f"create_connection to {address!r}")
        return real_create_connection(address, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", connect)
        mp.setattr(socket.socket, "connect_ex", connect_ex)
        mp.setattr(socket, "getaddrinfo", getaddrinfo)
        mp.setattr(socket, "create_connection", create_connection)
        for var in PROXY_VARS:  # a proxy would turn every loopback request into a remote one
            mp.delenv(var, raising=False)
        yield guard


@pytest.fixture(autouse=True)
def _no_network(network_guard: NetworkGuard) -> Iterator[None]:
    """Fail the test if anything in it (or a thread it started) tried to leave loopback."""
    network_guard.take()
    yield
    attempts = network_guard.take()
    if attempts:
        pytest.fail("the test reached for the network outside loopback: " + "; ".join(attempts[:5]),
                    pytrace=False)


# --- the real small components, loaded once -------------------------------------------------------------


@pytest.fixture(scope="session")
def nlp():
    """The packaged spaCy English pipeline."""
    from index.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def st_embeddings():
    """The fp32 sentence-transformers MiniLM (what ingest embeds chunks with)."""
    from index.embeddings import make_embeddings

    emb = make_embeddings("sentence-transformers")
    emb.warm_up()
    return emb


@pytest.fixture(scope="session")
def onnx_embeddings():
    """The int8 ONNX MiniLM (what questions are embedded with)."""
    from index.embeddings import make_embeddings

    emb = make_embeddings("onnx")
    emb.warm_up()
    return emb


@pytest.fixture(scope="session")
def extract_quotes() -> Callable[..., Any]:
    """The real quote extractor; others edit it concurrently, so a failing import is retried, not stubbed."""
    last: BaseException | None = None
    for _ in range(20):
        try:
            return importlib.import_module("index.quotes").extract_quotes
        except Exception as exc:  # a half-written file: SyntaxError, ImportError, NameError, ...
            last = exc
            for name in ("index.quotes", "index.speakers"):
                sys.modules.pop(name, None)
            importlib.invalidate_caches()
            time.sleep(3)
    raise RuntimeError(f"index.quotes did not import for a minute: {last!r}")


# --- stores and ingest -----------------------------------------------------------------------------------


@dataclass
class Newsroom:
    """An ArticleStore on an embedded Chroma in a temporary folder, with an Ingestor over it."""

    root: Path
    store: Any
    ingestor: Any

    def write(self, rel: str, text: str | bytes, encoding: str = "utf-8") -> str:
        """Write a file under the newsroom's folder and return its path."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode(encoding))
        return str(path)

    def ingest(self, *sources: str, **kwargs: Any) -> tuple[list[Any], list[Any]]:
        """Ingest the sources; return (ingested, skipped)."""
        return self.ingestor.ingest(list(sources), **kwargs)

    def ingest_text(self, rel: str, text: str, **kwargs: Any) -> Any:
        """Write and ingest one article, asserting it was stored; return its Ingested record."""
        done, skipped = self.ingest(self.write(rel, text), **kwargs)
        assert not skipped, skipped
        assert len(done) == 1, done
        return done[0]

    def snapshot(self) -> dict[str, list[str]]:
        """Return the sorted ids of the chunk, quote and doc collections (what a reader could ever see)."""
        return {col.name: sorted(col.get(include=[])["ids"]) for col in self.store._raw.values()}

    def text(self, doc_id: str) -> str:
        """Return the stored text of a committed article."""
        return {d.doc_id: d.text for d in self.store.docs()}[doc_id]


@pytest.fixture(scope="session")
def build_newsroom(nlp, st_embeddings, onnx_embeddings, extract_quotes) -> Callable[..., Newsroom]:
    """Build a newsroom under `root`: build_newsroom(root, name="test", client=None, **ingestor_options)."""
    from index.ingest import Ingestor
    from index.store import ArticleStore, make_client

    def build(root: Path, name: str = "test", client: Any = None, **ingest_kwargs: Any) -> Newsroom:
        client = client if client is not None else make_client(str(root / "chroma"))
        store = ArticleStore(client, name, onnx_embeddings)
        ingestor = Ingestor(store, st_embeddings, lambda: nlp, extract_quotes, **ingest_kwargs)
        files = root / "files"
        files.mkdir(parents=True, exist_ok=True)
        return Newsroom(files, store, ingestor)

    return build


@dataclass
class ServedArticle:
    """The answering service over one ingested article, and an `ask` that checks every answer."""

    service: Any
    texts: dict[str, str]

    def ask(self, question: str, session: str | None = None) -> dict[str, Any]:
        """Ask through the real service and assert the answer keeps the contract; return its JSON."""
        answer = self.service.ask(question, session).to_json()
        check_answer_json(answer, self.texts)
        return answer


@pytest.fixture(scope="session")
def serve_article(build_newsroom) -> Callable[[Path, str, str], ServedArticle]:
    """Ingest one article into a fresh newsroom under `root` and serve it: serve_article(root, name, text)."""
    from bot.factory import build_service
    from bot.settings import Settings

    def serve(root: Path, filename: str, text: str) -> ServedArticle:
        room = build_newsroom(root)
        room.ingest_text(filename, text)
        service = build_service(Settings(data_dir=root / "data"), store=room.store)
        return ServedArticle(service, {d.doc_id: d.text for d in service.store.docs()})

    return serve


@pytest.fixture
def make_newsroom(tmp_path: Path, build_newsroom) -> Callable[..., Newsroom]:
    """Build newsrooms in this test's temporary folder (one embedded Chroma unless `client` is given)."""

    def make(name: str = "test", client: Any = None, **ingest_kwargs: Any) -> Newsroom:
        return build_newsroom(tmp_path, name, client, **ingest_kwargs)

    return make


@pytest.fixture
def newsroom(make_newsroom) -> Newsroom:
    """A fresh, empty newsroom."""
    return make_newsroom()


# --- articles written for the tests --------------------------------------------------------------------

COUNCIL = """Riverton council approves new tram line
The Riverton city council voted 7 to 4 on Tuesday to approve a tram line from the harbour to the university.
The line will cost 210 million euros and is expected to open in 2028.
“This tram will change how people move through our city,” said Mayor Helen Okafor.
Councillor David Brandt, who voted against the plan, said the budget had been underestimated.
Construction is scheduled to begin next spring, according to the transport department.
"""

FLOOD = """Floods cut off villages in the Marlow valley
The river burst its banks at dawn on Sunday, leaving more than 300 homes under water in the lower town.
Rescue crews used boats to reach elderly residents trapped on upper floors.
Schools across the district will stay closed until Thursday, the education office said.
“We have never seen the water rise this fast,” said fire chief Tomas Berg.
Forecasters expect the rain to ease by the middle of the week.
"""

LIBRARY = """Library gets a rooftop garden
The central library in Eastholm opened a rooftop garden on Friday, planted with herbs and wild flowers.
Volunteers built the raised beds over six weekends using timber from a demolished school gym.
“Readers can now take a book upstairs and sit among the bees,” said librarian Ana Ferreira.
The garden is open every afternoon from April to October.
"""


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    """Short news articles written for the tests (never the seed article in data/)."""
    return {"council": COUNCIL, "flood": FLOOD, "library": LIBRARY}


# --- answer contract checks ------------------------------------------------------------------------------


def check_answer_json(answer: dict[str, Any], texts: dict[str, str]) -> None:
    """Assert the contract's answer schema; `texts` maps doc_id to the stored article text."""
    import re

    assert answer["status"] in ("answered", "not_found"), answer
    assert isinstance(answer["answer"], str) and answer["answer"].strip(), answer
    assert isinstance(answer["citations"], list), answer
    ns = [c["n"] for c in answer["citations"]]
    assert len(ns) == len(set(ns)), f"duplicate citation numbers: {ns}"
    for c in answer["citations"]:
        assert set(c) >= {"n", "doc_id", "title", "text", "start", "end"}, c
        assert isinstance(c["n"], int) and isinstance(c["start"], int) and isinstance(c["end"], int), c
        assert c["doc_id"] in texts, f"citation of an unknown article: {c}"
        assert 0 <= c["start"] < c["end"] <= len(texts[c["doc_id"]]), c
        assert texts[c["doc_id"]][c["start"]:c["end"]] == c["text"], c
    for n in re.findall(r"\[(\d+)\]", answer["answer"]):
        assert int(n) in ns, f"[{n}] in the answer has no citation: {answer}"
    if answer["status"] == "answered":
        assert answer["citations"], answer


@pytest.fixture(scope="session")
def check_answer() -> Callable[[dict[str, Any], dict[str, str]], None]:
    """The contract's answer-schema check, as a fixture (test modules cannot import conftest)."""
    return check_answer_json


# --- the CLI as a subprocess -----------------------------------------------------------------------------


def cli_env(data_dir: Path | str, **extra: str) -> dict[str, str]:
    """Return the environment for a CLI subprocess: offline, its own data folder, no proxy."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_") and k not in PROXY_VARS
           and k not in ("TELEGRAM_BOT_TOKEN", "PYTHONPATH")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", NEWSBOT_DATA_DIR=str(data_dir),
               PYTHONIOENCODING="utf-8", NO_PROXY="127.0.0.1,localhost,::1")
    env.update(extra)
    return env


@dataclass
class CliRun:
    """A finished CLI run."""

    proc: subprocess.CompletedProcess[str]

    @property
    def code(self) -> int:
        return self.proc.returncode

    @property
    def out(self) -> str:
        return self.proc.stdout

    @property
    def err(self) -> str:
        return self.proc.stderr

    def json(self) -> Any:
        assert self.out.strip(), f"no stdout; exit {self.code}; stderr: {self.err}"
        return json.loads(self.out)

    def json_lines(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def __str__(self) -> str:
        return f"exit {self.code}\nstdout: {self.out}\nstderr: {self.err}"


def run_cli(*args: str, data_dir: Path | str, input: str | None = None, timeout: float = 180,
            env: dict[str, str] | None = None) -> CliRun:
    """Run `python -m bot.cli ARGS` from the repository root and return the finished process."""
    proc = subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=REPO_ROOT,
                          env=cli_env(data_dir, **(env or {})), input=input if input is not None else "",
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False)
    return CliRun(proc)


@pytest.fixture(scope="session")
def cli() -> Callable[..., CliRun]:
    """Run the CLI as a subprocess: cli("ask", "question", "--json", data_dir=..., input=..., env=...)."""
    return run_cli


# --- a local HTTP server -----------------------------------------------------------------------------------


@dataclass
class LocalSite:
    """A tiny HTTP server on 127.0.0.1 serving `routes`: path → (status, content type, body)."""

    server: ThreadingHTTPServer
    routes: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200) -> str:
        """Serve `body` at `path`; return its URL."""
        self.routes[path] = (status, content_type, body.encode() if isinstance(body, str) else body)
        return self.url(path)


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    """Serve given paths from a thread on a free loopback port; unknown paths are 404."""
    site: LocalSite

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits.append(self.path)
            status, ctype, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = LocalSite(server)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def free_port() -> int:
    """Return a loopback TCP port that nothing listens on (bound, then released)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    """A loopback port with no listener: connecting to it is refused."""
    return free_port()


@pytest.fixture(scope="session")
def get_free_port() -> Callable[[], int]:
    """Return a function that finds a free loopback port."""
    return free_port


# --- servers -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL on loopback for the session; skipped without PostgreSQL, except in CI."""
    try:
        with postgres_server(free_port()) as server:
            yield server
    except ServerUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {exc}", pytrace=False)
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """`chroma run` (from the venv) on a free loopback port, for one module, stopped at the end."""
    try:
        with chroma_server_running(tmp_path_factory.mktemp("chroma-server"), free_port()) as server:
            yield server
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
