"""Conditioning clips for the image-driven video modes (i2v, first_last_frame, arbitrary_frame).

The weights that run are Wan 2.1 *T2V* (models.md: the AniSora repo has no Diffusers layout) and the
phr00t all-in-one transformer, whose patch embedding takes 16 latent channels; Diffusers'
WanImageToVideoPipeline needs an I2V transformer (36 channels) and a CLIP image encoder, neither of
which exists here. So image modes run as Wan video-to-video from the same components: this module
builds the starting clip from the images, and the pipeline re-noises it by `denoising_strength`.

That makes every catalog slider do something visible (CAT-3):
  * reference_strength — how long the reference stays sharp: frame t is a mix of the reference and a
    blurred copy, weight 1 at the first frame falling linearly to reference_strength at the last;
  * first_strength / last_strength — how sharp the first / last image is at its end of a cross-fade;
  * keyframe strength — how sharp each keyframe is at its frame_index; frames between keyframes
    cross-fade, and their sharpness is the keyframes' (interpolated) times reference_strength;
  * denoising_strength — how much of the clip the model repaints (fewer, later steps when low).
"""

from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np
from PIL import Image, ImageFilter

from .images import fit_cover
from .params import Keyframe, RunPlan


def soften(image: Image.Image) -> Image.Image:
    """A blurred copy: keeps palette and layout, drops detail the model is free to re-invent."""
    radius = max(2, min(image.size) // 48)
    return image.filter(ImageFilter.GaussianBlur(radius=radius))


def _pair(image: Image.Image, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    fitted = fit_cover(image, width, height)
    return np.asarray(fitted, dtype=np.float32), np.asarray(soften(fitted), dtype=np.float32)


def _mix(sharp: np.ndarray, soft: np.ndarray, sharpness: float) -> np.ndarray:
    s = min(1.0, max(0.0, float(sharpness)))
    return sharp * s + soft * (1.0 - s)


def _u8(frame: np.ndarray) -> np.ndarray:
    return np.clip(frame + 0.5, 0, 255).astype(np.uint8)


def _position(t: int, frames: int) -> float:
    return 0.0 if frames <= 1 else t / (frames - 1)


def reference_clip(image: Image.Image, width: int, height: int, frames: int,
                   reference_strength: float) -> Iterator[np.ndarray]:
    sharp, soft = _pair(image, width, height)
    for t in range(frames):
        weight = 1.0 - (1.0 - reference_strength) * _position(t, frames)
        yield _u8(_mix(sharp, soft, weight))


def first_last_clip(first: Image.Image, last: Image.Image, width: int, height: int, frames: int,
                    first_strength: float, last_strength: float) -> Iterator[np.ndarray]:
    start = _mix(*_pair(first, width, height), first_strength)
    end = _mix(*_pair(last, width, height), last_strength)
    for t in range(frames):
        a = _position(t, frames)
        yield _u8(start * (1.0 - a) + end * a)


def keyframe_clip(images: Sequence[Image.Image], keyframes: Sequence[Keyframe], width: int, height: int,
                  frames: int, reference_strength: float) -> Iterator[np.ndarray]:
    """`images[i]` belongs to `keyframes[i]`; keyframes are sorted by frame_index."""
    pairs = [_pair(image, width, height) for image in images]
    marks = [k.frame_index for k in keyframes]
    for t in range(frames):
        if t <= marks[0] or t >= marks[-1]:
            i = 0 if t <= marks[0] else len(marks) - 1
            sharpness = keyframes[i].strength * (1.0 if t == marks[i] else reference_strength)
            yield _u8(_mix(*pairs[i], sharpness))
            continue
        right = next(i for i, mark in enumerate(marks) if mark >= t)
        left = right - 1
        if marks[right] == t:
            yield _u8(_mix(*pairs[right], keyframes[right].strength))
            continue
        a = (t - marks[left]) / (marks[right] - marks[left])
        sharp = pairs[left][0] * (1 - a) + pairs[right][0] * a
        soft = pairs[left][1] * (1 - a) + pairs[right][1] * a
        strength = keyframes[left].strength * (1 - a) + keyframes[right].strength * a
        yield _u8(_mix(sharp, soft, strength * reference_strength))


def _value(strength: float | None) -> float:
    # 0.0 is a real value (fully soft), so no `or` shortcuts here.
    return 1.0 if strength is None else float(strength)


def conditioning_clip(plan: RunPlan, images: Sequence[Image.Image]) -> Iterator[np.ndarray] | None:
    """The starting clip for the plan's mode, or None for t2v (pure text, nothing to start from)."""
    frames, width, height = int(plan.num_frames or 1), plan.width, plan.height
    if plan.mode == "i2v":
        reference = images[plan.image_roles["reference_image"]]
        return reference_clip(reference, width, height, frames, _value(plan.reference_strength))
    if plan.mode == "first_last_frame":
        return first_last_clip(images[plan.image_roles["first_frame_image"]],
                               images[plan.image_roles["last_frame_image"]], width, height, frames,
                               _value(plan.first_strength), _value(plan.last_strength))
    if plan.mode == "arbitrary_frame":
        return keyframe_clip([images[k.index] for k in plan.keyframes], plan.keyframes, width, height, frames,
                             _value(plan.reference_strength))
    return None
