"""app.py imported with a fake `modal`: one lane per model with the configured GPU, timeout and warm
containers, the proxy-auth web endpoint, secrets, volumes and pinned images — a typo fails here."""

from __future__ import annotations

import importlib.util
import json
import sys
import types
from pathlib import Path
from typing import Iterator

import pytest
from conftest import MODAL_DIR, job_request

import fake_modal

APP_PATH = MODAL_DIR / "app.py"
GOONI_ENV = ("GOONI_", "WORKER_BUILD_ID")


def load_app(monkeypatch: pytest.MonkeyPatch, env: dict[str, str] | None = None) -> types.ModuleType:
    for name in list(__import__("os").environ):
        if name.startswith(GOONI_ENV):
            monkeypatch.delenv(name, raising=False)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setitem(sys.modules, "modal", fake_modal.install())
    spec = importlib.util.spec_from_file_location("gooni_app_under_test", APP_PATH)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def app_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    yield load_app(monkeypatch, {"WORKER_BUILD_ID": "build-9"})


def test_the_app_is_named_and_has_one_lane_class_per_model(app_module: types.ModuleType) -> None:
    app = app_module.app
    assert app.name == "gooni-gooni-worker"
    assert set(app.classes) == {"AnisoraLane", "Phr00tLane", "PonyLane", "FluxLane"}
    assert set(app_module.LANE_CLASSES) == {"anisora", "phr00t", "pony", "flux"}


def test_lanes_get_models_md_gpus_timeouts_and_one_warm_container(app_module: types.ModuleType) -> None:
    classes = app_module.app.classes
    expected = {"AnisoraLane": ("A10G", 900), "Phr00tLane": ("A10G", 900), "PonyLane": ("A10G", 300),
                "FluxLane": ("A10G", 300)}
    for name, (gpu, timeout) in expected.items():
        options = classes[name]
        assert (options["gpu"], options["timeout"]) == (gpu, timeout), name
        assert (options["min_containers"], options["max_containers"]) == (1, 1), name
        assert options["image"] is app_module.gpu_image
        assert set(options["volumes"]) == {"/model-cache", "/results"}
        names = [s.name for s in options["secrets"] if s.name]
        assert names == ["huggingface", "gooni-worker-token"]


def test_lane_classes_load_on_enter_and_expose_a_spawnable_run(app_module: types.ModuleType) -> None:
    for model, cls in app_module.LANE_CLASSES.items():
        assert getattr(cls.load, "__modal_enter__", False), model
        app_module.LaneDispatcher().spawn(model, {"job_id": "j-" + model})
    assert [(c, m, a[0]["job_id"]) for c, m, a, _ in app_module.app.spawned] == [
        ("AnisoraLane", "run", "j-anisora"), ("Phr00tLane", "run", "j-phr00t"), ("PonyLane", "run", "j-pony"),
        ("FluxLane", "run", "j-flux")]


def test_warm_containers_gpus_and_models_follow_the_deploy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    module = load_app(monkeypatch, {"GOONI_WARM_CONTAINERS": "0", "GOONI_FLUX_MIN_CONTAINERS": "1",
                                    "GOONI_PONY_GPU": "T4", "GOONI_MODELS": "pony,flux,anisora"})
    classes = module.app.classes
    assert set(classes) == {"AnisoraLane", "PonyLane", "FluxLane"}
    assert classes["AnisoraLane"]["min_containers"] == 0 and classes["FluxLane"]["min_containers"] == 1
    assert classes["PonyLane"]["gpu"] == "T4"
    shipped = module.config_secret.values
    assert shipped["GOONI_WARM_CONTAINERS"] == "0" and shipped["GOONI_MODELS"] == "pony,flux,anisora"


def test_a_t4_for_a_video_lane_fails_the_deploy(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="24 GB"):
        load_app(monkeypatch, {"GOONI_VIDEO_GPU": "T4"})


def test_the_web_endpoint_requires_proxy_auth_under_a_stable_label(app_module: types.ModuleType) -> None:
    api = app_module.app.functions["api"]
    assert api["fn"].__modal_asgi__ == {"label": "gooni-gooni-worker-api", "requires_proxy_auth": True}
    assert api["fn"].__modal_concurrent__ == 50
    assert api["image"] is app_module.api_image and api["min_containers"] == 1
    assert [s.name for s in api["secrets"] if s.name] == ["gooni-worker-token"]  # no HF token on the API
    assert set(api["volumes"]) == {"/results"}


def test_images_are_pinned_and_set_the_allocator(app_module: types.ModuleType) -> None:
    gpu, api = app_module.gpu_image, app_module.api_image
    for package in gpu.packages() + api.packages():
        assert "==" in package, f"{package} is not pinned"
    names = {p.split("==")[0].split("[")[0] for p in gpu.packages()}
    assert {"torch", "diffusers", "transformers", "accelerate", "bitsandbytes", "safetensors", "pillow", "numpy",
            "imageio-ffmpeg"} <= names
    assert {p.split("==")[0] for p in api.packages()} >= {"fastapi"}
    assert gpu.environment()["PYTORCH_CUDA_ALLOC_CONF"] == "expandable_segments:True"
    assert gpu.environment()["HF_HOME"].startswith("/model-cache")
    assert set(gpu.local_sources()) == {"gooni_worker", "pipelines"}
    assert api.local_sources() == ["gooni_worker"]
    assert ("debian_slim", "3.11") in gpu.steps


def test_secrets_name_the_keys_they_must_hold(app_module: types.ModuleType) -> None:
    assert app_module.hf_secret.required_keys == ["HF_TOKEN"]
    assert app_module.token_secret.required_keys == ["WORKER_TOKEN"]
    assert app_module.config_secret.values == {"WORKER_BUILD_ID": "build-9"}


def test_housekeeping_functions(app_module: types.ModuleType) -> None:
    functions = app_module.app.functions
    assert functions["cleanup_results"]["schedule"].seconds == 3600
    assert functions["download_weights"]["gpu"] is None and functions["download_weights"]["timeout"] >= 3600


def test_adm5_gen1_the_wired_service_answers_over_modal_dicts(app_module: types.ModuleType,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKER_TOKEN", "tok")
    service = app_module.make_service()
    auth = {"authorization": "Bearer tok"}
    health = service.handle("GET", "/health", auth, b"")
    assert health.body["build_id"] == "build-9" and health.body["capacity"]["max_concurrent_jobs"] == 4
    request = job_request("flux")
    assert service.handle("POST", "/jobs", auth, json.dumps(request).encode()).status == 202
    assert service.handle("POST", "/jobs", auth, json.dumps(request).encode()).status == 200
    assert [(c, a[0]["job_id"]) for c, _, a, _ in app_module.app.spawned] == [("FluxLane", request["job_id"])]
    assert f"job:{request['job_id']}" in app_module.jobs_dict.data
    assert service.handle("POST", f"/jobs/{request['job_id']}/cancel", auth, b"").body["state"] == "canceled"


def test_cleanup_forgets_expired_jobs(app_module: types.ModuleType, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "RESULTS_DIR", str(tmp_path))
    assert app_module.cleanup_results() == []
    assert app_module.results_volume.commits == 1 and app_module.results_volume.reloads == 1
