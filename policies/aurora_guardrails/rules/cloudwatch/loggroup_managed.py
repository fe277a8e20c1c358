"""loggroup-managed: the program owns the log groups RDS and RDS Proxy write to."""

from pulumi_policy import PolicyResource, Severity

from aurora_guardrails.base import GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.props import is_unknown
from aurora_guardrails.stack import StackView
from aurora_guardrails.tokens import CLUSTER, LOG_GROUP, PROXY


def _owned(view: StackView, owner: PolicyResource, name: object) -> bool:
    for group in view.of_type(LOG_GROUP):
        if owner in (group.property_dependencies.get("name") or []):
            if isinstance(name, str) and not is_unknown(name):
                group_name = view.props(group).raw("name")
                if not (isinstance(group_name, str) and not is_unknown(group_name)):
                    return True
                if group_name == name:
                    return True
            else:
                return True
        elif isinstance(name, str) and view.props(group).raw("name") == name:
            return True
    return False


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    for cluster in view.of_type(CLUSTER):
        props = view.props(cluster)
        ident = props.raw("clusterIdentifier")
        for export in props.strs("enabledCloudwatchLogsExports"):
            name = (
                f"/aws/rds/cluster/{ident}/{export}"
                if isinstance(ident, str) and not is_unknown(ident)
                else None
            )
            if not _owned(view, cluster, name):
                shown = name or f"/aws/rds/cluster/<clusterIdentifier>/{export}"
                report(
                    f"no LogGroup in the stack manages {shown}; RDS would create it with "
                    "no retention and no KMS key.",
                    cluster.urn,
                )
    for proxy in view.of_type(PROXY):
        pname = view.props(proxy).raw("name")
        name = (
            f"/aws/rds/proxy/{pname}" if isinstance(pname, str) and not is_unknown(pname) else None
        )
        if not _owned(view, proxy, name):
            shown = name or "/aws/rds/proxy/<name>"
            report(
                f"no LogGroup in the stack manages {shown}; RDS Proxy would create it with "
                "no retention and no KMS key.",
                proxy.urn,
            )


POLICY = GuardrailStackPolicy(
    name="loggroup-managed",
    description="Log groups that RDS and RDS Proxy write to must be managed by the program.",
    resource_types=(CLUSTER, PROXY, LOG_GROUP),
    check=_check,
    severity=Severity.MEDIUM,
    remediation_steps="Create aws.cloudwatch.LogGroup named /aws/rds/cluster/<id>/<export> (and "
    "/aws/rds/proxy/<name>) with retention and a KMS key, before the cluster/proxy.",
    anchors=("beyond",),
    checks="a `LogGroup` named `/aws/rds/cluster/<id>/<export>` per exported log and "
    "`/aws/rds/proxy/<name>` per proxy (or whose `name` depends on the cluster/proxy).",
)
