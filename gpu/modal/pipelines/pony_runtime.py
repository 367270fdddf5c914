"""pony: Pony Diffusion V6 XL (SDXL) in bf16 with the fp16-fix VAE, whole pipeline on the GPU, VAE
slicing; img2img derived from the same modules. Scheduler and clip_skip per call (pipeline_args)."""

from __future__ import annotations

import threading
from typing import Any, Callable

import numpy as np
from diffusers import AutoencoderKL, StableDiffusionXLImg2ImgPipeline, StableDiffusionXLPipeline

from gooni_worker.pipeline_args import GenerationInput
from gooni_worker.weights import Weights, prefetch_plan
from pipelines import common_runtime
from pipelines.common_runtime import DTYPE, apply_scheduler, derive, enable_vae_memory_savers, free_gpu_memory, run_pipeline


class PonyRuntime:
    def __init__(self, weights: Weights) -> None:
        self.weights = weights
        self._lock = threading.Lock()
        self.txt2img: Any = None
        self.img2img: Any = None
        self._scheduler_config: Any = None

    def ensure_loaded(self) -> None:
        with self._lock:
            if self.txt2img is not None:
                return
            vae = AutoencoderKL.from_pretrained(self.weights.pony_vae, torch_dtype=DTYPE)
            # low_cpu_mem_usage=False: the meta-device loading path broke SDXL loads (predecessor §7.4).
            pipe = StableDiffusionXLPipeline.from_pretrained(self.weights.pony, vae=vae, torch_dtype=DTYPE,
                                                             use_safetensors=True, low_cpu_mem_usage=False)
            pipe.to("cuda")
            enable_vae_memory_savers(pipe.vae, tiling=False)
            self._scheduler_config = pipe.scheduler.config
            self.img2img = derive(StableDiffusionXLImg2ImgPipeline, pipe)
            self.txt2img = pipe

    def generate(self, job: GenerationInput, on_step: Callable[[int, int | None], None]) -> np.ndarray:
        self.ensure_loaded()
        pipe = self.img2img if job.variant == "img2img" else self.txt2img
        apply_scheduler(pipe, job.scheduler, self._scheduler_config)
        images = run_pipeline(pipe, job, on_step, "images")
        return np.asarray(images[0])  # (H, W, 3) float in [0, 1]

    def free_memory(self) -> None:
        free_gpu_memory()


def create_runtime(weights: Weights) -> PonyRuntime:
    return PonyRuntime(weights)


def prefetch(weights: Weights) -> None:
    common_runtime.prefetch(prefetch_plan("pony", weights))
