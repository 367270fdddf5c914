"""Lane configuration: one Modal class per heavy model, its GPU, timeout and container counts.

Read from environment variables at deploy time (`modal deploy` runs app.py on the deployer's machine)
and shipped to the containers through a Secret built from the same values, so the API's queue limits
and deadlines agree with what was deployed. Every value is validated here: a typo or a T4 for a 14B
video model fails the deploy instead of failing jobs later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .contract import MODELS, VIDEO_MODELS

# models.md: video A10G (24 GB) or better, job timeout 900 s; images T4 or A10G, 300 s.
VIDEO_TIMEOUT_S = 900
IMAGE_TIMEOUT_S = 300
DEFAULT_GPU = {"anisora": "A10G", "phr00t": "A10G", "pony": "A10G", "flux": "A10G"}
# 14B Wan in bf16 with CPU offload needs ≥ 24 GB: a T4 (16 GB) is refused for the video lanes
# (the predecessor silently forced T4 → A10G). T4 works for the image models but has no native bf16,
# which is why A10G is also their default.
VIDEO_GPUS = frozenset({"A10G", "L4", "L40S", "A100", "A100-40GB", "A100-80GB", "H100", "H200", "B200"})
IMAGE_GPUS = VIDEO_GPUS | {"T4"}
DEFAULT_MAX_QUEUED = {"anisora": 2, "phr00t": 2, "pony": 8, "flux": 8}

CLASS_NAMES = {"anisora": "AnisoraLane", "phr00t": "Phr00tLane", "pony": "PonyLane", "flux": "FluxLane"}

# Variables the deployer may set; they are copied into the containers' config Secret.
CONFIG_PREFIX = "GOONI_"
EXTRA_CONFIG = ("WORKER_BUILD_ID",)


class LaneConfigError(ValueError):
    pass


@dataclass(frozen=True)
class LaneConfig:
    model: str
    class_name: str
    gpu: str
    timeout_s: int
    min_containers: int
    max_containers: int
    max_queued_jobs: int
    scaledown_window_s: int
    memory_mb: int
    cpu: float

    @property
    def is_video(self) -> bool:
        return self.model in VIDEO_MODELS


def _int(env: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError as error:
        raise LaneConfigError(f"{name}={raw!r} is not an integer") from error
    if not lo <= value <= hi:
        raise LaneConfigError(f"{name}={value} must be between {lo} and {hi}")
    return value


def served_models(env: Mapping[str, str]) -> tuple[str, ...]:
    """GOONI_MODELS (comma list) limits the lanes; default: all four."""
    raw = env.get("GOONI_MODELS", "").strip()
    if not raw:
        return MODELS
    chosen = tuple(dict.fromkeys(m.strip() for m in raw.split(",") if m.strip()))
    unknown = [m for m in chosen if m not in MODELS]
    if unknown or not chosen:
        raise LaneConfigError(f"GOONI_MODELS has unknown model(s) {unknown}; use {', '.join(MODELS)}")
    return tuple(m for m in MODELS if m in chosen)


def lane_config(model: str, env: Mapping[str, str]) -> LaneConfig:
    key = model.upper()
    video = model in VIDEO_MODELS
    kind = "VIDEO" if video else "IMAGE"
    gpu = (env.get(f"GOONI_{key}_GPU") or env.get(f"GOONI_{kind}_GPU") or DEFAULT_GPU[model]).strip()
    allowed = VIDEO_GPUS if video else IMAGE_GPUS
    if gpu not in allowed:
        raise LaneConfigError(f"GPU {gpu!r} for {model}: use one of {', '.join(sorted(allowed))}"
                              + (" (video lanes need ≥ 24 GB)" if video else ""))
    # One warm container per heavy model where the budget allows (models.md); 0 turns warmth off.
    warm = _int(env, "GOONI_WARM_CONTAINERS", 1, 0, 10)
    minimum = _int(env, f"GOONI_{key}_MIN_CONTAINERS", warm, 0, 10)
    maximum = _int(env, f"GOONI_{key}_MAX_CONTAINERS", max(1, minimum), 1, 20)
    if maximum < minimum:
        raise LaneConfigError(f"GOONI_{key}_MAX_CONTAINERS={maximum} is below its minimum {minimum}")
    return LaneConfig(
        model=model,
        class_name=CLASS_NAMES[model],
        gpu=gpu,
        timeout_s=VIDEO_TIMEOUT_S if video else IMAGE_TIMEOUT_S,
        min_containers=minimum,
        max_containers=maximum,
        max_queued_jobs=_int(env, f"GOONI_{key}_MAX_QUEUED", DEFAULT_MAX_QUEUED[model], 0, 1000),
        scaledown_window_s=_int(env, "GOONI_SCALEDOWN_WINDOW", 300, 2, 3600),
        # CPU offload keeps the idle 14B transformer (~28 GB bf16) and UMT5-XXL (~11 GB) in host RAM.
        memory_mb=65536 if video else 32768,
        cpu=4.0,
    )


@dataclass(frozen=True)
class ApiConfig:
    min_containers: int
    max_containers: int
    max_concurrent_requests: int
    queue_timeout_s: int
    result_retention_s: int


def api_config(env: Mapping[str, str]) -> ApiConfig:
    """The CPU-only web endpoint; one warm container keeps /health fast for the backend's checks."""
    minimum = _int(env, "GOONI_API_MIN_CONTAINERS", 1, 0, 10)
    return ApiConfig(
        min_containers=minimum,
        max_containers=_int(env, "GOONI_API_MAX_CONTAINERS", max(3, minimum), 1, 50),
        max_concurrent_requests=_int(env, "GOONI_API_CONCURRENCY", 50, 1, 1000),
        queue_timeout_s=_int(env, "GOONI_QUEUE_TIMEOUT", 3600, 60, 86400),
        result_retention_s=3600 * _int(env, "GOONI_RESULT_RETENTION_HOURS", 24, 1, 24 * 30),
    )


def lane_configs(env: Mapping[str, str]) -> dict[str, LaneConfig]:
    """Config of every served lane (all four models unless GOONI_MODELS narrows it)."""
    return {model: lane_config(model, env) for model in served_models(env)}


def config_env(env: Mapping[str, str]) -> dict[str, str]:
    """The deployer's settings to ship to the containers (never tokens: those come from named Secrets)."""
    shipped = {k: v for k, v in env.items() if k.startswith(CONFIG_PREFIX) or k in EXTRA_CONFIG}
    leaked = [k for k in shipped if any(word in k for word in ("TOKEN", "SECRET", "PASSWORD", "KEY"))]
    if leaked:
        raise LaneConfigError(f"refusing to ship credential-like variable(s) {leaked} in the config Secret")
    return shipped
