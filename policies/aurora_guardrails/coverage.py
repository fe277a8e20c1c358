# ruff: noqa: E501  (one control per line reads best as a table)
"""The field's controls on the resources a database stack holds, each mapped to our answer.

`CONTROLS` lists every AWS Security Hub control for RDS, KMS and Secrets Manager, the EC2/VPC
controls that touch database networking, and the checkov and cdk-nag checks on the same resource
types. Each control names the policies that answer it, or why it is out of scope. POLICIES.md
prints the table (`aurora_guardrails.docs`); a test checks it against the registry: every named
policy is registered, and a policy that lists a control among its anchors is named by that
control's row.

Sources (`SOURCES`): the control ids and titles were read in the cited files, not written from
memory; ids marked "project table" come from the project's own rule table and were not found in
those files.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CONTROLS", "FRAMEWORKS", "SOURCES", "Control"]

SECURITY_HUB = "Security Hub"
CHECKOV = "checkov"
CDK_NAG = "cdk-nag"
FRAMEWORKS = (SECURITY_HUB, CHECKOV, CDK_NAG)

SOURCES: dict[str, str] = {
    SECURITY_HUB: "AWS Foundational Security Best Practices controls as listed in "
    "turbot/steampipe-mod-aws-compliance `foundational_security/rds.pp`, `kms.pp`, "
    "`secretsmanager.pp`, `ec2.pp`",
    CHECKOV: "bridgecrewio/checkov `docs/5.Policy Index/terraform.md` (commit 03d5fda, "
    "2026-08-20), rows whose entity is an RDS, KMS, Secrets Manager, security group, subnet, "
    "VPC or NACL resource",
    CDK_NAG: "cdklabs/cdk-nag `RULES.md` and `src/rules/{rds,secretsmanager,kms,vpc,ec2}` "
    "(commit ca6d1b5, 2026-06-29)",
}

_SNAPSHOTS = (
    "the stacks this pack is built for create no manual snapshots, snapshot copies or global "
    "clusters (automated snapshots inherit the database's key: aurora-cmk); db-types-unjudged "
    "names any such resource in a stack"
)
_BACKTRACK = (
    "backtrack exists only for Aurora MySQL and rewinds data in place; an operational choice, "
    "not a security or data-loss control (backups and final snapshots are)"
)
_SQL_SERVER = "SQL Server is not among the engines judged (PostgreSQL, MySQL, MariaDB)"
_EVENTS = (
    "RDS event subscriptions are account-wide notification plumbing, not part of a database's "
    "stack; the components raise CloudWatch alarms instead"
)
_NACL = "the stacks manage no network ACLs; security groups are the control"


@dataclass(frozen=True)
class Control:
    """One control of the field and our answer to it."""

    framework: str
    id: str
    title: str
    rules: tuple[str, ...] = ()
    out_of_scope: str = ""
    note: str = ""


def _c(framework: str, id_: str, title: str, *rules: str, note: str = "") -> Control:
    return Control(framework, id_, title, tuple(rules), note=note)


def _out(framework: str, id_: str, title: str, why: str) -> Control:
    return Control(framework, id_, title, out_of_scope=why)


SH, CK, CN = SECURITY_HUB, CHECKOV, CDK_NAG

CONTROLS: tuple[Control, ...] = (
    # --- Security Hub: RDS ---------------------------------------------------------------------
    _out(SH, "RDS.1", "RDS snapshots should be private", _SNAPSHOTS),
    _c(SH, "RDS.2", "RDS DB instances should prohibit public access", "instance-not-public"),
    _c(
        SH,
        "RDS.3",
        "RDS DB instances should have encryption at rest enabled",
        "aurora-storage-encrypted",
    ),
    _out(
        SH,
        "RDS.4",
        "RDS cluster snapshots and database snapshots should be encrypted at rest",
        _SNAPSHOTS,
    ),
    _c(
        SH,
        "RDS.5",
        "RDS DB instances should be configured with multiple Availability Zones",
        "rds-instance-multi-az",
    ),
    _c(
        SH,
        "RDS.6",
        "Enhanced monitoring should be configured for RDS DB instances and clusters",
        "instance-enhanced-monitoring",
        "aurora-cluster-monitoring",
    ),
    _c(
        SH,
        "RDS.7",
        "RDS clusters should have deletion protection enabled",
        "aurora-deletion-protection",
    ),
    _c(
        SH,
        "RDS.8",
        "RDS DB instances should have deletion protection enabled",
        "aurora-deletion-protection",
    ),
    _c(
        SH, "RDS.9", "RDS DB instances should publish logs to CloudWatch Logs", "aurora-log-exports"
    ),
    _c(
        SH, "RDS.10", "IAM authentication should be configured for RDS instances", "aurora-iam-auth"
    ),
    _c(
        SH,
        "RDS.11",
        "RDS instances should have automatic backups enabled",
        "aurora-backup-retention",
    ),
    _c(SH, "RDS.12", "IAM authentication should be configured for RDS clusters", "aurora-iam-auth"),
    _c(
        SH,
        "RDS.13",
        "RDS automatic minor version upgrades should be enabled",
        "instance-minor-upgrade",
    ),
    _out(SH, "RDS.14", "Amazon Aurora clusters should have backtracking enabled", _BACKTRACK),
    _c(
        SH,
        "RDS.15",
        "RDS DB clusters should be configured for multiple Availability Zones",
        "aurora-multi-az",
    ),
    _c(
        SH,
        "RDS.16",
        "RDS DB clusters should be configured to copy tags to snapshots",
        "aurora-copy-tags",
    ),
    _c(
        SH,
        "RDS.17",
        "RDS DB instances should be configured to copy tags to snapshots",
        "aurora-copy-tags",
    ),
    _c(
        SH,
        "RDS.18",
        "RDS instances should be deployed in a VPC",
        "db-subnet-group-set",
        note="every new database is in a VPC; the rule makes it a chosen VPC's private subnets, not the default VPC",
    ),
    _out(
        SH,
        "RDS.19",
        "RDS event notification subscriptions should be configured for critical cluster events",
        _EVENTS,
    ),
    _out(
        SH,
        "RDS.20",
        "RDS event notification subscriptions should be configured for critical database instance events",
        _EVENTS,
    ),
    _out(
        SH,
        "RDS.21",
        "An RDS event notifications subscription should be configured for critical database parameter group events",
        _EVENTS,
    ),
    _out(
        SH,
        "RDS.22",
        "An RDS event notifications subscription should be configured for critical database security group events",
        _EVENTS,
    ),
    _c(
        SH,
        "RDS.23",
        "RDS databases and clusters should not use a database engine default port",
        "aurora-non-default-port",
        note="opt-in (disabled by default): a port change hides nothing from a scanner; sg rules are the control",
    ),
    _c(
        SH,
        "RDS.24",
        "RDS database clusters should use a custom administrator username",
        "aurora-custom-admin",
    ),
    _c(
        SH,
        "RDS.25",
        "RDS database instances should use a custom administrator username",
        "aurora-custom-admin",
    ),
    _c(SH, "RDS.27", "RDS DB clusters should be encrypted at rest", "aurora-storage-encrypted"),
    _c(
        SH,
        "RDS.34",
        "Aurora MySQL DB clusters should publish audit logs to CloudWatch Logs",
        "aurora-log-exports",
        note='add "audit" to requiredMysqlExports (default error, slowquery)',
    ),
    _c(
        SH,
        "RDS.35",
        "RDS DB clusters should have automatic minor version upgrade enabled",
        "aurora-minor-upgrade",
    ),
    _c(
        SH,
        "RDS.36",
        "RDS for PostgreSQL DB instances should publish logs to CloudWatch Logs",
        "aurora-log-exports",
    ),
    _c(
        SH,
        "RDS.37",
        "Aurora PostgreSQL DB clusters should publish logs to CloudWatch Logs",
        "aurora-log-exports",
    ),
    _out(
        SH,
        "RDS.40",
        "RDS for SQL Server DB instances should publish logs to CloudWatch Logs",
        _SQL_SERVER,
    ),
    _out(
        SH, "RDS.41", "RDS for SQL Server DB instances should be encrypted in transit", _SQL_SERVER
    ),
    _c(
        SH,
        "RDS.42",
        "RDS for MariaDB DB instances should publish logs to CloudWatch Logs",
        "aurora-log-exports",
    ),
    _c(
        SH,
        "RDS.43",
        "RDS DB proxies should require TLS encryption for connections",
        "proxy-require-tls",
        note="project table",
    ),
    _c(SH, "RDS.44", "RDS for MariaDB DB instances should be encrypted in transit", "pg-force-ssl"),
    _out(
        SH,
        "RDS.45",
        "Aurora MySQL DB clusters should have audit logging enabled",
        "not implemented: needs server_audit_logging and server_audit_events in the cluster parameter group; aurora-log-exports with audit is the nearest check",
    ),
    _c(
        SH,
        "RDS.47",
        "RDS for PostgreSQL DB clusters should be configured to copy tags to DB snapshots",
        "aurora-copy-tags",
        note="project table",
    ),
    # --- Security Hub: KMS, Secrets Manager ----------------------------------------------------
    _c(
        SH,
        "KMS.1",
        "IAM customer managed policies should not allow decryption actions on all KMS keys",
        "iam-secrets-kms-scoped",
    ),
    _c(
        SH,
        "KMS.2",
        "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys",
        "iam-secrets-kms-scoped",
    ),
    _c(
        SH,
        "KMS.3",
        "AWS KMS keys should not be unintentionally deleted",
        "kms-deletion-guard",
        note="plan: deletion window or protect; audit: a key pending deletion is reported as such",
    ),
    _c(SH, "KMS.4", "AWS KMS key rotation should be enabled", "kms-rotation", note="project table"),
    _c(
        SH,
        "KMS.5",
        "KMS keys should not be publicly accessible",
        "kms-no-public-principal",
        note="project table",
    ),
    _c(
        SH,
        "SecretsManager.1",
        "Secrets Manager secrets should have automatic rotation enabled",
        "secret-rotation",
    ),
    _out(
        SH,
        "SecretsManager.2",
        "Secrets Manager secrets configured with automatic rotation should rotate successfully",
        "runtime state, not in a plan; auroractl health observes it",
    ),
    _out(
        SH,
        "SecretsManager.3",
        "Remove unused Secrets Manager secrets",
        "runtime state (last access), not in a plan",
    ),
    _c(
        SH,
        "SecretsManager.4",
        "Secrets Manager secrets should be rotated within a specified number of days",
        "secret-rotation-interval",
    ),
    # --- Security Hub: EC2/VPC for databases ---------------------------------------------------
    _c(
        SH,
        "EC2.2",
        "VPC default security groups should not allow inbound or outbound traffic",
        "sg-default-closed",
    ),
    _c(SH, "EC2.6", "VPC flow logging should be enabled in all VPCs", "vpc-flow-logs"),
    _c(
        SH,
        "EC2.15",
        "EC2 subnets should not automatically assign public IP addresses",
        "subnet-no-public-ip",
    ),
    _out(SH, "EC2.16", "Unused network access control lists should be removed", _NACL),
    _c(
        SH,
        "EC2.18",
        "Security groups should only allow unrestricted incoming traffic for authorized ports",
        "sg-no-world-ingress",
        "sg-attached-db-closed",
        note="authorized ports = webPorts (80, 443), as the control's default; never on a database's groups",
    ),
    _c(
        SH,
        "EC2.19",
        "Security groups should not allow unrestricted access to ports with high risk",
        "sg-no-world-ingress",
        "sg-no-open-ssh",
        "sg-db-port-closed",
    ),
    _c(
        SH,
        "EC2.21",
        "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389",
        "nacl-hygiene",
    ),
    # --- checkov ---------------------------------------------------------------------------------
    _c(CK, "CKV_AWS_7", "Ensure rotation for customer created CMKs is enabled", "kms-rotation"),
    _c(
        CK,
        "CKV_AWS_16",
        "Ensure all data stored in the RDS is securely encrypted at rest",
        "aurora-storage-encrypted",
    ),
    _c(
        CK,
        "CKV_AWS_17",
        "Ensure all data stored in RDS is not publicly accessible",
        "instance-not-public",
    ),
    _c(
        CK,
        "CKV_AWS_23",
        "Ensure every security group and rule has a description",
        "sg-descriptions",
    ),
    _c(
        CK,
        "CKV_AWS_24",
        "Ensure no security groups allow ingress from 0.0.0.0:0 to port 22",
        "sg-no-open-ssh",
        "sg-no-world-ingress",
    ),
    _c(
        CK,
        "CKV_AWS_25",
        "Ensure no security groups allow ingress from 0.0.0.0:0 to port 3389",
        "sg-no-world-ingress",
    ),
    _c(
        CK,
        "CKV_AWS_33",
        "Ensure KMS key policy does not contain wildcard (*) principal",
        "kms-no-public-principal",
    ),
    _c(
        CK,
        "CKV_AWS_66",
        "Ensure that CloudWatch Log Group specifies retention days",
        "loggroup-retention",
    ),
    _c(
        CK,
        "CKV_AWS_96",
        "Ensure all data stored in Aurora is securely encrypted at rest",
        "aurora-storage-encrypted",
    ),
    _c(
        CK,
        "CKV_AWS_118",
        "Ensure that enhanced monitoring is enabled for Amazon RDS instances",
        "instance-enhanced-monitoring",
    ),
    _c(
        CK,
        "CKV_AWS_129",
        "Ensure that respective logs of Amazon Relational Database Service (Amazon RDS) are enabled",
        "aurora-log-exports",
    ),
    _c(
        CK,
        "CKV_AWS_130",
        "Ensure VPC subnets do not assign public IP by default",
        "subnet-no-public-ip",
    ),
    _c(CK, "CKV_AWS_133", "Ensure that RDS instances has backup policy", "aurora-backup-retention"),
    _c(
        CK,
        "CKV_AWS_139",
        "Ensure that RDS clusters have deletion protection enabled",
        "aurora-deletion-protection",
    ),
    _out(CK, "CKV_AWS_140", "Ensure that RDS global clusters are encrypted", _SNAPSHOTS),
    _out(CK, "CKV_AWS_146", "Ensure that RDS database cluster snapshot is encrypted", _SNAPSHOTS),
    _c(
        CK,
        "CKV_AWS_149",
        "Ensure that Secrets Manager secret is encrypted using KMS CMK",
        "secret-cmk",
    ),
    _c(
        CK,
        "CKV_AWS_157",
        "Ensure that RDS instances have Multi-AZ enabled",
        "rds-instance-multi-az",
    ),
    _c(CK, "CKV_AWS_158", "Ensure that CloudWatch Log Group is encrypted by KMS", "loggroup-cmk"),
    _c(CK, "CKV_AWS_161", "Ensure RDS database has IAM authentication enabled", "aurora-iam-auth"),
    _c(CK, "CKV_AWS_162", "Ensure RDS cluster has IAM authentication enabled", "aurora-iam-auth"),
    _c(CK, "CKV_AWS_198", "Ensure no aws_db_security_group resources exist", "sg-no-legacy-db-sg"),
    _c(CK, "CKV_AWS_211", "Ensure RDS uses a modern CaCert", "instance-ca-cert"),
    _c(
        CK,
        "CKV_AWS_226",
        "Ensure DB instance gets all minor upgrades automatically",
        "instance-minor-upgrade",
    ),
    _c(CK, "CKV_AWS_227", "Ensure KMS key is enabled", "kms-enabled"),
    _out(
        CK,
        "CKV_AWS_229",
        "Ensure no NACL allow ingress from 0.0.0.0:0 to port 21",
        _NACL + "; nacl-hygiene judges 22 and 3389 on any NACL present",
    ),
    _out(
        CK,
        "CKV_AWS_230",
        "Ensure no NACL allow ingress from 0.0.0.0:0 to port 20",
        _NACL + "; nacl-hygiene judges 22 and 3389 on any NACL present",
    ),
    _c(
        CK,
        "CKV_AWS_231",
        "Ensure no NACL allow ingress from 0.0.0.0:0 to port 3389",
        "nacl-hygiene",
    ),
    _c(CK, "CKV_AWS_232", "Ensure no NACL allow ingress from 0.0.0.0:0 to port 22", "nacl-hygiene"),
    _c(
        CK,
        "CKV_AWS_250",
        "Ensure that RDS PostgreSQL instances use a non vulnerable version with the log_fdw extension",
        "aurora-engine-not-vulnerable",
    ),
    _c(
        CK,
        "CKV_AWS_260",
        "Ensure no security groups allow ingress from 0.0.0.0:0 to port 80",
        "sg-attached-db-closed",
        note="port 80 from anywhere is a web tier's job; refused on groups guarding a database, proxy or endpoint",
    ),
    _out(CK, "CKV_AWS_266", "Ensure DB Snapshot copy uses CMK", _SNAPSHOTS),
    _c(
        CK,
        "CKV_AWS_277",
        "Ensure no security groups allow ingress from 0.0.0.0:0 to port -1",
        "sg-no-world-ingress",
    ),
    _c(
        CK,
        "CKV_AWS_293",
        "Ensure that AWS database instances have deletion protection enabled",
        "aurora-deletion-protection",
    ),
    _out(CK, "CKV_AWS_302", "Ensure DB Snapshots are not Public", _SNAPSHOTS),
    _c(
        CK,
        "CKV_AWS_304",
        "Ensure Secrets Manager secrets should be rotated within 90 days",
        "secret-rotation-interval",
    ),
    _c(
        CK,
        "CKV_AWS_313",
        "Ensure RDS cluster configured to copy tags to snapshots",
        "aurora-copy-tags",
    ),
    _c(CK, "CKV_AWS_324", "Ensure that RDS Cluster log capture is enabled", "aurora-log-exports"),
    _c(
        CK,
        "CKV_AWS_325",
        "Ensure that RDS Cluster audit logging is enabled for MySQL engine",
        "aurora-log-exports",
        note='add "audit" to requiredMysqlExports',
    ),
    _out(
        CK, "CKV_AWS_326", "Ensure that RDS Aurora Clusters have backtracking enabled", _BACKTRACK
    ),
    _c(CK, "CKV_AWS_327", "Ensure RDS Clusters are encrypted using KMS CMKs", "aurora-cmk"),
    _c(
        CK,
        "CKV_AWS_338",
        "Ensure CloudWatch log groups retains logs for at least 1 year",
        "loggroup-retention",
    ),
    _c(CK, "CKV_AWS_352", "Ensure NACL ingress does not allow all Ports", "nacl-hygiene"),
    _c(
        CK,
        "CKV_AWS_353",
        "Ensure that RDS instances have performance insights enabled",
        "instance-performance-insights",
    ),
    _c(
        CK,
        "CKV_AWS_354",
        "Ensure RDS Performance Insights are encrypted using KMS CMKs",
        "instance-pi-cmk",
    ),
    _c(
        CK,
        "CKV_AWS_382",
        "Ensure no security groups allow egress from 0.0.0.0:0 to port -1",
        "sg-no-open-egress",
        "sg-attached-db-closed",
    ),
    _c(
        CK,
        "CKV_AWS_388",
        "Ensure AWS Aurora PostgreSQL is not exposed to local file read vulnerability",
        "aurora-engine-not-vulnerable",
    ),
    _out(CK, "CKV2_AWS_1", "Ensure that all NACL are attached to subnets", _NACL),
    _c(
        CK,
        "CKV2_AWS_5",
        "Ensure that Security Groups are attached to another resource",
        "sg-attached",
    ),
    _c(
        CK,
        "CKV2_AWS_8",
        "Ensure that RDS clusters has backup plan of AWS Backup",
        "aurora-in-backup-plan",
    ),
    _c(CK, "CKV2_AWS_11", "Ensure VPC flow logging is enabled in all VPCs", "vpc-flow-logs"),
    _c(
        CK,
        "CKV2_AWS_12",
        "Ensure the default security group of every VPC restricts all traffic",
        "sg-default-closed",
    ),
    _c(
        CK,
        "CKV2_AWS_27",
        "Ensure Postgres RDS as aws_rds_cluster has Query Logging enabled",
        "pg-query-logging",
    ),
    _c(
        CK,
        "CKV2_AWS_30",
        "Ensure Postgres RDS as aws_db_instance has Query Logging enabled",
        "pg-query-logging",
    ),
    _c(
        CK,
        "CKV2_AWS_57",
        "Ensure Secrets Manager secrets should have automatic rotation enabled",
        "secret-rotation",
    ),
    _c(
        CK,
        "CKV2_AWS_60",
        "Ensure RDS instance with copy tags to snapshots is enabled",
        "aurora-copy-tags",
    ),
    _c(CK, "CKV2_AWS_64", "Ensure KMS key Policy is defined", "kms-policy-explicit"),
    _c(
        CK,
        "CKV2_AWS_69",
        "Ensure AWS RDS database instance configured with encryption in transit",
        "pg-force-ssl",
    ),
    # --- cdk-nag ---------------------------------------------------------------------------------
    _c(
        CN,
        "AwsSolutions-RDS2",
        "The RDS instance or Aurora DB cluster does not have storage encryption enabled",
        "aurora-storage-encrypted",
    ),
    _c(
        CN,
        "AwsSolutions-RDS3",
        "The non-Aurora RDS DB instance does not have multi-AZ support enabled",
        "rds-instance-multi-az",
    ),
    _c(
        CN,
        "AwsSolutions-RDS6",
        "The RDS Aurora MySQL/PostgresSQL cluster does not have IAM Database Authentication enabled",
        "aurora-iam-auth",
    ),
    _c(
        CN,
        "AwsSolutions-RDS8",
        "The RDS DB Security Group allows for 0.0.0.0/0 inbound access",
        "sg-no-legacy-db-sg",
    ),
    _c(
        CN,
        "AwsSolutions-RDS10",
        "The RDS instance or Aurora DB cluster does not have deletion protection enabled",
        "aurora-deletion-protection",
    ),
    _c(
        CN,
        "AwsSolutions-RDS11",
        "The RDS instance or Aurora DB cluster uses the default endpoint port",
        "aurora-non-default-port",
        note="opt-in",
    ),
    _c(
        CN,
        "AwsSolutions-RDS13",
        "The RDS instance is not configured for automated backups",
        "aurora-backup-retention",
    ),
    _out(
        CN,
        "AwsSolutions-RDS14",
        "The RDS Aurora MySQL cluster does not have Backtrack enabled",
        _BACKTRACK,
    ),
    _c(
        CN,
        "AwsSolutions-RDS16",
        "The RDS Aurora MySQL serverless cluster does not have audit, error, general, and slowquery Log Exports enabled",
        "aurora-log-exports",
        note="set requiredMysqlExports to all four",
    ),
    _c(
        CN,
        "AwsSolutions-SMG4",
        "The secret does not have automatic rotation scheduled",
        "secret-rotation",
    ),
    _c(
        CN,
        "AwsSolutions-KMS5",
        "The KMS Symmetric key does not have automatic key rotation enabled",
        "kms-rotation",
    ),
    _c(
        CN,
        "AwsSolutions-EC23",
        "The Security Group allows for 0.0.0.0/0 or ::/0 inbound access",
        "sg-no-world-ingress",
        "sg-attached-db-closed",
        note="80/443 pass on groups not attached to a database",
    ),
    _c(
        CN, "AwsSolutions-EC27", "The Security Group does not have a description", "sg-descriptions"
    ),
    _out(CN, "AwsSolutions-VPC3", "A Network ACL or Network ACL entry has been implemented", _NACL),
    _c(CN, "AwsSolutions-VPC7", "The VPC does not have an associated Flow Log", "vpc-flow-logs"),
    _c(
        CN,
        "RDSStorageEncrypted",
        "RDS storage encryption (HIPAA/NIST/PCI packs)",
        "aurora-storage-encrypted",
    ),
    _c(CN, "RDSInstancePublicAccess", "RDS instance public access", "instance-not-public"),
    _c(CN, "RDSLoggingEnabled", "RDS log exports", "aurora-log-exports"),
    _c(
        CN,
        "RDSEnhancedMonitoringEnabled",
        "RDS Enhanced Monitoring",
        "instance-enhanced-monitoring",
    ),
    _c(
        CN,
        "RDSAutomaticMinorVersionUpgradeEnabled",
        "RDS automatic minor version upgrades",
        "instance-minor-upgrade",
    ),
    _c(CN, "RDSInstanceBackupEnabled", "RDS instance automated backups", "aurora-backup-retention"),
    _c(
        CN,
        "RDSInstanceDeletionProtectionEnabled",
        "RDS deletion protection",
        "aurora-deletion-protection",
    ),
    _c(CN, "RDSInBackupPlan", "RDS in an AWS Backup plan", "aurora-in-backup-plan"),
    _c(CN, "RDSMultiAZSupport", "RDS Multi-AZ", "rds-instance-multi-az"),
    _c(CN, "RDSNonDefaultPort", "RDS non-default port", "aurora-non-default-port", note="opt-in"),
    _c(
        CN,
        "RDSRestrictedInbound",
        "RDS security groups restrict inbound access",
        "sg-db-ingress-by-reference",
        "sg-attached-db-closed",
    ),
    _out(CN, "AuroraMySQLBacktrack", "Aurora MySQL backtrack", _BACKTRACK),
    _c(CN, "AuroraMySQLLogging", "Aurora MySQL log exports", "aurora-log-exports"),
    _c(CN, "AuroraMySQLPostgresIAMAuth", "Aurora IAM database authentication", "aurora-iam-auth"),
    _c(CN, "SecretsManagerRotationEnabled", "Secrets Manager rotation", "secret-rotation"),
    _c(CN, "SecretsManagerUsingKMSKey", "Secrets Manager secret on a CMK", "secret-cmk"),
    _c(CN, "KMSBackingKeyRotationEnabled", "KMS key rotation", "kms-rotation"),
    _c(
        CN,
        "VPCDefaultSecurityGroupClosed",
        "VPC default security group closed",
        "sg-default-closed",
    ),
    _c(CN, "VPCFlowLogsEnabled", "VPC flow logs", "vpc-flow-logs"),
    _out(CN, "VPCNoNACLs", "VPC without network ACLs", _NACL),
    _c(
        CN,
        "VPCNoUnrestrictedRouteToIGW",
        "No unrestricted route to an internet gateway",
        "route-no-igw-default",
    ),
    _c(
        CN,
        "VPCSubnetAutoAssignPublicIpDisabled",
        "Subnets do not auto-assign public IPs",
        "subnet-no-public-ip",
    ),
    _c(
        CN,
        "EC2RestrictedCommonPorts",
        "Security groups restrict common ports",
        "sg-db-port-closed",
        "sg-no-open-ssh",
    ),
    _c(
        CN, "EC2RestrictedInbound", "Security groups restrict inbound access", "sg-no-world-ingress"
    ),
    _c(CN, "EC2RestrictedSSH", "Security groups restrict SSH", "sg-no-open-ssh"),
    _c(CN, "EC2SecurityGroupDescription", "Security groups have descriptions", "sg-descriptions"),
)
"""Every control the coverage table accounts for, by framework."""
