"""The coverage table and the level table, checked against the registry (CI runs these)."""

from __future__ import annotations

from collections import Counter

from aurora_guardrails import all_policies
from aurora_guardrails.coverage import CONTROLS, FRAMEWORKS, SOURCES
from aurora_guardrails.docs import render
from aurora_guardrails.levels import ADVISORY_BASES, BASIS, MANDATORY_BASES
from pulumi_policy import EnforcementLevel

NAMES = {p.name for p in all_policies()}


def test_every_control_has_exactly_one_answer_naming_registered_policies() -> None:
    """Rules xor a reason; every rule named is registered; ids are unique per framework."""
    for control in CONTROLS:
        assert control.framework in FRAMEWORKS, control
        assert bool(control.rules) != bool(control.out_of_scope), control.id
        assert set(control.rules) <= NAMES, (control.id, set(control.rules) - NAMES)
    counts = Counter((c.framework, c.id) for c in CONTROLS)
    assert [k for k, n in counts.items() if n > 1] == []
    assert set(SOURCES) == set(FRAMEWORKS)


def test_a_policy_anchored_to_a_control_is_named_by_that_control() -> None:
    """An anchor claiming a control is an answer the coverage table must show."""
    by_id = {c.id: c for c in CONTROLS}
    missing = [
        (policy.name, anchor)
        for policy in all_policies()
        for anchor in getattr(policy, "anchors", ()) or ()
        if anchor in by_id and policy.name not in by_id[anchor].rules
    ]
    assert missing == []


def test_the_field_is_covered_service_by_service() -> None:
    """The table holds the RDS, KMS, Secrets Manager and EC2 controls of Security Hub."""
    ids = {c.id for c in CONTROLS}
    assert {f"RDS.{n}" for n in (1, 2, 3, 5, 8, 9, 11, 13, 25, 27, 37, 44)} <= ids
    assert {"KMS.1", "KMS.3", "SecretsManager.1", "SecretsManager.4", "EC2.2", "EC2.18"} <= ids
    assert {"CKV_AWS_16", "CKV_AWS_157", "CKV2_AWS_69", "AwsSolutions-RDS3"} <= ids


def test_every_default_level_is_justified_by_a_matching_basis() -> None:
    """Mandatory rests on exposure, data loss (…); advisory on hygiene, operability, coverage."""
    assert set(BASIS) == NAMES
    for policy in all_policies():
        basis, why = BASIS[policy.name]
        level = policy.enforcement_level or EnforcementLevel.MANDATORY
        assert why, policy.name
        if level == EnforcementLevel.MANDATORY:
            assert basis in MANDATORY_BASES, (policy.name, basis)
        elif level == EnforcementLevel.ADVISORY:
            assert basis in ADVISORY_BASES, (policy.name, basis)
        else:
            assert basis == "opt-in", (policy.name, basis)


def test_policies_md_prints_both_tables() -> None:
    """The generated file carries the level table and one coverage section per framework."""
    text = render()
    assert "## Why each default level" in text
    assert "| `instance-not-public` | mandatory | exposure |" in text
    for framework in FRAMEWORKS:
        assert f"### {framework}" in text
    assert (
        "| RDS.14 | Amazon Aurora clusters should have backtracking enabled | out of scope:" in text
    )


def test_policies_md_lists_every_engine_support_date_with_its_state() -> None:
    """Each date of the data file is a row naming the page it was verified in, or unverified."""
    from aurora_guardrails.engine_support import support_table

    text = render()
    assert "## Engine support dates" in text
    for engine, entry in support_table()["engines"].items():
        for major, row in entry["majors"].items():
            state = row["verifiedIn"] if row["verified"] else "**unverified**"
            assert f"| {engine} | {major} | {row['endOfStandardSupport']} | {state} |" in text
