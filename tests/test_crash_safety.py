"""Crash safety, the short version of benchmarks/crash_ingest.py: `newsloom ingest` killed with
SIGKILL at random moments leaves a store that passes every check, and the ingest run again
finishes with exactly what an undisturbed ingest stores."""

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "crash_ingest.py"


def load_script():
    spec = importlib.util.spec_from_file_location("crash_ingest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_ingest"] = module
    spec.loader.exec_module(module)
    return module


def test_ingest_killed_three_times_loses_nothing_and_stays_consistent(tmp_path):
    crash = load_script()
    summary = crash.run(kills=3, per_round=3, copies=1, seed=7, workdir=tmp_path)
    assert summary["kills"] + summary["finished_before_kill"] >= 3
    assert summary["checks_failed"] == 0
    assert summary["differences"] == [] and summary["articles_lost"] == 0
    assert summary["reference_articles"] == summary["input_files"]
