"""Test support for the feedback tests: a real PostgreSQL server started by the tests.

The Debian ``postgresql`` package is on the machines; its server refuses to run as root, and
tests and CI run as root, so ``initdb`` and ``pg_ctl`` run as the ``postgres`` system user the
package created, in a temporary directory that user owns. One server per test process
(started on first use, stopped at exit), one fresh database per test. Outside CI a machine
without the binaries skips the PostgreSQL tests; in CI (``CI`` set) that is a failure.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest


@dataclass(frozen=True)
class PgServer:
    root: Path
    bindir: Path
    port: int
    user: pwd.struct_passwd | None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, object] = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid}
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            **kwargs,  # type: ignore[arg-type]
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@cache
def pg_server() -> PgServer:
    """The test process's PostgreSQL (started once); skips, or fails in CI, without one."""
    bindir = _bindir()
    if bindir is None:
        if os.environ.get("CI"):
            raise RuntimeError("CI needs PostgreSQL (apt-get install postgresql)")
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql)")
    user = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="smsd-pg-"))
    if user is not None:
        os.chown(root, user.pw_uid, user.pw_gid)
    server = PgServer(root, bindir, _free_port(), user)
    atexit.register(server.stop)
    data = root / "data"
    server.run(
        "initdb",
        "-D",
        str(data),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    options = f"-F -c listen_addresses=127.0.0.1 -p {server.port} -k {root}"
    server.run("pg_ctl", "-D", str(data), "-l", str(root / "log"), "-o", options, "-w", "start")
    return server


_databases = itertools.count(1)


def new_pg_database() -> str:
    """A fresh, empty database on the test server; returns its SQLAlchemy URL."""
    import psycopg

    server = pg_server()
    name = f"feedback_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)


def new_sqlite_database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'feedback.sqlite3'}"


BACKENDS = ["sqlite", "postgresql"]


def database_for(backend: str, tmp_path: Path) -> str:
    return new_pg_database() if backend == "postgresql" else new_sqlite_database(tmp_path)
