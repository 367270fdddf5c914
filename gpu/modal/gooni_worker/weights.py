"""Model weights per models.md, overridable by environment (like the predecessor's *_MODEL_ID)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

WAN_COMPONENTS = "Wan-AI/Wan2.1-T2V-14B-Diffusers"


@dataclass(frozen=True)
class Weights:
    anisora: str
    phr00t_repo: str
    phr00t_file: str
    wan_components: str
    pony: str
    pony_vae: str
    flux: str


def weights(env: Mapping[str, str]) -> Weights:
    return Weights(
        # The AniSora repo has no Diffusers layout (loading it 404s): Wan 2.1 T2V 14B is what runs.
        anisora=env.get("ANISORA_MODEL_ID", WAN_COMPONENTS),
        phr00t_repo=env.get("PHR00T_MODEL_ID", "Phr00t/WAN2.2-14B-Rapid-AllInOne"),
        phr00t_file=env.get("PHR00T_FILENAME", "Mega-v12/wan2.2-rapid-mega-aio-nsfw-v12.2.safetensors"),
        wan_components=env.get("WAN_COMPONENTS_MODEL_ID", WAN_COMPONENTS),
        pony=env.get("PONY_MODEL_ID", "Polenov2024/Pony-Diffusion-V6-XL"),
        pony_vae=env.get("PONY_VAE_MODEL_ID", "madebyollin/sdxl-vae-fp16-fix"),
        flux=env.get("FLUX_MODEL_ID", "black-forest-labs/FLUX.1-dev"),
    )


@dataclass(frozen=True)
class Download:
    """One Hugging Face download: a whole repo (filtered) or a single file."""

    repo_id: str
    filename: str | None = None
    allow_patterns: tuple[str, ...] | None = None
    ignore_patterns: tuple[str, ...] | None = None


# Formats we never load: other frameworks' weights and duplicate single-file copies of diffusers repos.
_NOT_LOADED = ("*.bin", "*.pt", "*.pth", "*.ckpt", "*.msgpack", "*.onnx", "*.h5", "*.gguf")


def prefetch_plan(model: str, w: Weights) -> list[Download]:
    """What to download into the model-cache volume for a lane (the `download_weights` function)."""
    if model == "anisora":
        return [Download(w.anisora, ignore_patterns=_NOT_LOADED)]
    if model == "phr00t":
        # Only the components (and the transformer's config.json, which pins the architecture): the
        # transformer weights come from the single all-in-one file.
        return [Download(w.wan_components, ignore_patterns=_NOT_LOADED + ("transformer/diffusion_pytorch_model*",)),
                Download(w.phr00t_repo, filename=w.phr00t_file)]
    if model == "pony":
        return [Download(w.pony, ignore_patterns=_NOT_LOADED), Download(w.pony_vae, ignore_patterns=_NOT_LOADED)]
    if model == "flux":
        # The diffusers folders only: flux1-dev.safetensors / ae.safetensors are 24 GB of duplicates.
        return [Download(w.flux, ignore_patterns=_NOT_LOADED + ("flux1-dev.safetensors", "ae.safetensors"))]
    raise ValueError(f"unknown model {model}")
