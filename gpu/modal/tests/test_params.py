"""params.py: per-model rules (models.md) — sizes, frames, fixed parameters, defaults, modes, images."""

from __future__ import annotations

import pytest
from conftest import job_image, job_request

from gooni_worker.errors import RequestInvalid
from gooni_worker.params import (PARAM_SPECS, effective_denoise_steps, nearest_wan_frames, plan_job, round_down_16,
                                 snap_pony_side)


# --- sizes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [(720, 720), (730, 720), (1279, 1264), (256, 256), (271, 256), (2048, 2048)])
def test_sizes_round_down_to_multiples_of_16(value: int, expected: int) -> None:
    assert round_down_16(value) == expected


@pytest.mark.parametrize("model", ["anisora", "phr00t", "flux"])
def test_gen7_used_reports_the_size_after_rounding(model: str) -> None:
    plan = plan_job(job_request(model, width=1000, height=770))
    assert (plan.width, plan.height) == (992, 768)
    assert plan.used["width"] == 992 and plan.used["height"] == 768


@pytest.mark.parametrize("width, height, mode, side", [
    (720, 1280, "txt2img", 1024), (1024, 1024, "txt2img", 1024), (897, 300, "txt2img", 1024),
    (896, 896, "txt2img", 768), (641, 300, "txt2img", 768), (640, 640, "txt2img", 512), (256, 256, "txt2img", 512),
    (1024, 1024, "img2img", 768), (2048, 2048, "img2img", 768), (600, 600, "img2img", 512),
])
def test_pony_snaps_to_512_768_1024_squares_and_img2img_to_at_most_768(width: int, height: int, mode: str,
                                                                         side: int) -> None:
    assert snap_pony_side(width, height, mode) == side
    images = [job_image("reference_image")] if mode == "img2img" else []
    plan = plan_job(job_request("pony", width=width, height=height, mode=mode, images=images))
    assert (plan.width, plan.height) == (side, side)


@pytest.mark.parametrize("side", [255, 2049])
def test_sizes_outside_the_accepted_range_are_refused(side: int) -> None:
    with pytest.raises(RequestInvalid, match="between 256 and 2048"):
        plan_job(job_request("flux", width=side))


# --- frames --------------------------------------------------------------------------------------
@pytest.mark.parametrize("requested, used", [(81, 81), (80, 81), (82, 81), (83, 85), (79, 81), (78, 77), (1, 1), (2, 1),
                                             (3, 5), (161, 161), (240, 241), (241, 241), (49, 49), (50, 49)])
def test_wan_frames_round_to_the_nearest_4k_plus_1_like_the_simulator(requested: int, used: int) -> None:
    assert nearest_wan_frames(requested) == used
    assert (used - 1) % 4 == 0


def test_gen7_video_used_reports_frames_fps_steps_and_seed() -> None:
    plan = plan_job(job_request("anisora", seed=7, parameters={"num_frames": 100, "fps": 24}))
    assert plan.used == {"width": 720, "height": 1280, "seed": 7, "steps": 8, "num_frames": 101, "fps": 24}


@pytest.mark.parametrize("frames", [0, 242])
def test_frames_outside_1_to_241_are_refused(frames: int) -> None:
    with pytest.raises(RequestInvalid, match="num_frames"):
        plan_job(job_request("phr00t", parameters={"num_frames": frames}))


# --- fixed parameters ---------------------------------------------------------------------------
def test_cat3_anisora_runs_its_fixed_8_steps_at_guidance_1() -> None:
    plan = plan_job(job_request("anisora"))
    assert (plan.steps, plan.guidance) == (8, 1.0)
    plan = plan_job(job_request("anisora", parameters={"steps": 8, "guidance_scale": 1}))
    assert (plan.steps, plan.guidance) == (8, 1.0)


@pytest.mark.parametrize("model, name, value", [
    ("anisora", "steps", 50), ("anisora", "guidance_scale", 4.0),
    ("phr00t", "steps", 40), ("phr00t", "cfg_scale", 7.0), ("phr00t", "steps", 8),
])
def test_cat3_a_different_value_for_a_fixed_parameter_is_refused(model: str, name: str, value: float) -> None:
    with pytest.raises(RequestInvalid, match="fixed"):
        plan_job(job_request(model, parameters={name: value}))


def test_cat3_phr00t_runs_its_fixed_4_steps_at_cfg_1_and_appends_the_lighting_phrase() -> None:
    plan = plan_job(job_request("phr00t", prompt="a city", parameters={"lighting_variant": "high_noise"}))
    assert (plan.steps, plan.guidance) == (4, 1.0)
    assert plan.prompt == "a city, high contrast, dramatic lighting"
    default = plan_job(job_request("phr00t", prompt="a city"))
    assert default.prompt == "a city, soft lighting, low noise"
    assert default.lighting_variant == "low_noise"


def test_cat3_phr00t_refuses_an_unknown_lighting_variant() -> None:
    with pytest.raises(RequestInvalid, match="lighting_variant"):
        plan_job(job_request("phr00t", parameters={"lighting_variant": "neon"}))


def test_cat3_anisora_motion_score_reaches_the_prompt() -> None:
    assert plan_job(job_request("anisora", prompt="a fox", parameters={"motion_score": 4.5})).prompt == \
        "a fox motion score: 4.5."
    assert plan_job(job_request("anisora", prompt="a fox")).prompt == "a fox motion score: 3.0."


# --- honoured parameters (flux no longer ignores steps/guidance) ----------------------------------
def test_cat3_flux_honours_steps_and_guidance_the_predecessor_ignored() -> None:
    plan = plan_job(job_request("flux", parameters={"steps": 18, "guidance_scale": 2.5}))
    assert (plan.steps, plan.guidance) == (18, 2.5)
    assert plan.used["steps"] == 18


def test_defaults_fill_every_parameter_the_request_left_out() -> None:
    pony = plan_job(job_request("pony"))
    assert (pony.steps, pony.guidance, pony.clip_skip, pony.sampler) == (30, 6.0, 2, "DPM++ 2M Karras")
    flux = plan_job(job_request("flux"))
    assert (flux.steps, flux.guidance, flux.sampler) == (25, 3.5, "Euler")
    video = plan_job(job_request("anisora"))
    assert (video.num_frames, video.fps, video.motion_score) == (81, 16, 3.0)


def test_pony_without_sampler_or_steps_does_not_crash_like_the_predecessor() -> None:
    plan = plan_job(job_request("pony", parameters={"cfg_scale": 5.5}))
    assert plan.sampler == "DPM++ 2M Karras" and plan.steps == 30 and plan.guidance == 5.5


@pytest.mark.parametrize("model, params, match", [
    ("pony", {"steps": 0}, "steps"), ("pony", {"steps": 151}, "steps"), ("pony", {"steps": 2.5}, "integer"),
    ("pony", {"cfg_scale": 21}, "cfg_scale"), ("pony", {"clip_skip": 5}, "clip_skip"),
    ("pony", {"sampler": "DDIM"}, "sampler"), ("flux", {"sampler": "Euler a"}, "sampler"),
    ("flux", {"guidance_scale": "high"}, "number"), ("pony", {"steps": True}, "integer"),
    ("anisora", {"fps": 61}, "fps"), ("anisora", {"motion_score": 5.5}, "motion_score"),
])
def test_cat3_values_outside_the_accepted_ranges_are_refused(model: str, params: dict, match: str) -> None:
    with pytest.raises(RequestInvalid, match=match):
        plan_job(job_request(model, parameters=params))


@pytest.mark.parametrize("model, name", [("flux", "cfg_scale"), ("pony", "guidance_scale"), ("anisora", "cfg_scale"),
                                          ("phr00t", "motion_score"), ("flux", "clip_skip"), ("pony", "made_up")])
def test_cat3_a_parameter_the_model_does_not_have_is_refused_not_ignored(model: str, name: str) -> None:
    with pytest.raises(RequestInvalid, match="would not honour"):
        plan_job(job_request(model, parameters={name: 1}))


def test_cat3_a_parameter_of_another_mode_is_refused() -> None:
    with pytest.raises(RequestInvalid, match="does not apply to mode txt2img"):
        plan_job(job_request("pony", parameters={"denoising_strength": 0.5}))
    with pytest.raises(RequestInvalid, match="does not apply"):
        plan_job(job_request("anisora", parameters={"reference_strength": 0.5}))


# --- model / type / format / mode ----------------------------------------------------------------
def test_unknown_and_unserved_models_answer_unsupported_model() -> None:
    with pytest.raises(RequestInvalid) as unknown:
        plan_job({**job_request("pony"), "model": "sdxl"})
    assert unknown.value.code == "unsupported_model" and "Unknown model" in unknown.value.detail
    with pytest.raises(RequestInvalid) as unserved:
        plan_job(job_request("flux"), served_models=("pony",))
    assert unserved.value.code == "unsupported_model" and "does not serve flux" in unserved.value.detail


@pytest.mark.parametrize("model, overrides, match", [
    ("pony", {"type": "video"}, "produces image"),
    ("anisora", {"output_format": "png"}, "not a video format"),
    ("flux", {"output_format": "webm"}, "not a image format"),
    ("phr00t", {"mode": "arbitrary_frame"}, "does not support mode"),
    ("pony", {"mode": "t2v"}, "does not support mode"),
    ("anisora", {"mode": "txt2img"}, "does not support mode"),
    ("pony", {"prompt": "   "}, "prompt"),
    ("pony", {"prompt": "x" * 2001}, "prompt"),
    ("pony", {"negative_prompt": "x" * 1001}, "negative_prompt"),
])
def test_requests_the_model_cannot_run_are_refused(model: str, overrides: dict, match: str) -> None:
    with pytest.raises(RequestInvalid, match=match) as error:
        plan_job(job_request(model, **overrides))
    assert error.value.code == "invalid_request" and error.value.status == 422


# --- images per mode -----------------------------------------------------------------------------
def test_image_modes_need_their_images() -> None:
    with pytest.raises(RequestInvalid, match="needs image"):
        plan_job(job_request("flux", mode="img2img"))
    with pytest.raises(RequestInvalid, match="last_frame_image"):
        plan_job(job_request("anisora", mode="first_last_frame", images=[job_image("first_frame_image")]))
    with pytest.raises(RequestInvalid, match="at least one keyframe"):
        plan_job(job_request("anisora", mode="arbitrary_frame"))


def test_cat3_an_image_the_mode_would_not_use_is_refused() -> None:
    with pytest.raises(RequestInvalid, match="not used"):
        plan_job(job_request("pony", images=[job_image("reference_image")]))


def test_keyframes_are_sorted_and_checked_against_the_clip_length() -> None:
    images = [job_image("keyframe", frame_index=40, strength=0.5), job_image("keyframe", frame_index=0)]
    plan = plan_job(job_request("anisora", mode="arbitrary_frame", images=images, parameters={"num_frames": 49}))
    assert [(k.frame_index, k.strength, k.index) for k in plan.keyframes] == [(0, 0.85, 1), (40, 0.5, 0)]
    with pytest.raises(RequestInvalid, match="beyond the clip"):
        plan_job(job_request("anisora", mode="arbitrary_frame", images=[job_image("keyframe", frame_index=49)],
                             parameters={"num_frames": 49}))
    with pytest.raises(RequestInvalid, match="share frame_index"):
        plan_job(job_request("anisora", mode="arbitrary_frame",
                             images=[job_image("keyframe", frame_index=3), job_image("keyframe", frame_index=3)]))


# --- denoising strength --------------------------------------------------------------------------
def test_denoising_strength_applies_to_image_modes_and_never_rounds_to_zero_steps() -> None:
    plan = plan_job(job_request("flux", mode="img2img", images=[job_image("reference_image")],
                                parameters={"denoising_strength": 0.0, "steps": 20}))
    assert plan.denoising_strength == pytest.approx(1 / 20)
    assert effective_denoise_steps(plan.steps, plan.denoising_strength) == 1
    assert plan_job(job_request("flux")).denoising_strength is None


@pytest.mark.parametrize("steps, strength, expected", [(30, 0.7, 21), (8, 0.7, 5), (4, 0.7, 2), (25, 1.0, 25),
                                                       (10, 0.3, 3), (20, None, 20), (4, 0.01, 1)])
def test_effective_steps_follow_diffusers_int_of_steps_times_strength(steps: int, strength: float | None,
                                                                      expected: int) -> None:
    assert effective_denoise_steps(steps, strength) == expected


def test_every_spec_default_is_inside_its_own_accepted_range() -> None:
    for model, specs in PARAM_SPECS.items():
        for spec in specs.values():
            if spec.kind == "enum":
                assert spec.default in spec.options, (model, spec.name)
            else:
                assert spec.lo <= spec.default <= spec.hi, (model, spec.name)
