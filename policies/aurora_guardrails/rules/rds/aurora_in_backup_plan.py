"""aurora-in-backup-plan: an AWS Backup selection covers every cluster."""

import fnmatch

from pulumi_policy import Severity

from aurora_guardrails.base import ADVISORY, GuardrailStackPolicy, Report, StackContext
from aurora_guardrails.stack import StackView, known_strings
from aurora_guardrails.tokens import CLUSTER

BACKUP_SELECTION = "aws:backup/selection:Selection"


def _check(ctx: StackContext, report: Report) -> None:
    view = StackView(ctx.args.resources)
    selections = view.of_type(BACKUP_SELECTION)
    for cluster in view.of_type(CLUSTER):
        cprops = view.props(cluster)
        arn = cprops.raw("arn")
        tags = cprops.raw("tags") if isinstance(cprops.raw("tags"), dict) else {}
        covered = False
        for selection in selections:
            sprops = view.props(selection)
            if cluster in view.linked(selection, "resources", (CLUSTER,), ("arn",)):
                covered = True
            patterns = known_strings(sprops.raw("resources"))
            if isinstance(arn, str) and any(fnmatch.fnmatchcase(arn, p) for p in patterns):
                covered = True
            if "*" in patterns:
                covered = True
            for tag in sprops.objs("selectionTags"):
                if tags.get(tag.raw("key")) == tag.raw("value"):
                    covered = True
        if not covered:
            report("no aws.backup.Selection covers this cluster.", cluster.urn)


POLICY = GuardrailStackPolicy(
    name="aurora-in-backup-plan",
    description="Aurora clusters should be covered by an AWS Backup plan.",
    resource_types=(CLUSTER, BACKUP_SELECTION),
    check=_check,
    severity=Severity.LOW,
    remediation_steps="Add the cluster ARN (or a matching tag) to an aws.backup.Selection of a "
    "plan that copies to a separate vault/account. Automated backups "
    "(aurora-backup-retention) already give point-in-time recovery.",
    anchors=(
        "RDSInBackupPlan",
        "CKV2_AWS_8",
        "rds-in-backup-plan",
        "aurora-resources-protected-by-backup-plan",
    ),
    checks="an `aws:backup/selection:Selection` lists the cluster (property dependency, ARN, "
    "wildcard or `selectionTags`). Advisory: automated backups cover recovery.",
    enforcement_level=ADVISORY,
)
