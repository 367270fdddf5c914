"""images.py: data URI / base64 → RGB, with type, size and dimension checks."""

from __future__ import annotations

import io

import pytest
from conftest import b64, png_bytes
from PIL import Image

from gooni_worker.images import ImageInvalid, decode_base64_image, decode_job_images, fit_cover


@pytest.mark.parametrize("fmt, mime", [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_data_uris_and_raw_base64_decode_to_rgb(fmt: str, mime: str) -> None:
    data = png_bytes(40, 30, (10, 200, 30), fmt=fmt)
    for text in (f"data:{mime};base64,{b64(data)}", b64(data)):
        image = decode_base64_image(text, role="reference_image", declared_mime=mime)
        assert image.mode == "RGB" and image.size == (40, 30)


def test_transparent_pixels_become_white_not_black() -> None:
    rgba = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    buffer = io.BytesIO()
    rgba.save(buffer, format="PNG")
    image = decode_base64_image(b64(buffer.getvalue()))
    assert image.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize("text, match", [
    ("not base64!!", "not valid base64"),
    ("", "empty"),
    (b64(b"GIF89a not really"), "could not be decoded"),
    ("data:image/gif;base64," + b64(b"x"), "unsupported type"),
    ("data:image/png," + "abc", "base64 encoded"),
    (b64(png_bytes()[:40]), "truncated|could not be decoded"),
])
def test_undecodable_images_raise_image_invalid_naming_the_role(text: str, match: str) -> None:
    with pytest.raises(ImageInvalid, match=match) as error:
        decode_base64_image(text, role="first_frame_image")
    assert "first_frame_image" in str(error.value)


def test_a_gif_is_refused_even_when_labelled_png() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    with pytest.raises(ImageInvalid, match="GIF"):
        decode_base64_image(b64(buffer.getvalue()), declared_mime="image/png")


def test_size_and_dimension_limits() -> None:
    data = png_bytes(64, 8)
    with pytest.raises(ImageInvalid, match="larger than"):
        decode_base64_image(b64(data), max_bytes=10)
    with pytest.raises(ImageInvalid, match="at most 32×32"):
        decode_base64_image(b64(data), max_dimension=32)


def test_job_images_decode_in_order() -> None:
    images = decode_job_images([{"role": "a", "mime": "image/png", "data_base64": b64(png_bytes(5, 5))},
                                {"role": "b", "mime": "image/png", "data_base64": b64(png_bytes(7, 3))}])
    assert [i.size for i in images] == [(5, 5), (7, 3)]


def test_fit_cover_fills_the_frame_without_bars() -> None:
    image = Image.new("RGB", (100, 50), (0, 0, 255))
    fitted = fit_cover(image, 64, 64)
    assert fitted.size == (64, 64) and fitted.getpixel((0, 0)) == (0, 0, 255)
