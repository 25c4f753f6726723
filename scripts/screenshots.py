"""Screenshots of the main pages of `newsloom serve --demo` for the README (docs/screenshots/).

python scripts/screenshots.py            # needs Debian's chromium and the playwright package
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from newsloom import Database, sample
from newsloom.web import create_app

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]  # fmt: skip
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def serve(db_path: str) -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(db_path), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = str(Path(tmp) / "demo.db")
        sample.ingest_into(Database(db_path))
        base = serve(db_path)
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path="/usr/bin/chromium",
                headless=True, args=ARGS, viewport=LAPTOP,
            )  # fmt: skip
            page = context.new_page()
            page.goto(base + "/")
            page.screenshot(path=OUT / "home.png")
            # The Iran story: titles per language, timeline, developments, articles by language.
            page.locator("section.stories li.story a", has_text="Iran").first.click()
            page.wait_for_load_state()
            page.screenshot(path=OUT / "story.png", full_page=True)
            page.goto(base + "/quotes?language=el")
            page.screenshot(path=OUT / "quotes.png")
            # A Greek article with its quotes, speakers and claim statuses marked in the text.
            page.locator("ol.records a[href*='#quote-']").first.click()
            page.wait_for_load_state()
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=OUT / "article.png", full_page=True)
            page.goto(base + "/claims?entity=Ιράν")
            page.screenshot(path=OUT / "claims.png")
            page.goto(base + "/entities/country:RU")
            page.screenshot(path=OUT / "entity.png", full_page=True)
            page.goto(base + "/search?q=πυρκαγια")
            page.screenshot(path=OUT / "search.png")
            page.goto(base + "/sources")
            page.screenshot(path=OUT / "sources.png")
            page.set_viewport_size(PHONE)
            page.goto(base + "/")
            page.screenshot(path=OUT / "home-phone.png")
            context.close()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
