"""job_request.py: shape validation of POST /jobs bodies (what the simulator's JSON schema checks)."""

from __future__ import annotations

import pytest
from conftest import b64, job_image, job_request

from gooni_worker.errors import RequestInvalid
from gooni_worker.job_request import decoded_base64_length, validate_job_request


def test_a_well_formed_request_passes_unchanged() -> None:
    request = job_request("pony", images=[], callback_url="http://127.0.0.1:9/cb", extra_field=1)
    assert validate_job_request(request) is request


@pytest.mark.parametrize("mutate, match", [
    (lambda r: r.pop("seed"), "Missing field"),
    (lambda r: r.update(job_id="not-a-uuid"), "UUID"),
    (lambda r: r.update(seed=-1), "concrete"),
    (lambda r: r.update(seed=1.5), "concrete"),
    (lambda r: r.update(seed=True), "concrete"),
    (lambda r: r.update(width="720"), "width"),
    (lambda r: r.update(height=8), "height"),
    (lambda r: r.update(type="audio"), "type"),
    (lambda r: r.update(output_format="gif"), "output_format"),
    (lambda r: r.update(prompt=""), "prompt"),
    (lambda r: r.update(negative_prompt=None), "negative_prompt"),
    (lambda r: r.update(parameters=[]), "parameters"),
    (lambda r: r.update(parameters={"steps": None}), "parameters.steps"),
    (lambda r: r.update(parameters={"steps": {"a": 1}}), "parameters.steps"),
    (lambda r: r.update(callback_url="ftp://x"), "callback_url"),
    (lambda r: r.update(images={}), "images must be an array"),
    (lambda r: r.update(images=[job_image("reference_image", mime="image/gif")]), "unsupported mime"),
    (lambda r: r.update(images=[{"role": "reference_image", "mime": "image/png", "data_base64": "%%%"}]), "base64"),
    (lambda r: r.update(images=[job_image("keyframe", frame_index=-1)]), "frame_index"),
    (lambda r: r.update(images=[job_image("keyframe", strength=1.5)]), "strength"),
    (lambda r: r.update(images=[job_image("r")] * 17), "At most 16"),
])
def test_malformed_bodies_are_refused_with_422(mutate, match: str) -> None:
    request = job_request("pony")
    mutate(request)
    with pytest.raises(RequestInvalid, match=match) as error:
        validate_job_request(request)
    assert (error.value.status, error.value.code) == (422, "invalid_request")


def test_a_reference_image_over_12_mb_is_payload_too_large() -> None:
    huge = b64(b"\0" * (12 * 1024 * 1024 + 3))
    request = job_request("pony", images=[{"role": "reference_image", "mime": "image/png", "data_base64": huge}])
    with pytest.raises(RequestInvalid) as error:
        validate_job_request(request)
    assert (error.value.status, error.value.code) == (413, "payload_too_large")


def test_non_object_body_is_refused() -> None:
    with pytest.raises(RequestInvalid):
        validate_job_request([1, 2])


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 100, 1001])
def test_decoded_length_is_computed_without_decoding(size: int) -> None:
    assert decoded_base64_length(b64(b"x" * size)) == size
