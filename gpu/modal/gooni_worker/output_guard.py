"""Output guard: refuse pictures that are not pictures, and the pony retry plan.

SDXL in the wrong precision decodes to NaN (black after casting) or to a flat gray canvas; the
predecessor shipped such images until it added this check (predecessor-facts §7.2, §11). A rejected
pony image is retried with the seed moved on and gentler settings; flux and the video models only
get the NaN/Inf check (a near-uniform flux picture can be a legitimate "white wall").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import OutputRejected
from .params import RunPlan

UNIFORM_RANGE = 4  # max − min below this (on 0–255) is a blank canvas
PONY_ATTEMPTS = 3


def to_uint8(pixels: np.ndarray) -> np.ndarray:
    """float [0,1] (a pipeline's "np" output) or uint8 → uint8 HxWx3; NaN/Inf is refused first."""
    array = np.asarray(pixels)
    if array.dtype == np.uint8:
        return array
    if not np.isfinite(array).all():
        raise OutputRejected("The picture has invalid pixel values (NaN/Inf).")
    return (np.clip(array.astype(np.float32), 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def check_image(pixels: np.ndarray, *, reject_uniform: bool) -> np.ndarray:
    """Returns the uint8 picture, or raises OutputRejected naming what is wrong with it."""
    array = np.asarray(pixels)
    if array.ndim != 3 or array.shape[2] not in (3, 4) or array.shape[0] == 0 or array.shape[1] == 0:
        raise OutputRejected(f"The pipeline returned an array of shape {array.shape}, not an RGB picture.")
    picture = to_uint8(array)[:, :, :3]
    if reject_uniform:
        spread = int(picture.max()) - int(picture.min())
        if spread < UNIFORM_RANGE:
            raise OutputRejected(f"The picture is a near-uniform canvas (pixel range {spread} < {UNIFORM_RANGE}).")
    return picture


def guard_for(model: str) -> bool:
    """Whether the model's images get the near-uniform check (pony only, per models.md)."""
    return model == "pony"


@dataclass(frozen=True)
class Attempt:
    """The settings of one generation attempt; attempt 0 is exactly the request's plan."""

    number: int
    seed: int
    width: int
    height: int
    steps: int
    guidance: float
    sampler: str | None
    denoising_strength: float | None


def first_attempt(plan: RunPlan) -> Attempt:
    return Attempt(0, plan.seed, plan.width, plan.height, plan.steps, plan.guidance, plan.sampler,
                   plan.denoising_strength)


def pony_attempts(plan: RunPlan) -> list[Attempt]:
    """Up to 3 attempts: as requested, then gentler (768², Euler a, ~30 steps, cfg 5–6), then safest.

    Each retry moves the seed on by its attempt number so a seed that decodes gray is not replayed.
    """
    def clamp(value: float, lo: float, hi: float) -> float:
        return min(hi, max(lo, value))

    strength = plan.denoising_strength
    side1 = min(768, plan.width)  # never upscale a 512 request; img2img is ≤ 768 anyway
    return [
        first_attempt(plan),
        Attempt(1, plan.seed + 1, side1, side1, int(clamp(plan.steps, 28, 32)), clamp(plan.guidance, 5.0, 6.0),
                "Euler a", None if strength is None else clamp(strength, 0.45, 0.6)),
        Attempt(2, plan.seed + 2, 512, 512, 24, 5.0, "Euler a", None if strength is None else 0.45),
    ][:PONY_ATTEMPTS]


def attempts_for(plan: RunPlan) -> list[Attempt]:
    return pony_attempts(plan) if plan.model == "pony" else [first_attempt(plan)]
