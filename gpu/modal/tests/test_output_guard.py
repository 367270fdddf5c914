"""output_guard.py: NaN/Inf and near-uniform pictures are refused; the pony retry plan (models.md)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import gradient, job_image, job_request

from gooni_worker.errors import OutputRejected
from gooni_worker.output_guard import attempts_for, check_image, guard_for, pony_attempts, to_uint8
from gooni_worker.params import plan_job


def test_a_real_picture_passes_and_comes_back_as_uint8() -> None:
    picture = check_image(gradient(), reject_uniform=True)
    assert picture.dtype == np.uint8 and picture.shape == (64, 64, 3)
    assert picture.max() == 255 and picture.min() == 0


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_pixels_are_refused(value: float) -> None:
    picture = gradient()
    picture[3, 5, 1] = value
    with pytest.raises(OutputRejected, match="NaN/Inf"):
        check_image(picture, reject_uniform=False)


@pytest.mark.parametrize("spread", [0, 1, 3])
def test_pony_gray_canvas_max_minus_min_below_4_is_refused(spread: int) -> None:
    picture = np.full((32, 32, 3), 128, dtype=np.uint8)
    picture[0, 0, 0] = 128 + spread
    with pytest.raises(OutputRejected, match="near-uniform"):
        check_image(picture, reject_uniform=True)
    assert check_image(picture, reject_uniform=False).shape == (32, 32, 3)


def test_a_range_of_exactly_4_passes() -> None:
    picture = np.full((8, 8, 3), 100, dtype=np.uint8)
    picture[0, 0, 0] = 104
    check_image(picture, reject_uniform=True)


def test_float_gray_output_is_refused_too() -> None:
    with pytest.raises(OutputRejected):
        check_image(np.full((16, 16, 3), 0.5, dtype=np.float32), reject_uniform=True)


def test_non_pictures_are_refused() -> None:
    with pytest.raises(OutputRejected, match="shape"):
        check_image(np.zeros((4, 4)), reject_uniform=False)


def test_to_uint8_rounds_and_clips() -> None:
    assert to_uint8(np.array([[[-1.0, 0.5, 2.0]]])).tolist() == [[[0, 128, 255]]]


def test_only_pony_gets_the_uniform_check() -> None:
    assert guard_for("pony") and not guard_for("flux")


def test_pony_retry_plan_moves_the_seed_and_gentles_the_settings() -> None:
    plan = plan_job(job_request("pony", seed=100, parameters={"steps": 50, "cfg_scale": 9, "sampler": "DPM++ SDE Karras"}))
    first, second, third = pony_attempts(plan)
    assert (first.seed, first.width, first.steps, first.guidance, first.sampler) == (100, 1024, 50, 9.0, "DPM++ SDE Karras")
    assert (second.seed, second.width, second.height, second.steps, second.guidance, second.sampler) == \
        (101, 768, 768, 32, 6.0, "Euler a")
    assert (third.seed, third.width, third.steps, third.guidance, third.sampler) == (102, 512, 24, 5.0, "Euler a")
    assert len(attempts_for(plan)) == 3


def test_pony_retry_clamps_low_settings_up_and_keeps_img2img_gentle() -> None:
    plan = plan_job(job_request("pony", mode="img2img", width=512, height=512, images=[job_image("reference_image")],
                                parameters={"steps": 20, "cfg_scale": 2, "denoising_strength": 0.9}))
    _, second, third = pony_attempts(plan)
    assert (second.width, second.steps, second.guidance, second.denoising_strength) == (512, 28, 5.0, 0.6)
    assert third.denoising_strength == 0.45


def test_other_models_get_a_single_attempt_as_requested() -> None:
    plan = plan_job(job_request("flux", seed=9))
    (only,) = attempts_for(plan)
    assert (only.number, only.seed, only.steps, only.guidance) == (0, 9, 25, 3.5)
