"""iam-db-connect-scoped: database connect permissions name the database user."""

from pulumi_policy import Severity

from aurora_guardrails.base import GuardrailResourcePolicy, Report, ResourceContext
from aurora_guardrails.iamdoc import action_matches, allow_statements
from aurora_guardrails.props import Props
from aurora_guardrails.rules.iam._docs import PERMISSION_TYPES


def _check(props: Props, ctx: ResourceContext, report: Report) -> None:
    for path, index, st in allow_statements(ctx.args.resource_type, props, report):
        specific = [a for a in st.actions if a not in ("*", "*:*")]
        if action_matches(specific, "rds-db:connect"):
            loose = [r for r in st.resources if ":dbuser:" not in r or r.endswith(":dbuser:*")]
            if loose:
                report(
                    f"{path} {st.label(index)} allows rds-db:connect on "
                    f"{', '.join(loose)}; name dbuser:<resourceId>/<user>."
                )
        if action_matches(specific, "dsql:DbConnectAdmin") and "*" in st.resources:
            report(f'{path} {st.label(index)} allows dsql:DbConnectAdmin on "*".')


POLICY = GuardrailResourcePolicy(
    name="iam-db-connect-scoped",
    description="IAM database connect permissions must name the cluster and user.",
    resource_types=PERMISSION_TYPES,
    check=_check,
    severity=Severity.HIGH,
    remediation_steps="Use Resource arn:aws:rds-db:<region>:<account>:dbuser:<clusterResourceId>"
    "/<user>; grant dsql:DbConnectAdmin only on named clusters.",
    anchors=("beyond",),
    checks="`rds-db:connect` only on `dbuser:<resourceId>/<user>` ARNs (not `*`, not "
    "`dbuser:*`); `dsql:DbConnectAdmin` not on `*`.",
)
