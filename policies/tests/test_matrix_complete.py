"""The shape matrix covers every registered policy, starting from compliant resources.

Every resource policy needs a compliant resource of a type it judges (`COMPLIANT`, which passes
every resource policy in all four shapes here) or a documented reason there is none
(`NO_COMPLIANT_FORM`), and at least one matrix case (`MATRIX` in a `test_*_rules.py` or
`test_*_rules_matrix.py` module of this folder) with a finding in every shape. Every stack policy
needs a `STACK_MATRIX` case with a finding in preview and in update (its compliant stack passes in
both, in the module holding the case). A new rule without them fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aurora_guardrails import all_policies
from aurora_guardrails.base import GuardrailResourcePolicy, GuardrailStackPolicy
from aurora_guardrails.testing import res as resource
from aurora_guardrails.testing import run
from aurora_guardrails.testing.compliant import COMPLIANT, MYSQL_INSTANCE, NO_COMPLIANT_FORM
from aurora_guardrails.testing.provider_defaults import PROVIDER_DEFAULTS, SOURCES
from aurora_guardrails.testing.shapes import (
    SHAPES,
    STACK_SHAPES,
    Shape,
    expected_for,
    shaped,
)
from aurora_guardrails.testing.tables import table_modules

RESOURCE_POLICIES = [p for p in all_policies() if isinstance(p, GuardrailResourcePolicy)]
STACK_POLICIES = [p for p in all_policies() if isinstance(p, GuardrailStackPolicy)]
CONFIG = {
    "aurora-non-default-port": {"enforcementLevel": "mandatory", "disallowedPorts": [1521]},
    "db-engine-supported": {"asOf": "2026-11-29"},
}
"""Opt-in rules enabled, and the support-date rule judged as of a fixed day."""


MODULES = table_modules(Path(__file__).parent, "test_*_rules.py", "test_*_rules_matrix.py").values()
MATRIX = [case for m in MODULES for case in getattr(m, "MATRIX", [])]
STACK_MATRIX = [case for m in MODULES for case in getattr(m, "STACK_MATRIX", [])]

COMPLIANT_FORMS = {**{t: props for t, (props, _) in COMPLIANT.items()}, "mysql": MYSQL_INSTANCE}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("form", sorted(COMPLIANT_FORMS))
def test_compliant_resource_passes_every_resource_policy(form: str, shape: Shape) -> None:
    """Each compliant resource: no finding from any resource policy, in every shape."""
    type_ = "aws:rds/instance:Instance" if form == "mysql" else form
    protect = COMPLIANT[type_][1]
    props = shaped(type_, COMPLIANT_FORMS[form], shape)
    names = [p.name for p in RESOURCE_POLICIES]
    assert run([resource(type_, "r", props, protect=protect)], names, CONFIG) == []


def _fires_everywhere(expected: object, shapes: tuple[str, ...]) -> bool:
    return all(expected_for(expected, shape) for shape in shapes)


@pytest.mark.parametrize("policy", RESOURCE_POLICIES, ids=lambda p: p.name)
def test_resource_policy_has_compliant_and_failing_cases(policy: GuardrailResourcePolicy) -> None:
    """A compliant (or documented absent) form of a judged type, and a case failing everywhere."""
    judged = set(policy.resource_types)
    assert judged & (set(COMPLIANT) | set(NO_COMPLIANT_FORM)), "no compliant resource"
    failing = [
        c for c in MATRIX if c.policy == policy.name and _fires_everywhere(c.expected, SHAPES)
    ]
    assert failing, f"{policy.name}: no matrix case with a finding in all four shapes"
    assert all(c.type_ in judged for c in MATRIX if c.policy == policy.name)


@pytest.mark.parametrize("policy", STACK_POLICIES, ids=lambda p: p.name)
def test_stack_policy_has_failing_cases_in_preview_and_update(
    policy: GuardrailStackPolicy,
) -> None:
    """A stack case with a finding in preview and in update (its module runs the compliant one)."""
    failing = [
        c
        for c in STACK_MATRIX
        if c.policy == policy.name and _fires_everywhere(c.expected, STACK_SHAPES)
    ]
    assert failing, f"{policy.name}: no stack matrix case with a finding in both shapes"


def test_every_provider_default_names_its_source() -> None:
    """Each type with defaults says where in pulumi-aws they were read."""
    assert set(PROVIDER_DEFAULTS) == set(SOURCES)
