"""A stand-in for the Rasa server's model API, on a real loopback port.

Rasa is the external system here; loading a real model takes most of a minute, so unit
tests of the CLI and the retrainer talk to this instead, and the end-to-end test
(tests/e2e/test_model_switch.py) to the real one. It answers like rasa/server.py in
Rasa 3.6: `?token=` or 401, 409 without a model, PUT /model loads the archive's
metadata and answers 204, or 400 "could not be loaded" and keeps the old model.
"""

from __future__ import annotations

import json
import tarfile
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.loopback import JsonHandler, Loopback, running

TOKEN = "stand-in-token"


@dataclass
class StandInRasa(Loopback):
    """Serves `model` (a path) and switches on PUT /model; records every request."""

    token: str = TOKEN
    model: Path | None = None
    model_id: str | None = None
    fail_next_load: tuple[int, str] | None = None
    """(status, message) to answer the next PUT /model with, as Rasa's ErrorResponse."""
    requests: list[tuple[str, str, Any]] = field(default_factory=list)

    def serve(self, model: Path) -> None:
        self.model, self.model_id = model, _model_id(model)

    def handler_class(self) -> type[JsonHandler]:
        stand_in = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                if not self._authorised("GET"):
                    return
                if stand_in.model is None:
                    self._error(409, "Conflict", "No agent loaded.")
                    return
                self._send_json(
                    200,
                    {
                        "model_file": stand_in.model.name,
                        "model_id": stand_in.model_id,
                        "num_active_training_jobs": 0,
                    },
                )

            def do_PUT(self) -> None:
                if not self._authorised("PUT"):
                    return
                body = self._read_json()
                stand_in.requests[-1] = ("PUT", self.path.split("?")[0], body)
                if stand_in.fail_next_load is not None:
                    status, message = stand_in.fail_next_load
                    stand_in.fail_next_load = None
                    self._error(status, "LoadingError", message)
                    return
                path = Path(body.get("model_file") or "")
                try:
                    model_id = _model_id(path)
                except (OSError, tarfile.TarError, ValueError, KeyError):
                    self._error(400, "BadRequest", f"Agent with name '{path}' could not be loaded.")
                    return
                stand_in.model, stand_in.model_id = path, model_id
                self.send_response(204)
                self.end_headers()

            def _authorised(self, method: str) -> bool:
                parts = urlsplit(self.path)
                stand_in.requests.append((method, parts.path, None))
                if parse_qs(parts.query).get("token") == [stand_in.token]:
                    return True
                self._error(401, "NotAuthenticated", "User is not authenticated.")
                return False

            def _error(self, status: int, reason: str, message: str) -> None:
                self._send_json(status, {"status": "failure", "reason": reason, "message": message})

        return Handler


def _model_id(path: Path) -> str:
    """The model id from the archive's metadata, read as Rasa's loader would find it."""
    with tarfile.open(path, "r:gz") as archive:
        member = archive.extractfile("metadata.json")
        assert member is not None
        return str(json.load(member)["model_id"])


def running_stand_in() -> AbstractContextManager[StandInRasa]:
    """A started stand-in on a free port, serving no model yet; stopped afterwards."""
    return running(StandInRasa())
