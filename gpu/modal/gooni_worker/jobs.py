"""Job records: idempotent admission, the state machine, cancel markers and the status view.

Storage is a key/value store shared by every container (a Modal Dict in production, a dict in tests),
so any API container can answer for any job. Writers never race on one key:
  * `job:<id>`    — created once by the API (`put_if_absent`: idempotent submit across containers),
                    then written only by the lane running the job;
  * `cancel:<id>` — written only by the API's cancel route;
  * the active index (a second store) — one entry per live job, for `/health` capacity and the queue
    limit.
The status a caller sees is `view(doc, cancel marker, now)`: a cancel marker makes a live job canceled at
once (the lane notices at its next step), and a live job past its deadline (the lane's container was
killed by its timeout, or never started) reads as failed, so no job stays "running" forever.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Mapping, Protocol

from .contract import TERMINAL_STATES

CANCEL_MESSAGE = "The job was canceled at the caller's request."

# queued → running → succeeded | failed | canceled; a queued job may also end without running.
TRANSITIONS: dict[str, frozenset[str]] = {
    "queued": frozenset({"running", "failed", "canceled"}),
    "running": frozenset({"succeeded", "failed", "canceled"}),
    "succeeded": frozenset(),
    "failed": frozenset(),
    "canceled": frozenset(),
}


class InvalidTransition(RuntimeError):
    pass


class KeyValueStore(Protocol):
    def get(self, key: str) -> Any | None: ...
    def put(self, key: str, value: Any) -> None: ...
    def put_if_absent(self, key: str, value: Any) -> bool: ...
    def delete(self, key: str) -> None: ...
    def items(self) -> Iterable[tuple[str, Any]]: ...


class MemoryStore:
    """In-process KeyValueStore (tests, local runs). Values are deep-copied like a remote store would."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            return copy.deepcopy(self._data.get(key))

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = copy.deepcopy(value)

    def put_if_absent(self, key: str, value: Any) -> bool:
        with self._lock:
            if key in self._data:
                return False
            self._data[key] = copy.deepcopy(value)
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def items(self) -> Iterator[tuple[str, Any]]:
        with self._lock:
            snapshot = copy.deepcopy(list(self._data.items()))
        return iter(snapshot)


def iso(epoch: float) -> str:
    """ISO-8601 UTC with milliseconds and Z, the shape JavaScript's toISOString gives."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _canonical_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical_value(v) for v in value]
    # 1.0 and 1 are the same JSON number for a JavaScript client: hash them alike.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces, so equal content gives equal text whatever the key order."""
    return json.dumps(_canonical_value(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def fingerprint(request: Mapping[str, Any]) -> str:
    """Identity of a submission. callback_url is delivery metadata, not content: a backend restarted
    elsewhere must be able to re-submit the same job without a conflict."""
    content = {k: v for k, v in request.items() if k != "callback_url"}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def new_status(job_id: str, used: Mapping[str, int], now: float) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "state": "queued",
        "progress": 0,
        "stage": "queued",
        "used": dict(used),
        "created_at": iso(now),
    }


def transition(status: dict[str, Any], state: str, now: float) -> dict[str, Any]:
    """Moves a status to `state` in place, enforcing the state machine and stamping times."""
    current = status["state"]
    if state == current:
        return status
    if state not in TRANSITIONS[current]:
        raise InvalidTransition(f"job {status.get('job_id')}: {current} → {state} is not allowed")
    status["state"] = state
    if state == "running":
        status.setdefault("started_at", iso(now))
    if state in TERMINAL_STATES:
        status["finished_at"] = iso(now)
    return status


def is_terminal(status: Mapping[str, Any]) -> bool:
    return status.get("state") in TERMINAL_STATES


def job_key(job_id: str) -> str:
    return f"job:{job_id}"


def cancel_key(job_id: str) -> str:
    return f"cancel:{job_id}"


def canceled_view(status: Mapping[str, Any], canceled_at: str) -> dict[str, Any]:
    view = copy.deepcopy(dict(status))
    view["state"] = "canceled"
    view["error"] = {"code": "canceled", "message": CANCEL_MESSAGE}
    view["finished_at"] = canceled_at
    view.pop("result", None)
    view.pop("preview", None)
    return view


def view(doc: Mapping[str, Any], cancel: Mapping[str, Any] | None, now: float) -> dict[str, Any]:
    """The status a caller sees, merging the lane's document, a cancel marker and the deadline."""
    status = copy.deepcopy(dict(doc["status"]))
    if cancel is not None:
        canceled_at = str(cancel["at"])
        if not is_terminal(status):
            return canceled_view(status, canceled_at)
        finished = status.get("finished_at")
        # The API only writes a marker for a live job; if the lane finished after that, the caller was
        # already told "canceled" and that answer must stay true.
        if status["state"] != "canceled" and finished and parse_iso(finished) > parse_iso(canceled_at):
            return canceled_view(status, canceled_at)
        return status
    deadline = doc.get("deadline_at")
    if not is_terminal(status) and deadline is not None and now > float(deadline):
        status["state"] = "failed"
        status["finished_at"] = iso(float(deadline))
        limit = doc.get("time_limit_s")
        when = "before it could start" if status.get("started_at") is None else "in time"
        status["error"] = {
            "code": "worker_error",
            "message": f"The job did not finish {when}"
                       + (f" (time limit {int(limit)} s)" if limit and status.get("started_at") else "")
                       + ". Retry; lower the resolution, frames or steps if it keeps happening.",
        }
    return status


@dataclass(frozen=True)
class SubmitOutcome:
    kind: str  # "created" | "existing" | "conflict"
    status: dict[str, Any]


class JobBook:
    """Job records over two stores; every method is safe to call from any container."""

    def __init__(self, jobs: KeyValueStore, active: KeyValueStore) -> None:
        self.jobs = jobs
        self.active = active

    def submit(self, job_id: str, model: str, print_: str, used: Mapping[str, int], now: float,
               queue_deadline: float) -> SubmitOutcome:
        status = new_status(job_id, used, now)
        doc = {"fingerprint": print_, "model": model, "deadline_at": queue_deadline, "time_limit_s": None,
               "status": status}
        if self.jobs.put_if_absent(job_key(job_id), doc):
            self.active.put(job_id, {"model": model, "state": "queued", "deadline_at": queue_deadline})
            return SubmitOutcome("created", status)
        existing = self.jobs.get(job_key(job_id))
        if existing is None:  # deleted between the two calls (spawn failure clean-up): treat as new
            return self.submit(job_id, model, print_, used, now, queue_deadline)
        same = existing.get("fingerprint") == print_
        return SubmitOutcome("existing" if same else "conflict", self.status(job_id, now) or existing["status"])

    def forget(self, job_id: str) -> None:
        """Drops a job entirely (its dispatch failed, or retention expired)."""
        self.jobs.delete(job_key(job_id))
        self.jobs.delete(cancel_key(job_id))
        self.active.delete(job_id)

    def doc(self, job_id: str) -> dict[str, Any] | None:
        return self.jobs.get(job_key(job_id))

    def cancel_marker(self, job_id: str) -> dict[str, Any] | None:
        return self.jobs.get(cancel_key(job_id))

    def status(self, job_id: str, now: float) -> dict[str, Any] | None:
        doc = self.doc(job_id)
        if doc is None:
            return None
        return view(doc, self.cancel_marker(job_id), now)

    def cancel(self, job_id: str, now: float) -> dict[str, Any] | None:
        """Cancels a live job (a terminal one is returned unchanged); None for an unknown id."""
        current = self.status(job_id, now)
        if current is None or is_terminal(current):
            return current
        self.jobs.put_if_absent(cancel_key(job_id), {"at": iso(now)})
        self.active.delete(job_id)
        return self.status(job_id, now)

    def is_canceled(self, job_id: str) -> bool:
        return self.cancel_marker(job_id) is not None

    # --- lane side -------------------------------------------------------------------------------
    def write(self, job_id: str, status: Mapping[str, Any], *, deadline_at: float | None = None,
              time_limit_s: float | None = None) -> None:
        """The lane's write of its job's status (the only writer of `job:<id>` after admission)."""
        doc = self.doc(job_id)
        if doc is None:
            return  # forgotten (retention) while running: nothing to report to
        doc["status"] = dict(status)
        if deadline_at is not None:
            doc["deadline_at"] = deadline_at
        if time_limit_s is not None:
            doc["time_limit_s"] = time_limit_s
        self.jobs.put(job_key(job_id), doc)
        if is_terminal(status):
            self.active.delete(job_id)
        elif status.get("state") == "running":
            self.active.put(job_id, {"model": doc["model"], "state": "running", "deadline_at": doc["deadline_at"]})

    # --- capacity --------------------------------------------------------------------------------
    def live_counts(self, now: float) -> dict[str, dict[str, int]]:
        """{model: {"running": n, "queued": n}} over live jobs; entries past their deadline are dropped."""
        counts: dict[str, dict[str, int]] = {}
        for job_id, entry in list(self.active.items()):
            deadline = entry.get("deadline_at")
            if deadline is not None and now > float(deadline):
                self.active.delete(job_id)
                continue
            bucket = counts.setdefault(entry["model"], {"running": 0, "queued": 0})
            bucket["running" if entry.get("state") == "running" else "queued"] += 1
        return counts

    # --- retention -------------------------------------------------------------------------------
    def sweep(self, now: float, retention_s: float) -> list[str]:
        """Forgets jobs that ended more than `retention_s` ago (their files go with them)."""
        gone: list[str] = []
        for key, doc in list(self.jobs.items()):
            if not key.startswith("job:"):
                continue
            job_id = key[len("job:"):]
            status = view(doc, self.cancel_marker(job_id), now)
            finished = status.get("finished_at")
            if is_terminal(status) and finished and now - parse_iso(finished) > retention_s:
                self.forget(job_id)
                gone.append(job_id)
        return gone
