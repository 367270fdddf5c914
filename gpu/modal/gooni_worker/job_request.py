"""Shape validation of a `POST /jobs` body (what a JSON schema would check).

Model rules (ranges, fixed values, modes, rounding) live in params.py; this module only makes sure the
body is a well-formed JobRequest so that params.py can trust the types it reads. Extra top-level fields
are allowed (the contract lets clients add fields); they are not part of any decision.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from typing import Any

from .contract import FORMATS_BY_TYPE, IMAGE_MIMES
from .errors import RequestInvalid

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
REQUIRED = ("job_id", "model", "type", "mode", "prompt", "negative_prompt", "seed", "width", "height",
            "output_format", "parameters")
MAX_IMAGES = 16
# models.md: reference images ≤ 12 MB decoded each.
MAX_IMAGE_BYTES = 12 * 1024 * 1024
MAX_SEED = 4_294_967_295  # the simulator's bound; the backend sends 0–2147483647


def is_int(value: Any) -> bool:
    """True for a JSON integer (an integral float such as 81.0 counts; a boolean does not)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


def is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(float(value))


def decoded_base64_length(data: str) -> int:
    """Length of the bytes a base64 text decodes to, without decoding a possibly huge payload twice."""
    text = "".join(data.split())
    padding = len(text) - len(text.rstrip("="))
    return max(0, len(text) * 3 // 4 - padding)


def strip_data_uri(data: str) -> tuple[str | None, str]:
    """Splits `data:<mime>;base64,<payload>`; raw base64 comes back with mime None."""
    if data.startswith("data:"):
        header, sep, payload = data.partition(",")
        if not sep or ";base64" not in header:
            raise ValueError("a data URI must be base64 encoded")
        return header[5:].split(";")[0].strip().lower() or None, payload
    return None, data


def check_base64(data: str, role: str) -> None:
    _mime, payload = strip_data_uri(data)
    if decoded_base64_length(payload) > MAX_IMAGE_BYTES:
        raise RequestInvalid(f"Image {role} is larger than 12 MB decoded.", code="payload_too_large", status=413,
                             user_action="Send a smaller reference image.")
    try:
        raw = base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise RequestInvalid(f"Image {role} is not valid base64.") from error
    if not raw:
        raise RequestInvalid(f"Image {role} is empty.")


def validate_job_request(body: Any) -> dict[str, Any]:
    """Returns the body when it is a well-formed JobRequest, else raises RequestInvalid (422)."""
    if not isinstance(body, dict):
        raise RequestInvalid("The body must be a JSON object.")
    missing = [key for key in REQUIRED if key not in body]
    if missing:
        raise RequestInvalid(f"Missing field(s): {', '.join(missing)}.")
    if not isinstance(body["job_id"], str) or not UUID_RE.match(body["job_id"]):
        raise RequestInvalid("job_id must be a UUID.")
    if not isinstance(body["model"], str) or not body["model"]:
        raise RequestInvalid("model must be a non-empty string.")
    if body["type"] not in FORMATS_BY_TYPE:
        raise RequestInvalid("type must be image or video.")
    if not isinstance(body["mode"], str) or not 1 <= len(body["mode"]) <= 64:
        raise RequestInvalid("mode must be a non-empty string.")
    if not isinstance(body["prompt"], str) or not body["prompt"]:
        raise RequestInvalid("prompt must be a non-empty string.")
    if not isinstance(body["negative_prompt"], str):
        raise RequestInvalid("negative_prompt must be a string.")
    if not is_int(body["seed"]) or not 0 <= body["seed"] <= MAX_SEED:
        raise RequestInvalid("seed must be a concrete integer ≥ 0 (the backend resolves -1 before dispatch).")
    for side in ("width", "height"):
        if not is_int(body[side]) or not 16 <= body[side] <= 4096:
            raise RequestInvalid(f"{side} must be an integer between 16 and 4096.")
    if body["output_format"] not in ("png", "jpeg", "mp4", "webm"):
        raise RequestInvalid("output_format must be png, jpeg, mp4 or webm.")
    parameters = body["parameters"]
    if not isinstance(parameters, dict):
        raise RequestInvalid("parameters must be an object.")
    for name, value in parameters.items():
        if not (isinstance(value, (str, bool)) or is_number(value)):
            raise RequestInvalid(f"parameters.{name} must be a number, a string or a boolean.")
    images = body.get("images")
    if images is not None:
        _validate_images(images)
    callback = body.get("callback_url")
    if callback is not None and (not isinstance(callback, str) or not re.match(r"^https?://", callback)):
        raise RequestInvalid("callback_url must be an http(s) URL.")
    return body


def _validate_images(images: Any) -> None:
    if not isinstance(images, list):
        raise RequestInvalid("images must be an array.")
    if len(images) > MAX_IMAGES:
        raise RequestInvalid(f"At most {MAX_IMAGES} images are accepted.")
    for index, image in enumerate(images):
        if not isinstance(image, dict):
            raise RequestInvalid(f"images[{index}] must be an object.")
        role = image.get("role")
        if not isinstance(role, str) or not role:
            raise RequestInvalid(f"images[{index}].role must be a non-empty string.")
        if image.get("mime") not in IMAGE_MIMES:
            raise RequestInvalid(f"Image {role} has unsupported mime {image.get('mime')!r} (png, jpeg or webp).")
        if "frame_index" in image and (not is_int(image["frame_index"]) or image["frame_index"] < 0):
            raise RequestInvalid(f"images[{index}].frame_index must be an integer ≥ 0.")
        if "strength" in image and (not is_number(image["strength"]) or not 0 <= image["strength"] <= 1):
            raise RequestInvalid(f"images[{index}].strength must be between 0 and 1.")
        data = image.get("data_base64")
        if not isinstance(data, str) or not data:
            raise RequestInvalid(f"images[{index}].data_base64 must be a non-empty string.")
        check_base64(data, role)
