"""callbacks.py: best-effort, ordered pushes with the bearer token; failures never break a job."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from gooni_worker.callbacks import CallbackPusher


def test_pushes_arrive_in_order_with_the_bearer_token_over_real_http() -> None:
    received: list[tuple[str, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["content-length"]))
            received.append((self.headers["authorization"], json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        pusher = CallbackPusher(f"http://127.0.0.1:{server.server_port}/cb", "tok")
        status = {"job_id": "j", "progress": 0}
        for progress in (5, 10, 50, 100):
            status["progress"] = progress
            pusher.push(status)  # the snapshot is taken now, not when sent
        pusher.close()
        assert [body["progress"] for _, body in received] == [5, 10, 50, 100]
        assert {auth for auth, _ in received} == {"Bearer tok"}
    finally:
        server.shutdown()


def test_failed_deliveries_are_swallowed_and_counted() -> None:
    def broken(*_args) -> None:
        raise ConnectionRefusedError("nobody home")

    pusher = CallbackPusher("http://127.0.0.1:9/cb", "tok", sender=broken)
    pusher.push({"progress": 1})
    pusher.push({"progress": 2})
    pusher.close()
    assert (pusher.delivered, pusher.failed) == (0, 2)


def test_no_callback_url_means_no_thread_and_no_push() -> None:
    pusher = CallbackPusher(None, "tok", sender=lambda *a: (_ for _ in ()).throw(AssertionError("sent")))
    pusher.push({"progress": 1})
    pusher.close()
    assert pusher.delivered == 0
