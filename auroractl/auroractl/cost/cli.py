"""The ``auroractl cost`` subcommand (registered by ``auroractl.cli`` through ``register``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auroractl.argtypes import Number
from auroractl.extension import Section

if TYPE_CHECKING:
    from aurora_guardrails.cost import Assumptions, Estimate

    from .plan import NotPriced

# aurora_guardrails (with pulumi) is imported by the handlers: every auroractl run registers
# this subcommand and the plan extension's options.

DEFAULT_STACK = "dev"
ASSUMPTION = Number(0, 1_000_000)
"""Every usage assumption: a finite number from 0 to a million (GB, million requests, ...)."""

_ASSUMPTION_FLAGS: tuple[tuple[str, str, str], ...] = (
    ("--storage-gb", "storage_gb_per_cluster", "Aurora storage per cluster, GB (default 10)"),
    (
        "--io-millions",
        "io_million_requests_per_cluster",
        "Aurora I/O per cluster, million requests per month (default 1)",
    ),
    (
        "--log-gb",
        "log_ingestion_gb_per_log_group",
        "CloudWatch Logs ingestion per log group, GB per month (default 0.5)",
    ),
    ("--nat-gb", "nat_data_gb_per_gateway", "data per NAT gateway, GB per month (default 1)"),
    (
        "--endpoint-gb",
        "endpoint_data_gb_per_endpoint",
        "data per interface endpoint, GB per month (default 1)",
    ),
    (
        "--dsql-storage-gb",
        "dsql_storage_gb_per_cluster",
        "DSQL storage per cluster, GB (default 1)",
    ),
    (
        "--dsql-dpu-millions",
        "dsql_dpu_millions_per_cluster",
        "DSQL million DPU per cluster per month, high end (default 1)",
    ),
)


def add_assumption_arguments(parser: argparse.ArgumentParser) -> None:
    """The usage assumptions as optional flags (shared with ``plan`` if it wants them)."""
    group = parser.add_argument_group("cost assumptions")
    for flag, dest, text in _ASSUMPTION_FLAGS:
        group.add_argument(flag, dest=f"cost_{dest}", type=ASSUMPTION, default=None, help=text)


def assumptions_from_args(args: argparse.Namespace) -> Assumptions:
    """Assumptions from the flags (argparse has checked each against :data:`ASSUMPTION`)."""
    from aurora_guardrails.cost import Assumptions

    values: dict[str, float] = {}
    for _flag, dest, _text in _ASSUMPTION_FLAGS:
        value = getattr(args, f"cost_{dest}", None)
        if value is not None:
            values[dest] = value
    return Assumptions(**values)


def register(subparsers: Any) -> None:
    """Add ``cost`` to the CLI's subparsers."""
    parser = subparsers.add_parser(
        "cost",
        help="monthly cost range of a stack, from its offline plan",
        description=(
            "Plan the stack offline and print its monthly cost range: low = idle floor "
            "(minimum ACU, paused when min is 0), high = every instance at maximum ACU. "
            "Storage, I/O and log volume are printed assumptions."
        ),
    )
    parser.add_argument("--stack", default=DEFAULT_STACK, help="stack name (default: dev)")
    parser.add_argument("--json", action="store_true", help="print the estimate as JSON")
    parser.add_argument(
        "--project-dir", default=".", help="directory holding Pulumi.yaml (default: .)"
    )
    add_assumption_arguments(parser)
    parser.set_defaults(handler=run)


def _assumptions(args: argparse.Namespace) -> Assumptions:
    from auroractl.engine import ConfigError

    try:
        return assumptions_from_args(args)
    except ValueError as err:
        raise ConfigError(str(err)) from None


def estimate_for(plan: Any, args: argparse.Namespace) -> Estimate | NotPriced:
    """The plan's estimate with the flags' assumptions, or why it cannot be priced; bad input
    raises ConfigError."""
    from auroractl.engine import ConfigError

    from .plan import estimate_plan

    assumptions = _assumptions(args)
    try:
        return estimate_plan(plan, assumptions)
    except ValueError as err:
        raise ConfigError(str(err)) from None


def run(args: argparse.Namespace) -> int:
    """Plan, price, print; ConfigError (exit 2) is reported by ``auroractl.cli.main``."""
    from auroractl.engine import run_stack  # the engine is heavy: import it when used

    _assumptions(args)  # bad flags fail before the program runs
    plan = run_stack(Path(args.project_dir), args.stack)
    estimate = estimate_for(plan, args)
    if args.json:
        print(
            json.dumps({"stack": args.stack, "cost": estimate.to_dict()}, indent=2, allow_nan=False)
        )
    else:
        print(f"Stack {args.stack}")
        print(_text(estimate))
    return 0


def _text(estimate: Estimate | NotPriced) -> str:
    from .plan import NotPriced
    from .render import render_text

    return estimate.reason if isinstance(estimate, NotPriced) else render_text(estimate)


class CostPlanExtension:
    """Adds the cost section to ``auroractl plan`` (text) and the ``cost`` key (JSON)."""

    name = "cost"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """``--no-cost`` and the assumption flags."""
        parser.add_argument("--no-cost", action="store_true", help="do not price the plan")
        add_assumption_arguments(parser)

    def sections(self, plan: Any, args: argparse.Namespace) -> list[Any]:
        """One section: the rendered estimate (or why there is none), its JSON under ``cost``."""
        if getattr(args, "no_cost", False):
            return []
        estimate = estimate_for(plan, args)
        return [Section(title="Cost", lines=_text(estimate).splitlines(), cost=estimate.to_dict())]
