"""conditioning.py: the starting clip of the image-driven video modes honours every strength (CAT-3)."""

from __future__ import annotations

import numpy as np
from conftest import job_image, job_request
from PIL import Image, ImageDraw

from gooni_worker.conditioning import conditioning_clip, first_last_clip, keyframe_clip, reference_clip
from gooni_worker.params import Keyframe, plan_job

W, H = 64, 48


def detailed(color: tuple[int, int, int]) -> Image.Image:
    """A picture with edges, so sharp and blurred copies differ."""
    image = Image.new("RGB", (W, H), color)
    draw = ImageDraw.Draw(image)
    for x in range(0, W, 8):
        draw.line([(x, 0), (x, H)], fill=(255, 255, 255), width=2)
    return image


def sharpness(frame: np.ndarray) -> float:
    return float(np.abs(np.diff(frame.astype(np.float32), axis=1)).mean())


def test_cat3_reference_strength_sets_how_long_the_reference_stays_sharp() -> None:
    image = detailed((200, 0, 0))
    held = list(reference_clip(image, W, H, 9, reference_strength=1.0))
    fading = list(reference_clip(image, W, H, 9, reference_strength=0.1))
    assert len(held) == 9 and held[0].shape == (H, W, 3) and held[0].dtype == np.uint8
    assert np.array_equal(held[0], held[-1])
    assert np.array_equal(held[0], fading[0])  # the first frame is always the reference
    assert sharpness(fading[-1]) < sharpness(held[-1]) * 0.8


def test_cat3_first_last_cross_fades_and_each_strength_sharpens_its_end() -> None:
    first, last = detailed((255, 0, 0)), detailed((0, 0, 255))
    clip = list(first_last_clip(first, last, W, H, 5, 1.0, 1.0))
    assert clip[0][..., 0].mean() > clip[0][..., 2].mean() and clip[-1][..., 2].mean() > clip[-1][..., 0].mean()
    soft_start = list(first_last_clip(first, last, W, H, 5, 0.5, 1.0))
    assert sharpness(soft_start[0]) < sharpness(clip[0])
    assert np.array_equal(soft_start[-1], clip[-1])


def test_cat3_keyframes_land_on_their_frame_index_with_their_strength() -> None:
    red, blue = detailed((255, 0, 0)), detailed((0, 0, 255))
    keys = [Keyframe(0, 2, 1.0), Keyframe(1, 6, 0.3)]
    clip = list(keyframe_clip([red, blue], keys, W, H, 9, reference_strength=0.85))
    assert len(clip) == 9
    assert clip[2][..., 0].mean() > 150 and clip[6][..., 2].mean() > 100
    assert sharpness(clip[6]) < sharpness(clip[2])  # strength 0.3 vs 1.0
    middle = clip[4]
    assert abs(middle[..., 0].mean() - middle[..., 2].mean()) < 60  # half-way between red and blue
    assert sharpness(clip[0]) < sharpness(clip[2])  # before the first keyframe: held, but softer


def test_the_plan_picks_the_clip_for_its_mode() -> None:
    image = job_image("reference_image")
    assert conditioning_clip(plan_job(job_request("anisora", parameters={"num_frames": 5})), []) is None
    plan = plan_job(job_request("anisora", mode="i2v", images=[image], width=256, height=256,
                                parameters={"num_frames": 5, "reference_strength": 0.0}))
    frames = list(conditioning_clip(plan, [detailed((9, 9, 9))]))
    assert len(frames) == 5 and frames[0].shape == (256, 256, 3)
    assert sharpness(frames[-1]) < sharpness(frames[0])  # 0.0 is honoured, not read as "unset"
