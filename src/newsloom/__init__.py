"""newsloom: multilingual news in, traceable knowledge out.

The Python API is the product; the CLI and the web layers call it:

    from newsloom import Database, Settings, ingest, analyze
    db = Database("news.db")
    report = ingest(db, ["~/news/"])
    records = analyze(["article.html"])   # no database needed
"""

from newsloom.document import Document
from newsloom.ingest import IngestReport, ingest
from newsloom.pipeline import Pipeline, component
from newsloom.records import analyze
from newsloom.settings import Settings
from newsloom.store import Database

__all__ = [
    "Database",
    "Document",
    "IngestReport",
    "Pipeline",
    "Settings",
    "analyze",
    "component",
    "ingest",
]
__version__ = "0.1.0"
