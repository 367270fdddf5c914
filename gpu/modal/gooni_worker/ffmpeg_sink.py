"""FrameSink that pipes rgb24 frames into an ffmpeg process (H.264 MP4 or VP9 WebM).

Standard library only: the worker image gets its ffmpeg binary from imageio-ffmpeg (the runtime asks
`imageio_ffmpeg.get_ffmpeg_exe()` for the path) and this class only needs that path, so the same code is
exercised by the tests with any local ffmpeg.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np

CODEC_ARGS = {
    # yuv420p + faststart: plays in every browser and starts before the whole file is downloaded.
    "mp4": ["-c:v", "libx264", "-preset", "medium", "-crf", "18", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
    "webm": ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32", "-row-mt", "1", "-pix_fmt", "yuv420p"],
}


def ffmpeg_command(ffmpeg: str, output: str, output_format: str, width: int, height: int, fps: int) -> list[str]:
    if output_format not in CODEC_ARGS:
        raise ValueError(f"{output_format} is not a video format")
    return [ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", str(fps), "-i", "pipe:0",
            "-an", *CODEC_ARGS[output_format], "-map_metadata", "-1", "-f", output_format if output_format == "webm" else "mp4",
            output]


class FfmpegSink:
    """Writes to `<path>.partial` and renames on close, so a half-written video never looks finished."""

    def __init__(self, ffmpeg: str, path: str | Path, output_format: str, width: int, height: int, fps: int) -> None:
        self.path = Path(path)
        self.width, self.height = width, height
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            ffmpeg_command(ffmpeg, str(self._partial), output_format, width, height, fps),
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr)

    def write(self, frame: np.ndarray) -> None:
        if frame.shape != (self.height, self.width, 3) or frame.dtype != np.uint8:
            raise ValueError(f"frame {frame.shape} {frame.dtype} does not match {self.height}x{self.width}x3 uint8")
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(frame.tobytes())
        except BrokenPipeError as error:
            raise RuntimeError(f"ffmpeg stopped: {self._error_text()}") from error

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        code = self._process.wait()
        if code != 0:
            raise RuntimeError(f"ffmpeg exited with {code}: {self._error_text()}")
        os.replace(self._partial, self.path)
        self._stderr.close()

    def abort(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._partial.unlink(missing_ok=True)
        self._stderr.close()

    def _error_text(self) -> str:
        try:
            self._stderr.seek(0)
            return self._stderr.read().decode("utf-8", "replace")[-500:].strip()
        except (OSError, ValueError):
            return ""
