"""The worker HTTP contract, independent of any web framework.

`app.py` mounts one catch-all FastAPI route that hands method, path, headers and body to
`WorkerService.handle` and turns the HttpReply into a response; everything the contract specifies
(routes, status codes, `{code, detail, user_action}` bodies, idempotent submit, 409/429/413 answers,
media headers) is decided here and tested without FastAPI or Modal.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol

from .auth import is_authorized
from .contract import CONTENT_SHA256_HEADER, CONTENT_TYPES
from .errors import RequestInvalid
from .job_request import validate_job_request
from .jobs import JobBook, fingerprint
from .lanes import LaneConfig
from .params import plan_job
from .storage import ResultStore

log = logging.getLogger("gooni_worker.service")

# Up to 16 reference images of ≤ 12 MB each, base64-inflated, plus the JSON around them.
MAX_BODY_BYTES = 96 * 1024 * 1024
DEFAULT_QUEUE_TIMEOUT_S = 3600
_JOB_ROUTE = re.compile(r"^/jobs/([^/]+)(/result|/preview|/cancel)?/?$")
_EXTENSIONS = {content_type: ext for ext, content_type in CONTENT_TYPES.items()}


class Dispatcher(Protocol):
    def spawn(self, model: str, request: Mapping[str, Any]) -> None:
        """Queues the job on the model's lane (Modal: `<Lane>().run.spawn(request)`)."""
        ...


@dataclass
class HttpReply:
    status: int
    body: Any = None  # JSON-able, or None with `file`
    file: Path | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def error_reply(status: int, code: str, detail: str, user_action: str) -> HttpReply:
    return HttpReply(status, {"code": code, "detail": detail, "user_action": user_action})


UNAUTHORIZED_ACTION = "Check the worker account credentials in the admin area."


class WorkerService:
    def __init__(self, *, book: JobBook, results: ResultStore, dispatcher: Dispatcher,
                 lanes: Mapping[str, LaneConfig], token: str, build_id: str, clock: Callable[[], float],
                 refresh_results: Callable[[], None] = lambda: None, max_body_bytes: int = MAX_BODY_BYTES,
                 queue_timeout_s: float = DEFAULT_QUEUE_TIMEOUT_S) -> None:
        self.book = book
        self.results = results
        self.dispatcher = dispatcher
        self.lanes = dict(lanes)
        self._token = token
        self.build_id = build_id
        self.clock = clock
        self.refresh_results = refresh_results
        self.max_body_bytes = max_body_bytes
        self.queue_timeout_s = queue_timeout_s

    # --- entry points -------------------------------------------------------------------------------
    def authorize(self, headers: Mapping[str, str]) -> HttpReply | None:
        """None when the bearer token is right; else the 401 to send (checked before reading a body)."""
        if is_authorized(headers, self._token):
            return None
        presented = any(k.lower() == "authorization" and v.strip() for k, v in headers.items())
        detail = ("The bearer token is not valid for this worker." if presented
                  else "An Authorization: Bearer token is required.")
        return error_reply(401, "unauthorized", detail, UNAUTHORIZED_ACTION)

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes | None) -> HttpReply:
        """`body` is None when it exceeded max_body_bytes (the adapter stops reading there)."""
        denied = self.authorize(headers)
        if denied is not None:
            return denied
        try:
            return self._route(method.upper(), path, body)
        except Exception:  # the store or the volume failed: a retryable 503, never internals
            log.exception("request %s %s failed", method, path)
            return error_reply(503, "worker_unavailable", "The worker could not complete the request.",
                               "Retry shortly; if it persists, check the worker logs.")

    # --- routes -------------------------------------------------------------------------------------
    def _route(self, method: str, path: str, body: bytes | None) -> HttpReply:
        path = path.split("?", 1)[0]
        if path.rstrip("/") == "/health" and method == "GET":
            return self.health()
        if path.rstrip("/") == "/jobs" and method == "POST":
            return self.submit(body)
        match = _JOB_ROUTE.match(path)
        if match:
            job_id, action = match.group(1), match.group(2)
            if action is None and method == "GET":
                return self.status(job_id)
            if action in ("/result", "/preview") and method == "GET":
                return self.media(job_id, action[1:])
            if action == "/cancel" and method == "POST":
                return self.cancel(job_id)
        return error_reply(404, "not_found", f"No route {method} {path}.", "Check the worker API version.")

    def health(self) -> HttpReply:
        counts = self.book.live_counts(self.clock())
        return HttpReply(200, {
            "ok": True,
            "build_id": self.build_id,
            "models": list(self.lanes),
            "capacity": {
                "max_concurrent_jobs": max(1, sum(lane.max_containers for lane in self.lanes.values())),
                "running_jobs": sum(c["running"] for c in counts.values()),
                "queued_jobs": sum(c["queued"] for c in counts.values()),
            },
        })

    def submit(self, body: bytes | None) -> HttpReply:
        if body is None:
            return error_reply(413, "payload_too_large",
                               f"The request body is larger than {self.max_body_bytes // (1024 * 1024)} MB.",
                               "Send smaller reference images.")
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return error_reply(400, "invalid_request", "The body is not valid JSON.", "Send a JSON JobRequest.")
        try:
            request = validate_job_request(payload)
            plan = plan_job(request, self.lanes)
        except RequestInvalid as error:
            return error_reply(error.status, error.code, error.detail, error.user_action)

        now = self.clock()
        job_id = request["job_id"]
        print_ = fingerprint(request)
        existing = self.book.doc(job_id)
        if existing is None:
            lane = self.lanes[plan.model]
            live = self.book.live_counts(now).get(plan.model, {"running": 0, "queued": 0})
            if live["running"] + live["queued"] >= lane.max_containers + lane.max_queued_jobs:
                return error_reply(429, "capacity_exhausted",
                                   f"Every {plan.model} lane is busy and its queue is full.",
                                   "Try another worker or retry in a moment.")
        outcome = self.book.submit(job_id, plan.model, print_, plan.used, now, now + self.queue_timeout_s)
        if outcome.kind == "conflict":
            return error_reply(409, "job_conflict", f"Job {job_id} already exists with a different request.",
                               "Submit a new job with a new job_id.")
        if outcome.kind == "existing":
            return HttpReply(200, outcome.status)
        try:
            self.dispatcher.spawn(plan.model, request)
        except Exception:
            log.exception("dispatch of job %s failed", job_id)
            self.book.forget(job_id)  # so the caller's retry with the same id starts cleanly
            return error_reply(503, "worker_unavailable", f"The {plan.model} lane could not be reached.",
                               "Retry shortly with the same job_id.")
        return HttpReply(202, outcome.status)

    def status(self, job_id: str) -> HttpReply:
        status = self.book.status(job_id, self.clock())
        return HttpReply(200, status) if status is not None else self._not_found(job_id)

    def cancel(self, job_id: str) -> HttpReply:
        status = self.book.cancel(job_id, self.clock())
        return HttpReply(200, status) if status is not None else self._not_found(job_id)

    def media(self, job_id: str, kind: str) -> HttpReply:
        status = self.book.status(job_id, self.clock())
        if status is None:
            return self._not_found(job_id)
        info = status.get(kind)
        if status.get("state") != "succeeded" or not info:
            return error_reply(409, "job_not_finished",
                               f"Job {job_id} is {status.get('state')}; media exists only after success.",
                               "Poll the job status until it succeeds.")
        path = (self.results.preview_path(job_id) if kind == "preview"
                else self.results.result_path(job_id, _EXTENSIONS[info["content_type"]]))
        if not self._matches(path, int(info["bytes"])):
            # Another container wrote it: make the volume's latest commit visible, then look again.
            self.refresh_results()
            if not self._matches(path, int(info["bytes"])):
                return error_reply(503, "worker_unavailable", f"The {kind} of job {job_id} is not readable yet.",
                                   "Retry shortly.")
        return HttpReply(200, None, file=path, content_type=info["content_type"],
                         headers={CONTENT_SHA256_HEADER: info["sha256"], "Content-Length": str(info["bytes"])})

    @staticmethod
    def _matches(path: Path, size: int) -> bool:
        try:
            return path.is_file() and path.stat().st_size == size
        except OSError:
            return False

    @staticmethod
    def _not_found(job_id: str) -> HttpReply:
        return error_reply(404, "job_not_found", f"No job {job_id} on this worker.", "Submit the job again.")
