"""One finding per resource per policy: `Findings` joins a resource's messages into one."""

from __future__ import annotations

import pytest
from aurora_guardrails.base import Findings
from aurora_guardrails.testing import res, run
from hypothesis import given
from hypothesis import strategies as st
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

URNS = st.sampled_from([None, "urn:a", "urn:b", "urn:c"])
MESSAGES = st.sampled_from(["x is unset.", "y is 3, expected 4", "z is public."])


@given(st.lists(st.tuples(URNS, MESSAGES), max_size=12))
def test_one_message_per_resource_naming_every_fault(reports: list[tuple[str | None, str]]) -> None:
    """Each resource reported gets exactly one message holding each of its faults once, in the
    order the resources were first reported."""
    sent: list[tuple[str, str | None]] = []
    with Findings(lambda message, urn=None: sent.append((message, urn))) as findings:
        for urn, message in reports:
            findings(message, urn)
    order = list(dict.fromkeys(urn for urn, _ in reports))
    assert [urn for _, urn in sent] == order
    for message, urn in sent:
        faults = list(dict.fromkeys(m for u, m in reports if u == urn))
        for fault in faults:
            assert message.count(fault.rstrip(".")) == 1
        if len(faults) == 1:
            assert message == faults[0]


def test_findings_are_sent_when_the_check_stops_on_an_unknown() -> None:
    """What was found before an unknown value stopped the check is still reported."""
    sent: list[tuple[str, str | None]] = []
    findings = Findings(lambda message, urn=None: sent.append((message, urn)))
    with pytest.raises(UnknownValueError), findings:
        findings("a is unset.", "urn:a")
        raise UnknownValueError(UNKNOWN_STRING_VALUE, ["b"])
    assert sent == [("a is unset.", "urn:a")]


def test_a_resource_with_two_faults_is_one_finding() -> None:
    """A security group with two world-open ports: one sg-no-world-ingress finding naming both."""
    group = res(
        "aws:ec2/securityGroup:SecurityGroup",
        "open",
        {
            "description": "x",
            "ingress": [
                {"protocol": "tcp", "fromPort": 22.0, "toPort": 22.0, "cidrBlocks": ["0.0.0.0/0"]},
                {"protocol": "tcp", "fromPort": 25.0, "toPort": 25.0, "cidrBlocks": ["0.0.0.0/0"]},
            ],
        },
    )
    found = run([group], ["sg-no-world-ingress"])
    assert len(found) == 1
    _, name, message = found[0]
    assert name == "open"
    assert "ingress[0]" in message and "ingress[1]" in message
