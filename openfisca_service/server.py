"""A small threaded HTTP server on 127.0.0.1: POST /compute, GET /health.

POST /compute {"period": "2024-05", "households": [...]} answers
{"openfisca_france_version": "176.1.8", "period": "2024-05", "households": [{"amounts": {...}, "errors": {...}}]}
in the order received. Errors are JSON {"error": "..."} with a 4xx/5xx status.
"""

from __future__ import annotations

import json
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from openfisca_service.compute import Engine

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_BODY_BYTES = 20 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    server: Service

    def do_GET(self) -> None:
        if self.path == "/health":
            self.answer(HTTPStatus.OK, {"status": "ok", "openfisca_france_version": self.server.engine.version})
        else:
            self.answer(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path != "/compute":
            self.answer(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY_BYTES:
            self.answer(HTTPStatus.BAD_REQUEST, {"error": "body length"})
            return
        try:
            payload = json.loads(self.rfile.read(length))
            period = payload["period"]
            households = payload["households"]
            if not PERIOD.match(period) or not isinstance(households, list):
                raise ValueError("period or households")
        except (ValueError, KeyError, TypeError) as error:
            self.answer(HTTPStatus.BAD_REQUEST, {"error": f"bad request: {error}"})
            return
        engine = self.server.engine
        try:
            # One simulation at a time: OpenFisca is CPU-bound, threads only keep /health answering.
            with self.server.compute_lock:
                results = engine.compute(households, period) if households else []
        except Exception as error:
            self.answer(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": f"{type(error).__name__}: {error}"})
            return
        self.answer(
            HTTPStatus.OK,
            {"openfisca_france_version": engine.version, "period": period, "households": results},
        )

    def answer(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # no request log: bodies describe people's situations


class Service(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], engine: Engine) -> None:
        self.engine = engine
        self.compute_lock = threading.Lock()
        super().__init__(address, Handler)
