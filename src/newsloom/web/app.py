"""The web application: server-rendered pages and a JSON API over one newsloom store.

Each record type has its own router module (articles, entities, search, sources, ...) holding
its pages and its /api routes; a new record type (stories, quotes, claims) is one more module
in ROUTERS and its templates.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsloom import __version__
from newsloom.store import Database
from newsloom.web import (
    apidocs,
    articles,
    claims,
    entities,
    home,
    places,
    quotes,
    search,
    sources,
    stories,
)
from newsloom.web.articles import MAX_INGEST_BYTES
from newsloom.web.common import Stores, make_templates, render
from newsloom.web.middleware import BodyLimit, SecurityHeaders

# `newsloom serve --workers N` passes the store and the name of the token's variable to each
# worker process through these.
SERVE_DB_VARIABLE = "NEWSLOOM_SERVE_DB"
SERVE_TOKEN_VARIABLE = "NEWSLOOM_SERVE_TOKEN_ENV"

# A module with NAV is in the header, in this order.
ROUTERS = (home, stories, articles, entities, quotes, claims, search, sources, places, apidocs)


class Writer:
    """The one connection that writes (ingest requests), used by one request at a time."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._db: Database | None = None
        self._lock = threading.Lock()

    def _run(self, task, *args: Any) -> Any:
        with self._lock:
            if self._db is None:
                self._db = Database(self.db_path)
                self._db.conn.execute("PRAGMA busy_timeout = 5000")
            return task(self._db, *args)

    async def __call__(self, task, *args: Any) -> Any:
        return await to_thread.run_sync(self._run, task, *args)


def create_app(db_path: str | Path, write_token: str | None = None) -> FastAPI:
    """The app over the store at `db_path`; POST /api/articles works only with `write_token`."""
    db_path = str(db_path)
    if db_path == ":memory:":
        raise ValueError("the web app needs a database file: each server thread opens it")
    Database(db_path).close()  # create or migrate it once, before requests arrive
    app = FastAPI(
        title="newsloom",
        version=__version__,
        summary="Stories, articles, entities, quotes, claims and full-text search over a newsloom store.",
        docs_url=None,  # FastAPI's Swagger and ReDoc pages load from a CDN; /docs is ours
        redoc_url=None,
    )
    app.state.stores = Stores(db_path)
    app.state.templates = make_templates()
    app.state.nav = [module.NAV for module in ROUTERS if hasattr(module, "NAV")]
    app.state.write_token = write_token or None
    app.state.run_writer = Writer(db_path)
    app.mount("/static", StaticFiles(packages=[("newsloom.web", "static")]), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    # The last added runs first: the 413 of BodyLimit gets the security headers too.
    app.add_middleware(BodyLimit, max_bytes=MAX_INGEST_BYTES)
    app.add_middleware(SecurityHeaders)
    app.exception_handler(StarletteHTTPException)(http_error)
    app.exception_handler(RequestValidationError)(validation_error)
    return app


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app_from_environment() -> FastAPI:
    """The app of one `newsloom serve --workers N` process, from SERVE_DB_VARIABLE and the
    variable SERVE_TOKEN_VARIABLE names (the token itself never leaves its variable)."""
    token_variable = os.environ.get(SERVE_TOKEN_VARIABLE)
    token = os.environ.get(token_variable) if token_variable else None
    return create_app(os.environ[SERVE_DB_VARIABLE], write_token=token)


async def http_error(request: Request, error: StarletteHTTPException):
    if wants_json(request):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    return render(request, "error.html", status_code=error.status_code, message=error.detail)


async def validation_error(request: Request, error: RequestValidationError):
    problems = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors()]
    if wants_json(request):
        return JSONResponse({"detail": problems}, status_code=422)
    return render(request, "error.html", status_code=422, message="; ".join(problems))
