"""Shared helpers: gpu/modal on sys.path, request builders, picture builders."""

from __future__ import annotations

import base64
import io
import sys
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

MODAL_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = MODAL_DIR.parents[1]
if str(MODAL_DIR) not in sys.path:
    sys.path.insert(0, str(MODAL_DIR))

MODEL_DEFAULTS: dict[str, dict[str, Any]] = {
    "anisora": {"type": "video", "mode": "t2v", "output_format": "mp4", "width": 720, "height": 1280},
    "phr00t": {"type": "video", "mode": "t2v", "output_format": "mp4", "width": 720, "height": 1280},
    "pony": {"type": "image", "mode": "txt2img", "output_format": "png", "width": 1024, "height": 1024},
    "flux": {"type": "image", "mode": "txt2img", "output_format": "png", "width": 1024, "height": 1024},
}


def job_request(model: str = "pony", **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "job_id": str(uuid.uuid4()),
        "model": model,
        "prompt": "a lighthouse at dusk",
        "negative_prompt": "",
        "seed": 42,
        "parameters": {},
        **MODEL_DEFAULTS[model],
    }
    request.update(overrides)
    return request


def png_bytes(width: int = 32, height: int = 24, color: tuple[int, int, int] = (200, 40, 40),
              mode: str = "RGB", fmt: str = "PNG") -> bytes:
    image = Image.new(mode, (width, height), color if mode == "RGB" else color + (255,))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def job_image(role: str, data: bytes | None = None, mime: str = "image/png", **extra: Any) -> dict[str, Any]:
    return {"role": role, "mime": mime, "data_base64": b64(data if data is not None else png_bytes()), **extra}


def gradient(height: int = 64, width: int = 64) -> np.ndarray:
    """A float [0,1] picture with real content (passes the output guard)."""
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    return np.stack([y * np.ones_like(x), x * np.ones_like(y), (x + y) / 2], axis=-1)


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT
