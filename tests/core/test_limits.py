"""A task's memory bound: past it, an allocation fails with MemoryError, and the bound goes away after."""

import resource

import pytest

from core.limits import memory_limit


def test_an_allocation_past_the_bound_fails_and_the_previous_limit_comes_back():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), memory_limit(64):
        bytearray(512 * 2**20)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(128 * 2**20)) == 128 * 2**20  # no bound any more
