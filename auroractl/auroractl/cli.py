"""``auroractl``: the operator CLI. ``main()`` is the console-script entry point.

Subcommands register themselves on the shared ``subparsers`` with a ``register(subparsers)``
function. ``plan`` lives here; other modules extend it through :data:`PLAN_EXTENSIONS`
(:mod:`auroractl.extension`: extra options, report sections, JSON additions and exit codes)
without touching its rendering.

Exit codes: 0 success, 1 an extension reported a failure (a mandatory policy finding),
2 bad input (config, flags, files, an invoke or StackReference without a ``--mocks`` answer;
one line on stderr), 3 the program failed (its own message and file:line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auroractl.argtypes import OneLineParser
from auroractl.collector import PROGRAM_GC_THRESHOLD
from auroractl.cost.cli import CostPlanExtension
from auroractl.cost.cli import register as register_cost
from auroractl.errors import ConfigError, ProgramError
from auroractl.extension import (
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_PROGRAM,
    PlanExtension,
    PlanReadyHook,
    PlanStartHook,
    Section,
)
from auroractl.migrate.cli import register as register_migrate
from auroractl.ops.cli import register as register_ops
from auroractl.policy.cli import PolicyPlanExtension

if TYPE_CHECKING:
    from auroractl.engine import PlannedResource, PlanResult, ProgramStart
    from auroractl.formats import Failure, PlanRun

# Every command registers its subcommand here, but imports its implementation (the engine
# with pulumi, the policy runner, aurora_guardrails, psycopg) only when it runs: a command
# does not pay for the others' imports.

__all__ = [
    "EXIT_CONFIG",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROGRAM",
    "PLAN_EXTENSIONS",
    "PlanExtension",
    "PlanReadyHook",
    "PlanStartHook",
    "Section",
    "build_parser",
    "main",
    "plan_document",
    "register",
    "render_outputs",
    "render_plan",
    "render_tree",
]

EXIT_INTERRUPTED = 130
"""Ctrl-C (SIGINT): the shell's 128 + 2, with one line instead of a traceback."""

PLAN_EXTENSIONS: list[PlanExtension] = [CostPlanExtension(), PolicyPlanExtension()]
"""Extensions of ``plan``, in report order."""


# ---- rendering (pure: PlanResult + sections -> text / JSON)


def _marks(resource: PlannedResource) -> str:
    marks = []
    if resource.protect:
        marks.append("protect")
    if resource.retain_on_delete:
        marks.append("retain")
    return f"  [{', '.join(marks)}]" if marks else ""


def render_tree(plan: PlanResult) -> list[str]:
    """The resource tree: each resource under its parent, with type, name and options."""
    children: dict[str | None, list[PlannedResource]] = {}
    for resource in plan.resources:
        children.setdefault(resource.parent, []).append(resource)
    lines: list[str] = []

    def walk(parent: str | None, depth: int) -> None:
        for resource in children.get(parent, []):
            lines.append(f"{'    ' * depth}+ {resource.type}  {resource.name}{_marks(resource)}")
            walk(resource.urn, depth + 1)

    walk(None, 0)
    known = {r.urn for r in plan.resources}
    for parent, orphans in children.items():
        if parent is not None and parent not in known:
            for resource in orphans:
                lines.append(f"? {resource.type}  {resource.name} (parent {parent} not found)")
    return lines


def _format_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def render_outputs(outputs: dict[str, Any]) -> list[str]:
    """Stack outputs, one per line; maps one key per line below their name."""
    lines: list[str] = []
    for name in sorted(outputs):
        value = outputs[name]
        if isinstance(value, dict) and value:
            lines.append(f"{name}:")
            lines.extend(f"    {k}: {_format_value(value[k])}" for k in sorted(value))
        else:
            lines.append(f"{name}: {_format_value(value)}")
    return lines


def render_plan(plan: PlanResult, sections: Sequence[Section] = ()) -> str:
    """The plan report: header, resource tree, outputs, then each extra section."""
    mode = "preview" if plan.preview else "update (all outputs known)"
    protected = sum(1 for r in plan.resources if r.protect)
    parts = [
        f"Stack {plan.stack} ({plan.project}), {mode}: "
        f"{len(plan.resources)} resources to create, {protected} protected",
        "",
        "Resources:",
        *(f"    {line}" for line in render_tree(plan)),
        "",
        "Outputs:",
        *(f"    {line}" for line in render_outputs(plan.outputs)),
    ]
    for diagnostic in plan.diagnostics:
        parts.append(f"{diagnostic.severity}: {diagnostic.message}")
    for section in sections:
        parts.extend(["", f"{section.title}:", *(f"    {line}" for line in section.lines)])
    return "\n".join(parts) + "\n"


def plan_document(
    plan: PlanResult | None,
    sections: Sequence[Section] = (),
    failure: Failure | None = None,
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``pulumi preview --json`` PreviewDigest with our members: ``outputs``,
    ``policyFindings`` and ``cost`` from the sections, and ``error`` when the run failed
    (``config`` is the stack config when the run failed before it had a plan)."""
    from auroractl.engine.preview import error_json, preview_json

    if plan is None:
        if failure is None:
            raise ValueError("plan_document needs a plan or a failure")
        return error_json(failure.kind, failure.message, failure.exit_code, config)
    findings: list[Any] | None = None
    cost: Any = None
    for section in sections:
        if section.findings is not None:
            findings = [*(findings or []), *section.findings]
        if section.cost is not None:
            cost = section.cost
    doc = preview_json(plan, findings=findings, cost=cost)
    if failure is not None:
        error = error_json(failure.kind, failure.message, failure.exit_code)
        doc["diagnostics"] = [*doc.get("diagnostics", []), *error["diagnostics"]]
        doc["error"] = error["error"]
    return doc


# ---- plan subcommand

FORMATS = ("text", "json", "sarif", "junit")
"""``--format`` values: the text report, the PreviewDigest, SARIF 2.1.0, JUnit XML."""


SUFFIX_FORMATS = {".json": "json", ".sarif": "sarif", ".xml": "junit"}
"""The format of an ``--output`` file by its suffix (any other suffix: ``--format``'s)."""


def _outputs(args: argparse.Namespace, fmt: str) -> list[tuple[Path, str]]:
    """Each ``--output`` file with its format; ConfigError naming one whose directory is
    missing."""
    outputs = []
    for output in args.output or []:
        if output.is_dir() or not output.parent.is_dir():
            raise ConfigError(
                f"--output {str(output)!r}: not a file in an existing directory; "
                "give a file path whose directory exists"
            )
        outputs.append((output, SUFFIX_FORMATS.get(output.suffix.lower(), fmt)))
    return outputs


def _render(run: PlanRun, fmt: str, config: dict[str, Any] | None) -> str:
    """The run in one of :data:`FORMATS` (text only for a run with a plan)."""
    from auroractl.formats import junit_xml, sarif_log

    if fmt == "json":
        doc = plan_document(run.plan, run.sections, run.failure, config)
        return json.dumps(doc, indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif_log(run), indent=2) + "\n"
    if fmt == "junit":
        return junit_xml(run)
    if run.plan is None or run.failure is not None:
        return ""
    return render_plan(run.plan, run.sections)


_CONSOLE = "_console"
"""Attribute of the parsed arguments: auroractl runs as its own process (may re-exec)."""


def _use_program_environment(project_dir: Path, console: bool) -> None:
    """Run from the virtual environment ``Pulumi.yaml`` names: re-exec the auroractl installed
    there (console only), else stop with what to install where (exit 2). When the named
    environment does not exist (a fresh clone, CI), the program runs with this environment's
    packages; a module it lacks is then reported with this environment's path."""
    from auroractl.engine.environment import program_environment

    env = program_environment(project_dir.resolve())
    if env is None or env.is_current or not env.exists:
        return
    if not env.auroractl.is_file():
        raise env.not_installed()
    if not console:
        raise env.run_there()
    sys.stdout.flush()
    os.execv(env.auroractl, [str(env.auroractl), *sys.argv[1:]])


def _cmd_plan(args: argparse.Namespace) -> int:
    from auroractl.engine import load_mocks, run_stack
    from auroractl.formats import Failure, PlanRun

    fmt: str = "json" if args.json else args.format
    preview = getattr(args, "mode", "preview") != "update"
    extensions = list(PLAN_EXTENSIONS)
    sections: list[Section] = []
    plan: PlanResult | None = None
    failure: Failure | None = None
    started: list[ProgramStart] = []
    stage = ["config"]  # who runs: "config" (engine and program), or an extension's name
    outputs: list[tuple[Path, str]] = []
    try:
        outputs = _outputs(args, fmt)
        _use_program_environment(Path(args.project_dir), getattr(args, _CONSOLE, False))
        mocks = load_mocks(args.mocks) if args.mocks is not None else None
        with contextlib.ExitStack() as cleanup:

            def before_program(start: ProgramStart) -> None:
                started.append(start)
                for extension in extensions:
                    if isinstance(extension, PlanStartHook):
                        stage[0] = extension.name
                        extension.before_program(start, args, cleanup)
                stage[0] = "config"

            plan = run_stack(
                Path(args.project_dir),
                args.stack,
                preview=preview,
                before_program=before_program,
                mocks=mocks,
            )
            for extension in extensions:
                if isinstance(extension, PlanReadyHook):
                    stage[0] = extension.name
                    extension.plan_ready(plan, args)
            for extension in extensions:
                stage[0] = extension.name
                sections.extend(extension.sections(plan, args))
    except ConfigError as exc:
        failure = Failure(stage[0], str(exc), EXIT_CONFIG)
    except ProgramError as exc:
        failure = Failure("program", str(exc), EXIT_PROGRAM)
    exit_code = failure.exit_code if failure else max([EXIT_OK, *(s.exit_code for s in sections)])
    if failure is not None:
        print(f"error: {failure.message}", file=sys.stderr)
    run = PlanRun(
        project_dir=Path(args.project_dir),
        stack=args.stack,
        preview=preview,
        plan=plan,
        sections=sections,
        failure=failure,
        exit_code=exit_code,
    )
    config = started[0].config if started else None
    for output, output_format in outputs:
        output.write_text(_render(run, output_format, config), encoding="utf-8")
    if not outputs:
        sys.stdout.write(_render(run, fmt, config))
    elif plan is not None and failure is None:
        sys.stdout.write(render_plan(plan, sections))
    return exit_code


def register(subparsers: Any) -> None:
    """Register ``plan``."""
    parser = subparsers.add_parser(
        "plan",
        help="offline preview of a stack under the mock engine",
        description="Run the Pulumi program for a stack under the mock engine and show what "
        "would be created: the resource tree and the stack outputs.",
    )
    parser.add_argument("--stack", default="dev", help="stack name (default: dev)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text report (default); json: the `pulumi preview --json` document with our "
        "members; sarif: SARIF 2.1.0 for code scanning; junit: JUnit XML, one test per policy",
    )
    parser.add_argument("--json", action="store_true", help="same as --format json")
    parser.add_argument(
        "--output",
        metavar="FILE",
        type=Path,
        action="append",
        help="write the report to FILE instead of stdout, in the format its suffix names "
        "(.json, .sarif, .xml for JUnit; otherwise --format's); repeat for several reports. "
        "stdout then shows the text report",
    )
    parser.add_argument(
        "--project-dir",
        default=".",
        help="directory holding Pulumi.yaml (default: current directory)",
    )
    parser.add_argument(
        "--mocks",
        metavar="FILE",
        type=Path,
        default=None,
        help="JSON/YAML answers to invokes and StackReference outputs the program reads "
        "(see docs/engine.md)",
    )
    for extension in PLAN_EXTENSIONS:
        extension.add_arguments(parser)
    parser.set_defaults(handler=_cmd_plan)


# ---- entry point

REGISTRARS: list[Callable[[Any], None]] = [register, register_cost, register_ops, register_migrate]
"""``register(subparsers)`` of every subcommand module, in help order."""


def build_parser() -> argparse.ArgumentParser:
    """The ``auroractl`` argument parser with every registered subcommand."""
    parser = OneLineParser(
        prog="auroractl",
        description="Operate the aurora-platform Pulumi project: plan, cost, env, health, audit, "
        "migrate.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for registrar in REGISTRARS:
        registrar(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``auroractl``; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    setattr(args, _CONSOLE, argv is None)
    handler: Callable[[argparse.Namespace], int] = args.handler
    if argv is None:
        # Run as the program: what a plan leaves (the program's records, the pack's answers)
        # lives until the process exits, so collect in large batches for the whole command, not
        # only while the program runs (``run_stack``).
        gc.set_threshold(PROGRAM_GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ProgramError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_PROGRAM
    except KeyboardInterrupt:
        print(f"auroractl {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        if argv is None:
            # Run as the program (console script or ``python -m``): the process exits next.
            # Its teardown would run the cyclic garbage collector over every object of the
            # imported SDK modules (0.2-0.3 s of a 1.5 s plan); frozen objects are skipped.
            # atexit handlers and output flushing run as usual.
            gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
