"""anisora: Wan-AI/Wan2.1-T2V-14B-Diffusers in a WanPipeline (the AniSora repo has no Diffusers layout)."""

from __future__ import annotations

from gooni_worker.weights import Weights, prefetch_plan
from pipelines import common_runtime
from pipelines.wan_runtime import WanRuntime, load_wan_pipeline


def create_runtime(weights: Weights) -> WanRuntime:
    return WanRuntime(lambda: load_wan_pipeline(weights.anisora))


def prefetch(weights: Weights) -> None:
    common_runtime.prefetch(prefetch_plan("anisora", weights))
