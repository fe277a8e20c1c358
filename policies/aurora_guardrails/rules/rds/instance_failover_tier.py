"""instance-failover-tier: with readers, a reader is a preferred failover target."""

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import cluster_instances
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_INSTANCE


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        instances = cluster_instances(view, cluster)
        if len(instances) < 2:
            continue
        tiers = [view.props(i).num("promotionTier") for i in instances]
        preferred = sum(1 for t in tiers if (t or 0.0) <= 1)
        if preferred < 2:
            report(
                f"{preferred} of {len(instances)} instances have promotionTier 0 or 1; give "
                "at least one reader tier 0-1 so it scales with the writer and takes over "
                "on failover.",
                cluster.urn,
            )


POLICY = GuardrailStackPolicy(
    name="instance-failover-tier",
    description="Clusters with readers should have a reader in promotion tier 0 or 1.",
    resource_types=(CLUSTER, CLUSTER_INSTANCE),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Set promotionTier 0 or 1 on at least one reader (unset = 0).",
    anchors=("beyond",),
    checks="with ≥ 2 instances, at least 2 have `promotionTier` ≤ 1 (writer + a reader; "
    "unset = 0).",
    enforcement_level=ADVISORY,
)
