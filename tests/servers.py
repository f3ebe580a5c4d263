"""Throwaway servers for tests: a PostgreSQL cluster and a `chroma run` server, each on a free loopback port.

Both are started from files on this machine (no network); the fixtures in tests/conftest.py decide whether
a missing PostgreSQL skips (a developer's machine) or fails (CI=true).
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

# Where Debian's packages and a source build put the server binaries (initdb is not on PATH on Debian).
POSTGRES_BIN_DIRS = ("/usr/local/bin", "/usr/local/pgsql/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                                                                        reverse=True))
# initdb and postgres refuse to run as root: as root, the cluster belongs to this unprivileged user.
POSTGRES_OS_USER = "nobody"


class ServerUnavailable(RuntimeError):
    """The server's programs are not installed here."""


def postgres_bin() -> Path:
    """Return the folder holding initdb and pg_ctl, or raise ServerUnavailable."""
    found = shutil.which("initdb")
    dirs = [str(Path(found).parent)] if found else []
    for folder in [*dirs, *POSTGRES_BIN_DIRS]:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    raise ServerUnavailable("PostgreSQL is not installed (no initdb/pg_ctl on PATH or in "
                            + ", ".join(POSTGRES_BIN_DIRS) + ")")


@dataclass
class PostgresServer:
    """A running throwaway cluster: superuser `newsbot` with a password, on 127.0.0.1:`port`."""

    port: int
    password: str
    root: Path

    def url(self, dbname: str = "postgres") -> str:
        """Return the postgresql:// URL of a database on this server."""
        return f"postgresql://newsbot:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _as_server_user(cmd: list[str]) -> list[str]:
    """Run `cmd` as the unprivileged user when this process is root."""
    if os.geteuid() != 0:
        return cmd
    import pwd

    user = pwd.getpwnam(POSTGRES_OS_USER)
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--", *cmd]


@contextlib.contextmanager
def postgres_server(port: int) -> Iterator[PostgresServer]:
    """Create a cluster in a fresh temp folder, serve it on 127.0.0.1:`port`; stop and remove it at the end."""
    bindir = postgres_bin()
    # Not under pytest's tmp_path: its root-only parents would keep the unprivileged server user out.
    root = Path(tempfile.mkdtemp(prefix="newsbot-pg-"))
    password = secrets.token_urlsafe(12)
    pwfile, data, log = root / "pw", root / "data", root / "server.log"
    pwfile.write_text(password + "\n")
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam(POSTGRES_OS_USER)
        for path in (root, pwfile):
            os.chown(path, user.pw_uid, user.pw_gid)
        root.chmod(0o700)
    env = {"PATH": f"{bindir}:/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}
    init = subprocess.run(
        _as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "newsbot", "--pwfile", str(pwfile),
                         "--auth=scram-sha-256", "-E", "UTF8", "--no-sync"]),
        capture_output=True, text=True, env=env, cwd=root,
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed ({init.returncode}):\n{init.stdout}\n{init.stderr}")
    options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
    start = subprocess.run(
        _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60",
                         "start"]),
        capture_output=True, text=True, env=env, cwd=root,
    )
    if start.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed ({start.returncode}):\n{start.stdout}\n{start.stderr}\n{text}")
    try:
        yield PostgresServer(port, password, root)
    finally:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w",
                                        "stop"]), capture_output=True, env=env, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class ChromaServer:
    """A running `chroma run` server."""

    url: str
    path: Path
    proc: subprocess.Popen


@contextlib.contextmanager
def chroma_server_running(root: Path, port: int) -> Iterator[ChromaServer]:
    """`chroma run` (from the venv, next to this Python) on 127.0.0.1:`port`, stopped at the end."""
    exe = Path(sys.executable).with_name("chroma")
    if not exe.is_file():
        raise RuntimeError(f"the chroma CLI is not installed next to {sys.executable}")
    db, log_path = root / "db", root / "server.log"
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        cmd = [str(exe), "run", "--path", str(db), "--host", "127.0.0.1", "--port", str(port)]
        env = {"PATH": f"{exe.parent}:/usr/bin:/bin", "ANONYMIZED_TELEMETRY": "False", "HOME": str(root)}
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {proc.returncode}:\n"
                                   f"{log_path.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not answer its heartbeat in 60 s:\n"
                                   f"{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield ChromaServer(url, db, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
