"""Run ingest on each given workbook alone; print one JSON line per file.

Used by test_corpus.py in a child process so each file's time and the peak memory are
the reader's own, and a hang cannot take the test run with it.
"""

from __future__ import annotations

import json
import resource
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from pipeline.errors import DataError
from pipeline.ingest import ingest

LIMIT_S = 10


class TimedOut(Exception):
    pass


def _alarm(signum, frame):
    raise TimedOut


def main(paths: list[str]) -> None:
    signal.signal(signal.SIGALRM, _alarm)
    for name in paths:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw"
            raw.mkdir()
            shutil.copy(name, raw)
            start = time.perf_counter()
            signal.alarm(LIMIT_S)
            try:
                result = ingest(raw, workers=1)
                outcome = {"ok": True, "lines": [], "ratings": result.n_ratings}
            except DataError as err:
                outcome = {"ok": False, "lines": [str(p) for p in err.problems]}
            except TimedOut:
                outcome = {"ok": False, "timeout": True, "lines": []}
            except Exception as err:  # reported, so the test can name the file
                outcome = {"ok": False, "crash": f"{type(err).__name__}: {err}", "lines": []}
            finally:
                signal.alarm(0)
            outcome.update(
                file=Path(name).name,
                seconds=time.perf_counter() - start,
                maxrss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            )
            print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
