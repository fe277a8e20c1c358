"""dsql-connect-scoped: `dsql:DbConnect` and `dsql:DbConnectAdmin` are granted on named clusters.

Every IAM permission document in the plan (managed policies, role inline policies, role, user and
group policies) is read; each Allow statement that grants one of the two actions — directly, by a
wildcard such as `dsql:*` or `*`, or through `NotAction` — must list only exact cluster ARNs,
`arn:<partition>:dsql:<region>:<account>:cluster/<identifier>`. `*`, wildcards in an ARN,
`NotResource` and a missing `Resource` all fail. An unparsable document fails closed.
"""

from __future__ import annotations

import re
from typing import Final

from pulumi_policy import ReportViolation, Severity

from aurora_guardrails.base import GuardrailResourcePolicy, ResourceContext
from aurora_guardrails.iamdoc import document_statements, policy_documents
from aurora_guardrails.props import Props, show
from aurora_guardrails.rules.dsql._common import (
    ANCHORS,
    CONNECT_ACTIONS,
    IAM_GROUP_POLICY,
    IAM_USER_POLICY,
    grants,
)
from aurora_guardrails.tokens import IAM_POLICY, IAM_ROLE, IAM_ROLE_POLICY

POLICY_NAME: Final = "dsql-connect-scoped"
CLUSTER_ARN: Final = re.compile(r"^arn:aws[a-z-]*:dsql:[a-z0-9-]+:\d{12}:cluster/[a-z0-9]+$")
"""An exact DSQL cluster ARN (no wildcards)."""


def check_dsql_connect_scoped(props: Props, ctx: ResourceContext, report: ReportViolation) -> None:
    """Report each statement granting a DSQL connect action on anything but exact cluster ARNs."""
    for path, document in policy_documents(ctx.args.resource_type, props):
        try:
            statements = document_statements(document, path)
        except ValueError as err:
            report(f"{err}; it cannot be checked", None)
            continue
        for index, statement in enumerate(statements):
            for action in CONNECT_ACTIONS:
                if not grants(statement, action):
                    continue
                where = f"{path} {statement.label(index)} grants {action}"
                if statement.not_resources:
                    report(
                        f"{where} with NotResource, which covers every cluster; list "
                        "cluster ARNs in Resource",
                        None,
                    )
                elif not statement.resources:
                    report(f"{where} without Resource; list cluster ARNs", None)
                else:
                    broad = [r for r in statement.resources if not CLUSTER_ARN.match(r)]
                    if broad:
                        report(
                            f"{where} on {show(broad if len(broad) > 1 else broad[0])}; "
                            "scope it to cluster ARNs "
                            "(arn:<partition>:dsql:<region>:<account>:cluster/<identifier>)",
                            None,
                        )


dsql_connect_scoped: Final = GuardrailResourcePolicy(
    name=POLICY_NAME,
    description=(
        "dsql:DbConnect and dsql:DbConnectAdmin are granted only on named Aurora DSQL "
        "cluster ARNs, never on '*'."
    ),
    resource_types=(IAM_POLICY, IAM_ROLE_POLICY, IAM_ROLE, IAM_USER_POLICY, IAM_GROUP_POLICY),
    check=check_dsql_connect_scoped,
    severity=Severity.HIGH,
    remediation_steps=(
        'Replace Resource "*" (or a wildcard ARN) with the cluster ARNs, e.g. DsqlCluster\'s '
        "connect_policy_arn, which grants dsql:DbConnect on its own clusters only."
    ),
    anchors=ANCHORS,
    checks=(
        "IAM statements granting `dsql:DbConnect`/`dsql:DbConnectAdmin` (incl. wildcards, "
        "NotAction) list only exact cluster ARNs"
    ),
)
"""The policy instance the registry imports."""
