"""Worker processes for the few steps that use both cores (loading, the post-build scan)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def pool(workers: int) -> ProcessPoolExecutor:
    """A process pool that forks where it can: the workers start with the parent's imports, which
    is most of their start-up cost."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        context = None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)
