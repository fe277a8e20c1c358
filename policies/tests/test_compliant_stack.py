"""The compliant stack of `aurora_guardrails.testing.stacks` passes every stack policy.

In both shapes of `STACK_SHAPES`, and once more with every link given by value only (known ids
and ARNs, no property dependencies), as for resources read from AWS by the audit command.
"""

from __future__ import annotations

import pytest
from aurora_guardrails import all_policies
from aurora_guardrails.base import GuardrailStackPolicy
from aurora_guardrails.testing import run
from aurora_guardrails.testing.shapes import STACK_SHAPES, StackShape, stack_shaped
from aurora_guardrails.testing.stacks import SECRET_ARN, STACK_CONFIG, compliant_stack, find

STACK_POLICIES = [p.name for p in all_policies() if isinstance(p, GuardrailStackPolicy)]


@pytest.mark.parametrize("shape", STACK_SHAPES)
def test_compliant_stack_passes_every_stack_policy(shape: StackShape) -> None:
    """No finding from any stack policy, in preview and in update."""
    assert run(stack_shaped(compliant_stack(), shape), STACK_POLICIES, STACK_CONFIG) == []


def test_compliant_stack_with_known_ids_and_no_dependencies_passes() -> None:
    """Links also resolve by value (ids/ARNs), as for resources read from AWS."""
    items = compliant_stack()
    ids = {r["name"]: f"id-{r['name']}" for r in items}
    for r in items:
        r["props"]["id"] = ids[r["name"]]
        for key, names in r.pop("_deps").items():
            value = r["props"].get(key)
            r["props"][key] = [ids[n] for n in names] if isinstance(value, list) else ids[names[0]]
        r["_deps"] = {}
    find(items, "cluster")["props"]["clusterIdentifier"] = "id-cluster"
    find(items, "cluster-logs")["props"]["name"] = "/aws/rds/cluster/id-cluster/postgresql"
    find(items, "proxy")["props"]["name"] = "id-proxy"
    find(items, "proxy-logs")["props"]["name"] = "/aws/rds/proxy/id-proxy"
    find(items, "proxy")["props"]["auths"] = [{"secretArn": SECRET_ARN, "iamAuth": "REQUIRED"}]
    find(items, "backup")["props"]["resources"] = ["*"]
    find(items, "target")["_depends_on"] = ["writer", "reader"]
    assert run(items, STACK_POLICIES, STACK_CONFIG) == []
