"""Wire constants of the worker HTTP contract (specs/worker-api.md, contracts/worker-api/worker-api.ts).

Kept byte-for-byte in step with the TypeScript contract so `used`, stages and codes mean the same thing
whichever worker (this one or the simulator) answered.
"""

from __future__ import annotations

from typing import Final

MODELS: Final[tuple[str, ...]] = ("anisora", "phr00t", "pony", "flux")
MODEL_TYPES: Final[dict[str, str]] = {"anisora": "video", "phr00t": "video", "pony": "image", "flux": "image"}
VIDEO_MODELS: Final[frozenset[str]] = frozenset(m for m, t in MODEL_TYPES.items() if t == "video")

FORMATS_BY_TYPE: Final[dict[str, tuple[str, ...]]] = {"image": ("png", "jpeg"), "video": ("mp4", "webm")}
CONTENT_TYPES: Final[dict[str, str]] = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "mp4": "video/mp4",
    "webm": "video/webm",
}
PREVIEW_CONTENT_TYPE: Final = "image/jpeg"

JOB_STATES: Final[tuple[str, ...]] = ("queued", "running", "succeeded", "failed", "canceled")
TERMINAL_STATES: Final[frozenset[str]] = frozenset({"succeeded", "failed", "canceled"})
# Order matters: a job's stage only ever moves to the right.
STAGES: Final[tuple[str, ...]] = ("queued", "loading_model", "inferring", "encoding", "storing", "done")

JOB_ERROR_CODES: Final[frozenset[str]] = frozenset({"gpu_out_of_memory", "worker_error", "invalid_request", "canceled"})

IMAGE_MIMES: Final[tuple[str, ...]] = ("image/png", "image/jpeg", "image/webp")

CONTENT_SHA256_HEADER: Final = "X-Content-SHA256"
MODAL_KEY_HEADER: Final = "Modal-Key"
MODAL_SECRET_HEADER: Final = "Modal-Secret"
