"""Exceptions of the worker and the mapping of any exception to a contract job error.

Job failures are not HTTP errors: they end a job with `state: failed` and `error: {code, message}`,
where code is one of gpu_out_of_memory | worker_error | invalid_request | canceled. A message must help
the user (what to change) and must never carry a credential, whatever the library that raised put in it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from .contract import JOB_ERROR_CODES


class RequestInvalid(Exception):
    """A `POST /jobs` body the worker refuses before admitting it (422 / 413 answers)."""

    def __init__(self, detail: str, *, code: str = "invalid_request", status: int = 422,
                 user_action: str = "Fix the request body and submit again.") -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.status = status
        self.user_action = user_action


class JobFailure(Exception):
    """A failure that ends a job with a contract error code (not a crash, not a cancel)."""

    def __init__(self, code: str, message: str) -> None:
        if code not in JOB_ERROR_CODES:
            raise ValueError(f"unknown job error code {code}")
        super().__init__(message)
        self.code = code
        self.message = message


class JobCanceled(Exception):
    """Raised inside a running job (from the step callback) once the caller canceled it."""


class OutputRejected(Exception):
    """The output guard refused a picture (NaN/Inf pixels, a near-uniform canvas)."""


@dataclass(frozen=True)
class JobError:
    code: str
    message: str

    def to_wire(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


# Substrings by which torch, cuBLAS and cuDNN announce an allocation failure. The exception class is
# checked too (torch.cuda.OutOfMemoryError / torch.OutOfMemoryError) but libraries often re-wrap it in
# a RuntimeError, so the text is the reliable signal (the predecessor matched the same phrases).
_OOM_MARKERS = ("out of memory", "cuda oom", "cublas_status_alloc_failed", "cudnn_status_alloc_failed",
                "outofmemoryerror")


def is_out_of_memory(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__name__ == "OutOfMemoryError":
            return True
        text = str(current).lower()
        if any(marker in text for marker in _OOM_MARKERS):
            return True
        current = current.__cause__ or current.__context__
    return False


def out_of_memory_message(width: int, height: int, steps: int | None, num_frames: int | None) -> str:
    size = f"{width}×{height}" + (f", {num_frames} frames" if num_frames else "") + (f", {steps} steps" if steps else "")
    return (f"The GPU ran out of memory at {size}. Lower the resolution, the number of frames or the steps "
            "and try again.")


# Names of environment variables whose values must never leave the worker in a message.
SECRET_ENV_NAMES = ("WORKER_TOKEN", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "MODAL_TOKEN_ID", "MODAL_TOKEN_SECRET")

_SECRET_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"hf_[A-Za-z0-9]{8,}"), "[redacted]"),
    (re.compile(r"\b(a[ks]|w[ks])-[A-Za-z0-9]{8,}"), "[redacted]"),  # Modal token / proxy-auth key shapes
    (re.compile(r"(?i)\bbearer\s+[^\s,;'\"]+"), "Bearer [redacted]"),
    (re.compile(r"(?i)\b(authorization|modal-key|modal-secret)\s*[:=]\s*[^\s,;'\"]+"), r"\1: [redacted]"),
    (re.compile(r"(?i)\b(token|secret|password|api[_-]?key|access[_-]?key)\s*[=:]\s*[^\s,;'\"&]+"), r"\1=[redacted]"),
    (re.compile(r"(?i)(https?://)[^/\s:@]+:[^/\s@]+@"), r"\1[redacted]@"),  # credentials in a URL's userinfo
)


def redact(text: str, secrets: Iterable[str] | None = None, env: Mapping[str, str] | None = None) -> str:
    """Removes known secret values and anything shaped like a credential."""
    env = os.environ if env is None else env
    values = [v for v in (secrets or ()) if v]
    values += [env[name] for name in SECRET_ENV_NAMES if env.get(name)]
    for value in sorted(set(values), key=len, reverse=True):
        if len(value) >= 4:
            text = text.replace(value, "[redacted]")
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def classify(error: BaseException, *, model: str, width: int, height: int, steps: int | None = None,
             num_frames: int | None = None, env: Mapping[str, str] | None = None) -> JobError:
    """Maps whatever a job raised to the contract's job error (never for JobCanceled: that is a cancel)."""
    if isinstance(error, JobFailure):
        return JobError(error.code, redact(error.message, env=env))
    if is_out_of_memory(error):
        return JobError("gpu_out_of_memory", out_of_memory_message(width, height, steps, num_frames))
    detail = redact(" ".join(str(error).split())[:240], env=env)
    suffix = f": {detail}" if detail else ""
    return JobError("worker_error", f"The {model} worker failed ({type(error).__name__}{suffix}). "
                                    "Retry; if it keeps failing, check the worker logs.")
