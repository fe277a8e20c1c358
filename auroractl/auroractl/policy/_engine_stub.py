"""A loopback stand-in for the engine's ``Engine`` gRPC service.

The CLI passes the engine's address to the pack; ``pulumi.log`` inside a policy talks to it when
the SDK is connected (otherwise the SDK prints ``info: …`` to stderr, which the runner also
collects). The stub records ``Log`` calls and answers the root-resource calls.
"""

from __future__ import annotations

import threading
from concurrent import futures
from types import TracebackType
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from auroractl.policy._model import PackLog

_SEVERITIES = {
    engine_pb2.DEBUG: "debug",
    engine_pb2.INFO: "info",
    engine_pb2.WARNING: "warning",
    engine_pb2.ERROR: "error",
}


class _EngineServicer(engine_pb2_grpc.EngineServicer):
    def __init__(self, root_urn: str) -> None:
        self.root_urn = root_urn
        self.logs: list[PackLog] = []
        self.lock = threading.Lock()

    def Log(self, request: engine_pb2.LogRequest, context: Any) -> empty_pb2.Empty:
        with self.lock:
            self.logs.append(
                PackLog(
                    severity=_SEVERITIES.get(request.severity, "info"),
                    message=request.message,
                    urn=request.urn or None,
                )
            )
        return empty_pb2.Empty()

    def GetRootResource(
        self, request: engine_pb2.GetRootResourceRequest, context: Any
    ) -> engine_pb2.GetRootResourceResponse:
        return engine_pb2.GetRootResourceResponse(urn=self.root_urn)

    def SetRootResource(
        self, request: engine_pb2.SetRootResourceRequest, context: Any
    ) -> engine_pb2.SetRootResourceResponse:
        self.root_urn = request.urn
        return engine_pb2.SetRootResourceResponse()

    def RequirePulumiVersion(self, request: Any, context: Any) -> Any:
        return engine_pb2.RequirePulumiVersionResponse()


class EngineStub:
    """Context manager running the stub on ``127.0.0.1:<free port>``."""

    def __init__(self, root_urn: str = "") -> None:
        self._servicer = _EngineServicer(root_urn)
        self._server: Any = None
        self.address = ""

    def __enter__(self) -> EngineStub:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        engine_pb2_grpc.add_EngineServicer_to_server(self._servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self._server = server
        self.address = f"127.0.0.1:{port}"
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.stop(grace=None).wait(5)
            self._server = None

    def take_logs(self) -> list[PackLog]:
        """Logs received since the last call."""
        with self._servicer.lock:
            logs, self._servicer.logs = self._servicer.logs, []
        return logs
