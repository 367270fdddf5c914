"""Runs one job inside a lane: stages, per-step progress, cancel, output guard and retries, encoding,
storing, error mapping. Pure orchestration — the GPU work is behind `ModelRuntime`, so the whole flow
is tested with a fake runtime that returns numpy pictures.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol

import numpy as np
from PIL import Image

from .callbacks import CallbackPusher
from .conditioning import conditioning_clip
from .contract import CONTENT_TYPES, PREVIEW_CONTENT_TYPE
from .errors import JobCanceled, JobFailure, OutputRejected, RequestInvalid, classify
from .images import ImageInvalid, decode_job_images
from .jobs import JobBook, canceled_view, is_terminal, iso, transition
from .media import FrameSink, encode_image, preview_jpeg, video_frames, write_video
from .output_guard import Attempt, attempts_for, check_image, guard_for
from .params import RunPlan, plan_job
from .pipeline_args import GenerationInput, generation_input
from .progress import ProgressTracker
from .storage import ResultStore

log = logging.getLogger("gooni_worker.runner")

# on_step(index, count): index is the 0-based loop position; count, when the runtime knows it, is how
# many loop iterations the scheduler really runs (second-order schedulers such as DPM++ SDE evaluate
# about twice per step), so progress is mapped back onto the requested steps.
StepCallback = Callable[[int, int | None], None]
SinkFactory = Callable[[Path, str, int, int, int], FrameSink]

# Lets a lane finish writing its failure before the deadline declares it dead.
DEADLINE_GRACE_S = 60
CANCEL_CHECK_EVERY_FRAMES = 8


def step_of(index: int, count: int | None, total: int) -> int:
    """Denoising step (1..total) reached after loop iteration `index` of `count`."""
    if count and count > 0 and count != total:
        return min(total, max(1, math.ceil((index + 1) * total / count)))
    return min(total, index + 1)


class ModelRuntime(Protocol):
    """What a pipelines/*_runtime.py module provides for one model family."""

    def ensure_loaded(self) -> None: ...

    def generate(self, job: GenerationInput, on_step: StepCallback) -> np.ndarray:
        """Image: (H,W,3) float in [0,1]; video: (F,H,W,3) or (1,F,H,W,3). Calls on_step after each step."""
        ...

    def free_memory(self) -> None: ...


@dataclass
class RunnerDeps:
    book: JobBook
    results: ResultStore
    runtime: ModelRuntime
    sink_factory: SinkFactory
    clock: Callable[[], float]
    time_limit_s: float
    token: str = ""
    commit: Callable[[], None] = lambda: None
    pusher_factory: Callable[[str | None, str], CallbackPusher] = CallbackPusher
    env: Mapping[str, str] | None = None


class JobRunner:
    def __init__(self, deps: RunnerDeps) -> None:
        self.deps = deps

    def run(self, request: Mapping[str, Any]) -> dict[str, Any] | None:
        """Runs the job to a terminal state and returns its final status (None if it was forgotten)."""
        deps = self.deps
        job_id = str(request["job_id"])
        now = deps.clock()
        current = deps.book.status(job_id, now)
        if current is None or is_terminal(current):
            return current  # canceled while queued, expired, or forgotten: nothing to run
        doc = deps.book.doc(job_id)
        assert doc is not None
        status: dict[str, Any] = doc["status"]
        deadline = now + deps.time_limit_s + DEADLINE_GRACE_S
        pusher = deps.pusher_factory(request.get("callback_url"), deps.token)

        def emit(snapshot: dict[str, Any]) -> None:
            deps.book.write(job_id, snapshot, deadline_at=deadline, time_limit_s=deps.time_limit_s)
            pusher.push(snapshot)

        tracker = ProgressTracker(status, emit)
        plan: RunPlan | None = None
        try:
            transition(status, "running", now)
            tracker.loading()
            plan = plan_job(request)
            deps.runtime.ensure_loaded()
            self._check_cancel(job_id)
            images = self._decode(request)
            result = self._generate(plan, images, tracker, job_id)
            self._store(plan, result, status, tracker, job_id)
            self._check_cancel(job_id)
            transition(status, "succeeded", deps.clock())
            tracker.done()
        except JobCanceled:
            marker = deps.book.cancel_marker(job_id) or {"at": iso(deps.clock())}
            final = canceled_view(status, str(marker["at"]))
            status.clear()
            status.update(final)
            deps.book.write(job_id, status)
            pusher.push(status)
            deps.results.remove(job_id)
        except Exception as error:  # every failure ends the job with a contract code, never a crash
            if not isinstance(error, (JobFailure, RequestInvalid)):
                log.exception("job %s failed", job_id)
            failure = self._classify(error, request, plan)
            transition(status, "failed", deps.clock())
            status["error"] = failure
            status.pop("result", None)
            status.pop("preview", None)
            emit(status)
            deps.results.remove(job_id)
        finally:
            try:
                deps.runtime.free_memory()
            finally:
                pusher.close()
        return status

    # --- steps ------------------------------------------------------------------------------------
    def _check_cancel(self, job_id: str) -> None:
        if self.deps.book.is_canceled(job_id):
            raise JobCanceled(job_id)

    @staticmethod
    def _decode(request: Mapping[str, Any]) -> list[Image.Image]:
        try:
            return decode_job_images(list(request.get("images") or []))
        except ImageInvalid as error:
            raise JobFailure("invalid_request", str(error)) from error

    def _generate(self, plan: RunPlan, images: list[Image.Image], tracker: ProgressTracker,
                  job_id: str) -> tuple[Attempt, np.ndarray]:
        clip = conditioning_clip(plan, images) if plan.is_video else None
        init_video = [Image.fromarray(frame) for frame in clip] if clip is not None else None
        attempts = attempts_for(plan)
        rejection: OutputRejected | None = None
        for attempt in attempts:
            job = generation_input(plan, attempt, images, init_video)
            tracker.step(0, job.total_steps)

            def on_step(index: int, count: int | None = None, total: int = job.total_steps) -> None:
                self._check_cancel(job_id)
                tracker.step(step_of(index, count, total), total)

            output = self.deps.runtime.generate(job, on_step)
            if plan.is_video:
                return attempt, output
            try:
                return attempt, check_image(output, reject_uniform=guard_for(plan.model))
            except OutputRejected as error:
                rejection = error
                log.warning("job %s attempt %d rejected: %s", job_id, attempt.number, error)
                self.deps.runtime.free_memory()
                self._check_cancel(job_id)
        raise JobFailure("worker_error", f"{plan.model} produced no usable picture after {len(attempts)} "
                                         f"attempt(s): {rejection}. Try another seed or prompt.")

    def _store(self, plan: RunPlan, result: tuple[Attempt, np.ndarray], status: dict[str, Any],
               tracker: ProgressTracker, job_id: str) -> None:
        deps = self.deps
        attempt, output = result
        if attempt.number > 0:  # a retry ran with other settings: report what was really used
            status["used"].update({"width": attempt.width, "height": attempt.height, "seed": attempt.seed,
                                   "steps": attempt.steps})
        tracker.encoding()
        path = deps.results.result_path(job_id, plan.output_format)
        if plan.is_video:
            frames = int(plan.num_frames or 0)
            path.parent.mkdir(parents=True, exist_ok=True)
            sink = deps.sink_factory(path, plan.output_format, plan.width, plan.height, int(plan.fps or 16))

            def on_frame(written: int) -> None:
                if written % CANCEL_CHECK_EVERY_FRAMES == 0:
                    self._check_cancel(job_id)
                tracker.encoding(written, frames)

            try:
                first = write_video(video_frames(output), sink, frames, on_frame)
            except OutputRejected as error:
                raise JobFailure("worker_error", f"Video decode produced invalid output: {error}") from error
            stored = deps.results.describe(path)
            width, height = plan.width, plan.height
        else:
            first = output
            encoded = encode_image(output, plan.output_format)
            stored = deps.results.write_bytes(path, encoded.data)
            width, height = encoded.width, encoded.height
        tracker.storing()
        preview = preview_jpeg(first)
        stored_preview = deps.results.write_bytes(deps.results.preview_path(job_id), preview.data)
        deps.commit()  # files must be visible to the API containers before the status says succeeded
        info: dict[str, Any] = {"content_type": CONTENT_TYPES[plan.output_format], "sha256": stored.sha256,
                                "bytes": stored.bytes, "width": width, "height": height}
        if plan.is_video:
            info.update({"frames": plan.num_frames, "fps": plan.fps,
                         "duration_seconds": round(int(plan.num_frames or 0) / int(plan.fps or 1), 3)})
        status["result"] = info
        status["preview"] = {"content_type": PREVIEW_CONTENT_TYPE, "sha256": stored_preview.sha256,
                             "bytes": stored_preview.bytes, "width": preview.width, "height": preview.height}

    def _classify(self, error: BaseException, request: Mapping[str, Any], plan: RunPlan | None) -> dict[str, str]:
        if isinstance(error, RequestInvalid):
            return {"code": "invalid_request", "message": error.detail}
        width = plan.width if plan else int(request.get("width", 0))
        height = plan.height if plan else int(request.get("height", 0))
        failure = classify(error, model=str(request.get("model")), width=width, height=height,
                           steps=plan.steps if plan else None, num_frames=plan.num_frames if plan else None,
                           env=self.deps.env)
        return failure.to_wire()
