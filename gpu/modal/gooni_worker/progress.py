"""Stage → progress mapping and the monotonic progress tracker.

The numbers equal the simulator's (gpu/simulator/job-runner.ts) so a progress bar means the same thing
whichever worker answered: loading_model 5, inferring 10 + 80·step/N (per denoising step — the
predecessor reported nothing during inference and was falsely failed as stalled), encoding 90 (+6 while
video frames are written), storing 97, done 100. Progress is an integer that never decreases and the
stage never moves backwards, even when a retry starts its steps again.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from .contract import STAGES

LOADING = 5
INFER_START = 10
INFER_SPAN = 80
ENCODING = 90
ENCODING_SPAN = 6
STORING = 97
DONE = 100


def inferring_progress(step: int, total_steps: int) -> int:
    """Progress after `step` of `total_steps` denoising steps (step 0 = inference started)."""
    total = max(1, int(total_steps))
    step = min(max(0, int(step)), total)
    return INFER_START + math.floor(INFER_SPAN * step / total)


def encoding_progress(frames_written: int, total_frames: int) -> int:
    total = max(1, int(total_frames))
    written = min(max(0, int(frames_written)), total)
    return ENCODING + math.floor(ENCODING_SPAN * written / total)


class ProgressTracker:
    """Owns one JobStatus dict and applies only forward moves; calls `emit` on every visible change."""

    def __init__(self, status: dict[str, Any], emit: Callable[[dict[str, Any]], None]) -> None:
        self.status = status
        self._emit = emit

    def advance(self, stage: str, progress: int, *, step: int | None = None, total_steps: int | None = None) -> bool:
        current = STAGES.index(self.status.get("stage", "queued"))
        wanted = STAGES.index(stage)
        new_stage = STAGES[max(current, wanted)]
        new_progress = max(int(self.status.get("progress", 0)), min(100, int(math.floor(progress))))
        changed = new_stage != self.status.get("stage") or new_progress != self.status.get("progress")
        self.status["stage"] = new_stage
        self.status["progress"] = new_progress
        if total_steps is not None and total_steps != self.status.get("total_steps"):
            self.status["total_steps"] = int(total_steps)
            changed = True
        if step is not None and step != self.status.get("step"):
            self.status["step"] = int(step)
            changed = True
        if changed:
            self._emit(self.status)
        return changed

    def loading(self) -> bool:
        return self.advance("loading_model", LOADING)

    def step(self, step: int, total_steps: int) -> bool:
        return self.advance("inferring", inferring_progress(step, total_steps), step=step, total_steps=total_steps)

    def encoding(self, frames_written: int = 0, total_frames: int = 1) -> bool:
        return self.advance("encoding", encoding_progress(frames_written, total_frames))

    def storing(self) -> bool:
        return self.advance("storing", STORING)

    def done(self) -> bool:
        return self.advance("done", DONE)
