"""proxy-target-after-instances: the proxy target waits for every instance of its cluster."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import CLUSTER_KEYS, cluster_instances
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, CLUSTER_INSTANCE, PROXY_TARGET


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for target in view.of_type(PROXY_TARGET):
        for cluster in view.linked(target, "dbClusterIdentifier", (CLUSTER,), CLUSTER_KEYS):
            for instance in cluster_instances(view, cluster):
                if not view.depends_on(target, instance):
                    report(
                        f'the target does not depend on instance "{instance.name}"; '
                        "registration fails while an instance is being created. Add it to "
                        "dependsOn.",
                        target.urn,
                    )


POLICY = GuardrailStackPolicy(
    name="proxy-target-after-instances",
    description="RDS Proxy targets must depend on every instance of their cluster.",
    resource_types=(PROXY_TARGET, CLUSTER, CLUSTER_INSTANCE),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Pass opts=ResourceOptions(depends_on=[*instances]) to the ProxyTarget.",
    anchors=("beyond",),
    checks="each `ProxyTarget` depends on every instance of its cluster.",
)
