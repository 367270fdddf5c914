"""lanes.py: one lane per model, GPUs and timeouts per models.md, warm containers from config."""

from __future__ import annotations

import pytest

from gooni_worker.lanes import LaneConfigError, api_config, config_env, lane_configs, served_models


def test_defaults_one_warm_lane_per_model_with_models_md_gpus_and_timeouts() -> None:
    lanes = lane_configs({})
    assert list(lanes) == ["anisora", "phr00t", "pony", "flux"]
    assert {m: (l.gpu, l.timeout_s, l.min_containers, l.max_containers) for m, l in lanes.items()} == {
        "anisora": ("A10G", 900, 1, 1), "phr00t": ("A10G", 900, 1, 1),
        "pony": ("A10G", 300, 1, 1), "flux": ("A10G", 300, 1, 1)}
    assert lanes["anisora"].memory_mb >= 65536


def test_warmth_and_gpus_are_configurable_per_lane() -> None:
    lanes = lane_configs({"GOONI_WARM_CONTAINERS": "0", "GOONI_FLUX_MIN_CONTAINERS": "1", "GOONI_IMAGE_GPU": "T4",
                          "GOONI_PONY_GPU": "L4", "GOONI_ANISORA_MAX_CONTAINERS": "3", "GOONI_VIDEO_GPU": "A100"})
    assert lanes["anisora"].min_containers == 0 and lanes["anisora"].max_containers == 3
    assert lanes["flux"].min_containers == 1 and lanes["flux"].gpu == "T4"
    assert lanes["pony"].gpu == "L4" and lanes["phr00t"].gpu == "A100"


@pytest.mark.parametrize("env, match", [
    ({"GOONI_VIDEO_GPU": "T4"}, "24 GB"),
    ({"GOONI_ANISORA_GPU": "T4"}, "24 GB"),
    ({"GOONI_PONY_GPU": "a10g"}, "GPU"),
    ({"GOONI_WARM_CONTAINERS": "many"}, "not an integer"),
    ({"GOONI_FLUX_MIN_CONTAINERS": "2", "GOONI_FLUX_MAX_CONTAINERS": "1"}, "below its minimum"),
    ({"GOONI_MODELS": "pony,sdxl"}, "unknown"),
    ({"GOONI_PONY_MAX_QUEUED": "-1"}, "between"),
])
def test_bad_configuration_fails_the_deploy(env: dict, match: str) -> None:
    with pytest.raises(LaneConfigError, match=match):
        lane_configs(env)


def test_models_can_be_narrowed_keeping_catalog_order() -> None:
    assert served_models({"GOONI_MODELS": "flux, pony"}) == ("pony", "flux")
    assert list(lane_configs({"GOONI_MODELS": "phr00t"})) == ["phr00t"]


def test_api_config_defaults() -> None:
    api = api_config({})
    assert (api.min_containers, api.max_containers, api.result_retention_s) == (1, 3, 86400)


def test_aud5_only_non_secret_settings_are_shipped_to_containers() -> None:
    env = {"GOONI_WARM_CONTAINERS": "0", "WORKER_BUILD_ID": "b-7", "HF_TOKEN": "hf_x", "PATH": "/bin"}
    assert config_env(env) == {"GOONI_WARM_CONTAINERS": "0", "WORKER_BUILD_ID": "b-7"}
    with pytest.raises(LaneConfigError, match="credential"):
        config_env({"GOONI_SECRET_TOKEN": "x"})
