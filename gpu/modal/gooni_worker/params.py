"""Per-model parameter rules: from a JobRequest to the RunPlan a pipeline runs (models.md).

Every decision a pipeline needs is taken here, in plain Python, so it is unit-tested without a GPU:
size rounding (multiples of 16; pony snapped to a square 512/768/1024, img2img ≤ 768), Wan frame counts
(nearest 4k+1), fixed parameters (anisora 8 steps / guidance 1.0, phr00t 4 steps / cfg 1.0), defaults,
prompt suffixes (phr00t lighting_variant, anisora motion_score) and what `used` reports.

CAT-3: the table (catalog.py) mirrors inference_settings.json and every entry has a consumer in the
RunPlan. A parameter the worker does not know, or one that does not apply to the mode, is refused (422) rather
than silently ignored — the predecessor's ignored sliders are the defect this prevents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .catalog import (GUIDANCE_PARAM, MAX_FRAMES, MODE_IMAGE_ROLES, MODEL_MODES, PARAM_SPECS,  # noqa: F401 (re-exported)
                      PHR00T_LIGHTING_SUFFIX, ParamSpec)
from .contract import FORMATS_BY_TYPE, MODEL_TYPES, MODELS, VIDEO_MODELS
from .errors import RequestInvalid
from .job_request import is_int, is_number

# models.md "accepted" ranges (what the API takes; the web form offers a narrower recommended range).
ACCEPTED_SIZE = (256, 2048)
PROMPT_MAX = 2000
NEGATIVE_PROMPT_MAX = 1000

PONY_SIDES = (512, 768, 1024)
PONY_IMG2IMG_MAX_SIDE = 768

# Video modes that condition on images are run as Wan video-to-video from a conditioning clip built
# from the images (conditioning.py); first_last_frame has no denoising slider in the catalog, so it
# uses this fixed strength (not shown, so not a parameter the UI promises).
FIRST_LAST_DENOISING_STRENGTH = 0.7


@dataclass(frozen=True)
class Keyframe:
    index: int  # position of the image in request.images
    frame_index: int
    strength: float


@dataclass(frozen=True)
class RunPlan:
    """Everything a pipeline needs, decided. `used` is what the status reports (contract field names)."""

    job_id: str
    model: str
    type: str
    mode: str
    prompt: str  # the text the pipeline encodes (suffixes applied)
    negative_prompt: str
    seed: int
    width: int
    height: int
    steps: int
    guidance: float
    output_format: str
    sampler: str | None = None
    clip_skip: int | None = None
    denoising_strength: float | None = None  # None: text-only mode, nothing to denoise from
    num_frames: int | None = None
    fps: int | None = None
    motion_score: float | None = None
    lighting_variant: str | None = None
    reference_strength: float | None = None
    first_strength: float | None = None
    last_strength: float | None = None
    keyframes: tuple[Keyframe, ...] = ()
    image_roles: dict[str, int] = field(default_factory=dict)  # role → index in request.images

    @property
    def is_video(self) -> bool:
        return self.type == "video"

    @property
    def used(self) -> dict[str, int]:
        used = {"width": self.width, "height": self.height, "seed": self.seed, "steps": self.steps}
        if self.is_video:
            used["num_frames"] = int(self.num_frames or 0)
            used["fps"] = int(self.fps or 0)
        return used


def js_round(value: float) -> int:
    """Math.round of JavaScript (half up), so `used` equals the simulator's for the same request."""
    return int(math.floor(value + 0.5))


def round_down_16(value: int) -> int:
    """The VAE's multiple: sizes are rounded down to a multiple of 16 (never below 16)."""
    return max(16, (int(value) // 16) * 16)


def snap_pony_side(width: int, height: int, mode: str) -> int:
    """Pony runs square 512/768/1024 only: thresholds are the midpoints; img2img is capped at 768."""
    longest = max(width, height)
    side = 1024 if longest > 896 else 768 if longest > 640 else 512
    return min(side, PONY_IMG2IMG_MAX_SIDE) if mode == "img2img" else side


def nearest_wan_frames(requested: int) -> int:
    """Wan's temporal VAE packs 4 frames per latent after the first: frame counts are 4k+1 (1–241)."""
    clamped = min(MAX_FRAMES, max(1, int(requested)))
    return 4 * js_round((clamped - 1) / 4) + 1


def effective_denoise_steps(steps: int, strength: float | None) -> int:
    """Steps an img2img / video2video pipeline really runs: diffusers keeps int(steps × strength)."""
    if strength is None:
        return steps
    return max(1, min(int(steps * strength), steps))


def min_strength(steps: int) -> float:
    """The smallest strength that still runs one step (diffusers refuses zero steps)."""
    return 1.0 / steps


def _read(spec: ParamSpec, model: str, value: Any) -> Any:
    where = f"{model}: {spec.name}"
    if spec.kind == "enum":
        if value not in spec.options:
            raise RequestInvalid(f"{where} must be one of {', '.join(map(str, spec.options))}.")
        return value
    if spec.kind == "int":
        if not is_int(value):
            raise RequestInvalid(f"{where} must be an integer.")
        value = int(value)
    elif not is_number(value):
        raise RequestInvalid(f"{where} must be a number.")
    else:
        value = float(value)
    if spec.lo is not None and spec.hi is not None and not spec.lo <= value <= spec.hi:
        raise RequestInvalid(f"{where} must be between {_fmt(spec.lo)} and {_fmt(spec.hi)}.")
    return value


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def resolve_parameters(model: str, mode: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Validates the request's parameters against the model's table and fills in the defaults."""
    specs = PARAM_SPECS[model]
    unknown = sorted(set(given) - set(specs))
    if unknown:
        raise RequestInvalid(f"{model} has no parameter(s) {', '.join(unknown)}; the worker would not honour them.")
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        if not spec.applies_to(mode):
            if name in given:
                raise RequestInvalid(f"{model}: {name} does not apply to mode {mode}.")
            continue
        if name not in given:
            values[name] = spec.default
            continue
        value = _read(spec, model, given[name])
        if spec.fixed and not math.isclose(float(value), float(spec.default), rel_tol=0, abs_tol=1e-9):
            raise RequestInvalid(f"{model}: {name} is fixed at {_fmt(spec.default)} (got {_fmt(value)}).")
        values[name] = value
    return values


def plan_job(request: Mapping[str, Any], served_models: Iterable[str] = MODELS) -> RunPlan:
    """Turns a shape-valid JobRequest into the RunPlan, or raises RequestInvalid (422)."""
    model = request["model"]
    served = tuple(served_models)
    if model not in served:
        known = model in MODELS
        raise RequestInvalid(
            f"This worker does not serve {model}." if known else f"Unknown model {model}.",
            code="unsupported_model", user_action=f"Use one of: {', '.join(served)}.")
    kind = MODEL_TYPES[model]
    if request["type"] != kind:
        raise RequestInvalid(f"Model {model} produces {kind}, not {request['type']}.")
    if request["output_format"] not in FORMATS_BY_TYPE[kind]:
        raise RequestInvalid(f"output_format {request['output_format']} is not a {kind} format "
                             f"(use {' or '.join(FORMATS_BY_TYPE[kind])}).")
    mode = request["mode"]
    if mode not in MODEL_MODES[model]:
        raise RequestInvalid(f"{model} does not support mode {mode} (modes: {', '.join(MODEL_MODES[model])}).")
    prompt = request["prompt"].strip()
    if not prompt or len(prompt) > PROMPT_MAX:
        raise RequestInvalid(f"prompt must be 1–{PROMPT_MAX} characters and not blank.")
    if len(request["negative_prompt"]) > NEGATIVE_PROMPT_MAX:
        raise RequestInvalid(f"negative_prompt must be at most {NEGATIVE_PROMPT_MAX} characters.")
    for side in ("width", "height"):
        if not ACCEPTED_SIZE[0] <= int(request[side]) <= ACCEPTED_SIZE[1]:
            raise RequestInvalid(f"{side} must be between {ACCEPTED_SIZE[0]} and {ACCEPTED_SIZE[1]}.")

    values = resolve_parameters(model, mode, request["parameters"])
    width, height = int(request["width"]), int(request["height"])
    if model == "pony":
        width = height = snap_pony_side(width, height, mode)
    else:
        width, height = round_down_16(width), round_down_16(height)

    steps = int(values["steps"])
    num_frames = nearest_wan_frames(values["num_frames"]) if model in VIDEO_MODELS else None
    roles, keyframes = _check_images(model, mode, request.get("images") or [], num_frames)

    strength = values.get("denoising_strength")
    if mode == "first_last_frame":
        strength = FIRST_LAST_DENOISING_STRENGTH
    if strength is not None:
        strength = max(float(strength), min_strength(steps))

    return RunPlan(
        job_id=request["job_id"],
        model=model,
        type=kind,
        mode=mode,
        prompt=_final_prompt(model, prompt, values),
        negative_prompt=request["negative_prompt"],
        seed=int(request["seed"]),
        width=width,
        height=height,
        steps=steps,
        guidance=float(values[GUIDANCE_PARAM[model]]),
        output_format=request["output_format"],
        sampler=values.get("sampler"),
        clip_skip=values.get("clip_skip"),
        denoising_strength=strength,
        num_frames=num_frames,
        fps=values.get("fps"),
        motion_score=values.get("motion_score"),
        lighting_variant=values.get("lighting_variant"),
        reference_strength=values.get("reference_strength"),
        first_strength=values.get("first_strength"),
        last_strength=values.get("last_strength"),
        keyframes=keyframes,
        image_roles=roles,
    )


def _final_prompt(model: str, prompt: str, values: Mapping[str, Any]) -> str:
    if model == "phr00t":
        return prompt + PHR00T_LIGHTING_SUFFIX[values["lighting_variant"]]
    if model == "anisora":
        # AniSora's training captions end with a motion score; on Wan weights it is a text hint.
        return f"{prompt} motion score: {float(values['motion_score']):.1f}."
    return prompt


def _check_images(model: str, mode: str, images: list[Mapping[str, Any]],
                  num_frames: int | None) -> tuple[dict[str, int], tuple[Keyframe, ...]]:
    """Each mode needs exactly its images; an image the mode would not use is refused (CAT-3)."""
    needed = MODE_IMAGE_ROLES[mode]
    roles: dict[str, int] = {}
    keyframes: list[Keyframe] = []
    for index, image in enumerate(images):
        role = image["role"]
        if mode == "arbitrary_frame" and role == "keyframe":
            if "frame_index" not in image:
                raise RequestInvalid("Every keyframe needs a frame_index.")
            frame_index = int(image["frame_index"])
            if num_frames is not None and frame_index >= num_frames:
                raise RequestInvalid(f"Keyframe frame_index {frame_index} is beyond the clip "
                                     f"({num_frames} frames: 0–{num_frames - 1}).")
            if any(k.frame_index == frame_index for k in keyframes):
                raise RequestInvalid(f"Two keyframes share frame_index {frame_index}.")
            keyframes.append(Keyframe(index, frame_index, float(image.get("strength", 0.85))))
            continue
        if role not in needed:
            raise RequestInvalid(f"Image role {role} is not used by {model} mode {mode}.")
        if role in roles:
            raise RequestInvalid(f"Image role {role} is given twice.")
        roles[role] = index
    missing = [role for role in needed if role not in roles]
    if missing:
        raise RequestInvalid(f"Mode {mode} needs image(s): {', '.join(missing)}.")
    if mode == "arbitrary_frame" and not keyframes:
        raise RequestInvalid("Mode arbitrary_frame needs at least one keyframe image.")
    return roles, tuple(sorted(keyframes, key=lambda k: k.frame_index))
