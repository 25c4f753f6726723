"""Bad input at full size: the long fuzz run, and one batch holding every odd input at once.

What it does
    2. Runs the property-based tests of tests/test_fuzz_readers.py (every reader and cleaning,
       random and mutated bytes under every file name) with --examples examples each instead
       of the CI budget, and prints hypothesis's counts.
    1. Writes one folder with every odd input the issue lists, at full size: gzip bombs
       (--bomb-mib of zeros, as text, JSON Lines, WARC and HTML), a single-line JSON Lines file
       over the size limit, JSON nested 100,000 deep, billion laughs in a feed, WARC records
       with lying Content-Length headers, JSON Lines with non-object lines, NUL bytes, invalid
       UTF-8, a symbolic link loop, files the ingest cannot read (run as root, it runs without
       the capabilities that let root read any file), odd file names, and --tiny-files tiny files in one folder,
       plus good articles; then runs `newsloom ingest` over it in a child process with a
       per-file time limit and reports: inputs, problems reported, tracebacks (must be 0),
       exit code (must be 1), articles stored against the good articles written (data lost
       must be 0), wall time and the child's peak resident memory.

How to run
    python benchmarks/fuzz_readers.py                          # 2,000 examples, 20,000 files
    python benchmarks/fuzz_readers.py --examples 200 --tiny-files 2000 --bomb-mib 256
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOOD = (
    "Ferry workers walk out in Piraeus\n\nFerry crews in Piraeus and Rafina walked out on "
    "Monday morning, the seamen's union said, after talks on pay broke down late on Sunday. "
    "Ticket {n} holders were told to rebook.\n"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_property_tests(examples: int) -> list[str]:
    environment = os.environ | {"NEWSLOOM_FUZZ_EXAMPLES": str(examples)}
    command = [sys.executable, "-m", "pytest", str(ROOT / "tests" / "test_fuzz_readers.py"),
               "-q", "-p", "no:cacheprovider", "-k", "any_bytes or cleaning or any_values",
               "--hypothesis-show-statistics"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=ROOT)
    lines = [line.strip() for line in result.stdout.splitlines()]
    return [line for line in lines if re.search(r"passing|::test_.*:$", line)]


def gzip_bomb(mib: int) -> bytes:
    compressor = zlib.compressobj(9, wbits=31)
    block = bytes(2**20)
    return b"".join(compressor.compress(block) for _ in range(mib)) + compressor.flush()


def lying_warc(length: bytes) -> bytes:
    body = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><article><p>"
            + b"The port authority reopened the harbour on Monday after the storm. " * 4
            + b"</p></article></body></html>")  # fmt: skip
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/a\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: " + length
            + b"\r\n\r\n" + body + b"\r\n\r\n") * 2  # fmt: skip


def write_batch(folder: Path, tiny_files: int, bomb_mib: int) -> dict[str, int]:
    """The odd inputs and the good articles; returns how many of each were written."""
    bad = folder / "bad"
    bad.mkdir(parents=True)
    for extra, name in enumerate(("bomb.txt.gz", "bomb.jsonl.gz", "bomb.warc.gz", "bomb.html.gz")):
        (bad / name).write_bytes(gzip_bomb(bomb_mib + extra))  # not byte-identical: all read
    with (bad / "one_line.jsonl").open("wb") as handle:  # over the 50 MB default limit
        handle.write(b'{"text": "' + b"word " * (12 * 2**20) + b'"}')
    (bad / "deep.json").write_bytes(b"[" * 100_000)
    (bad / "deep.jsonl").write_bytes(b'{"text": ' + b"[" * 100_000 + b"\n")
    entities = "".join(
        f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "lol") * 10}">' for i in range(10)
    )
    (bad / "laughs.rss").write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [{entities}]><rss version="2.0"><channel><title>&l9;'
        "</title><item><title>&l9;</title><description>&l9;</description></item></channel></rss>"
    )
    for length in (b"99999999999", b"12", b"-5", b"many"):
        (bad / f"lying_{length.decode()}.warc").write_bytes(lying_warc(length))
    (bad / "not_objects.jsonl").write_bytes(b'1\n"x"\nnull\n[1]\n{"text": 5}\n')
    (bad / "nul.txt").write_bytes(b"Port\0 closed\0 on\0 Monday\0." * 50)
    (bad / "invalid_utf8.json").write_bytes(b'{"text": "\xff\xfe\xfd port closed"}')
    (bad / "binary.txt").write_bytes(os.urandom(4096))
    (bad / "html_as.json").write_bytes(b"<html><body>not json</body></html>")
    (bad / "loop").mkdir()
    (bad / "loop" / "up").symlink_to("..")
    (bad / "self.txt").symlink_to("self.txt")
    for name in ("unreadable.txt", "unreadable.jsonl"):
        (bad / name).write_text(GOOD.format(n="x"))
        (bad / name).chmod(0)
    locked = bad / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD.format(n="locked"))
    locked.chmod(0)
    good = folder / "good"
    good.mkdir()
    names = [b"line\nbreak.txt", b"bad\xff\xfebytes.txt", b"tab\there.txt", b"-dash.txt",
             "Ελληνικά νέα.txt".encode(), b"x" * 200 + b".txt", b"spaces  and 'quotes'.txt"]  # fmt: skip
    for number, name in enumerate(names):
        with open(os.fsencode(good) + b"/" + name, "wb") as handle:
            handle.write(GOOD.format(n=f"odd {number}").encode())
    tiny = good / "tiny"
    tiny.mkdir()
    for number in range(tiny_files):
        (tiny / f"{number:06}.txt").write_text(f"Brief {number}\n\nPort notice number {number}.\n")
    return {"good_files": len(names) + tiny_files, "bad_inputs": 22}


def ingest_batch(folder: Path, db_path: Path) -> dict[str, object]:
    command = [sys.executable, "-c", "from newsloom.cli import main; main()", "ingest",
               str(folder), "--db", str(db_path), "--file-time-limit", "60"]  # fmt: skip
    unprivileged = os.getuid() == 0 and shutil.which("setpriv") is not None
    if unprivileged:  # root reads every file: drop the capabilities that let it
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    wall = time.monotonic() - started
    problems = [line for line in result.stderr.splitlines() if line.startswith(("error:", "note:"))]
    with closing(sqlite3.connect(db_path)) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        sources = {row[0] for row in conn.execute("SELECT source FROM articles")}
    return {
        "exit_code": result.returncode,
        "wall_s": round(wall, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "stored": stored,
        "stored_from_bad_folder": sum("/bad/" in s for s in sources),
        "problem_lines": len(problems),
        "tracebacks": result.stderr.count("Traceback"),
        "summary": result.stderr.strip().splitlines()[-1],
        "unreadable_files_unreadable": unprivileged,
        "problems": problems[:40],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bad input at full size.")
    parser.add_argument("--examples", type=int, default=2000, help="per property test")
    parser.add_argument("--tiny-files", type=int, default=20_000)
    parser.add_argument("--bomb-mib", type=int, default=1024, help="size of each bomb, inflated")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:  # first: peak memory is of this child alone
        folder = Path(tmp) / "batch"
        written = write_batch(folder, args.tiny_files, args.bomb_mib)
        log(f"ingesting {written['good_files']} good files and the odd inputs")
        report: dict[str, object] = written | ingest_batch(folder, Path(tmp) / "news.db")
    report["data_lost"] = report["good_files"] - (
        report["stored"] - report["stored_from_bad_folder"]
    )
    log(f"property tests, {args.examples} examples each")
    report["property_tests"] = run_property_tests(args.examples)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for key, value in report.items():
            if isinstance(value, list):
                print(f"{key}:")
                for line in value:
                    print(f"    {line}")
            else:
                print(f"{key}: {value}")
    failed = report["tracebacks"] or report["exit_code"] != 1 or report["data_lost"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
