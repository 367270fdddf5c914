"""jobs.py: idempotent admission, conflict detection, the state machine, cancel and deadlines."""

from __future__ import annotations

import pytest
from conftest import job_request

from gooni_worker.jobs import (CANCEL_MESSAGE, InvalidTransition, JobBook, MemoryStore, canonical_json, fingerprint,
                               iso, parse_iso, transition, view)

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z
USED = {"width": 1024, "height": 1024, "seed": 1, "steps": 30}


def book() -> JobBook:
    return JobBook(MemoryStore(), MemoryStore())


def test_iso_times_look_like_javascript_to_iso_string() -> None:
    assert iso(T0) == "2026-01-01T00:00:00.000Z"
    assert parse_iso(iso(T0 + 1.25)) == T0 + 1.25


def test_gen1_fingerprint_ignores_key_order_callback_url_and_int_float_spelling() -> None:
    request = job_request("pony", parameters={"steps": 30, "cfg_scale": 6})
    reordered = dict(reversed(list(request.items())))
    assert fingerprint(request) == fingerprint(reordered)
    assert fingerprint(request) == fingerprint({**request, "callback_url": "http://elsewhere/cb"})
    assert fingerprint(request) == fingerprint({**request, "parameters": {"cfg_scale": 6.0, "steps": 30}})
    assert fingerprint(request) != fingerprint({**request, "seed": 43})
    assert canonical_json({"b": 1, "a": [1.0, {"d": 2, "c": None}]}) == '{"a":[1,{"c":null,"d":2}],"b":1}'


def test_gen1_submit_is_idempotent_and_a_different_body_is_a_conflict() -> None:
    jobs = book()
    created = jobs.submit("j1", "pony", "print-a", USED, T0, T0 + 3600)
    assert created.kind == "created"
    assert created.status == {"job_id": "j1", "state": "queued", "progress": 0, "stage": "queued", "used": USED,
                              "created_at": iso(T0)}
    again = jobs.submit("j1", "pony", "print-a", USED, T0 + 5, T0 + 3605)
    assert again.kind == "existing" and again.status["created_at"] == iso(T0)
    assert jobs.submit("j1", "pony", "print-b", USED, T0 + 6, T0 + 3606).kind == "conflict"
    assert jobs.live_counts(T0) == {"pony": {"running": 0, "queued": 1}}


def test_gen2_state_machine_allows_only_forward_transitions() -> None:
    status = {"job_id": "j", "state": "queued"}
    transition(status, "running", T0)
    assert status["started_at"] == iso(T0)
    transition(status, "succeeded", T0 + 2)
    assert status["finished_at"] == iso(T0 + 2)
    for target in ("running", "failed", "canceled", "queued"):
        with pytest.raises(InvalidTransition):
            transition(dict(status), target, T0 + 3)
    with pytest.raises(InvalidTransition):
        transition({"job_id": "j", "state": "queued"}, "succeeded", T0)


def test_gen5_cancel_marks_a_live_job_canceled_at_once_and_frees_its_slot() -> None:
    jobs = book()
    jobs.submit("j1", "flux", "p", USED, T0, T0 + 3600)
    canceled = jobs.cancel("j1", T0 + 1)
    assert canceled["state"] == "canceled"
    assert canceled["error"] == {"code": "canceled", "message": CANCEL_MESSAGE}
    assert canceled["finished_at"] == iso(T0 + 1)
    assert jobs.is_canceled("j1") and jobs.live_counts(T0 + 2) == {}
    assert jobs.cancel("j1", T0 + 9)["finished_at"] == iso(T0 + 1)  # a second cancel changes nothing
    assert jobs.cancel("nope", T0) is None


def test_gen5_cancel_leaves_a_terminal_job_unchanged() -> None:
    jobs = book()
    jobs.submit("j1", "flux", "p", USED, T0, T0 + 3600)
    status = jobs.status("j1", T0)
    transition(status, "running", T0)
    transition(status, "succeeded", T0 + 1)
    jobs.write("j1", status)
    assert jobs.cancel("j1", T0 + 2)["state"] == "succeeded"
    assert not jobs.is_canceled("j1")


def test_gen5_a_lane_finishing_after_an_acknowledged_cancel_does_not_undo_it() -> None:
    doc = {"status": {"job_id": "j", "state": "succeeded", "progress": 100, "stage": "done",
                      "finished_at": iso(T0 + 5), "result": {"sha256": "x"}}}
    seen = view(doc, {"at": iso(T0 + 4)}, T0 + 6)
    assert seen["state"] == "canceled" and "result" not in seen
    earlier = view(doc, {"at": iso(T0 + 6)}, T0 + 7)  # cannot happen via the API, but terminal wins
    assert earlier["state"] == "succeeded"


def test_gen8_a_job_past_its_deadline_reads_as_failed_not_running_forever() -> None:
    jobs = book()
    jobs.submit("j1", "anisora", "p", USED, T0, T0 + 3600)
    status = jobs.status("j1", T0)
    transition(status, "running", T0 + 10)
    jobs.write("j1", status, deadline_at=T0 + 970, time_limit_s=900)
    assert jobs.status("j1", T0 + 969)["state"] == "running"
    late = jobs.status("j1", T0 + 971)
    assert late["state"] == "failed" and late["error"]["code"] == "worker_error"
    assert "900 s" in late["error"]["message"] and late["finished_at"] == iso(T0 + 970)
    assert jobs.live_counts(T0 + 971) == {}


def test_gen8_a_queued_job_that_never_starts_fails_after_the_queue_timeout() -> None:
    jobs = book()
    jobs.submit("j1", "anisora", "p", USED, T0, T0 + 3600)
    late = jobs.status("j1", T0 + 3601)
    assert late["state"] == "failed" and "before it could start" in late["error"]["message"]


def test_lane_writes_keep_the_active_index_in_step() -> None:
    jobs = book()
    jobs.submit("j1", "pony", "p", USED, T0, T0 + 3600)
    status = jobs.status("j1", T0)
    transition(status, "running", T0)
    jobs.write("j1", status)
    assert jobs.live_counts(T0) == {"pony": {"running": 1, "queued": 0}}
    transition(status, "failed", T0 + 1)
    jobs.write("j1", status)
    assert jobs.live_counts(T0) == {}


def test_forget_and_sweep_drop_old_finished_jobs_only() -> None:
    jobs = book()
    for job_id in ("old", "new", "live"):
        jobs.submit(job_id, "pony", "p", USED, T0, T0 + 10**6)
    for job_id, end in (("old", T0 + 10), ("new", T0 + 5000)):
        status = jobs.status(job_id, T0)
        transition(status, "running", T0)
        transition(status, "succeeded", end)
        jobs.write(job_id, status)
    assert jobs.sweep(T0 + 3700, retention_s=3600) == ["old"]
    assert jobs.doc("old") is None and jobs.doc("new") is not None and jobs.doc("live") is not None


def test_memory_store_put_if_absent_is_first_writer_wins() -> None:
    store = MemoryStore()
    assert store.put_if_absent("k", {"v": 1}) is True
    assert store.put_if_absent("k", {"v": 2}) is False
    assert store.get("k") == {"v": 1}
