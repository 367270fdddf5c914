"""errors.py: CUDA OOM → gpu_out_of_memory with advice; anything else → worker_error; no secrets (AUD-5)."""

from __future__ import annotations

import pytest

from gooni_worker.errors import JobFailure, classify, is_out_of_memory, redact


class OutOfMemoryError(RuntimeError):
    """Same class name as torch.cuda.OutOfMemoryError."""


@pytest.mark.parametrize("error", [
    OutOfMemoryError("boom"),
    RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB"),
    RuntimeError("CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling cublasCreate"),
    ValueError("cuda OOM while decoding"),
])
def test_out_of_memory_is_recognised(error: Exception) -> None:
    assert is_out_of_memory(error)


def test_out_of_memory_is_recognised_through_a_wrapping_exception() -> None:
    try:
        try:
            raise OutOfMemoryError("inner")
        except OutOfMemoryError as inner:
            raise RuntimeError("pipeline failed") from inner
    except RuntimeError as outer:
        assert is_out_of_memory(outer)


def test_oom_maps_to_gpu_out_of_memory_advising_resolution_frames_or_steps() -> None:
    failure = classify(RuntimeError("CUDA out of memory"), model="anisora", width=1280, height=720, steps=8,
                       num_frames=81, env={})
    assert failure.code == "gpu_out_of_memory"
    assert "1280×720, 81 frames, 8 steps" in failure.message
    for word in ("resolution", "frames", "steps"):
        assert word in failure.message


def test_other_errors_map_to_worker_error_with_the_type_and_a_short_excerpt() -> None:
    failure = classify(KeyError("missing weight"), model="flux", width=1024, height=1024, env={})
    assert failure.code == "worker_error"
    assert "flux" in failure.message and "KeyError" in failure.message and "missing weight" in failure.message
    long = classify(RuntimeError("x" * 5000), model="flux", width=1, height=1, env={})
    assert len(long.message) < 400


def test_job_failures_keep_their_code() -> None:
    failure = classify(JobFailure("invalid_request", "Image reference_image is empty."), model="pony", width=1,
                       height=1, env={})
    assert (failure.code, failure.message) == ("invalid_request", "Image reference_image is empty.")
    with pytest.raises(ValueError):
        JobFailure("made_up", "x")


@pytest.mark.parametrize("text", [
    "401 Client Error for url https://huggingface.co/api (token hf_AbCdEfGhIjKlMnOpQrSt)",
    "headers={'Authorization': 'Bearer s3cr3t-worker-token'}",
    "Modal-Secret: ws-abcdefgh12345678",
    "https://user:p4ssw0rd@example.com/x",
    "retry with api_key=abc123def456",
    "the value is THE-WORKER-TOKEN-VALUE",
])
def test_aud5_no_credential_survives_in_a_job_error_message(text: str) -> None:
    env = {"WORKER_TOKEN": "THE-WORKER-TOKEN-VALUE"}
    failure = classify(RuntimeError(text), model="flux", width=1, height=1, env=env)
    for secret in ("hf_AbCdEfGhIjKlMnOpQrSt", "s3cr3t-worker-token", "ws-abcdefgh12345678", "p4ssw0rd", "abc123def456",
                   "THE-WORKER-TOKEN-VALUE"):
        assert secret not in failure.message
    assert "[redacted]" in failure.message


def test_aud5_redact_removes_explicit_and_environment_secrets() -> None:
    assert redact("a SeCrEt b", secrets=["SeCrEt"], env={}) == "a [redacted] b"
    assert redact("hf token", env={"HF_TOKEN": "tok-value"}) == "hf token"
    assert redact("x tok-value y", env={"HF_TOKEN": "tok-value"}) == "x [redacted] y"
