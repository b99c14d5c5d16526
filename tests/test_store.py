"""The result store without Ray: folder layout, atomic parts, resume rules, refusal of a changed
study or a foreign folder, the lock, leftovers of a killed writer, and the loader."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from airace.experiments.batch import BatchJob, run_batch
from airace.experiments.designs import build_design, run_params
from airace.experiments.store import (
    DESIGN,
    FAILURES,
    MANIFEST,
    RESULTS,
    SERIES,
    STUDY_COPY,
    ResultStore,
    StoreError,
    finished_run_ids,
    load_results,
    plan_store,
)
from airace.experiments.study import load_study


def _open(study: Any, out: Path, fresh: bool = False) -> ResultStore:
    design = build_design(study)
    return ResultStore(plan_store(out, study, design, fresh), study, design, flush_seconds=0)


def _feed(store: ResultStore, run_ids: list[int]) -> None:
    table = store.design.table.set_index("run_id")
    runs = [(rid, table.at[rid, "scenario"], int(table.at[rid, "seed"]),
             run_params(store.study, {p: table.at[rid, p] for p in store.study.param_names}))
            for rid in run_ids]
    store.add(run_batch(BatchJob(store.study.model.spec, store.study.outcomes,
                                 store.study.series, runs)))


def _session() -> dict[str, Any]:
    return {"id": "s1", "started_at": "2026-01-01T00:00:00+0000", "wall_seconds": 1.0}


@pytest.fixture
def study(write_study: Any, toy_study: Any) -> Any:
    return load_study(write_study(toy_study(model="tests.toy_models:flaky", scenarios=["only"],
                                            design={"kind": "lhs", "samples": 12})))


def test_layout_and_loader(study: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store = _open(study, out)
    _feed(store, [0, 1, 2, 3])
    _feed(store, [7, 8])
    store.flush()
    store.write_manifest(_session(), "interrupted", {"total": 12})
    store.close()
    assert {p.name for p in out.iterdir()} >= {MANIFEST, STUDY_COPY, DESIGN, RESULTS, FAILURES}
    assert not (out / SERIES).exists()
    assert (out / STUDY_COPY).read_text() == study.text
    parts = sorted(p.name for p in (out / RESULTS).iterdir())
    assert parts == ["part-000000000.parquet", "part-000000007.parquet"]
    loaded = load_results(out)
    design = loaded.design
    ok = [r for r in (0, 1, 2, 3, 7, 8) if design.at[r, "x"] <= 0.7]
    failed = [r for r in (0, 1, 2, 3, 7, 8) if design.at[r, "x"] > 0.7]
    assert loaded.results["run_id"].tolist() == ok
    assert list(loaded.results.columns) == [*design.columns, "y", "u"]
    assert loaded.failures["run_id"].tolist() == failed
    assert finished_run_ids(out) == set(ok)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["study_sha256"] == study.sha256 and manifest["status"] == "interrupted"
    assert manifest["design"]["kind"] == "lhs" and manifest["libraries"]["ray"]
    assert loaded.series is None


def test_resume_plan_and_refusals(study: Any, tmp_path: Path, write_study: Any,
                                  toy_study: Any) -> None:
    out = tmp_path / "out"
    design = build_design(study)
    assert plan_store(out, study, design, False).mode == "new"
    store = _open(study, out)
    _feed(store, [0])
    store.write_manifest(_session(), "interrupted", {})
    store.close()
    assert plan_store(out, study, design, False).mode == "resume"
    changed = load_study(write_study(toy_study(model="tests.toy_models:flaky",
                                               scenarios=["only"], seed=8,
                                               design={"kind": "lhs", "samples": 12}), "other"))
    with pytest.raises(StoreError, match="different study file.*--fresh"):
        plan_store(out, changed, build_design(changed), False)
    assert plan_store(out, changed, build_design(changed), True).mode == "fresh"
    fresh = _open(changed, out, fresh=True)
    fresh.close()
    assert finished_run_ids(out) == set()
    assert (out / STUDY_COPY).read_text() == changed.text


def test_changed_texts_resume_also_in_folders_of_older_versions(
        tmp_path: Path, write_study: Any, toy_study: Any) -> None:
    """The title and description are display text: changing them (e.g. adding German) keeps
    the runs, also in a folder whose manifest recorded a hash that still counted them."""
    def toy(**texts: Any) -> Any:
        return load_study(write_study(toy_study(model="tests.toy_models:flaky",
                                                scenarios=["only"], **texts), "texts"))

    old = toy(title="Toy", description="A question?")
    out = tmp_path / "out"
    store = _open(old, out)
    _feed(store, [0, 1, 2, 3])
    store.flush()
    store.write_manifest(_session(), "interrupted", {})
    store.close()
    finished = finished_run_ids(out)
    assert finished
    manifest = json.loads((out / MANIFEST).read_text())
    assert (manifest["title"], manifest["titles"]) == ("Toy", {"en": "Toy"})
    assert manifest["descriptions"] == {"en": "A question?"}
    recorded = {k: v for k, v in old.raw.items() if k != "robustness"}   # the former rule
    manifest["study_sha256"] = hashlib.sha256(json.dumps(
        recorded, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()
    assert manifest["study_sha256"] != old.sha256
    (out / MANIFEST).write_text(json.dumps(manifest))
    german = toy(title={"en": "Toy", "de": "Spielzeug"},
                 description={"en": "A question?", "de": "Eine Frage?"})
    assert plan_store(out, german, build_design(german), False).mode == "resume"
    store = _open(german, out)
    store.write_manifest(_session(), "interrupted", {})
    store.close()
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["titles"] == {"en": "Toy", "de": "Spielzeug"}
    assert manifest["study"]["description"] == {"en": "A question?", "de": "Eine Frage?"}
    assert finished_run_ids(out) == finished
    reseeded = toy(title="Toy", seed=8)
    with pytest.raises(StoreError, match="different study file"):
        plan_store(out, reseeded, build_design(reseeded), False)


def test_foreign_folder_is_refused_even_with_fresh(study: Any, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    for fresh in (False, True):
        with pytest.raises(StoreError, match="not an airace result folder"):
            plan_store(out, study, build_design(study), fresh)
    assert (out / "thesis.tex").read_text() == "precious"


def test_changed_design_is_refused(study: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store = _open(study, out)
    store.write_manifest(_session(), "running", {})
    store.close()
    design = build_design(study)
    tampered = design.table.assign(x=design.table["x"] + 1e-9)
    tampered.to_parquet(out / DESIGN)
    with pytest.raises(StoreError, match="stored design differs"):
        plan_store(out, study, design, False)


def test_second_writer_is_locked_out(study: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _open(study, out)
    first.write_manifest(_session(), "running", {})
    with pytest.raises(StoreError, match="another 'airace run' is writing"):
        _open(study, out)
    first.close()
    _open(study, out).close()


def test_leftovers_of_a_killed_writer_are_cleaned(tmp_path: Path, write_study: Any,
                                                  airace_study: Any) -> None:
    study = load_study(write_study(airace_study(series=True)))
    out = tmp_path / "out"
    store = _open(study, out)
    store.write_manifest(_session(), "running", {})
    store.close()
    (out / RESULTS / ".tmp-part-000000003.parquet").write_bytes(b"half a file")
    orphan = out / SERIES / "part-000000001.parquet"
    pd.DataFrame({"run_id": [1], "step": [0]}).to_parquet(orphan)
    _open(study, out).close()
    assert not list((out / RESULTS).iterdir())
    assert not orphan.exists()


def test_damaged_part_gives_a_clear_error(study: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _open(study, out).close()
    (out / RESULTS / "part-000000005.parquet").write_bytes(b"not parquet")
    with pytest.raises(StoreError, match="part-000000005.parquet: cannot read"):
        finished_run_ids(out)


def test_loader_refuses_other_folders(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not an airace result folder"):
        load_results(tmp_path)
