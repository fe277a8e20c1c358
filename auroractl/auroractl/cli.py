"""``auroractl``: the operator CLI. ``main()`` is the console-script entry point.

Subcommands register themselves on the shared ``subparsers`` with a ``register(subparsers)``
function. ``plan`` lives here; other modules extend it through :data:`PLAN_EXTENSIONS`
(:mod:`auroractl.extension`: extra options, report sections, JSON additions and exit codes)
without touching its rendering.

Exit codes: 0 success, 1 the program failed or an extension reported a failure (e.g. a
mandatory policy violation), 2 bad configuration or usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from auroractl.cost.cli import CostPlanExtension
from auroractl.cost.cli import register as register_cost
from auroractl.engine import (
    ConfigError,
    PlannedResource,
    PlanResult,
    ProgramError,
    ProgramStart,
    preview_json,
    run_stack,
)
from auroractl.extension import (
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    PlanExtension,
    PlanStartHook,
    Section,
)
from auroractl.ops.cli import register as register_ops
from auroractl.policy.cli import PolicyPlanExtension

__all__ = [
    "EXIT_CONFIG",
    "EXIT_FAILURE",
    "EXIT_OK",
    "PLAN_EXTENSIONS",
    "PlanExtension",
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


def plan_document(plan: PlanResult, sections: Sequence[Section] = ()) -> dict[str, Any]:
    """The ``pulumi preview --json``-shaped document, with the sections' findings and cost."""
    findings: list[Any] | None = None
    cost: Any = None
    for section in sections:
        if section.findings is not None:
            findings = [*(findings or []), *section.findings]
        if section.cost is not None:
            cost = section.cost
    return preview_json(plan, findings=findings, cost=cost)


# ---- plan subcommand


def _cmd_plan(args: argparse.Namespace) -> int:
    preview = getattr(args, "mode", "preview") != "update"
    extensions = list(PLAN_EXTENSIONS)
    sections: list[Section] = []
    with contextlib.ExitStack() as cleanup:

        def before_program(start: ProgramStart) -> None:
            for extension in extensions:
                if isinstance(extension, PlanStartHook):
                    extension.before_program(start, args, cleanup)

        plan = run_stack(
            Path(args.project_dir), args.stack, preview=preview, before_program=before_program
        )
        for extension in extensions:
            sections.extend(extension.sections(plan, args))
    if args.json:
        json.dump(plan_document(plan, sections), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_plan(plan, sections))
    return max([EXIT_OK, *(s.exit_code for s in sections)])


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
        "--json", action="store_true", help="print a `pulumi preview --json`-shaped document"
    )
    parser.add_argument(
        "--project-dir",
        default=".",
        help="directory holding Pulumi.yaml (default: current directory)",
    )
    for extension in PLAN_EXTENSIONS:
        extension.add_arguments(parser)
    parser.set_defaults(handler=_cmd_plan)


# ---- entry point

REGISTRARS: list[Callable[[Any], None]] = [register, register_cost, register_ops]
"""``register(subparsers)`` of every subcommand module, in help order."""


def build_parser() -> argparse.ArgumentParser:
    """The ``auroractl`` argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="auroractl",
        description="Operate the aurora-platform Pulumi project: plan, cost, env, health, audit.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for registrar in REGISTRARS:
        registrar(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``auroractl``; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ProgramError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        if argv is None:
            # Run as the program (console script or ``python -m``): the process exits next.
            # Its teardown would run the cyclic garbage collector over every object of the
            # imported SDK modules (0.2-0.3 s of a 1.5 s plan); frozen objects are skipped.
            # atexit handlers and output flushing run as usual.
            gc.freeze()


if __name__ == "__main__":
    sys.exit(main())
