"""Bounds a worker puts on one task of its own: how much more memory it may take."""

import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PAGE = resource.getpagesize()


def address_space() -> int | None:
    """This process's virtual memory, in bytes (Linux), or None where it cannot be read."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[0]) * PAGE
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def memory_limit(extra_mb: int) -> Iterator[None]:
    """Within the block, an allocation past ``extra_mb`` more than the process uses now raises
    MemoryError instead of growing the process (RLIMIT_AS); the previous limit comes back after.

    Only for a process doing one thing at a time (a prefork worker's child): the limit is the process's.
    """
    used = address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if used is None:
        yield
        return
    limit = used + extra_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
