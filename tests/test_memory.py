"""Memory: thousands of runs in one process must not leak (Mesa 3.3.1 keeps every model in
the class attribute ``Agent._ids``; ``simulate`` drops the entry after each run).

RSS is read from /proc/self/statm (no psutil). An unreleased model of the shortest horizon
holds about 80 kB (Agent._ids keeps the whole model alive), so 1000 leaked runs would add
~80 MB; the bound of 10 MB leaves room for allocator noise and still catches a leak of an
eighth of that size.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import mesa
import pytest

from airace.model import AIRaceModel, simulate

PARAMS = {"end_year": 2026}   # the shortest horizon the registry allows: 8 quarters
MAX_GROWTH_BYTES = 10 * 2**20
AGENT_IDS = getattr(mesa.Agent, "_ids", None)  # Mesa 3.3's per-model registry (gone in 3.4.2)


def rss_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


pytestmark = pytest.mark.skipif(not Path("/proc/self/statm").exists(),
                                reason="needs /proc/self/statm (Linux)")


def test_1000_sequential_simulate_calls_do_not_grow_memory() -> None:
    for seed in range(30):                       # warm-up: caches, imports, allocator arenas
        simulate(PARAMS, seed)
    gc.collect()
    ids_before, rss_before = len(AGENT_IDS or ()), rss_bytes()
    for seed in range(1000):
        simulate(PARAMS, 10_000 + seed)
    gc.collect()
    growth = rss_bytes() - rss_before
    assert len(AGENT_IDS or ()) == ids_before, "models left in mesa.Agent._ids"
    assert growth < MAX_GROWTH_BYTES, f"RSS grew by {growth / 2**20:.1f} MB over 1000 runs"


@pytest.mark.skipif(AGENT_IDS is None, reason="this Mesa has no Agent._ids registry to leak")
def test_the_leak_detector_sees_unreleased_models() -> None:
    """Without the release, every model stays in Agent._ids (the check above can fail)."""
    before = len(AGENT_IDS)
    models = [AIRaceModel(params=PARAMS, rng=s) for s in range(3)]
    try:
        assert len(AGENT_IDS) == before + 3
    finally:
        for m in models:
            AGENT_IDS.pop(m, None)
            m.remove_all_agents()
    assert len(AGENT_IDS) == before
