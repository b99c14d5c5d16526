"""Seeds and random streams, derived only from the study seed and the replicate number.

Every stream is a numpy ``SeedSequence`` of ``[study_seed, replicate]``; spawn keys keep the
purposes apart. Nothing depends on a worker, a batch or the order in which runs finish, so
the same replicate gets the same model seed and the same sampled uncertainties in every
scenario (common random numbers) and after any resume.

Note: ``SeedSequence(s)`` equals ``SeedSequence([s, 0])`` (trailing zeros do not change the
entropy pool), so the study-level design stream uses its own spawn key instead of a
shorter entropy list.
"""

from __future__ import annotations

import numpy as np

PARAM_STREAM = 1  # spawn key of a replicate's parameter draws (Monte Carlo)
DESIGN_STREAM = 2  # spawn key of the study-level design sampler (LHS, Sobol, Morris)
SCHEME = ("run seed = SeedSequence([study_seed, replicate]).generate_state(1, uint64) >> 1; "
          "Monte Carlo draws from SeedSequence([study_seed, replicate], spawn_key=(1,)); "
          "LHS/Sobol/Morris samplers from SeedSequence([study_seed], spawn_key=(2,))")


def run_seed(study_seed: int, replicate: int) -> int:
    """The model seed of ``replicate``: a non-negative 63-bit integer."""
    state = np.random.SeedSequence([study_seed, replicate]).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def run_seeds(study_seed: int, replicates: int) -> np.ndarray:
    """Model seeds of replicates ``0 .. replicates-1`` as an int64 array."""
    return np.array([run_seed(study_seed, r) for r in range(replicates)], dtype=np.int64)


def param_rng(study_seed: int, replicate: int) -> np.random.Generator:
    """Generator for the uncertain-parameter draws of one Monte Carlo replicate."""
    return np.random.default_rng(
        np.random.SeedSequence([study_seed, replicate], spawn_key=(PARAM_STREAM,)))


def design_rng(study_seed: int) -> np.random.Generator:
    """Generator for a study-level sampler (Latin hypercube, Sobol, Morris)."""
    return np.random.default_rng(np.random.SeedSequence([study_seed], spawn_key=(DESIGN_STREAM,)))


def design_seed(study_seed: int) -> int:
    """An integer seed for samplers that take one (SALib), drawn from the design stream."""
    return int(design_rng(study_seed).integers(0, 2**31 - 1))
