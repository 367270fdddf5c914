"""CAT-3: the worker's parameter table equals the catalog's (inference_settings.json at the repo root).

A parameter the UI shows must be one the worker honours, with the same default, accepted range,
options, fixedness and modes — so a catalog edit that the worker does not follow fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gooni_worker.contract import MODEL_TYPES
from gooni_worker.params import MODEL_MODES, PARAM_SPECS, PONY_IMG2IMG_MAX_SIDE, PONY_SIDES
from gooni_worker.lanes import IMAGE_TIMEOUT_S, VIDEO_TIMEOUT_S


def _catalog(repo_root: Path) -> dict[str, Any]:
    path = repo_root / "inference_settings.json"
    if not path.exists():
        pytest.skip("inference_settings.json is not in this checkout")
    return {m["id"]: m for m in json.loads(path.read_text())["models"]}


def test_cat3_every_catalog_model_and_mode_is_served(repo_root: Path) -> None:
    catalog = _catalog(repo_root)
    assert set(catalog) == set(PARAM_SPECS)
    for model, entry in catalog.items():
        assert entry["type"] == MODEL_TYPES[model]
        assert tuple(mode["id"] for mode in entry["modes"]) == MODEL_MODES[model]


def test_cat3_every_catalog_parameter_is_a_worker_parameter_with_the_same_rules(repo_root: Path) -> None:
    for model, entry in _catalog(repo_root).items():
        specs = PARAM_SPECS[model]
        assert set(entry["parameters"]) == set(specs), model
        for name, field in entry["parameters"].items():
            spec = specs[name]
            where = f"{model}.{name}"
            assert spec.default == field["default"], where
            assert spec.fixed == bool(field.get("fixed", False)), where
            if "options" in field and spec.kind == "enum":
                assert list(spec.options) == field["options"], where
            elif "accepted" in field:
                assert (spec.lo, spec.hi) == (field["accepted"]["min"], field["accepted"]["max"]), where
            modes = field.get("visible_if", {}).get("mode")
            assert (tuple(modes) if modes else None) == spec.modes, where


def test_cat3_sizes_and_runtime_limits_match_the_catalog(repo_root: Path) -> None:
    catalog = _catalog(repo_root)
    for model, entry in catalog.items():
        assert entry["size"]["multiple"] == 16 and entry["size"]["rounding"] == "down"
        expected = VIDEO_TIMEOUT_S if MODEL_TYPES[model] == "video" else IMAGE_TIMEOUT_S
        assert entry["runtime"]["timeout_seconds"] == expected, model
    assert tuple(catalog["pony"]["size"]["snap_squares"]) == PONY_SIDES
    assert catalog["pony"]["size"]["mode_max_side"]["img2img"] == PONY_IMG2IMG_MAX_SIDE
