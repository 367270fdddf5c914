"""Encoding results: image bytes, the 512×512 JPEG preview, and videos written frame by frame.

Videos go through a FrameSink one frame at a time (the ffmpeg pipe in ffmpeg_sink.py), so the worker
never holds a second, encoded-ready copy of the whole clip; a frame with NaN/Inf stops the job with an
error instead of shipping a corrupt video.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol

import numpy as np
from PIL import Image

from .errors import OutputRejected
from .output_guard import to_uint8

PREVIEW_BOX = 512
PREVIEW_QUALITY = 85
JPEG_RESULT_QUALITY = 92


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int


def encode_image(pixels: np.ndarray, output_format: str) -> Encoded:
    """PNG or JPEG of an RGB uint8 picture, without metadata (equal pixels → equal bytes)."""
    image = Image.fromarray(np.ascontiguousarray(pixels[:, :, :3]), mode="RGB")
    buffer = io.BytesIO()
    if output_format == "jpeg":
        image.save(buffer, format="JPEG", quality=JPEG_RESULT_QUALITY)
    elif output_format == "png":
        image.save(buffer, format="PNG", compress_level=6)
    else:
        raise ValueError(f"{output_format} is not an image format")
    return Encoded(buffer.getvalue(), image.width, image.height)


def preview_jpeg(pixels: np.ndarray) -> Encoded:
    """The picture (or a video's first frame) fit into 512×512, never enlarged, JPEG quality 85."""
    image = Image.fromarray(np.ascontiguousarray(to_uint8(pixels)[:, :, :3]), mode="RGB")
    image.thumbnail((PREVIEW_BOX, PREVIEW_BOX), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=PREVIEW_QUALITY)
    return Encoded(buffer.getvalue(), image.width, image.height)


class FrameSink(Protocol):
    """Receives rgb24 frames of one fixed size, in order; `close` finishes the file."""

    def write(self, frame: np.ndarray) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...


def write_video(frames: Iterable[np.ndarray], sink: FrameSink, total_frames: int,
                on_frame: Callable[[int], None] | None = None) -> np.ndarray:
    """Streams frames into the sink; returns the first frame (for the preview).

    Every frame is checked before it is written: NaN/Inf aborts the file and raises OutputRejected.
    """
    first: np.ndarray | None = None
    written = 0
    try:
        for frame in frames:
            array = np.asarray(frame)
            if array.dtype != np.uint8 and not np.isfinite(array).all():
                raise OutputRejected(f"Video frame {written} has invalid pixel values (NaN/Inf).")
            pixels = to_uint8(array)[:, :, :3]
            if first is None:
                first = pixels.copy()
            sink.write(np.ascontiguousarray(pixels))
            written += 1
            if on_frame is not None:
                on_frame(written)
        if first is None:
            raise OutputRejected("The pipeline returned no video frames.")
        if written != total_frames:
            raise OutputRejected(f"The pipeline returned {written} frames, expected {total_frames}.")
        sink.close()
    except BaseException:
        sink.abort()
        raise
    return first


def video_frames(array: np.ndarray) -> Iterable[np.ndarray]:
    """Frames of a pipeline's np output: (F,H,W,3) or a batch (1,F,H,W,3), one at a time."""
    data = np.asarray(array) if not isinstance(array, list) else array
    if isinstance(data, np.ndarray) and data.ndim == 5:
        data = data[0]
    for index in range(len(data)):
        yield data[index]
