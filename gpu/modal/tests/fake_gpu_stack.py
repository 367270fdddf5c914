"""Minimal fakes of torch, diffusers, huggingface_hub, safetensors and imageio_ffmpeg.

Just enough surface for pipelines/*_runtime.py to import and run their glue (load, derive, call) so the
tests can check what they would ask of the real libraries: dtypes, offload applied once, components a
derived pipeline receives, schedulers, call kwargs, quantisation settings. No tensor maths happens.
"""

from __future__ import annotations

import contextlib
import inspect
import types
from typing import Any

import numpy as np

LOG: list[tuple] = []
GPU_MEMORY_GB = [24.0]


# --- torch -----------------------------------------------------------------------------------------
class _DType:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"torch.{self.name}"


class Generator:
    def __init__(self, device: str = "cpu") -> None:
        self.device, self.seed = device, None

    def manual_seed(self, seed: int) -> "Generator":
        self.seed = seed
        return self


def _torch() -> types.ModuleType:
    torch = types.ModuleType("torch")
    torch.bfloat16, torch.float32, torch.float16 = _DType("bfloat16"), _DType("float32"), _DType("float16")
    torch.Generator = Generator
    torch.inference_mode = contextlib.nullcontext
    cuda = types.SimpleNamespace(
        is_available=lambda: True,
        empty_cache=lambda: LOG.append(("cuda.empty_cache",)),
        ipc_collect=lambda: LOG.append(("cuda.ipc_collect",)),
        reset_peak_memory_stats=lambda: LOG.append(("cuda.reset_peak_memory_stats",)),
        get_device_properties=lambda index: types.SimpleNamespace(total_memory=GPU_MEMORY_GB[0] * 1024**3),
    )
    torch.cuda = cuda
    return torch


# --- diffusers -------------------------------------------------------------------------------------
class Module:
    def __init__(self, name: str, **config: Any) -> None:
        self.name, self.config = name, config

    def enable_slicing(self) -> None:
        LOG.append(("enable_slicing", self.name))

    def enable_tiling(self) -> None:
        LOG.append(("enable_tiling", self.name))

    @classmethod
    def from_pretrained(cls, repo: str, **kwargs: Any) -> "Module":
        LOG.append(("from_pretrained", cls.__name__, repo, kwargs))
        return cls(f"{cls.__name__}:{repo}", **kwargs)

    @classmethod
    def from_single_file(cls, source: Any, **kwargs: Any) -> "Module":
        LOG.append(("from_single_file", cls.__name__, source, kwargs))
        return cls(f"{cls.__name__}:single", **kwargs)


class Scheduler:
    order = 1

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def from_config(cls, config: dict[str, Any], **overrides: Any) -> "Scheduler":
        LOG.append(("scheduler", cls.__name__, dict(config), overrides))
        return cls({**config, **overrides})


class Pipeline:
    """Takes any components; `__call__` runs the step callback and returns arrays of the asked size."""

    def __init__(self, **components: Any) -> None:
        self.components = components
        for name, value in components.items():
            setattr(self, name, value)

    @classmethod
    def from_pretrained(cls, repo: str, **kwargs: Any) -> "Pipeline":
        LOG.append(("from_pretrained", cls.__name__, repo, kwargs))
        components = {"tokenizer": Module("tokenizer"), "text_encoder": Module("text_encoder"),
                      "transformer": kwargs.get("transformer", Module("transformer")),
                      "vae": kwargs.get("vae", Module("vae")), "scheduler": Scheduler({"base": repo}),
                      "extra_component": Module("extra")}
        return cls(**components)

    def enable_model_cpu_offload(self) -> None:
        LOG.append(("enable_model_cpu_offload", type(self).__name__))

    def to(self, device: str) -> "Pipeline":
        LOG.append(("to", type(self).__name__, device))
        return self

    def __call__(self, **kwargs: Any) -> Any:
        LOG.append(("call", type(self).__name__, kwargs))
        steps = kwargs["num_inference_steps"]
        if "strength" in kwargs:
            steps = max(1, int(steps * kwargs["strength"]))
        order = getattr(getattr(self, "scheduler", None), "order", 1)
        self._num_timesteps = steps * order - (order - 1)  # second-order schedulers interleave steps
        for index in range(self._num_timesteps):
            kwargs["callback_on_step_end"](self, index, 1000 - index, {})
        height, width = kwargs.get("height", 8), kwargs.get("width", 8)
        frames = kwargs.get("num_frames") or len(kwargs.get("video") or [None])
        return types.SimpleNamespace(frames=np.full((1, frames, height, width, 3), 0.5, np.float32),
                                     images=np.full((1, height, width, 3), 0.5, np.float32))


def _pipeline_class(name: str, signature: tuple[str, ...] | None = None) -> type:
    if signature is None:
        return type(name, (Pipeline,), {})
    params = ", ".join(signature)
    namespace: dict[str, Any] = {}
    exec(f"def __init__(self, {params}):\n    Pipeline.__init__(self, " + ", ".join(f"{p}={p}" for p in signature)
         + ")", {"Pipeline": Pipeline}, namespace)
    return type(name, (Pipeline,), {"__init__": namespace["__init__"]})


class BitsAndBytesConfig:
    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs


def _diffusers() -> types.ModuleType:
    diffusers = types.ModuleType("diffusers")
    wan_components = ("tokenizer", "text_encoder", "transformer", "vae", "scheduler")
    sdxl = ("vae", "text_encoder", "tokenizer", "scheduler", "transformer")
    for name, signature in {
        "WanPipeline": None, "WanVideoToVideoPipeline": wan_components,
        "StableDiffusionXLPipeline": None, "StableDiffusionXLImg2ImgPipeline": sdxl,
        "FluxPipeline": None, "FluxImg2ImgPipeline": sdxl,
    }.items():
        setattr(diffusers, name, _pipeline_class(name, signature))
    for name in ("AutoencoderKLWan", "AutoencoderKL", "WanTransformer3DModel", "FluxTransformer2DModel"):
        setattr(diffusers, name, type(name, (Module,), {}))
    for name in ("DPMSolverMultistepScheduler", "EulerAncestralDiscreteScheduler", "FlowMatchEulerDiscreteScheduler"):
        setattr(diffusers, name, type(name, (Scheduler,), {}))
    diffusers.DPMSolverSDEScheduler = type("DPMSolverSDEScheduler", (Scheduler,), {"order": 2})
    diffusers.BitsAndBytesConfig = BitsAndBytesConfig
    return diffusers


# --- hub, safetensors, imageio_ffmpeg ---------------------------------------------------------------
CHECKPOINT_KEYS = ["model.diffusion_model.patch_embedding.weight", "model.diffusion_model.blocks.0.q.weight",
                   "text_encoders.umt5.weight", "first_stage_model.decoder.weight"]


class _Tensor:
    def __init__(self, key: str) -> None:
        self.key, self.dtype = key, None

    def to(self, dtype: Any) -> "_Tensor":
        self.dtype = dtype
        return self


@contextlib.contextmanager
def safe_open(path: str, framework: str, device: str = "cpu") -> Any:
    LOG.append(("safe_open", path, framework, device))
    yield types.SimpleNamespace(keys=lambda: list(CHECKPOINT_KEYS),
                                get_tensor=lambda key: (LOG.append(("get_tensor", key)), _Tensor(key))[1])


def _hub() -> types.ModuleType:
    hub = types.ModuleType("huggingface_hub")
    hub.hf_hub_download = lambda repo, filename: (LOG.append(("hf_hub_download", repo, filename)),
                                                  f"/cache/{repo}/{filename}")[1]
    hub.snapshot_download = lambda repo, **kw: LOG.append(("snapshot_download", repo, kw))
    return hub


def modules() -> dict[str, types.ModuleType]:
    safetensors = types.ModuleType("safetensors")
    safetensors.safe_open = safe_open
    imageio_ffmpeg = types.ModuleType("imageio_ffmpeg")
    imageio_ffmpeg.get_ffmpeg_exe = lambda: "/opt/ffmpeg"
    return {"torch": _torch(), "diffusers": _diffusers(), "huggingface_hub": _hub(), "safetensors": safetensors,
            "imageio_ffmpeg": imageio_ffmpeg}


def calls(kind: str) -> list[tuple]:
    return [entry for entry in LOG if entry[0] == kind]


def signature_of(cls: type) -> list[str]:
    return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
