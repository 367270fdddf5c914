"""runner.py: a job's whole life in a lane, with a fake runtime that returns numpy pictures."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest
from conftest import b64, gradient, job_image, job_request
from PIL import Image

from gooni_worker.callbacks import CallbackPusher
from gooni_worker.jobs import JobBook, MemoryStore, fingerprint
from gooni_worker.params import plan_job
from gooni_worker.pipeline_args import GenerationInput
from gooni_worker.runner import DEADLINE_GRACE_S, JobRunner, RunnerDeps, step_of
from gooni_worker.storage import ResultStore

T0 = 1_767_225_600.0


class FakeRuntime:
    def __init__(self, produce: Callable[[GenerationInput, int], np.ndarray] | None = None,
                 on_step: Callable[[int, int], None] | None = None, load_error: Exception | None = None) -> None:
        self.produce = produce or (lambda job, n: gradient(job.height, job.width))
        self.step_hook = on_step
        self.load_error = load_error
        self.calls: list[GenerationInput] = []
        self.loads = self.frees = 0

    def ensure_loaded(self) -> None:
        self.loads += 1
        if self.load_error:
            raise self.load_error

    def generate(self, job: GenerationInput, on_step: Callable[[int], None]) -> np.ndarray:
        self.calls.append(job)
        for index in range(job.total_steps):
            if self.step_hook:
                self.step_hook(index, len(self.calls))
            on_step(index)
        return self.produce(job, len(self.calls))

    def free_memory(self) -> None:
        self.frees += 1


class FileSink:
    """Writes raw frames to the path on close (stands in for ffmpeg)."""

    def __init__(self, path: Path, *_args: Any) -> None:
        self.path, self.frames = path, []

    def write(self, frame: np.ndarray) -> None:
        self.frames.append(frame.copy())

    def close(self) -> None:
        self.path.write_bytes(b"".join(f.tobytes() for f in self.frames))

    def abort(self) -> None:
        self.path.unlink(missing_ok=True)


class RecordingPusher(CallbackPusher):
    pushed: list[dict] = []

    def __init__(self, url: str | None, token: str) -> None:
        super().__init__(url, token, sender=lambda *_: None)
        self.url_seen, self.token_seen = url, token

    def push(self, status: dict) -> None:
        RecordingPusher.pushed.append(dict(status))


class Harness:
    def __init__(self, tmp_path: Path, runtime: FakeRuntime, time_limit: float = 300) -> None:
        self.book = JobBook(MemoryStore(), MemoryStore())
        self.results = ResultStore(tmp_path / "results")
        self.runtime = runtime
        self.now = T0
        self.sinks: list[FileSink] = []
        self.commits: list[str] = []
        self.writes: list[dict] = []
        RecordingPusher.pushed = []
        original_write = self.book.write

        def spy_write(job_id: str, status: dict, **kwargs: Any) -> None:
            self.writes.append({**status, "_deadline": kwargs.get("deadline_at")})
            original_write(job_id, status, **kwargs)

        self.book.write = spy_write  # type: ignore[method-assign]

        def sink_factory(path: Path, *args: Any) -> FileSink:
            sink = FileSink(path, *args)
            self.sinks.append(sink)
            return sink

        self.runner = JobRunner(RunnerDeps(
            book=self.book, results=self.results, runtime=runtime, sink_factory=sink_factory, clock=self.clock,
            time_limit_s=time_limit, token="worker-token", commit=lambda: self.commits.append(self.state()),
            pusher_factory=RecordingPusher, env={}))
        self.job_id = ""

    def clock(self) -> float:
        self.now += 0.5
        return self.now

    def state(self) -> str:
        status = self.book.status(self.job_id, self.now)
        return status["state"] if status else "gone"

    def submit(self, request: dict) -> dict:
        self.job_id = request["job_id"]
        plan = plan_job(request)
        self.book.submit(self.job_id, plan.model, fingerprint(request), plan.used, T0, T0 + 3600)
        return request

    def run(self, request: dict) -> dict:
        self.submit(request)
        return self.runner.run(request)


def assert_monotonic(writes: list[dict]) -> None:
    progress = [w["progress"] for w in writes]
    assert progress == sorted(progress)


def test_gen2_gen4_an_image_job_runs_through_every_stage_to_a_verified_result(tmp_path: Path) -> None:
    h = Harness(tmp_path, FakeRuntime())
    final = h.run(job_request("pony", callback_url="http://backend/cb"))
    assert final["state"] == "succeeded" and final["stage"] == "done" and final["progress"] == 100
    assert (final["step"], final["total_steps"]) == (30, 30)
    stages = [w["stage"] for w in h.writes]
    assert stages[0] == "loading_model" and stages[-1] == "done"
    assert {"inferring", "encoding", "storing"} <= set(stages)
    assert len([w for w in h.writes if w["stage"] == "inferring"]) == 31  # step 0 and every denoising step
    assert_monotonic(h.writes)
    result = final["result"]
    data = h.results.result_path(h.job_id, "png").read_bytes()
    assert result == {"content_type": "image/png", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                      "width": 1024, "height": 1024}
    preview = h.results.preview_path(h.job_id).read_bytes()
    assert final["preview"]["sha256"] == hashlib.sha256(preview).hexdigest()
    assert Image.open(io.BytesIO(preview)).size == (512, 512) == (final["preview"]["width"], final["preview"]["height"])
    assert h.commits == ["running"]  # files committed before the status says succeeded
    assert h.book.status(h.job_id, h.now)["state"] == "succeeded" and h.book.live_counts(h.now) == {}
    assert h.runtime.frees >= 1 and h.runtime.loads == 1
    assert RecordingPusher.pushed[-1]["state"] == "succeeded" and len(RecordingPusher.pushed) == len(h.writes)
    assert h.writes[0]["_deadline"] == pytest.approx(T0 + 0.5 + 300 + DEADLINE_GRACE_S)


def test_pony_gray_output_is_retried_with_gentler_settings_and_used_reports_the_retry(tmp_path: Path) -> None:
    def produce(job: GenerationInput, call: int) -> np.ndarray:
        return np.full((job.height, job.width, 3), 0.5, np.float32) if call == 1 else gradient(job.height, job.width)

    h = Harness(tmp_path, FakeRuntime(produce))
    final = h.run(job_request("pony", seed=10, parameters={"steps": 40}))
    assert final["state"] == "succeeded"
    first, second = h.runtime.calls
    assert (first.seed, first.width, first.num_inference_steps) == (10, 1024, 40)
    assert (second.seed, second.width, second.num_inference_steps, second.scheduler.class_name) == \
        (11, 768, 32, "EulerAncestralDiscreteScheduler")
    assert final["used"] == {"width": 768, "height": 768, "seed": 11, "steps": 32}
    assert (final["result"]["width"], final["result"]["height"]) == (768, 768)
    assert_monotonic(h.writes)


def test_pony_fails_clearly_after_three_gray_attempts(tmp_path: Path) -> None:
    h = Harness(tmp_path, FakeRuntime(lambda job, n: np.zeros((job.height, job.width, 3), np.float32)))
    final = h.run(job_request("pony"))
    assert final["state"] == "failed" and final["error"]["code"] == "worker_error"
    assert "3 attempt" in final["error"]["message"] and "near-uniform" in final["error"]["message"]
    assert len(h.runtime.calls) == 3 and "result" not in final
    assert not h.results.job_dir(h.job_id).exists()


def test_flux_nan_output_fails_without_retry(tmp_path: Path) -> None:
    h = Harness(tmp_path, FakeRuntime(lambda job, n: np.full((job.height, job.width, 3), np.nan, np.float32)))
    final = h.run(job_request("flux"))
    assert final["error"]["code"] == "worker_error" and "NaN/Inf" in final["error"]["message"]
    assert len(h.runtime.calls) == 1


def test_cuda_oom_ends_the_job_with_gpu_out_of_memory_and_frees_memory(tmp_path: Path) -> None:
    def produce(job: GenerationInput, call: int) -> np.ndarray:
        raise RuntimeError("CUDA out of memory. Tried to allocate 20.00 GiB")

    h = Harness(tmp_path, FakeRuntime(produce))
    final = h.run(job_request("flux", parameters={"steps": 20}))
    assert final["state"] == "failed" and final["error"]["code"] == "gpu_out_of_memory"
    assert "1024×1024, 20 steps" in final["error"]["message"] and "Lower the resolution" in final["error"]["message"]
    assert h.runtime.frees >= 1 and h.book.live_counts(h.now) == {}
    assert RecordingPusher.pushed[-1]["state"] == "failed"


def test_gen5_cancel_during_inference_stops_at_the_next_step(tmp_path: Path) -> None:
    holder: dict[str, Harness] = {}

    def on_step(index: int, call: int) -> None:
        if index == 3:
            holder["h"].book.cancel(holder["h"].job_id, holder["h"].now)

    h = Harness(tmp_path, FakeRuntime(on_step=on_step))
    holder["h"] = h
    final = h.run(job_request("pony"))
    assert final["state"] == "canceled" and final["error"]["code"] == "canceled"
    steps = [w.get("step") for w in h.writes if w["stage"] == "inferring"]
    assert max(steps) <= 4  # stopped right after the cancel, not after 30 steps
    assert not h.results.job_dir(h.job_id).exists()
    assert h.book.status(h.job_id, h.now)["state"] == "canceled"


def test_gen5_a_job_canceled_while_queued_never_loads_or_runs(tmp_path: Path) -> None:
    h = Harness(tmp_path, FakeRuntime())
    request = h.submit(job_request("pony"))
    h.book.cancel(h.job_id, T0 + 1)
    final = h.runner.run(request)
    assert final["state"] == "canceled" and h.runtime.loads == 0 and h.runtime.calls == []


def test_an_unknown_or_forgotten_job_is_not_run(tmp_path: Path) -> None:
    h = Harness(tmp_path, FakeRuntime())
    assert h.runner.run(job_request("pony")) is None and h.runtime.calls == []


def test_an_undecodable_reference_image_fails_the_job_with_invalid_request(tmp_path: Path) -> None:
    h = Harness(tmp_path, FakeRuntime())
    bad = {"role": "reference_image", "mime": "image/png", "data_base64": b64(b"definitely not a png")}
    final = h.run(job_request("flux", mode="img2img", images=[bad]))
    assert final["state"] == "failed" and final["error"]["code"] == "invalid_request"
    assert "reference_image" in final["error"]["message"] and h.runtime.calls == []


def test_a_pipeline_that_cannot_load_fails_the_job_without_leaking_secrets(tmp_path: Path) -> None:
    h = Harness(tmp_path, FakeRuntime(load_error=OSError("401 for https://huggingface.co token=hf_SECRETSECRET12")))
    final = h.run(job_request("flux"))
    assert final["error"]["code"] == "worker_error" and "OSError" in final["error"]["message"]
    assert "hf_SECRETSECRET12" not in final["error"]["message"]


def test_gen4_a_video_job_streams_its_frames_and_reports_frames_fps_duration(tmp_path: Path) -> None:
    def produce(job: GenerationInput, call: int) -> np.ndarray:
        return np.stack([gradient(job.height, job.width) * (0.5 + i / 20) for i in range(job.num_frames)])[None]

    h = Harness(tmp_path, FakeRuntime(produce), time_limit=900)
    final = h.run(job_request("anisora", width=256, height=256, output_format="webm",
                              parameters={"num_frames": 9, "fps": 8}))
    assert final["state"] == "succeeded", final.get("error")
    assert final["result"]["frames"] == 9 and final["result"]["fps"] == 8
    assert final["result"]["duration_seconds"] == pytest.approx(9 / 8, abs=1e-3)
    assert final["result"]["content_type"] == "video/webm"
    assert len(h.sinks[0].frames) == 9 and h.sinks[0].path.name == "result.webm"
    encoding = [w["progress"] for w in h.writes if w["stage"] == "encoding"]
    assert encoding[0] == 90 and encoding[-1] == 96
    assert (final["total_steps"], final["used"]["steps"]) == (8, 8)
    assert_monotonic(h.writes)


def test_a_video_with_a_nan_frame_fails_and_leaves_no_file(tmp_path: Path) -> None:
    def produce(job: GenerationInput, call: int) -> np.ndarray:
        clip = np.stack([gradient(job.height, job.width)] * job.num_frames)
        clip[3, 0, 0, 0] = np.inf
        return clip

    h = Harness(tmp_path, FakeRuntime(produce), time_limit=900)
    final = h.run(job_request("phr00t", width=256, height=256, parameters={"num_frames": 5}))
    assert final["state"] == "failed" and "NaN/Inf" in final["error"]["message"]
    assert not h.results.job_dir(h.job_id).exists()


def test_cat3_image_to_video_runs_video_to_video_from_the_conditioning_clip(tmp_path: Path) -> None:
    def produce(job: GenerationInput, call: int) -> np.ndarray:
        return np.stack([gradient(job.height, job.width)] * len(job.init_video))

    h = Harness(tmp_path, FakeRuntime(produce), time_limit=900)
    final = h.run(job_request("anisora", mode="i2v", width=256, height=256, images=[job_image("reference_image")],
                              parameters={"num_frames": 5, "denoising_strength": 0.5}))
    assert final["state"] == "succeeded", final.get("error")
    (job,) = h.runtime.calls
    assert job.variant == "v2v" and len(job.init_video) == 5 and job.init_video[0].size == (256, 256)
    assert job.strength == 0.5 and job.total_steps == 4 and final["total_steps"] == 4


def test_gen2_iterations_of_second_order_samplers_map_back_onto_the_requested_steps() -> None:
    assert [step_of(i, 39, 20) for i in (0, 1, 2, 37, 38)] == [1, 2, 2, 20, 20]
    assert [step_of(i, None, 8) for i in (0, 7, 9)] == [1, 8, 8]
    assert step_of(4, 5, 5) == 5
    steps = [step_of(i, 39, 20) for i in range(39)]
    assert steps == sorted(steps) and steps[-1] == 20
