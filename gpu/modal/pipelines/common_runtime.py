"""Torch/Diffusers helpers shared by the family runtimes (runs only in the GPU image)."""

from __future__ import annotations

import gc
import inspect
import logging
from pathlib import Path
from typing import Any, Callable

import diffusers
import torch

from gooni_worker.ffmpeg_sink import FfmpegSink
from gooni_worker.pipeline_args import GenerationInput, SchedulerSpec
from gooni_worker.weights import Download

log = logging.getLogger("gooni_worker.runtime")
DTYPE = torch.bfloat16  # bf16 everywhere: fp16 SDXL decoded gray/NaN images (predecessor §11)


def free_gpu_memory() -> None:
    """After every job, success or failure: the pipeline stays cached, the activations must go."""
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
        torch.cuda.ipc_collect()
        torch.cuda.reset_peak_memory_stats()


def gpu_total_gb() -> float:
    if not torch.cuda.is_available():
        return 0.0
    return torch.cuda.get_device_properties(0).total_memory / 1024**3


def cpu_generator(seed: int) -> torch.Generator:
    # A CPU generator gives the same noise on any GPU type, so a seed reproduces across accounts.
    return torch.Generator(device="cpu").manual_seed(int(seed))


def step_callback(on_step: Callable[[int, int | None], None]) -> Callable[..., dict[str, Any]]:
    """Diffusers' callback_on_step_end: reports loop index i (0-based) and how many iterations the
    scheduler runs (`_num_timesteps`, set by the pipelines before their loop); raising cancels."""
    def callback(pipe: Any, step: int, _timestep: Any, callback_kwargs: dict[str, Any]) -> dict[str, Any]:
        count = getattr(pipe, "_num_timesteps", None)
        on_step(int(step), int(count) if isinstance(count, int) else None)
        return callback_kwargs
    return callback


def apply_scheduler(pipe: Any, spec: SchedulerSpec | None, base_config: Any) -> None:
    if spec is None:
        return
    scheduler_class = getattr(diffusers, spec.class_name)
    pipe.scheduler = scheduler_class.from_config(base_config, **spec.overrides)


def derive(pipeline_class: type, source: Any) -> Any:
    """A sibling pipeline over the same modules (img2img from txt2img, v2v from t2v).

    Built from the components its constructor takes, so accelerate's offload hooks already attached to
    the shared modules are reused — CPU offload is never applied twice (models.md).
    """
    accepted = inspect.signature(pipeline_class.__init__).parameters
    return pipeline_class(**{name: module for name, module in source.components.items() if name in accepted})


def enable_vae_memory_savers(vae: Any, tiling: bool) -> None:
    for name in ("enable_slicing",) + (("enable_tiling",) if tiling else ()):
        method = getattr(vae, name, None)
        if callable(method):
            method()


def run_pipeline(pipe: Any, job: GenerationInput, on_step: Callable[[int, int | None], None], output: str) -> Any:
    with torch.inference_mode():
        result = pipe(**job.call_kwargs(), generator=cpu_generator(job.seed),
                      callback_on_step_end=step_callback(on_step))
    return getattr(result, output)


def sink_factory() -> Callable[[Path, str, int, int, int], FfmpegSink]:
    import imageio_ffmpeg  # the ffmpeg binary (with libx264 and libvpx-vp9) bundled in the wheel

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    return lambda path, fmt, width, height, fps: FfmpegSink(ffmpeg, path, fmt, width, height, fps)


def prefetch(downloads: list[Download]) -> None:
    from huggingface_hub import hf_hub_download, snapshot_download

    for item in downloads:
        log.info("prefetching %s %s", item.repo_id, item.filename or "")
        if item.filename:
            hf_hub_download(item.repo_id, item.filename)
        else:
            snapshot_download(item.repo_id, allow_patterns=list(item.allow_patterns) if item.allow_patterns else None,
                              ignore_patterns=list(item.ignore_patterns) if item.ignore_patterns else None)
