"""A throwaway PostgreSQL server for the tests: a cluster in a temporary folder, started with
Debian's binaries (/usr/lib/postgresql/*/bin) on a free port and stopped at the end.

NEWSLOOM_TEST_POSTGRES=postgresql://user@host/db uses a running server instead (each test
store is a new database on it). Without either the tests skip, except in CI (CI=1, as .ci/run
sets), where a missing server is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
EXISTING = "NEWSLOOM_TEST_POSTGRES"


class Server:
    """A server the tests may create databases on; `url` is its maintenance database."""

    def __init__(self, url: str) -> None:
        self.url = url

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"newsloom_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL tests must run in CI: {reason}")
    pytest.skip(reason)


@contextmanager
def server() -> Iterator[Server]:
    if os.environ.get(EXISTING):
        yield Server(os.environ[EXISTING])
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is missing (pip install 'newsloom[postgresql]')")
    bin_dir = binaries()
    if bin_dir is None:
        unavailable("PostgreSQL is missing (apt-get install postgresql postgresql-contrib)")
    with tempfile.TemporaryDirectory(prefix="newsloom-pg-") as folder:
        yield from _cluster(bin_dir, Path(folder))


def _cluster(bin_dir: Path, folder: Path) -> Iterator[Server]:
    # initdb refuses to run as root (CI runs as root): run the server as the postgres user.
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    subprocess.run(
        [*as_user, bin_dir / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
         "--locale=C", "--no-sync"],
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    control = [*as_user, bin_dir / "pg_ctl", "-D", data, "-l", folder / "log", "-w"]
    subprocess.run([*control, "-o", options, "start"], check=True, capture_output=True)
    try:
        yield Server(f"postgresql://postgres@127.0.0.1:{port}/postgres")
    finally:
        subprocess.run([*control, "-m", "immediate", "stop"], check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
