"""aurora-no-pause-with-proxy: no scale-to-zero on a cluster behind RDS Proxy."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import min_capacity, proxy_targets
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, PROXY_TARGET


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        if min_capacity(view, cluster) != 0:
            continue
        for target in proxy_targets(view, cluster):
            report(
                f'minCapacity is 0 but ProxyTarget "{target.name}" attaches RDS Proxy, which '
                "keeps a connection open, so the cluster never pauses; use minCapacity 0.5 "
                "or more, or remove the proxy.",
                cluster.urn,
            )


POLICY = GuardrailStackPolicy(
    name="aurora-no-pause-with-proxy",
    description="Clusters behind RDS Proxy must not scale to 0 ACU.",
    resource_types=(CLUSTER, PROXY_TARGET),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Set minCapacity ≥ 0.5 on clusters with a proxy, or drop the proxy.",
    anchors=("beyond",),
    checks="`minCapacity` 0 on a cluster a `ProxyTarget` points at.",
)
