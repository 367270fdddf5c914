"""Gooni Gooni GPU worker on Modal: one warm lane per heavy model and the worker HTTP contract.

Deploy (per worker account / Modal workspace):  modal deploy gpu/modal/app.py
Web endpoint:  https://<workspace>--gooni-gooni-worker-api.modal.run  (proxy auth + bearer token)

This file is the thin seam to Modal (and, through pipelines/*_runtime.py, to torch/diffusers). Every
decision — request rules, job states, progress, errors, media, HTTP answers — lives in `gooni_worker`
and is unit-tested without Modal; tests/test_app_wiring.py imports this file with a fake `modal`.

No `from __future__ import annotations` here on purpose: FastAPI reads the route's annotations at
definition time, and postponed (string) annotations of names imported inside a function broke the
predecessor's routes (Pydantic ForwardRef errors, request bodies read as query parameters).
"""

import importlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, Mapping

import modal

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # `modal deploy gpu/modal/app.py` from the repo root, and the tests
    sys.path.insert(0, str(HERE))

from gooni_worker.jobs import JobBook  # noqa: E402
from gooni_worker.lanes import api_config, config_env, lane_configs  # noqa: E402
from gooni_worker.runner import JobRunner, RunnerDeps  # noqa: E402
from gooni_worker.service import HttpReply, WorkerService  # noqa: E402
from gooni_worker.storage import ResultStore  # noqa: E402
from gooni_worker.weights import weights  # noqa: E402

log = logging.getLogger("gooni_worker.app")

APP_NAME = "gooni-gooni-worker"
# The URL label: https://<workspace>--gooni-gooni-worker-api.modal.run (the backend builds it from the
# workspace name). Equal to Modal's default <app>-<function> label, so it is stable either way.
API_LABEL = "gooni-gooni-worker-api"
MODEL_CACHE_DIR = "/model-cache"
RESULTS_DIR = "/results"

# Read on the deployer's machine at `modal deploy`; shipped to the containers through CONFIG_SECRET so
# the API's queue limits and deadlines agree with what was deployed. Validation errors fail the deploy.
LANES = lane_configs(os.environ)
API = api_config(os.environ)
CONFIG_ENV = config_env(os.environ)
BUILD_ID_DEFAULT = "dev"

# Pinned so every account runs the same stack (torch ≥ 2.6 and diffusers ≥ 0.33 are needed for Wan).
GPU_PACKAGES = (
    "torch==2.7.1",
    "diffusers==0.35.1",
    "transformers==4.56.1",
    "accelerate==1.10.1",
    "bitsandbytes==0.47.0",
    "safetensors==0.6.2",
    "huggingface_hub[hf_transfer]==0.34.4",
    "sentencepiece==0.2.1",
    "protobuf==5.29.5",
    "ftfy==6.3.1",
    "torchsde==0.2.6",  # DPMSolverSDEScheduler ("DPM++ SDE Karras")
    "imageio-ffmpeg==0.6.0",
    "pillow==11.3.0",
    "numpy==2.2.6",
)
API_PACKAGES = ("fastapi==0.116.1", "pillow==11.3.0", "numpy==2.2.6")

base_image = modal.Image.debian_slim(python_version="3.11")
api_image = base_image.pip_install(*API_PACKAGES).add_local_python_source("gooni_worker")
gpu_image = (
    base_image.pip_install(*GPU_PACKAGES)
    .env({
        # Lets the allocator grow segments instead of fragmenting: fewer OOMs for 14B Wan on 24 GB.
        "PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True",
        "HF_HOME": f"{MODEL_CACHE_DIR}/hf",
        "HF_HUB_ENABLE_HF_TRANSFER": "1",
        "TOKENIZERS_PARALLELISM": "false",
    })
    .add_local_python_source("gooni_worker", "pipelines")
)

model_cache = modal.Volume.from_name("gooni-model-cache", create_if_missing=True)
results_volume = modal.Volume.from_name("gooni-results", create_if_missing=True)
jobs_dict = modal.Dict.from_name("gooni-worker-jobs", create_if_missing=True)
active_dict = modal.Dict.from_name("gooni-worker-active", create_if_missing=True)

# HF_TOKEN with read scope only: FLUX.1-dev is gated; the other repos are public (the token still
# lifts anonymous rate limits). WORKER_TOKEN: this account's bearer token (the backend holds a copy).
hf_secret = modal.Secret.from_name("huggingface", required_keys=["HF_TOKEN"])
token_secret = modal.Secret.from_name("gooni-worker-token", required_keys=["WORKER_TOKEN"])
config_secret = modal.Secret.from_dict(CONFIG_ENV)

app = modal.App(APP_NAME)


# --- Modal adapters for the pure ports ------------------------------------------------------------
class ModalDictStore:
    """gooni_worker.jobs.KeyValueStore over a modal.Dict (shared by every container of the app)."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def get(self, key: str) -> Any:
        return self._store.get(key)

    def put(self, key: str, value: Any) -> None:
        self._store.put(key, value)

    def put_if_absent(self, key: str, value: Any) -> bool:
        # Atomic on Modal's side: this is what makes submit idempotent across API containers.
        return bool(self._store.put(key, value, skip_if_exists=True))

    def delete(self, key: str) -> None:
        try:
            self._store.pop(key)
        except KeyError:
            pass

    def items(self) -> Any:
        return self._store.items()


def job_book() -> JobBook:
    return JobBook(ModalDictStore(jobs_dict), ModalDictStore(active_dict))


def lane_options(model: str) -> dict[str, Any]:
    lane = LANES[model]
    return {
        "image": gpu_image,
        "gpu": lane.gpu,
        "timeout": lane.timeout_s,
        "min_containers": lane.min_containers,
        "max_containers": lane.max_containers,
        "scaledown_window": lane.scaledown_window_s,
        "cpu": lane.cpu,
        "memory": lane.memory_mb,
        "volumes": {MODEL_CACHE_DIR: model_cache, RESULTS_DIR: results_volume},
        "secrets": [hf_secret, token_secret, config_secret],
    }


class Lane:
    """One model's pipeline, loaded once per container, and the runner that executes its jobs."""

    def __init__(self, model: str) -> None:
        from pipelines import common_runtime  # torch: only inside the GPU image

        runtime_module = importlib.import_module(f"pipelines.{model}_runtime")
        self.model = model
        self.runtime = runtime_module.create_runtime(weights(os.environ))
        self.runner = JobRunner(RunnerDeps(
            book=job_book(),
            results=ResultStore(RESULTS_DIR),
            runtime=self.runtime,
            sink_factory=common_runtime.sink_factory(),
            clock=time.time,
            time_limit_s=LANES[model].timeout_s,
            token=os.environ.get("WORKER_TOKEN", ""),
            commit=results_volume.commit,
        ))

    def warm(self) -> None:
        """Loads the weights at container start (warm lanes are ready before the first job)."""
        try:
            self.runtime.ensure_loaded()
            model_cache.commit()  # a first download becomes visible to the next container
        except Exception:
            # Not fatal here: the next job retries the load and reports the failure as its error.
            log.exception("%s: loading the pipeline at start failed", self.model)

    def run(self, request: Mapping[str, Any]) -> None:
        self.runner.run(request)


# --- one class per heavy model lane ---------------------------------------------------------------
if "anisora" in LANES:
    @app.cls(**lane_options("anisora"))
    class AnisoraLane:
        @modal.enter()
        def load(self) -> None:
            self.lane = Lane("anisora")
            self.lane.warm()

        @modal.method()
        def run(self, request: dict) -> None:
            self.lane.run(request)

if "phr00t" in LANES:
    @app.cls(**lane_options("phr00t"))
    class Phr00tLane:
        @modal.enter()
        def load(self) -> None:
            self.lane = Lane("phr00t")
            self.lane.warm()

        @modal.method()
        def run(self, request: dict) -> None:
            self.lane.run(request)

if "pony" in LANES:
    @app.cls(**lane_options("pony"))
    class PonyLane:
        @modal.enter()
        def load(self) -> None:
            self.lane = Lane("pony")
            self.lane.warm()

        @modal.method()
        def run(self, request: dict) -> None:
            self.lane.run(request)

if "flux" in LANES:
    @app.cls(**lane_options("flux"))
    class FluxLane:
        @modal.enter()
        def load(self) -> None:
            self.lane = Lane("flux")
            self.lane.warm()

        @modal.method()
        def run(self, request: dict) -> None:
            self.lane.run(request)

LANE_CLASSES: dict[str, Any] = {model: globals()[lane.class_name] for model, lane in LANES.items()}


class LaneDispatcher:
    """gooni_worker.service.Dispatcher: queues the job on its model's lane (Modal keeps the queue)."""

    def spawn(self, model: str, request: Mapping[str, Any]) -> None:
        LANE_CLASSES[model]().run.spawn(dict(request))


def make_service() -> WorkerService:
    return WorkerService(
        book=job_book(),
        results=ResultStore(RESULTS_DIR),
        dispatcher=LaneDispatcher(),
        lanes=LANES,
        token=os.environ.get("WORKER_TOKEN", ""),
        build_id=os.environ.get("WORKER_BUILD_ID", BUILD_ID_DEFAULT),
        clock=time.time,
        refresh_results=results_volume.reload,
        queue_timeout_s=API.queue_timeout_s,
    )


def build_api(service: WorkerService) -> Any:
    """FastAPI app with one catch-all route: the contract is implemented by WorkerService."""
    from fastapi import FastAPI, Request
    from fastapi.responses import FileResponse, JSONResponse
    from starlette.concurrency import run_in_threadpool

    web = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, title="Gooni Gooni GPU worker")

    def to_response(reply: HttpReply) -> Any:
        if reply.file is not None:
            # FileResponse computes Content-Length itself; the sha256 header lets the client verify.
            headers = {k: v for k, v in reply.headers.items() if k.lower() != "content-length"}
            return FileResponse(reply.file, status_code=reply.status, media_type=reply.content_type, headers=headers)
        return JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)

    async def read_capped(request: Request, limit: int) -> Any:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return None
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    @web.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def handle(path: str, request: Request) -> Any:
        headers = dict(request.headers)
        denied = service.authorize(headers)  # before reading a possibly large body
        if denied is not None:
            return to_response(denied)
        body = await read_capped(request, service.max_body_bytes) if request.method == "POST" else b""
        # Modal Dict and Volume calls block: keep them off the event loop.
        reply = await run_in_threadpool(service.handle, request.method, request.url.path, headers, body)
        return to_response(reply)

    return web


@app.function(
    image=api_image,
    secrets=[token_secret, config_secret],
    volumes={RESULTS_DIR: results_volume},
    min_containers=API.min_containers,
    max_containers=API.max_containers,
    timeout=600,
)
@modal.concurrent(max_inputs=API.max_concurrent_requests)
@modal.asgi_app(label=API_LABEL, requires_proxy_auth=True)
def api() -> Any:
    return build_api(make_service())


@app.function(
    image=api_image,
    secrets=[config_secret],
    volumes={RESULTS_DIR: results_volume},
    schedule=modal.Period(hours=1),
    timeout=900,
)
def cleanup_results() -> list[str]:
    """Hourly: forgets jobs past the retention (GOONI_RESULT_RETENTION_HOURS) and deletes their files."""
    results_volume.reload()
    store, book, now = ResultStore(RESULTS_DIR), job_book(), time.time()
    gone = book.sweep(now, API.result_retention_s)
    for job_id in set(gone) | set(store.expired(now, API.result_retention_s)):
        book.forget(job_id)
        store.remove(job_id)
    results_volume.commit()
    return sorted(gone)


@app.function(
    image=gpu_image,
    secrets=[hf_secret, config_secret],
    volumes={MODEL_CACHE_DIR: model_cache},
    timeout=3 * 3600,
    cpu=4.0,
    memory=16384,
)
def download_weights(models: str = "") -> list[str]:
    """`modal run gpu/modal/app.py::download_weights [--models anisora,flux]`: fills the model cache so
    the first job does not spend its time limit downloading ~100 GB of weights."""
    chosen = [m.strip() for m in models.split(",") if m.strip()] or list(LANES)
    for model in chosen:
        importlib.import_module(f"pipelines.{model}_runtime").prefetch(weights(os.environ))
        model_cache.commit()
    return chosen
