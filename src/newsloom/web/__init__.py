"""The web UI and JSON API: `create_app(db_path)` gives an ASGI app; `newsloom serve` runs it."""

from newsloom.web.app import create_app

__all__ = ["create_app"]
