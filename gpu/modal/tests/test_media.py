"""media.py + ffmpeg_sink.py: preview ≤ 512 JPEG q85, image bytes, videos written frame by frame."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO_ROOT, gradient
from PIL import Image

from gooni_worker.errors import OutputRejected
from gooni_worker.ffmpeg_sink import FfmpegSink, ffmpeg_command
from gooni_worker.media import encode_image, preview_jpeg, video_frames, write_video


class ListSink:
    def __init__(self) -> None:
        self.frames: list[np.ndarray] = []
        self.closed = self.aborted = False

    def write(self, frame: np.ndarray) -> None:
        self.frames.append(frame)

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True


@pytest.mark.parametrize("height, width, expected", [(1280, 720, (288, 512)), (512, 512, (512, 512)),
                                                     (720, 1280, (512, 288)), (100, 200, (200, 100)),
                                                     (1024, 1024, (512, 512))])
def test_gen4_preview_fits_512_box_without_enlarging_and_is_a_jpeg(height: int, width: int,
                                                                    expected: tuple[int, int]) -> None:
    encoded = preview_jpeg(gradient(height, width))
    image = Image.open(io.BytesIO(encoded.data))
    assert image.format == "JPEG" and image.size == expected == (encoded.width, encoded.height)
    assert max(image.size) <= 512


def test_gen4_preview_uses_quality_85() -> None:
    picture = (gradient(300, 300) * 255).astype(np.uint8)
    reference = io.BytesIO()
    Image.fromarray(picture).save(reference, format="JPEG", quality=85)
    assert preview_jpeg(picture).data == reference.getvalue()


@pytest.mark.parametrize("fmt, pil_format", [("png", "PNG"), ("jpeg", "JPEG")])
def test_gen4_images_encode_to_the_requested_format(fmt: str, pil_format: str) -> None:
    picture = (gradient(40, 60) * 255).astype(np.uint8)
    encoded = encode_image(picture, fmt)
    assert Image.open(io.BytesIO(encoded.data)).format == pil_format and (encoded.width, encoded.height) == (60, 40)
    assert encode_image(picture, fmt).data == encoded.data  # deterministic bytes
    with pytest.raises(ValueError):
        encode_image(picture, "mp4")


def test_videos_are_written_one_frame_at_a_time_and_the_first_frame_is_returned() -> None:
    clip = np.stack([gradient(16, 16) * (i / 4) for i in range(5)])
    sink, progress = ListSink(), []
    first = write_video(video_frames(clip[None]), sink, 5, progress.append)
    assert len(sink.frames) == 5 and sink.closed and not sink.aborted
    assert all(f.dtype == np.uint8 and f.shape == (16, 16, 3) for f in sink.frames)
    assert progress == [1, 2, 3, 4, 5]
    assert np.array_equal(first, sink.frames[0])


def test_a_nan_frame_aborts_the_video_with_an_error() -> None:
    clip = np.stack([gradient(8, 8) for _ in range(4)])
    clip[2, 1, 1, 0] = np.nan
    sink = ListSink()
    with pytest.raises(OutputRejected, match="frame 2"):
        write_video(video_frames(clip), sink, 4)
    assert sink.aborted and not sink.closed and len(sink.frames) == 2


def test_a_short_video_is_an_error() -> None:
    sink = ListSink()
    with pytest.raises(OutputRejected, match="expected 5"):
        write_video(video_frames(np.stack([gradient(8, 8)] * 3)), sink, 5)
    assert sink.aborted


def test_ffmpeg_commands_pick_h264_for_mp4_and_vp9_for_webm() -> None:
    mp4 = ffmpeg_command("ffmpeg", "out.mp4", "mp4", 64, 32, 16)
    assert "libx264" in mp4 and "yuv420p" in mp4 and "+faststart" in mp4 and "64x32" in mp4
    assert "libvpx-vp9" in ffmpeg_command("ffmpeg", "out.webm", "webm", 64, 32, 16)
    with pytest.raises(ValueError):
        ffmpeg_command("ffmpeg", "x", "gif", 1, 1, 1)


def _ffmpeg() -> str | None:
    bundled = REPO_ROOT / "node_modules" / "@ffmpeg-installer" / "linux-x64" / "ffmpeg"
    return str(bundled) if bundled.exists() else shutil.which("ffmpeg")


@pytest.mark.parametrize("fmt, magic", [("mp4", b"ftyp"), ("webm", b"\x1a\x45\xdf\xa3")])
def test_gen4_the_ffmpeg_sink_writes_a_real_video(tmp_path: Path, fmt: str, magic: bytes) -> None:
    ffmpeg = _ffmpeg()
    if ffmpeg is None:
        pytest.skip("no ffmpeg binary on this machine")
    path = tmp_path / f"result.{fmt}"
    sink = FfmpegSink(ffmpeg, path, fmt, 32, 16, 8)
    clip = np.stack([gradient(16, 32) * (0.2 + i / 10) for i in range(5)])
    write_video(video_frames(clip), sink, 5)
    data = path.read_bytes()
    assert magic in data[:64] and len(data) > 100
    assert not (tmp_path / f"result.{fmt}.partial").exists()


def test_an_aborted_ffmpeg_sink_leaves_no_file(tmp_path: Path) -> None:
    ffmpeg = _ffmpeg()
    if ffmpeg is None:
        pytest.skip("no ffmpeg binary on this machine")
    path = tmp_path / "result.mp4"
    sink = FfmpegSink(ffmpeg, path, "mp4", 32, 16, 8)
    with pytest.raises(ValueError):
        sink.write(np.zeros((8, 8, 3), dtype=np.uint8))
    sink.abort()
    assert list(tmp_path.iterdir()) == []
