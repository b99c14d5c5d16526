"""A local multi-node Ray cluster (ray.cluster_utils.Cluster): a worker node is killed in the
middle of an ensemble, and every run still arrives exactly once, with the known answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from airace.experiments.runner import RunOptions, run_study
from airace.experiments.store import load_results
from airace.experiments.study import load_study


def test_losing_a_worker_node_mid_ensemble_loses_no_run(tmp_path: Path, write_study: Any,
                                                        toy_study: Any) -> None:
    import ray
    from ray.cluster_utils import Cluster

    ray.shutdown()  # the shared local instance; the next test that needs it restarts it
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    try:
        worker = cluster.add_node(num_cpus=1)
        cluster.wait_for_nodes()
        study = load_study(write_study(toy_study(
            model="tests.toy_models:sleepy", scenarios=["only"],
            design={"kind": "monte_carlo", "replicates": 120}, parameters={},
            fixed={"delay": 0.03})))
        killed: list[int] = []

        def kill_a_node(done: int, total: int) -> None:
            if done >= 20 and not killed:
                cluster.remove_node(worker, allow_graceful=False)
                killed.append(done)

        out = tmp_path / "out"
        summary = run_study(study, out, RunOptions(address=cluster.address, batch_size=4,
                                                   on_batch=kill_a_node))
        assert killed and killed[0] < 100, "the node was not removed mid-ensemble"
        assert summary.status == "complete" and summary.failed == 0
        loaded = load_results(out)
        r = loaded.results
        assert len(r) == 120 and r["run_id"].is_unique
        assert r["u"].tolist() == [np.random.default_rng(s).random() for s in r["seed"]]
        assert loaded.manifest["ray"]["nodes"] == 2
    finally:
        ray.shutdown()
        cluster.shutdown()
