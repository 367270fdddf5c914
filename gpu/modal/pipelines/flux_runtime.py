"""flux: FLUX.1-dev with the transformer quantised to NF4 (bitsandbytes 4-bit, double quant, bf16
compute), VAE slicing + tiling; img2img derived from the same modules. Steps and guidance are the
request's (the predecessor hard-coded 50 / 3.5)."""

from __future__ import annotations

import threading
from typing import Any, Callable

import numpy as np
import torch
from diffusers import BitsAndBytesConfig, FluxImg2ImgPipeline, FluxPipeline, FluxTransformer2DModel

from gooni_worker.pipeline_args import GenerationInput
from gooni_worker.weights import Weights, prefetch_plan
from pipelines import common_runtime
from pipelines.common_runtime import (DTYPE, apply_scheduler, derive, enable_vae_memory_savers, free_gpu_memory,
                                      gpu_total_gb, run_pipeline)

# NF4 transformer (~7 GB) + T5-XXL in bf16 (~9.5 GB) + CLIP/VAE fit a 24 GB card, not a 16 GB T4.
RESIDENT_MIN_GB = 20


class FluxRuntime:
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
            quantization = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                              bnb_4bit_use_double_quant=True, bnb_4bit_compute_dtype=torch.bfloat16)
            transformer = FluxTransformer2DModel.from_pretrained(
                self.weights.flux, subfolder="transformer", quantization_config=quantization, torch_dtype=DTYPE)
            pipe = FluxPipeline.from_pretrained(self.weights.flux, transformer=transformer, torch_dtype=DTYPE)
            if gpu_total_gb() >= RESIDENT_MIN_GB:
                pipe.to("cuda")
            else:
                pipe.enable_model_cpu_offload()
            enable_vae_memory_savers(pipe.vae, tiling=True)
            self._scheduler_config = pipe.scheduler.config
            self.img2img = derive(FluxImg2ImgPipeline, pipe)
            self.txt2img = pipe

    def generate(self, job: GenerationInput, on_step: Callable[[int, int | None], None]) -> np.ndarray:
        self.ensure_loaded()
        pipe = self.img2img if job.variant == "img2img" else self.txt2img
        apply_scheduler(pipe, job.scheduler, self._scheduler_config)
        images = run_pipeline(pipe, job, on_step, "images")
        return np.asarray(images[0])

    def free_memory(self) -> None:
        free_gpu_memory()


def create_runtime(weights: Weights) -> FluxRuntime:
    return FluxRuntime(weights)


def prefetch(weights: Weights) -> None:
    common_runtime.prefetch(prefetch_plan("flux", weights))
