"""Best-effort pushes of JobStatus to a job's callback_url (the contract's optional push).

Ordered per job (one background thread drains a queue), 5 s timeout, no retry, failures swallowed:
polling `GET /jobs/{id}` is the truth and receivers ignore a progress below what they have. The
worker's bearer token goes along so the receiver can authenticate the push; it is never logged.
"""

from __future__ import annotations

import json
import queue
import threading
import urllib.request
from typing import Any, Callable, Mapping

PUSH_TIMEOUT_S = 5.0
_STOP = object()

Sender = Callable[[str, bytes, Mapping[str, str], float], None]


def http_post(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> None:
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https checked at submit)
        response.read()


class CallbackPusher:
    def __init__(self, url: str | None, token: str, sender: Sender = http_post,
                 timeout: float = PUSH_TIMEOUT_S) -> None:
        self.url = url
        self._headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
        self._sender = sender
        self._timeout = timeout
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.delivered = 0
        self.failed = 0

    def push(self, status: Mapping[str, Any]) -> None:
        if not self.url:
            return
        # Serialised now: the status dict keeps changing while the delivery waits its turn.
        self._queue.put(json.dumps(status, separators=(",", ":")).encode("utf-8"))
        if self._thread is None:
            self._thread = threading.Thread(target=self._drain, name="callback-pusher", daemon=True)
            self._thread.start()

    def close(self, wait_s: float = PUSH_TIMEOUT_S + 1) -> None:
        """Lets queued pushes go out (bounded), so the final status is usually delivered."""
        if self._thread is None:
            return
        self._queue.put(_STOP)
        self._thread.join(timeout=wait_s)

    def _drain(self) -> None:
        while True:
            body = self._queue.get()
            if body is _STOP:
                return
            try:
                self._sender(str(self.url), body, self._headers, self._timeout)
                self.delivered += 1
            except Exception:  # best effort by contract: the receiver polls when a push is lost
                self.failed += 1
