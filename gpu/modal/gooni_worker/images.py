"""Reference images: data URI or raw base64 → RGB Pillow image, validated (type, size, dimensions).

An image that cannot be used ends the job with `invalid_request` (the contract's job error), so every
problem becomes an ImageInvalid with a message that names the image's role.
"""

from __future__ import annotations

import base64
import binascii
import io
from typing import Any, Mapping

from PIL import Image, ImageOps

from .contract import IMAGE_MIMES
from .job_request import MAX_IMAGE_BYTES, decoded_base64_length, strip_data_uri

MAX_DIMENSION = 4096
_PIL_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


class ImageInvalid(ValueError):
    pass


def decode_base64_image(data: str, *, role: str = "image", declared_mime: str | None = None,
                        max_bytes: int = MAX_IMAGE_BYTES, max_dimension: int = MAX_DIMENSION) -> Image.Image:
    """Decodes a data URI or raw base64 PNG/JPEG/WebP into an RGB image (alpha composited on white)."""
    try:
        uri_mime, payload = strip_data_uri(data.strip())
    except ValueError as error:
        raise ImageInvalid(f"Image {role}: {error}.") from error
    for mime in (declared_mime, uri_mime):
        if mime is not None and mime not in IMAGE_MIMES:
            raise ImageInvalid(f"Image {role} has unsupported type {mime} (png, jpeg or webp).")
    if decoded_base64_length(payload) > max_bytes:
        raise ImageInvalid(f"Image {role} is larger than {max_bytes // (1024 * 1024)} MB decoded.")
    try:
        raw = base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ImageInvalid(f"Image {role} is not valid base64.") from error
    if not raw:
        raise ImageInvalid(f"Image {role} is empty.")
    return decode_image_bytes(raw, role=role, max_dimension=max_dimension)


def decode_image_bytes(raw: bytes, *, role: str = "image", max_dimension: int = MAX_DIMENSION) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(raw))  # lazy: only the header is read here
    except Exception as error:  # Pillow raises UnidentifiedImageError, OSError, SyntaxError…
        raise ImageInvalid(f"Image {role} could not be decoded (not a png, jpeg or webp picture).") from error
    if image.format not in _PIL_FORMATS:
        raise ImageInvalid(f"Image {role} is {image.format or 'an unknown format'}, not png, jpeg or webp.")
    width, height = image.size
    # Checked before decoding the pixels so a small file announcing a huge canvas costs nothing.
    if width > max_dimension or height > max_dimension:
        raise ImageInvalid(f"Image {role} is {width}×{height}; at most {max_dimension}×{max_dimension} is accepted.")
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except Exception as error:
        raise ImageInvalid(f"Image {role} is truncated or corrupt.") from error
    return to_rgb(image)


def to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


def fit_cover(image: Image.Image, width: int, height: int) -> Image.Image:
    """Scales to cover width×height and crops the centre: the reference fills the frame, no bars."""
    return ImageOps.fit(image, (width, height), method=Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def decode_job_images(images: list[Mapping[str, Any]]) -> list[Image.Image]:
    """Decodes every image of a request, in order (raises ImageInvalid naming the first bad one)."""
    return [decode_base64_image(img["data_base64"], role=str(img.get("role", "image")), declared_mime=img.get("mime"))
            for img in images]
