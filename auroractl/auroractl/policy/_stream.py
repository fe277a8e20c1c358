"""Sending ``Analyze`` while the program still registers resources, as the Pulumi engine does.

The engine analyzes each resource when the program registers it, before the resource's step
runs (pulumi/pulumi ``pkg/resource/deploy/step_generator.go``: for every ``RegisterResource``
event ``GenerateSteps`` runs the remediations, then ``analyzeAll``, which calls each analyzer's
``Analyze`` on the resource's inputs), and ``AnalyzeStack`` once at the end
(``AnalyzeResources``). Offline, the program and the pack run in two processes on two cores,
so the analysis of the resources overlaps the program instead of following it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Mapping
from typing import Any, Protocol

from auroractl.engine.model import PlannedResource
from auroractl.policy._config import PolicyConfigEntry, PolicyConfigFile

__all__ = ["AnalyzeStream", "AnalyzeTarget"]


class AnalyzeTarget(Protocol):
    """What the stream needs of a pack session (``PolicyPackSession`` is one)."""

    def configure(self, config_file: PolicyConfigFile | None) -> dict[str, PolicyConfigEntry]:
        """Configure the pack; the merged policy config."""

    def analyze_request(
        self, resource: PlannedResource, by_urn: Mapping[str, PlannedResource]
    ) -> Any:
        """The ``Analyze`` request for one resource."""

    def send_analyze(self, request: Any) -> Any:
        """Send one request; a future of its response."""


#: Seconds :meth:`AnalyzeStream.stop` waits for the thread once the pack was stopped.
STOP_TIMEOUT = 10.0


class AnalyzeStream:
    """A thread that configures the pack, then sends one ``Analyze`` per resource handed to
    :meth:`add` (on the program's thread; it only enqueues)."""

    def __init__(self, session: AnalyzeTarget, config_file: PolicyConfigFile | None) -> None:
        self.session = session
        self.config_file = config_file
        self._queue: queue.SimpleQueue[PlannedResource | None] = queue.SimpleQueue()
        self._sent: dict[str, Any] = {}
        self._merged: dict[str, PolicyConfigEntry] = {}
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="analyze-stream", daemon=True)
        self._thread.start()

    def add(self, resource: PlannedResource) -> None:
        """Hand over a resource that was just registered."""
        self._queue.put(resource)

    def _run(self) -> None:
        by_urn: dict[str, PlannedResource] = {}
        try:
            self._merged = self.session.configure(self.config_file)
            sending = not any(e.level == "remediate" for e in self._merged.values())
            while (resource := self._queue.get()) is not None:
                by_urn[resource.urn] = resource
                if sending:
                    request = self.session.analyze_request(resource, by_urn)
                    self._sent[resource.urn] = self.session.send_analyze(request)
        except BaseException as exc:  # handed to finish() on the caller's thread
            self._error = exc

    def finish(self) -> tuple[dict[str, PolicyConfigEntry], dict[str, Any]]:
        """Wait for the thread; the merged policy config and ``{urn: Analyze future}``.

        Raises what the thread raised (a bad policy config, a pack that failed to start).
        """
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            for future in self._sent.values():
                future.cancel()
            raise self._error
        return self._merged, self._sent

    def stop(self) -> None:
        """End the thread without collecting (the session is closing or analyzes afresh)."""
        self._queue.put(None)
        self._thread.join(timeout=STOP_TIMEOUT)
        for future in self._sent.values():
            future.cancel()
