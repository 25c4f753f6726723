"""Crash safety, the short version of benchmarks/crash_ingest.py: `newsloom ingest` killed with
SIGKILL at random moments leaves a store that passes every check, and the ingest run again
finishes with exactly what an undisturbed ingest stores."""

import sys

from .conftest import load_benchmark


def test_ingest_killed_three_times_loses_nothing_and_stays_consistent(tmp_path):
    crash = load_benchmark("crash_ingest")
    summary = crash.run(kills=3, per_round=3, copies=1, seed=7, workdir=tmp_path)
    assert summary["kills"] + summary["finished_before_kill"] >= 3
    assert summary["checks_failed"] == 0
    assert summary["differences"] == [] and summary["articles_lost"] == 0
    assert summary["reference_articles"] == summary["input_files"]


KILLED_WRITER = """
import os, sys, time
from newsloom.ingest.analysis import WorkerPool
from newsloom.settings import Settings
from newsloom.store.lock import writer_lock
with writer_lock(sys.argv[1]):
    pool = WorkerPool(Settings(), False, 1)
    pool.submit([])()  # the worker is forked and running
    print(" ".join(str(p) for p in pool.executor._processes), flush=True)
    time.sleep(60)
"""


def test_a_killed_ingest_leaves_neither_its_lock_nor_its_workers_behind(tmp_path):
    import signal
    import subprocess
    import time

    from newsloom.store.lock import writer_lock

    db_path = str(tmp_path / "news.db")
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, db_path],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    workers = [int(pid) for pid in writer.stdout.readline().split()]
    assert workers
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with writer_lock(db_path, on_wait=_held_by_a_dead_ingest):
        pass  # the killed ingest's workers do not hold its lock
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)


def _held_by_a_dead_ingest() -> None:
    raise AssertionError("the lock is still held after its ingest was killed")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False
