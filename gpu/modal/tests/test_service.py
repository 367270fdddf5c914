"""service.py: the worker HTTP contract (specs/worker-api.md) without FastAPI or Modal."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import job_request

from gooni_worker.jobs import JobBook, MemoryStore, transition
from gooni_worker.lanes import lane_configs
from gooni_worker.service import WorkerService
from gooni_worker.storage import ResultStore

T0 = 1_767_225_600.0
AUTH = {"Authorization": "Bearer tok"}


class Dispatcher:
    def __init__(self) -> None:
        self.spawned: list[tuple[str, str]] = []
        self.fail = False

    def spawn(self, model: str, request: dict) -> None:
        if self.fail:
            raise ConnectionError("modal unreachable")
        self.spawned.append((model, request["job_id"]))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, Any]:
    book = JobBook(MemoryStore(), MemoryStore())
    dispatcher = Dispatcher()
    refreshed: list[bool] = []
    service = WorkerService(book=book, results=ResultStore(tmp_path), dispatcher=dispatcher,
                            lanes=lane_configs({"GOONI_PONY_MAX_QUEUED": "1"}), token="tok", build_id="build-42",
                            clock=lambda: T0, refresh_results=lambda: refreshed.append(True), max_body_bytes=4096)
    return {"service": service, "book": book, "dispatcher": dispatcher, "results": ResultStore(tmp_path),
            "refreshed": refreshed}


def post(service: WorkerService, body: Any, headers: dict = AUTH) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return service.handle("POST", "/jobs", headers, raw)


def assert_sec4(reply: Any, status: int, code: str) -> None:
    assert reply.status == status, reply.body
    assert set(reply.body) == {"code", "detail", "user_action"} and reply.body["code"] == code
    assert reply.body["detail"] and reply.body["user_action"]


@pytest.mark.parametrize("method, path", [("GET", "/health"), ("POST", "/jobs"), ("GET", "/jobs/x"),
                                          ("GET", "/jobs/x/result"), ("POST", "/jobs/x/cancel"), ("GET", "/nope")])
def test_sec4_every_route_requires_the_bearer_token(env: dict, method: str, path: str) -> None:
    service = env["service"]
    assert_sec4(service.handle(method, path, {}, b"{}"), 401, "unauthorized")
    wrong = service.handle(method, path, {"Authorization": "Bearer nope"}, b"{}")
    assert_sec4(wrong, 401, "unauthorized")
    assert "nope" not in json.dumps(wrong.body)  # AUD-5: a presented token is never echoed


def test_adm5_health_reports_build_id_models_and_capacity(env: dict) -> None:
    reply = env["service"].handle("GET", "/health", AUTH, b"")
    assert reply.status == 200
    assert reply.body == {"ok": True, "build_id": "build-42", "models": ["anisora", "phr00t", "pony", "flux"],
                          "capacity": {"max_concurrent_jobs": 4, "running_jobs": 0, "queued_jobs": 0}}


def test_gen1_submit_answers_202_queued_then_200_for_the_same_body_and_runs_once(env: dict) -> None:
    service, dispatcher = env["service"], env["dispatcher"]
    request = job_request("pony", width=720, height=1280, callback_url="http://a/cb")
    first = post(service, request)
    assert first.status == 202
    assert first.body["state"] == "queued" and first.body["stage"] == "queued" and first.body["progress"] == 0
    assert first.body["used"] == {"width": 1024, "height": 1024, "seed": 42, "steps": 30}
    again = post(service, {**request, "callback_url": "http://b/cb"})  # delivery metadata is not identity
    assert again.status == 200 and again.body["created_at"] == first.body["created_at"]
    assert dispatcher.spawned == [("pony", request["job_id"])]
    health = service.handle("GET", "/health", AUTH, b"").body
    assert health["capacity"]["queued_jobs"] == 1


def test_gen1_a_different_body_under_the_same_id_is_409_job_conflict(env: dict) -> None:
    request = job_request("pony")
    post(env["service"], request)
    assert_sec4(post(env["service"], {**request, "seed": 43}), 409, "job_conflict")


@pytest.mark.parametrize("body, status, code", [
    (b"{not json", 400, "invalid_request"),
    ({"job_id": "x"}, 422, "invalid_request"),
    ({**job_request("pony"), "model": "sdxl"}, 422, "unsupported_model"),
    (job_request("pony", type="video"), 422, "invalid_request"),
    (job_request("anisora", parameters={"steps": 50}), 422, "invalid_request"),
])
def test_sec4_bad_submissions_get_contract_errors(env: dict, body: Any, status: int, code: str) -> None:
    assert_sec4(post(env["service"], body), status, code)
    assert env["dispatcher"].spawned == []


def test_a_body_over_the_limit_is_413_payload_too_large(env: dict) -> None:
    assert_sec4(env["service"].handle("POST", "/jobs", AUTH, None), 413, "payload_too_large")


def test_adm3_a_full_lane_queue_answers_429_capacity_exhausted(env: dict) -> None:
    service = env["service"]
    assert post(service, job_request("pony")).status == 202
    assert post(service, job_request("pony")).status == 202  # 1 running slot + 1 queued
    assert_sec4(post(service, job_request("pony")), 429, "capacity_exhausted")
    assert post(service, job_request("flux")).status == 202  # other lanes are not affected


def test_a_dispatch_failure_is_503_and_the_same_id_can_be_submitted_again(env: dict) -> None:
    service, dispatcher = env["service"], env["dispatcher"]
    request = job_request("flux")
    dispatcher.fail = True
    assert_sec4(post(service, request), 503, "worker_unavailable")
    assert_sec4(service.handle("GET", f"/jobs/{request['job_id']}", AUTH, b""), 404, "job_not_found")
    dispatcher.fail = False
    assert post(service, request).status == 202


def test_status_and_unknown_jobs(env: dict) -> None:
    service = env["service"]
    request = job_request("flux")
    post(service, request)
    reply = service.handle("GET", f"/jobs/{request['job_id']}", AUTH, b"")
    assert reply.status == 200 and reply.body["job_id"] == request["job_id"]
    assert_sec4(service.handle("GET", "/jobs/0000", AUTH, b""), 404, "job_not_found")
    assert_sec4(service.handle("DELETE", "/jobs", AUTH, b""), 404, "not_found")


def test_gen5_cancel_answers_canceled_then_unchanged_and_404_for_unknown(env: dict) -> None:
    service = env["service"]
    request = job_request("flux")
    post(service, request)
    canceled = service.handle("POST", f"/jobs/{request['job_id']}/cancel", AUTH, b"")
    assert canceled.status == 200 and canceled.body["state"] == "canceled"
    assert canceled.body["error"]["code"] == "canceled"
    assert service.handle("POST", f"/jobs/{request['job_id']}/cancel", AUTH, b"").body == canceled.body
    assert_sec4(service.handle("POST", "/jobs/nope/cancel", AUTH, b""), 404, "job_not_found")


def _finish(env: dict, request: dict, data: bytes, preview: bytes) -> None:
    book, results = env["book"], env["results"]
    job_id = request["job_id"]
    status = book.status(job_id, T0)
    transition(status, "running", T0)
    results.write_bytes(results.result_path(job_id, "png"), data)
    results.write_bytes(results.preview_path(job_id), preview)
    status["result"] = {"content_type": "image/png", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                        "width": 1024, "height": 1024}
    status["preview"] = {"content_type": "image/jpeg", "sha256": hashlib.sha256(preview).hexdigest(),
                         "bytes": len(preview), "width": 512, "height": 512}
    transition(status, "succeeded", T0 + 1)
    book.write(job_id, status)


def test_gen4_media_before_success_is_409_job_not_finished(env: dict) -> None:
    service = env["service"]
    request = job_request("pony")
    post(service, request)
    for kind in ("result", "preview"):
        assert_sec4(service.handle("GET", f"/jobs/{request['job_id']}/{kind}", AUTH, b""), 409, "job_not_finished")
    assert_sec4(service.handle("GET", "/jobs/unknown/result", AUTH, b""), 404, "job_not_found")


def test_gen4_result_and_preview_carry_type_length_and_sha256(env: dict) -> None:
    service = env["service"]
    request = job_request("pony")
    post(service, request)
    _finish(env, request, b"PNG-BYTES", b"JPEG-BYTES!")
    result = service.handle("GET", f"/jobs/{request['job_id']}/result", AUTH, b"")
    assert result.status == 200 and result.file.read_bytes() == b"PNG-BYTES"
    assert result.content_type == "image/png"
    assert result.headers == {"X-Content-SHA256": hashlib.sha256(b"PNG-BYTES").hexdigest(), "Content-Length": "9"}
    preview = service.handle("GET", f"/jobs/{request['job_id']}/preview", AUTH, b"")
    assert preview.content_type == "image/jpeg" and preview.file.read_bytes() == b"JPEG-BYTES!"


def test_a_result_not_yet_visible_on_this_container_reloads_the_volume_then_503s(env: dict) -> None:
    service = env["service"]
    request = job_request("pony")
    post(service, request)
    _finish(env, request, b"PNG-BYTES", b"J")
    env["results"].result_path(request["job_id"], "png").unlink()
    assert_sec4(service.handle("GET", f"/jobs/{request['job_id']}/result", AUTH, b""), 503, "worker_unavailable")
    assert env["refreshed"] == [True]


def test_a_store_failure_is_a_retryable_503_without_internals(env: dict) -> None:
    service = env["service"]

    def broken(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("dict backend exploded at 10.0.0.1 with token=abc")

    service.book.status = broken  # type: ignore[method-assign]
    reply = service.handle("GET", "/jobs/x", AUTH, b"")
    assert_sec4(reply, 503, "worker_unavailable")
    assert "exploded" not in json.dumps(reply.body)
