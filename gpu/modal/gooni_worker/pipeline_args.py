"""What each Diffusers pipeline is called with — decided here, applied by pipelines/*_runtime.py.

The runtime modules cannot run on a machine without a GPU, so they are kept to "load, then call with
these kwargs"; the mapping from a RunPlan (and a retry Attempt) to the call is pure and tested:
schedulers per sampler name, SDXL's clip_skip convention, which pipeline variant a mode needs, and how
many denoising steps really run (for `total_steps`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from PIL import Image

from .images import fit_cover
from .output_guard import Attempt
from .params import RunPlan, effective_denoise_steps


@dataclass(frozen=True)
class SchedulerSpec:
    """A Diffusers scheduler class name and the config overrides `from_config` gets."""

    class_name: str
    overrides: dict[str, Any] = field(default_factory=dict)


# A1111 names → Diffusers (the mapping Diffusers documents for these samplers). "DPM++ 2M Karras" is
# the multistep solver with Karras sigmas; the SDE variants are different samplers and are not used for
# it (the predecessor configured "sde-dpmsolver++" under this name).
PONY_SCHEDULERS: dict[str, SchedulerSpec] = {
    "DPM++ 2M Karras": SchedulerSpec("DPMSolverMultistepScheduler",
                                     {"use_karras_sigmas": True, "algorithm_type": "dpmsolver++"}),
    "DPM++ SDE Karras": SchedulerSpec("DPMSolverSDEScheduler", {"use_karras_sigmas": True}),
    "Euler a": SchedulerSpec("EulerAncestralDiscreteScheduler", {}),
}

# FLUX.1-dev is a flow-matching model: both catalog names select its own flow-matching Euler
# scheduler (with the model's dynamic shifting). They are the same sampler — see README "Findings".
FLUX_SCHEDULERS: dict[str, SchedulerSpec] = {
    "Euler": SchedulerSpec("FlowMatchEulerDiscreteScheduler", {}),
    "flow-matching": SchedulerSpec("FlowMatchEulerDiscreteScheduler", {}),
}


def scheduler_for(model: str, sampler: str | None) -> SchedulerSpec | None:
    """None: keep the scheduler the weights ship with (the Wan models)."""
    if model == "pony":
        return PONY_SCHEDULERS[sampler or "DPM++ 2M Karras"]
    if model == "flux":
        return FLUX_SCHEDULERS[sampler or "Euler"]
    return None


def sdxl_clip_skip(ui_clip_skip: int | None) -> int | None:
    """The catalog's clip_skip (A1111 convention: 1 = last CLIP layer, 2 = penultimate) → Diffusers'.

    Diffusers' SDXL pipelines already condition on the penultimate layer (hidden_states[-2]) when
    clip_skip is None and use hidden_states[-(n + 2)] for clip_skip=n. So UI 2 → None, 3 → 1, 4 → 2.
    SDXL cannot condition on the last layer at all, so UI 1 runs like 2 (README "Findings").
    """
    if ui_clip_skip is None or ui_clip_skip <= 2:
        return None
    return int(ui_clip_skip) - 2


@dataclass
class GenerationInput:
    """One pipeline call, fully decided. `variant` picks the Diffusers pipeline class."""

    model: str
    variant: str  # "t2v" | "v2v" | "txt2img" | "img2img"
    prompt: str
    negative_prompt: str
    seed: int
    width: int
    height: int
    num_inference_steps: int
    guidance_scale: float
    total_steps: int  # steps the pipeline will really run (progress denominator)
    strength: float | None = None
    num_frames: int | None = None
    clip_skip: int | None = None
    scheduler: SchedulerSpec | None = None
    init_image: Image.Image | None = None
    init_video: list[Image.Image] | None = None

    def call_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `pipe(...)`, minus `generator` and the step callback (torch objects)."""
        common: dict[str, Any] = {
            "prompt": self.prompt,
            "num_inference_steps": self.num_inference_steps,
            "guidance_scale": self.guidance_scale,
            "output_type": "np",
        }
        if self.model != "flux":  # FLUX.1-dev is guidance-distilled: it takes no negative prompt
            common["negative_prompt"] = self.negative_prompt
        if self.variant == "t2v":
            return {**common, "height": self.height, "width": self.width, "num_frames": self.num_frames}
        if self.variant == "v2v":
            return {**common, "video": self.init_video, "height": self.height, "width": self.width,
                    "strength": self.strength}
        if self.variant == "txt2img":
            extra = {"clip_skip": self.clip_skip} if self.model == "pony" else {}
            return {**common, "height": self.height, "width": self.width, **extra}
        if self.variant == "img2img":
            if self.model == "pony":  # SDXL img2img takes its size from the image
                return {**common, "image": self.init_image, "strength": self.strength, "clip_skip": self.clip_skip}
            return {**common, "image": self.init_image, "strength": self.strength, "height": self.height,
                    "width": self.width}
        raise ValueError(f"unknown variant {self.variant}")


def variant_for(plan: RunPlan) -> str:
    if plan.is_video:
        return "t2v" if plan.mode == "t2v" else "v2v"
    return "img2img" if plan.mode == "img2img" else "txt2img"


def generation_input(plan: RunPlan, attempt: Attempt, images: Sequence[Image.Image] = (),
                     init_video: list[Image.Image] | None = None) -> GenerationInput:
    """The call for one attempt of a plan; images are the request's decoded images, in order."""
    variant = variant_for(plan)
    strength = attempt.denoising_strength if variant in ("img2img", "v2v") else None
    init_image = None
    if variant == "img2img":
        init_image = fit_cover(images[plan.image_roles["reference_image"]], attempt.width, attempt.height)
    if variant == "v2v" and not init_video:
        raise ValueError("video-to-video needs a conditioning clip")
    return GenerationInput(
        model=plan.model,
        variant=variant,
        prompt=plan.prompt,
        negative_prompt=plan.negative_prompt,
        seed=attempt.seed,
        width=attempt.width,
        height=attempt.height,
        num_inference_steps=attempt.steps,
        guidance_scale=attempt.guidance,
        total_steps=effective_denoise_steps(attempt.steps, strength),
        strength=strength,
        num_frames=plan.num_frames if plan.is_video else None,
        clip_skip=sdxl_clip_skip(plan.clip_skip) if plan.model == "pony" else None,
        scheduler=scheduler_for(plan.model, attempt.sampler),
        init_image=init_image,
        init_video=init_video if variant == "v2v" else None,
    )
