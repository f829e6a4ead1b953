"""Worker processes that never outlive the run that started them.

A ``kill -9`` of a build used to leave its PDF workers running: they kept writing into a
staging folder nobody would swap in, and held its files open. Pool initializers call
``die_with_parent``: on Linux the kernel sends the worker SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``); elsewhere a watchdog thread notices the new parent.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from typing import Any

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Pool initializer (``initializer=die_with_parent, initargs=(os.getpid(),)``): this
    process is killed when ``parent_pid`` exits, however it exits.

    The death signal is tied to the parent *thread* that started the worker, so start
    pools from a thread that lives as long as the pool (the main thread, as we do)."""
    armed = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    # The parent may have died before prctl: then we were already re-parented.
    if os.getppid() != parent_pid:
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch, args=(parent_pid,), daemon=True).start()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(1)


def stop_pool(pool: Any) -> None:
    """Stop a ``ProcessPoolExecutor`` now: cancel what has not started and kill the
    workers (Ctrl-C or SIGTERM in the parent must not wait for pages still rendering)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)
