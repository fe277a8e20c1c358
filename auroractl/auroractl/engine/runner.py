"""Run a Pulumi program in-process under the mock engine for one stack."""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import gc
import os
import runpy
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

import pulumi
from google.protobuf import empty_pb2
from pulumi.runtime import settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockSettings
from pulumi.runtime.stack import run_in_stack

from auroractl.collector import PROGRAM_GC_THRESHOLD
from auroractl.engine.aws import DEFAULT_REGION, AwsModel, UnknownInvokeError
from auroractl.engine.config import ConfigError, ProjectSpec, resolve_stack_config
from auroractl.engine.mocks import Mocks
from auroractl.engine.model import (
    SECRET_SIG,
    SIG_KEY,
    Diagnostic,
    PlannedResource,
    PlanResult,
    ProgramError,
    blind,
)
from auroractl.engine.monitor import DuplicateUrnError, RecordingMonitor, StackReferenceError
from auroractl.engine.project import load_project, load_stack_config

__all__ = ["ORGANIZATION", "PROGRAM_GC_THRESHOLD", "ProgramStart", "run_stack"]

ORGANIZATION: Final = "organization"
"""The organization name of a DIY backend, used for ``pulumi.get_organization()``."""

_SEVERITIES: Final = {0: "debug", 1: "info", 2: "warning", 3: "error"}
_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True)
class ProgramStart:
    """What is known once a stack's config is valid, before its program runs."""

    project: str
    stack: str
    preview: bool
    config: dict[str, Any]
    """The resolved config with secrets blinded, as :attr:`PlanResult.config` will hold it."""
    listeners: list[Callable[[PlannedResource], None]] = dataclasses.field(default_factory=list)
    """Called, on the program's thread, with each resource as it registers (the Pulumi engine
    analyzes a resource at that point); a listener should only hand the record on."""


class _ImmediateExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs 'executor' work inline: deterministic registration order, no threads.

    (A ThreadPoolExecutor subclass only because asyncio insists; it never starts a thread.)
    """

    def submit(
        self, fn: Callable[..., _T], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[_T]:
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class _Engine:
    """The engine service the SDK logs to; keeps the messages as diagnostics."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def Log(self, request: Any) -> None:
        if int(request.severity) == 0:  # debug: shown by the CLI only with --debug
            return
        self.diagnostics.append(
            Diagnostic(
                severity=_SEVERITIES.get(int(request.severity), "info"),
                message=str(request.message),
                urn=str(request.urn) or None,
            )
        )


def _program_path(project_dir: Path, project: ProjectSpec) -> Path:
    main = project_dir / project.main if project.main else project_dir
    return main if main.suffix == ".py" else main / "__main__.py"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _stack_message(stack: str, exc: BaseException) -> str:
    """The error's first line, naming the stack unless it already does."""
    line = _first_line(exc)
    return line if line.startswith(f"Stack '{stack}'") else f"Stack '{stack}': {line}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _program_frame(exc: BaseException, project_dir: Path) -> tuple[str, int] | None:
    """The innermost traceback frame in the program's own files (not an installed package)."""
    found: tuple[str, int] | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if not path.is_absolute() or "site-packages" in path.parts:
            continue
        try:
            relative = path.resolve().relative_to(project_dir)
        except ValueError:
            continue
        found = (relative.as_posix(), frame.lineno or 0)
    return found


def program_failure(exc: BaseException, stack: str, project_dir: Path) -> Exception:
    """What a failure of the program becomes: :class:`ConfigError` (exit 2) for the config
    errors the SDK raises (``ConfigMissingError``, ``ConfigTypeError`` and their subclasses)
    and for an invoke or stack reference no ``--mocks`` answer covers; otherwise
    :class:`ProgramError` with the program's own message and file:line."""
    for cause in _causes(exc):
        if isinstance(cause, UnknownInvokeError | StackReferenceError):
            return ConfigError(_first_line(cause))
        if isinstance(cause, pulumi.ConfigMissingError | pulumi.ConfigTypeError):
            return ConfigError(_stack_message(stack, cause))
        if isinstance(cause, DuplicateUrnError):  # the engine's own message
            return ProgramError(_first_line(cause))
    where = _program_frame(exc, project_dir)
    text = f"{type(exc).__name__}: {_first_line(exc)}"
    if isinstance(exc, ModuleNotFoundError):
        text += (
            f" (the program runs with the packages of {sys.prefix}: install its requirements "
            "there, or install auroractl into the program's own virtual environment)"
        )
    if where is None:
        return ProgramError(f"the program failed: {text}")
    return ProgramError(f"{where[0]}:{where[1]}: {text}", file=where[0], line=where[1])


def _run_program(program: Path) -> None:
    runpy.run_path(str(program), run_name="__main__")


@contextmanager
def _program_environment(program_dir: Path) -> Iterator[None]:
    """cwd and sys.path as the Python language host sets them; restored afterwards."""
    previous = os.getcwd()
    entry = str(program_dir)
    sys.path.insert(0, entry)
    os.chdir(program_dir)
    try:
        yield
    finally:
        os.chdir(previous)
        if entry in sys.path:
            sys.path.remove(entry)


def _monitor_features(monitor: RecordingMonitor) -> dict[str, Any]:
    """The mock monitor's features, for SDKs that ask once (``GetDeploymentInfo``, newer
    pulumi); older SDKs ask per feature with ``SupportsFeature``."""
    info = getattr(monitor, "GetDeploymentInfo", None)
    if info is None:
        return {}
    return {"monitor_features": set(info(empty_pb2.Empty()).supportedFeatures)}


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while the program runs; the previous thresholds after.

    A program registers thousands of resources, each leaving outputs, futures and tasks that
    live until the end; with CPython's default thresholds the collector walks them again every
    few hundred allocations, which took about half of a 30-database plan (``bench/run.py``).
    Cycles are still collected, only in larger batches.
    """
    previous = gc.get_threshold()
    gc.set_threshold(PROGRAM_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _close_loop(loop: asyncio.AbstractEventLoop, *, failed: bool = False) -> None:
    """Cancel what is left and close the loop. After a failure the program's other pending
    outputs are dropped silently: the first failure is the one reported."""
    if failed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            _close_loop(loop)
            gc.collect()  # drop never-awaited coroutines and futures while warnings are off
        return
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    asyncio.set_event_loop(None)
    loop.close()


def run_stack(
    project_dir: Path,
    stack: str,
    *,
    preview: bool = True,
    config_overrides: Mapping[str, Any] | None = None,
    before_program: Callable[[ProgramStart], None] | None = None,
    mocks: Mocks | None = None,
) -> PlanResult:
    """Run ``project_dir``'s program for ``stack`` under the mock engine and return the plan.

    Loads ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``, checks the config as the CLI does
    (the program checks its own keys, values and ranges when it runs), then runs the program
    with a fresh event loop and fresh runtime settings, so it can run many times in one
    process. ``preview=True`` leaves computed outputs unknown and ids ``None``;
    ``preview=False`` behaves like ``pulumi up`` with every output known.

    ``config_overrides`` replaces stack values before the checks (short keys are in the
    project namespace); use it to give plaintext for ``secure:`` values or to vary one key.

    ``before_program`` is called once the config passed its checks and just before the
    program runs (for example to start a policy pack while the program runs, and to add
    :attr:`ProgramStart.listeners` that see each resource as it registers); what it raises
    propagates unchanged.

    ``mocks`` answers invokes and ``StackReference`` reads (``--mocks FILE``).

    Raises :class:`ConfigError` for bad config (the SDK's ``ConfigMissingError`` and
    ``ConfigTypeError``, which the program's own config errors subclass) and for an invoke or
    stack reference without an answer; :class:`ProgramError` for any other failure of the
    program (its message and file:line).
    """
    project_dir = Path(project_dir).resolve()
    project = load_project(project_dir)
    stack_config = load_stack_config(project_dir, stack)
    resolved = resolve_stack_config(project, stack, stack_config, config_overrides)
    program = _program_path(project_dir, project)
    if not program.is_file():
        raise ConfigError(f"program not found: {program.relative_to(project_dir)}")

    start = ProgramStart(
        project=project.name, stack=stack, preview=preview, config=resolved.blinded()
    )
    if before_program is not None:
        before_program(start)
    region = str(resolved.values.get("aws:region") or DEFAULT_REGION)
    model = AwsModel(region=region, mocks=mocks)
    monitor = RecordingMonitor(
        project.name,
        stack,
        model,
        preview=preview,
        listeners=start.listeners,
        provider_config={
            k: {SIG_KEY: SECRET_SIG, "value": v} if k in resolved.secret_keys else v
            for k, v in resolved.strings.items()
        },
    )
    engine = _Engine()
    loop = asyncio.new_event_loop()
    loop.set_default_executor(_ImmediateExecutor())
    loop.set_exception_handler(lambda _loop, _context: None)  # failures are raised, not logged
    asyncio.set_event_loop(loop)
    started = time.monotonic_ns()
    failed = True
    try:
        settings.reset_options(
            project=project.name,
            stack=stack,
            root_directory=str(project_dir),
            preview=preview,
            organization=ORGANIZATION,
        )
        settings.configure(
            MockSettings(  # type: ignore[no-untyped-call]
                monitor=monitor,
                **_monitor_features(monitor),
                engine=engine,
                project=project.name,
                stack=stack,
                dry_run=preview,
                organization=ORGANIZATION,
                callbacks=None,
            )
        )
        set_all_config(dict(resolved.strings), sorted(resolved.secret_keys))
        with _program_environment(program.parent), _fewer_collections(), warnings.catch_warnings():
            # After a failed read or invoke the SDK leaves coroutines of the stack's outputs
            # unawaited; the failure itself is reported.
            warnings.filterwarnings("ignore", "coroutine .* was never awaited", RuntimeWarning)
            try:
                loop.run_until_complete(run_in_stack(lambda: _run_program(program)))
            except BaseException:
                gc.collect()  # the unawaited coroutines go while the filter is on
                raise
        failed = False
    except ConfigError:
        raise
    except Exception as exc:
        raise program_failure(exc, stack, project_dir) from exc
    finally:
        set_all_config({}, [])
        settings.reset_options()
        _close_loop(loop, failed=failed)

    duration = time.monotonic_ns() - started
    records = list(monitor.records)
    if records and records[0].urn == monitor.stack_urn:
        records[0] = dataclasses.replace(records[0], outputs=dict(monitor.stack_outputs))
    return PlanResult(
        project=project.name,
        stack=stack,
        preview=preview,
        config=resolved.blinded(),
        resources=records,
        outputs=blind(monitor.stack_outputs),
        diagnostics=engine.diagnostics,
        duration_ns=duration,
        project_dir=str(project_dir),
    )
