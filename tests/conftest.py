import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsloom import Database, Settings, ingest

FIXTURES = Path(__file__).parent / "fixtures"
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load_benchmark(name: str) -> ModuleType:
    """A script of benchmarks/ as a module, to test what it computes."""
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def db() -> Database:
    database = Database(":memory:")
    yield database
    database.close()


def ingest_fixtures(db: Database, *names: str, **settings) -> "newsloom.IngestReport":  # noqa: F821
    return ingest(db, [str(FIXTURES / name) for name in names], Settings(**settings))


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> str:
    """The sample corpus plus two hostile articles, in a file the web app can open per thread."""
    from newsloom import sample

    path = str(tmp_path_factory.mktemp("web") / "news.db")
    database = Database(path)
    sample.ingest_into(database)
    ingest(database, [str(FIXTURES / "hostile.jsonl")])
    database.close()
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session (tests/postgres.py): skipped where there is none."""
    from .postgres import server

    with server() as running:
        yield running


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A new, empty PostgreSQL database for one test."""
    return postgres_server.new_database()
