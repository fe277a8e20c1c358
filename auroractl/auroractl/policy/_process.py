"""Starting a policy pack the way the Pulumi CLI's Python language host does."""

from __future__ import annotations

import array
import fcntl
import os
import queue
import select
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import grpc
import yaml
from pulumi.runtime.proto import analyzer_pb2_grpc

from auroractl.inputs import InputError, read_text
from auroractl.policy._model import PackLog, PolicyPackError

#: Seconds to wait for the pack to print its port and accept connections.
STARTUP_TIMEOUT = 60.0
#: Seconds to wait for the pack process to exit after it was asked to stop.
STOP_TIMEOUT = 5.0
#: Seconds :meth:`PackProcess.take_logs` waits for the output readers to catch up.
DRAIN_TIMEOUT = 1.0
_LOG_PREFIXES = {"debug: ": "debug", "info: ": "info", "warning: ": "warning", "error: ": "error"}
# Large enough for AnalyzeStack on big stacks (the SDK's own limit is 400 MB).
_GRPC_OPTIONS = [
    ("grpc.max_receive_message_length", 400 * 1024 * 1024),
    ("grpc.max_send_message_length", 400 * 1024 * 1024),
]


@dataclass(frozen=True)
class PackSpec:
    """A policy pack folder as described by its ``PulumiPolicy.yaml``."""

    directory: Path
    python: str
    version: str | None
    description: str | None


def read_pack_spec(pack_dir: Path, python: str | None = None) -> PackSpec:
    """Read ``PulumiPolicy.yaml``; raise PolicyPackError naming the problem.

    The interpreter is ``python`` when given, else ``<pack>/<options.virtualenv>/bin/python``
    when that virtualenv exists, else the interpreter running auroractl (the CLI would use the
    ``python3`` on PATH; ours has ``pulumi-policy`` and the pack's library installed).
    """
    directory = pack_dir.resolve()
    manifest = directory / "PulumiPolicy.yaml"
    if not directory.is_dir():
        raise PolicyPackError(f"--policy-pack: {str(pack_dir)!r} is not a directory")
    if not manifest.is_file():
        raise PolicyPackError(
            f"--policy-pack: {str(pack_dir)!r} has no PulumiPolicy.yaml "
            "(expected a policy pack folder)"
        )
    try:
        data = yaml.safe_load(read_text(manifest, "--policy-pack"))
    except InputError as exc:
        raise PolicyPackError(str(exc)) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise PolicyPackError(f"{manifest}: not valid YAML ({reason})") from None
    if not isinstance(data, dict):
        raise PolicyPackError(f"{manifest.name}: expected a mapping, got {type(data).__name__}")
    runtime = data.get("runtime")
    name = runtime.get("name") if isinstance(runtime, dict) else runtime
    options = runtime.get("options") if isinstance(runtime, dict) else None
    if name != "python":
        raise PolicyPackError(
            f"{manifest.name}: runtime is {name!r}; "
            "auroractl runs only Python packs (runtime: python)"
        )
    interpreter = python
    if interpreter is None and isinstance(options, dict) and options.get("virtualenv"):
        venv = directory / str(options["virtualenv"])
        candidate = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if candidate.exists():
            interpreter = str(candidate)
    version = data.get("version")
    description = data.get("description")
    return PackSpec(
        directory=directory,
        python=interpreter or sys.executable,
        version=str(version) if version is not None else None,
        description=str(description) if description is not None else None,
    )


def _parse_log_line(line: str) -> PackLog:
    for prefix, severity in _LOG_PREFIXES.items():
        if line.startswith(prefix):
            return PackLog(severity=severity, message=line[len(prefix) :])
    return PackLog(severity="info", message=line)


class PackProcess:
    """Context manager: the pack process, a channel to it and an ``AnalyzerStub``."""

    def __init__(
        self,
        spec: PackSpec,
        engine_address: str,
        env: Mapping[str, str],
        startup_timeout: float = STARTUP_TIMEOUT,
    ) -> None:
        self.spec = spec
        self._engine_address = engine_address
        self._env = dict(env)
        self._startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._channel: Any = None
        self._ready: Any = None
        self._threads: list[threading.Thread] = []
        self._port: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._channel_lock = threading.Lock()
        """Orders :meth:`connect` (on a stream thread) against :meth:`_stop`."""
        self._stopping = False
        self._logs: list[PackLog] = []
        self._port_seen = False
        self.stub: Any = None

    # --- output readers -------------------------------------------------------------------
    def _read(self, stream: IO[bytes], on_line: Callable[[str], None]) -> None:
        """Read a pipe in chunks. Each chunk is taken from the pipe and its lines handled under
        the lock, so :meth:`take_logs` can tell when every byte written so far is handled."""
        fd = stream.fileno()
        pending = b""
        try:
            while True:
                select.select([fd], [], [])
                with self._lock:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    *lines, pending = (pending + chunk).split(b"\n")
                    for raw in lines:
                        on_line(raw.decode("utf-8", "replace").rstrip("\r"))
        except (OSError, ValueError):  # the stream was closed under the reader
            pass
        if pending:
            with self._lock:
                on_line(pending.decode("utf-8", "replace").rstrip("\r"))

    def _stdout_line(self, line: str) -> None:
        if not self._port_seen:
            self._port_seen = True
            self._port.put(line)
        else:
            self._logs.append(_parse_log_line(line))

    def _read_stdout(self, stream: IO[bytes]) -> None:
        self._read(stream, self._stdout_line)
        if not self._port_seen:
            self._port.put(None)

    def _read_stderr(self, stream: IO[bytes]) -> None:
        self._read(stream, lambda line: self._logs.append(_parse_log_line(line)))

    def _drained(self) -> bool:
        """Whether the pipes hold no byte the readers have not taken (call under the lock)."""
        proc = self._proc
        if proc is None:
            return True
        for stream in (proc.stdout, proc.stderr):
            if stream is None or stream.closed:
                continue
            unread = array.array("i", [0])
            try:
                fcntl.ioctl(stream.fileno(), termios.FIONREAD, unread)
            except OSError:
                continue
            if unread[0]:
                return False
        return True

    def take_logs(self) -> list[PackLog]:
        """What the pack printed since the last call.

        The pack prints its logs (``pulumi.log`` without an engine connection) before it
        answers the call that logged them, but the readers take them from the pipes on their
        own threads: wait, at most :data:`DRAIN_TIMEOUT`, until the pipes are drained, so a
        log belongs to the report of the call that printed it.
        """
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while True:
            with self._lock:
                if self._drained() or time.monotonic() >= deadline:
                    logs, self._logs = self._logs, []
                    return logs
            time.sleep(0.002)

    def _stderr_tail(self) -> str:
        with self._lock:
            lines = [log.message for log in self._logs][-15:]
        return "\n".join(lines) or "(no output)"

    # --- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> PackProcess:
        self.start()
        try:
            self.connect()
        except BaseException:
            self._stop()
            raise
        return self

    def start(self) -> None:
        """Start the pack process and its output readers; do not wait for it.

        The pack loads (a second Python process, most of a second) while the caller does
        other work; :meth:`connect` then waits for its port. The caller must stop the
        process (``__exit__``) whatever happens next.
        """
        if self._proc is not None:
            raise PolicyPackError("the policy pack process was already started")
        with self._channel_lock:
            self._stopping = False
        self._port_seen = False
        cmd = [self.spec.python, "-u", "-m", "pulumi.policy", self._engine_address, "."]
        try:
            self._proc = subprocess.Popen(
                cmd,
                cwd=self.spec.directory,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise PolicyPackError(
                f"cannot start the policy pack with {self.spec.python!r}: {exc.strerror or exc}"
            ) from None
        try:
            self._start_readers()
        except BaseException:
            self._stop()
            raise

    @property
    def connected(self) -> bool:
        """Whether :meth:`connect` has succeeded (``stub`` is usable)."""
        return self.stub is not None

    def connect(self) -> None:
        """Wait for the started pack's port, open the channel and make ``stub`` usable."""
        if self._proc is None:
            raise PolicyPackError("the policy pack process is not running (start it first)")
        port = self._wait_for_port()
        with self._channel_lock:
            if self._stopping:
                raise PolicyPackError("the policy pack was stopped while connecting")
            channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=_GRPC_OPTIONS)
            ready = grpc.channel_ready_future(channel)
            self._channel, self._ready = channel, ready
        try:
            ready.result(timeout=self._startup_timeout)
        except grpc.FutureCancelledError:
            raise PolicyPackError("the policy pack was stopped while connecting") from None
        except grpc.FutureTimeoutError:
            raise PolicyPackError(
                f"policy pack printed port {port} but did not accept a connection "
                f"within {self._startup_timeout:g}s"
            ) from None
        self.stub = analyzer_pb2_grpc.AnalyzerStub(channel)

    def _start_readers(self) -> None:
        assert self._proc is not None and self._proc.stdout and self._proc.stderr
        for target, stream in (
            (self._read_stdout, self._proc.stdout),
            (self._read_stderr, self._proc.stderr),
        ):
            thread = threading.Thread(target=target, args=(stream,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _wait_for_port(self) -> int:
        try:
            line = self._port.get(timeout=self._startup_timeout)
        except queue.Empty:
            raise PolicyPackError(
                f"policy pack in {self.spec.directory.name!r} printed no port within "
                f"{self._startup_timeout:g}s"
            ) from None
        if line is None:
            assert self._proc is not None
            code = self._proc.wait(timeout=STOP_TIMEOUT)
            for thread in self._threads:
                thread.join(timeout=STOP_TIMEOUT)
            raise PolicyPackError(
                f"policy pack in {self.spec.directory.name!r} exited with status {code} "
                f"before serving:\n{self._stderr_tail()}"
            )
        try:
            return int(line.strip())
        except ValueError:
            raise PolicyPackError(
                f"policy pack in {self.spec.directory.name!r} printed {line[:200]!r} "
                "instead of its port (a policy printed to stdout while the pack loaded?)"
            ) from None

    def _stop(self) -> None:
        self.stub = None
        with self._channel_lock:
            # After this no connect opens a channel; one that did is closed below.
            self._stopping = True
            ready, self._ready = self._ready, None
            channel, self._channel = self._channel, None
        if channel is not None:
            # grpc polls the channel's state on a thread of its own while a ready-future is
            # subscribed, and that thread fails ("Channel closed!") if the channel closes under
            # it. Cancelling unsubscribes (a no-op once connected); the poll ends within its
            # 0.2 s watch, so wait for it before closing.
            if ready is not None:
                ready.cancel()
            state = getattr(channel, "_connectivity_state", None)
            deadline = time.monotonic() + STOP_TIMEOUT
            while getattr(state, "polling", False) and time.monotonic() < deadline:
                time.sleep(0.02)
            channel.close()
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=STOP_TIMEOUT)
            for thread in self._threads:
                thread.join(timeout=STOP_TIMEOUT)
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
        self._threads = []

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop()

    @property
    def pid(self) -> int | None:
        """The pack's process id while it runs."""
        return self._proc.pid if self._proc is not None else None
