"""The policy part of ``auroractl plan``, plugged in as a ``PlanExtension``.

Adds ``--mode``, ``--policy-pack``, ``--policy-pack-config`` and ``--no-policy``; runs the pack on
the plan; contributes a "Policies" section (text lines, findings for the JSON document, exit 1
on a mandatory finding). Bad policy input and a pack that cannot run raise ``ConfigError``
(exit 2, one message).

The pack's process is started by ``before_program`` as soon as the stack config is valid, so
its start-up (a second Python process) overlaps the program; the policy config file and the
pack folder are checked there too, before the program runs. Each resource is then sent to the
pack (``Analyze``) as the program registers it, as the Pulumi engine does, so the pack works on
the second core while the program runs. ``plan_ready`` begins the analysis of the finished plan
(in preview it sends ``AnalyzeStack`` once every ``Analyze`` answered, so the pack works on it
while the cost section is computed); ``sections`` collects the answers. ``auroractl plan``
stops the pack when the command ends, whatever happens.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auroractl.extension import Section

if TYPE_CHECKING:
    from auroractl.engine import ProgramStart
    from auroractl.policy._config import PolicyConfigFile
    from auroractl.policy._model import PackReport
    from auroractl.policy._runner import PolicyPackSession

# The runner (with pulumi and grpc) is imported by the methods that run the pack: every
# auroractl run registers the plan options below.

__all__ = ["MODES", "PolicyPlanExtension", "text_lines"]

#: ``--mode`` values: preview (unknown ids, PULUMI_DRY_RUN=true) or update (known ids).
MODES = ("preview", "update")
_LEVELS_SHOWN = ("mandatory", "advisory", "remediate")


def text_lines(report: PackReport) -> list[str]:
    """Findings as the CLI prints policy violations, pack logs, then a one-line verdict."""
    lines: list[str] = []
    for f in report.findings:
        where = f"({f.resource_type}: {f.urn.rsplit('::', 1)[-1]})" if f.urn else "(stack)"
        lines.append(f"[{f.level}]  {f.policy}  {where}")
        lines.extend(f"    {line}" for line in f.message.splitlines())
    lines.extend(f"{log.severity}: {log.message}" for log in report.logs)
    counts = {level: sum(1 for f in report.findings if f.level == level) for level in _LEVELS_SHOWN}
    verdict = "FAILED" if counts["mandatory"] else "passed"
    lines.append(
        f"{verdict}: {counts['mandatory']} mandatory, {counts['advisory']} advisory, "
        f"{counts['remediate']} remediated"
    )
    return lines


#: Attribute of the command's ``argparse.Namespace`` holding the pack started for this run.
_STARTED = "_policy_started"
#: Attribute holding the analysis begun by ``plan_ready`` (a function returning the report).
_BEGUN = "_policy_begun"


@dataclass(frozen=True)
class _Started:
    session: PolicyPackSession
    config: PolicyConfigFile | None


def _options(args: argparse.Namespace) -> tuple[Path, PolicyConfigFile | None]:
    """The pack folder and the parsed policy config file (PolicyConfigError if bad)."""
    from auroractl.policy._config import load_policy_config

    project_dir = Path(getattr(args, "project_dir", "."))
    pack_dir: Path = getattr(args, "policy_pack", None) or project_dir / "policies"
    config_path: Path | None = getattr(args, "policy_pack_config", None)
    config = load_policy_config(config_path) if config_path is not None else None
    return pack_dir, config


class PolicyPlanExtension:
    """``auroractl plan`` options and report section for the policy pack."""

    name = "policy"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """``--mode``, ``--policy-pack``, ``--policy-pack-config``, ``--no-policy``."""
        parser.add_argument(
            "--mode",
            choices=MODES,
            default="preview",
            help="preview: ids and ARNs of new resources unknown, as in `pulumi preview` "
            "(default); update: all known",
        )
        group = parser.add_argument_group("policy")
        group.add_argument(
            "--policy-pack",
            metavar="DIR",
            type=Path,
            default=None,
            help="policy pack run on the plan (default: policies/ of the project)",
        )
        group.add_argument(
            "--policy-pack-config",
            metavar="FILE",
            type=Path,
            default=None,
            help="policy config JSON as for `pulumi preview --policy-pack-config` "
            "(default: none, every policy at its own level)",
        )
        group.add_argument("--no-policy", action="store_true", help="do not run the policy pack")

    def before_program(
        self, start: ProgramStart, args: argparse.Namespace, cleanup: contextlib.ExitStack
    ) -> None:
        """Check the policy options and start the pack; ``cleanup`` stops it."""
        from auroractl.engine.config import ConfigError
        from auroractl.policy._model import PolicyConfigError, PolicyPackError
        from auroractl.policy._runner import PolicyPackSession

        if getattr(args, "no_policy", False):
            return
        try:
            pack_dir, config = _options(args)
            session = PolicyPackSession(
                pack_dir,
                project=start.project,
                stack=start.stack,
                preview=start.preview,
                config=start.config,
            )
            cleanup.callback(session.close)
            session.start()
            start.listeners.append(session.stream(config))
        except (PolicyConfigError, PolicyPackError) as exc:
            raise ConfigError(str(exc)) from None
        setattr(args, _STARTED, _Started(session, config))

    def plan_ready(self, plan: Any, args: argparse.Namespace) -> None:
        """Begin the analysis on the pack started by :meth:`before_program` (in preview its
        ``AnalyzeStack`` then runs while the cost section is computed)."""
        from auroractl.engine.config import ConfigError
        from auroractl.policy._model import PolicyConfigError, PolicyPackError

        started: _Started | None = getattr(args, _STARTED, None)
        if getattr(args, "no_policy", False) or started is None:
            return
        try:
            setattr(args, _BEGUN, started.session.begin_analyze(plan, started.config))
        except (PolicyConfigError, PolicyPackError) as exc:
            raise ConfigError(str(exc)) from None

    def sections(self, plan: Any, args: argparse.Namespace) -> list[Any]:
        """The "Policies" section; ConfigError for bad policy input or a pack that fails.

        Finishes the analysis begun by :meth:`plan_ready`, else uses the pack started by
        :meth:`before_program` when there is one, else starts and stops one here.
        """
        from auroractl.engine.config import ConfigError
        from auroractl.policy._model import PolicyConfigError, PolicyPackError
        from auroractl.policy._runner import analyze_plan, exit_status

        if getattr(args, "no_policy", False):
            return []
        started: _Started | None = getattr(args, _STARTED, None)
        begun: Callable[[], PackReport] | None = getattr(args, _BEGUN, None)
        try:
            if begun is not None:
                report = begun()
            elif started is not None:
                report = started.session.analyze(plan, started.config)
            else:
                pack_dir, config = _options(args)
                report = analyze_plan(plan, pack_dir, config_file=config, preview=plan.preview)
        except (PolicyConfigError, PolicyPackError) as exc:
            raise ConfigError(str(exc)) from None
        return [
            Section(
                title=f"Policies ({report.pack}@v{report.version})",
                lines=text_lines(report),
                findings=list(report.findings),
                rules=list(report.policies),
                exit_code=exit_status(report.findings),
            )
        ]
