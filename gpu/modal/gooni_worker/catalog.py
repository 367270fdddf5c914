"""The worker's parameter table per model — the catalog (inference_settings.json) as the worker runs it.

CAT-3: "a parameter the UI shows is a parameter the worker honours". This table mirrors the catalog (a
test compares them field by field) and every entry has a consumer in params.RunPlan. Accepted ranges are
models.md's ("what the API takes"); the narrower recommended ranges are the web form's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_FRAMES = 241

PHR00T_LIGHTING_SUFFIX = {
    "high_noise": ", high contrast, dramatic lighting",
    "low_noise": ", soft lighting, low noise",
}


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: str  # "int" | "number" | "enum"
    default: Any
    lo: float | None = None
    hi: float | None = None
    options: tuple[Any, ...] = ()
    fixed: bool = False
    modes: tuple[str, ...] | None = None  # None: every mode of the model

    def applies_to(self, mode: str) -> bool:
        return self.modes is None or mode in self.modes


def _frames() -> ParamSpec:
    return ParamSpec("num_frames", "int", 81, 1, MAX_FRAMES)


def _fps() -> ParamSpec:
    return ParamSpec("fps", "int", 16, 1, 60)


MODEL_MODES: dict[str, tuple[str, ...]] = {
    "anisora": ("t2v", "i2v", "first_last_frame", "arbitrary_frame"),
    "phr00t": ("t2v", "i2v", "first_last_frame"),
    "pony": ("txt2img", "img2img"),
    "flux": ("txt2img", "img2img"),
}

PARAM_SPECS: dict[str, dict[str, ParamSpec]] = {
    "anisora": {s.name: s for s in (
        _frames(),
        _fps(),
        ParamSpec("motion_score", "number", 3.0, 0, 5),
        ParamSpec("reference_strength", "number", 0.85, 0, 1, modes=("i2v", "arbitrary_frame")),
        ParamSpec("first_strength", "number", 1.0, 0, 1, modes=("first_last_frame",)),
        ParamSpec("last_strength", "number", 1.0, 0, 1, modes=("first_last_frame",)),
        ParamSpec("denoising_strength", "number", 0.7, 0, 1, modes=("i2v", "arbitrary_frame")),
        ParamSpec("steps", "int", 8, 1, 150, fixed=True),
        ParamSpec("guidance_scale", "number", 1.0, 0, 20, fixed=True),
    )},
    "phr00t": {s.name: s for s in (
        _frames(),
        _fps(),
        ParamSpec("lighting_variant", "enum", "low_noise", options=("high_noise", "low_noise")),
        ParamSpec("reference_strength", "number", 1.0, 0, 1, modes=("i2v",)),
        ParamSpec("first_strength", "number", 1.0, 0, 1, modes=("first_last_frame",)),
        ParamSpec("last_strength", "number", 1.0, 0, 1, modes=("first_last_frame",)),
        ParamSpec("denoising_strength", "number", 0.7, 0, 1, modes=("i2v",)),
        ParamSpec("steps", "int", 4, 1, 150, fixed=True),
        ParamSpec("cfg_scale", "number", 1.0, 0, 20, fixed=True),
    )},
    "pony": {s.name: s for s in (
        ParamSpec("steps", "int", 30, 1, 150),
        ParamSpec("cfg_scale", "number", 6.0, 0, 20),
        ParamSpec("clip_skip", "int", 2, 1, 4),
        # "DPM++ 2M Karras" is the default: "Euler a" as default gave gray output (predecessor §11).
        ParamSpec("sampler", "enum", "DPM++ 2M Karras", options=("DPM++ 2M Karras", "DPM++ SDE Karras", "Euler a")),
        ParamSpec("denoising_strength", "number", 0.7, 0, 1, modes=("img2img",)),
    )},
    "flux": {s.name: s for s in (
        # The predecessor ignored these two (always 50 / 3.5): here they reach the pipeline.
        ParamSpec("steps", "int", 25, 1, 150),
        ParamSpec("guidance_scale", "number", 3.5, 0, 20),
        ParamSpec("sampler", "enum", "Euler", options=("Euler", "flow-matching")),
        ParamSpec("denoising_strength", "number", 0.7, 0, 1, modes=("img2img",)),
    )},
}

# Which request field carries the CFG/guidance value each model runs with.
GUIDANCE_PARAM = {"anisora": "guidance_scale", "phr00t": "cfg_scale", "pony": "cfg_scale", "flux": "guidance_scale"}

# Image roles each mode needs (exactly these; keyframes are counted separately).
MODE_IMAGE_ROLES: dict[str, tuple[str, ...]] = {
    "t2v": (),
    "txt2img": (),
    "i2v": ("reference_image",),
    "img2img": ("reference_image",),
    "first_last_frame": ("first_frame_image", "last_frame_image"),
    "arbitrary_frame": (),
}
