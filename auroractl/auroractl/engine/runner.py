"""Run a Pulumi program in-process under the mock engine for one stack."""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import os
import runpy
import sys
import time
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

from auroractl.engine.aws import DEFAULT_REGION, AwsModel, UnknownInvokeError
from auroractl.engine.config import ConfigError, ProjectSpec, resolve_stack_config
from auroractl.engine.model import Diagnostic, PlannedResource, PlanResult, ProgramError, blind
from auroractl.engine.monitor import DuplicateUrnError, RecordingMonitor
from auroractl.engine.project import load_project, load_stack_config

__all__ = ["ORGANIZATION", "ProgramStart", "run_stack"]

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


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
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

    Raises :class:`ConfigError` for bad config (including ``ValueError`` raised by component
    validation) and :class:`ProgramError` for any other failure of the program.
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
    monitor = RecordingMonitor(
        project.name, stack, AwsModel(region=region), preview=preview, listeners=start.listeners
    )
    engine = _Engine()
    loop = asyncio.new_event_loop()
    loop.set_default_executor(_ImmediateExecutor())
    asyncio.set_event_loop(loop)
    started = time.monotonic_ns()
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
                monitor_features=set(
                    monitor.GetDeploymentInfo(  # type: ignore[no-untyped-call]
                        empty_pb2.Empty()
                    ).supportedFeatures
                ),
                engine=engine,
                project=project.name,
                stack=stack,
                dry_run=preview,
                organization=ORGANIZATION,
                callbacks=None,
            )
        )
        set_all_config(dict(resolved.strings), sorted(resolved.secret_keys))
        with _program_environment(program.parent):
            loop.run_until_complete(run_in_stack(lambda: _run_program(program)))
    except ConfigError:
        raise
    except (pulumi.ConfigMissingError, pulumi.ConfigTypeError) as exc:
        raise ConfigError(_stack_message(stack, exc)) from exc
    except (DuplicateUrnError, UnknownInvokeError) as exc:
        raise ProgramError(_first_line(exc)) from exc
    except ValueError as exc:
        raise ConfigError(_stack_message(stack, exc)) from exc
    except Exception as exc:
        raise ProgramError(f"the program failed: {type(exc).__name__}: {_first_line(exc)}") from exc
    finally:
        set_all_config({}, [])
        settings.reset_options()
        _close_loop(loop)

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
