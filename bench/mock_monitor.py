"""What both baselines register against: Pulumi's own mock monitor with trivial mocks.

``EchoMocks`` gives every resource an id and echoes its inputs (no invokes are made).
``RecordingMonitor`` is the stock ``pulumi.runtime.mocks.MockMonitor`` that also keeps what each
``RegisterResource`` request carried, for ``--record`` (``tests/test_bench_baselines.py``
compares it with the plan); the timed runs use the stock monitor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

ROOT_TYPE = "pulumi:pulumi:Stack"


class EchoMocks(Mocks):
    """Resources get an id and echo their inputs; no invokes are made."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return {}, []


class RecordingMonitor(MockMonitor):
    """The stock mock monitor, also keeping what each ``RegisterResource`` carried (inputs as
    on the wire: unknowns as Pulumi's sentinel)."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.received: list[dict[str, Any]] = []

    def RegisterResource(self, request: Any) -> Any:
        from google.protobuf import json_format  # only when recording: not in timed runs

        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type != ROOT_TYPE:
            self.received.append(
                {
                    "urn": response.urn,
                    "type": request.type,
                    "name": request.name,
                    "parent": request.parent,
                    "custom": request.custom,
                    "protect": request.protect,
                    "inputs": json_format.MessageToDict(request.object),
                    "dependencies": sorted(request.dependencies),
                    "propertyDependencies": {
                        k: sorted(v.urns) for k, v in request.propertyDependencies.items()
                    },
                }
            )
        return response


def project_stack(urn: str) -> tuple[str, str]:
    """``urn:pulumi:<stack>::<project>::...`` → (project, stack), so the mocks' URNs carry the
    plan's project and stack."""
    head, project = urn.split("::", 2)[:2]
    return project, head.rsplit(":", 1)[-1]


def run_under_mocks(first_urn: str, register: Any, record: Path | None) -> int:
    """Install the mocks (recording when ``record``), call ``register()`` inside
    ``pulumi.runtime.test``, wait for every registration; the number registered."""
    project, stack = project_stack(first_urn)
    monitor = RecordingMonitor(EchoMocks()) if record else None
    pulumi.runtime.set_mocks(
        EchoMocks(), project=project, stack=stack, preview=True, monitor=monitor
    )
    count: dict[str, int] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> pulumi.Output[None]:
        created: list[pulumi.Resource] = register()
        count["n"] = len(created)
        return pulumi.Output.all(*[r.urn for r in created]).apply(lambda _: None)

    program()
    if record and monitor:
        record.write_text(json.dumps(monitor.received, indent=1), encoding="utf-8")
    return count["n"]
