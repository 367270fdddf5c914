"""Wan 2.x video runtime shared by anisora and phr00t (runs only in the GPU image).

T2V: Diffusers WanPipeline, bf16, model CPU offload, VAE slicing + tiling. Image modes: a
WanVideoToVideoPipeline derived from the same components (offload hooks shared, never re-applied),
started from the conditioning clip gooni_worker.conditioning builds (see that module for why).
"""

from __future__ import annotations

import threading
from typing import Any, Callable

import numpy as np
import torch
from diffusers import AutoencoderKLWan, WanPipeline, WanVideoToVideoPipeline

from gooni_worker.pipeline_args import GenerationInput
from pipelines.common_runtime import DTYPE, derive, enable_vae_memory_savers, free_gpu_memory, run_pipeline


def load_wan_pipeline(repo_id: str, transformer: Any = None) -> WanPipeline:
    """WanPipeline in bf16 with the VAE in fp32 (Diffusers' recommendation for Wan decode quality)."""
    vae = AutoencoderKLWan.from_pretrained(repo_id, subfolder="vae", torch_dtype=torch.float32)
    extra = {"transformer": transformer} if transformer is not None else {}
    return WanPipeline.from_pretrained(repo_id, vae=vae, torch_dtype=DTYPE, **extra)


class WanRuntime:
    def __init__(self, load_t2v: Callable[[], WanPipeline]) -> None:
        self._load_t2v = load_t2v
        self._lock = threading.Lock()
        self.t2v: Any = None
        self.v2v: Any = None

    def ensure_loaded(self) -> None:
        with self._lock:
            if self.t2v is not None:
                return
            pipe = self._load_t2v()
            # 14B in bf16 does not fit a 24 GB card with activations: keep idle models on the CPU.
            pipe.enable_model_cpu_offload()
            enable_vae_memory_savers(pipe.vae, tiling=True)
            self.v2v = derive(WanVideoToVideoPipeline, pipe)
            self.t2v = pipe

    def generate(self, job: GenerationInput, on_step: Callable[[int, int | None], None]) -> np.ndarray:
        self.ensure_loaded()
        pipe = self.v2v if job.variant == "v2v" else self.t2v
        frames = run_pipeline(pipe, job, on_step, "frames")
        return np.asarray(frames[0])  # (F, H, W, 3) float in [0, 1]

    def free_memory(self) -> None:
        free_gpu_memory()
