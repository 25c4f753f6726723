"""Where newsloom keeps data it derives from installed packages, so that it is derived once.

`NEWSLOOM_CACHE` if set, else `$XDG_CACHE_HOME/newsloom`, else `~/.cache/newsloom`. Every file
in it can be deleted at any time: it is derived again when next needed.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder() -> Path:
    explicit = os.environ.get("NEWSLOOM_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsloom"


def write_whole(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees the whole file or none (OSError if unable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
