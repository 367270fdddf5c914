"""Picking the transformer out of phr00t's all-in-one checkpoint.

`Phr00t/WAN2.2-14B-Rapid-AllInOne` ships ComfyUI "checkpoint" files: the diffusion model under
`model.diffusion_model.*` next to the text encoder and VAE. Only the transformer is loaded from it (the
text encoder, tokenizer, VAE and scheduler come from Wan-AI/Wan2.1-T2V-14B-Diffusers, models.md), so
the runtime reads just these tensors from the file — never the whole multi-GB file into memory — and
hands them to Diffusers' single-file converter. Deciding which keys those are is pure and tested here.
"""

from __future__ import annotations

from typing import Iterable

DIFFUSION_PREFIXES = ("model.diffusion_model.", "diffusion_model.")
# Top-level names of the other components bundled in ComfyUI checkpoints.
NON_TRANSFORMER_PREFIXES = ("first_stage_model.", "vae.", "cond_stage_model.", "conditioner.", "text_encoders.",
                            "text_encoder.", "clip.", "t5xxl.", "umt5", "model_ema.")
WAN_TRANSFORMER_MARKERS = ("patch_embedding.", "blocks.0.", "head.head.", "text_embedding.", "time_embedding.")


class CheckpointLayoutError(ValueError):
    pass


def transformer_key_map(keys: Iterable[str]) -> dict[str, str]:
    """{key in the file: key the Diffusers converter expects (original Wan naming, no prefix)}."""
    keys = list(keys)
    for prefix in DIFFUSION_PREFIXES:
        picked = {key: key[len(prefix):] for key in keys if key.startswith(prefix)}
        if picked:
            return _checked(picked)
    bare = {key: key for key in keys if not key.startswith(NON_TRANSFORMER_PREFIXES)}
    return _checked(bare)


def _checked(mapping: dict[str, str]) -> dict[str, str]:
    targets = list(mapping.values())
    if not any(t.startswith(m) for t in targets for m in WAN_TRANSFORMER_MARKERS):
        raise CheckpointLayoutError("no Wan transformer tensors (patch_embedding/blocks.*) found in the checkpoint")
    return mapping
