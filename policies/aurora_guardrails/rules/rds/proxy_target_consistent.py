"""proxy-target-consistent: each proxy targets a cluster of the stack, with a matching family."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.links import CLUSTER_KEYS, is_postgres
from aurora_guardrails.props import show
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, PROXY, PROXY_TARGET


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for proxy in view.of_type(PROXY):
        targets = view.referrers(proxy, (PROXY_TARGET,), "dbProxyName", ("name", "id"))
        if not targets:
            report("no ProxyTarget registers a cluster with this proxy.", proxy.urn)
        family = view.props(proxy).str_("engineFamily")
        for target in targets:
            tprops = view.props(target)
            if tprops.is_set("dbInstanceIdentifier"):
                report(
                    "the target names dbInstanceIdentifier; Aurora proxies target the "
                    "cluster (dbClusterIdentifier).",
                    target.urn,
                )
            clusters = view.linked(target, "dbClusterIdentifier", (CLUSTER,), CLUSTER_KEYS)
            if not clusters and not tprops.is_set("dbInstanceIdentifier"):
                report("dbClusterIdentifier does not refer to a cluster in this stack.", target.urn)
            for cluster in clusters:
                if is_postgres(view, cluster) and family != "POSTGRESQL":
                    report(
                        f'engineFamily is {show(family)}, expected "POSTGRESQL" for cluster '
                        f'"{cluster.name}".',
                        proxy.urn,
                    )


POLICY = GuardrailStackPolicy(
    name="proxy-target-consistent",
    description="RDS Proxy must target a cluster of this stack with a matching engine family.",
    resource_types=(PROXY, PROXY_TARGET, CLUSTER),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Register the cluster with an aws.rds.ProxyTarget (dbClusterIdentifier, "
    'targetGroupName "default") and set engineFamily "POSTGRESQL" for aurora-postgresql.',
    anchors=("beyond",),
    checks="each proxy has a `ProxyTarget` whose `dbClusterIdentifier` is a cluster in the "
    'stack; `engineFamily` "POSTGRESQL" for aurora-postgresql.',
)
