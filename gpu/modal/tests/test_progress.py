"""progress.py: the simulator's stage/progress mapping, per denoising step, never decreasing."""

from __future__ import annotations

import random

from gooni_worker.contract import STAGES
from gooni_worker.progress import ProgressTracker, encoding_progress, inferring_progress


def test_gen2_mapping_matches_the_simulator() -> None:
    assert inferring_progress(0, 8) == 10
    assert inferring_progress(4, 8) == 50
    assert inferring_progress(8, 8) == 90
    assert inferring_progress(1, 3) == 36  # floor(10 + 80/3)
    assert encoding_progress(0, 81) == 90 and encoding_progress(81, 81) == 96
    assert inferring_progress(99, 8) == 90 and inferring_progress(-3, 8) == 10


def test_gen2_every_denoising_step_is_reported() -> None:
    emitted: list[tuple[str, int, int | None]] = []
    tracker = ProgressTracker({"stage": "queued", "progress": 0},
                              lambda s: emitted.append((s["stage"], s["progress"], s.get("step"))))
    tracker.loading()
    for step in range(0, 5):
        tracker.step(step, 4)
    assert emitted == [("loading_model", 5, None), ("inferring", 10, 0), ("inferring", 30, 1), ("inferring", 50, 2),
                       ("inferring", 70, 3), ("inferring", 90, 4)]


def test_gen2_progress_and_stage_never_go_backwards_even_when_a_retry_restarts_its_steps() -> None:
    status = {"stage": "queued", "progress": 0}
    tracker = ProgressTracker(status, lambda s: None)
    tracker.step(30, 30)
    tracker.step(0, 30)  # the pony retry starts over
    assert status["progress"] == 90 and status["step"] == 0 and status["stage"] == "inferring"
    tracker.loading()
    assert status["stage"] == "inferring"


def test_gen2_progress_is_monotonic_for_any_sequence_of_updates() -> None:
    rng = random.Random(7)
    for _ in range(200):
        status = {"stage": "queued", "progress": 0}
        seen: list[tuple[int, int]] = []
        tracker = ProgressTracker(status, lambda s: seen.append((STAGES.index(s["stage"]), s["progress"])))
        for _ in range(30):
            stage = rng.choice(STAGES[1:])
            tracker.advance(stage, rng.randint(-10, 120), step=rng.randint(0, 9), total_steps=9)
        assert all(0 <= p <= 100 for _, p in seen)
        progresses = [p for _, p in seen]
        stages = [s for s, _ in seen]
        assert progresses == sorted(progresses) and stages == sorted(stages)


def test_unchanged_updates_emit_nothing() -> None:
    emitted = []
    tracker = ProgressTracker({"stage": "queued", "progress": 0}, emitted.append)
    tracker.storing()
    tracker.storing()
    assert len(emitted) == 1
