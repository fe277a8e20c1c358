"""Every case table of `test_*_rules.py`, run through the shape matrix.

A resource case (`MATRIX`) changes the compliant resource of `aurora_guardrails.testing.compliant`
in one field (or option, or config value) and asserts the exact findings of one policy in every
shape of `SHAPES`; a stack case (`STACK_MATRIX`) applies one edit to
`aurora_guardrails.testing.stacks.compliant_stack()` (a property, a link, a removed or added
resource) and asserts them in both `STACK_SHAPES`. A mapping keyed by shape (or shape half:
`"input"`, `"checked"`, `"preview"`, `"update"`) names the shapes where a provider default or an
unknown changes the finding. A test id names the table (`kms`, `rds_stack`, …), the policy and
the case's index in its table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aurora_guardrails.testing import Case, StackCase, run_case, run_stack_case
from aurora_guardrails.testing.shapes import SHAPES, STACK_SHAPES, Shape, StackShape, expected_for
from aurora_guardrails.testing.stacks import compliant_stack
from aurora_guardrails.testing.tables import table_modules

TABLES = table_modules(Path(__file__).parent, "test_*_rules.py")


def _params(table: str) -> list[Any]:
    """Every case of the modules' `table`, with an id naming its module, policy and index."""
    return [
        pytest.param(
            case, id=f"{stem.removeprefix('test_').removesuffix('_rules')}-{case.policy}-{i}"
        )
        for stem, module in TABLES.items()
        for i, case in enumerate(getattr(module, table, []))
    ]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("case", _params("MATRIX"))
def test_rule_findings(case: Case, shape: Shape) -> None:
    """One change from the compliant resource: exactly these findings in this shape."""
    assert run_case(case, shape) == expected_for(case.expected, shape)


@pytest.mark.parametrize("shape", STACK_SHAPES)
@pytest.mark.parametrize("case", _params("STACK_MATRIX"))
def test_stack_rule_findings(case: StackCase, shape: StackShape) -> None:
    """One change to the compliant stack: exactly these findings, in preview and in update."""
    assert run_stack_case(case, compliant_stack(), shape) == expected_for(case.expected, shape)
