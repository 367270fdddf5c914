"""pipeline_args.py: what each Diffusers pipeline is called with (schedulers, clip_skip, variants)."""

from __future__ import annotations

import pytest
from conftest import job_image, job_request
from PIL import Image

from gooni_worker.output_guard import attempts_for, first_attempt
from gooni_worker.params import plan_job
from gooni_worker.pipeline_args import (PONY_SCHEDULERS, generation_input, scheduler_for, sdxl_clip_skip,
                                        variant_for)


def test_cat3_every_catalog_sampler_maps_to_a_scheduler() -> None:
    assert scheduler_for("pony", "DPM++ 2M Karras").class_name == "DPMSolverMultistepScheduler"
    assert scheduler_for("pony", "DPM++ 2M Karras").overrides == {"use_karras_sigmas": True,
                                                                 "algorithm_type": "dpmsolver++"}
    assert scheduler_for("pony", "DPM++ SDE Karras").class_name == "DPMSolverSDEScheduler"
    assert scheduler_for("pony", "Euler a").class_name == "EulerAncestralDiscreteScheduler"
    assert scheduler_for("flux", "Euler").class_name == scheduler_for("flux", "flow-matching").class_name == \
        "FlowMatchEulerDiscreteScheduler"
    assert scheduler_for("anisora", None) is None
    assert set(PONY_SCHEDULERS) == {"DPM++ 2M Karras", "DPM++ SDE Karras", "Euler a"}


@pytest.mark.parametrize("ui, diffusers", [(1, None), (2, None), (3, 1), (4, 2), (None, None)])
def test_cat3_clip_skip_follows_the_a1111_convention_on_sdxl(ui: int | None, diffusers: int | None) -> None:
    assert sdxl_clip_skip(ui) == diffusers


def test_pony_txt2img_call_carries_steps_cfg_clip_skip_and_no_image() -> None:
    plan = plan_job(job_request("pony", parameters={"steps": 35, "cfg_scale": 7, "clip_skip": 3}))
    job = generation_input(plan, first_attempt(plan))
    assert job.call_kwargs() == {"prompt": plan.prompt, "negative_prompt": "", "num_inference_steps": 35,
                                 "guidance_scale": 7.0, "output_type": "np", "height": 1024, "width": 1024,
                                 "clip_skip": 1}
    assert job.total_steps == 35 and job.variant == "txt2img"


def test_pony_retry_attempt_changes_size_scheduler_and_seed_of_the_call() -> None:
    plan = plan_job(job_request("pony", mode="img2img", width=768, height=768, images=[job_image("reference_image")]))
    images = [Image.new("RGB", (300, 200), (1, 2, 3))]
    third = attempts_for(plan)[2]
    job = generation_input(plan, third, images)
    assert job.seed == plan.seed + 2 and job.scheduler.class_name == "EulerAncestralDiscreteScheduler"
    assert job.init_image.size == (512, 512)
    kwargs = job.call_kwargs()
    assert kwargs["strength"] == 0.45 and "height" not in kwargs and kwargs["image"] is job.init_image
    assert job.total_steps == int(24 * 0.45)


def test_cat3_flux_call_uses_the_request_steps_and_guidance_and_no_negative_prompt() -> None:
    plan = plan_job(job_request("flux", negative_prompt="blurry", parameters={"steps": 17, "guidance_scale": 2.0}))
    kwargs = generation_input(plan, first_attempt(plan)).call_kwargs()
    assert kwargs["num_inference_steps"] == 17 and kwargs["guidance_scale"] == 2.0
    assert "negative_prompt" not in kwargs and "clip_skip" not in kwargs


def test_flux_img2img_passes_strength_and_size() -> None:
    plan = plan_job(job_request("flux", mode="img2img", images=[job_image("reference_image")],
                                parameters={"denoising_strength": 0.5, "steps": 20}))
    job = generation_input(plan, first_attempt(plan), [Image.new("RGB", (10, 10))])
    kwargs = job.call_kwargs()
    assert (kwargs["strength"], kwargs["height"], kwargs["width"], job.total_steps) == (0.5, 1024, 1024, 10)


def test_wan_t2v_and_v2v_calls() -> None:
    t2v = plan_job(job_request("anisora", parameters={"num_frames": 33}))
    assert variant_for(t2v) == "t2v"
    kwargs = generation_input(t2v, first_attempt(t2v)).call_kwargs()
    assert (kwargs["num_frames"], kwargs["num_inference_steps"], kwargs["guidance_scale"]) == (33, 8, 1.0)
    assert "strength" not in kwargs
    i2v = plan_job(job_request("phr00t", mode="i2v", images=[job_image("reference_image")],
                               parameters={"denoising_strength": 0.75}))
    clip = [Image.new("RGB", (720, 1280))] * 81
    job = generation_input(i2v, first_attempt(i2v), [Image.new("RGB", (4, 4))], clip)
    kwargs = job.call_kwargs()
    assert job.variant == "v2v" and kwargs["video"] is clip and kwargs["strength"] == 0.75
    assert "num_frames" not in kwargs and job.total_steps == 3  # int(4 × 0.75)
    with pytest.raises(ValueError):
        generation_input(i2v, first_attempt(i2v), [], None)
