# ruff: noqa: E501  (one policy per line reads best as a table)
"""Why each policy has its default level: mandatory for exposure or data loss, advisory for hygiene
and operability.

`BASIS` names, per policy, what a violation costs. A mandatory default needs a mandatory basis
(`exposure`, `data loss`, `broken`: AWS rejects the plan or the database cannot serve,
`availability`: a production database stops with one zone, `budget`: the team's own ceiling);
an advisory default an advisory one (`hygiene`, `operability`, `coverage`); a disabled default is
`opt-in`. POLICIES.md prints the table and a test keeps it in step with the registry.
"""

from __future__ import annotations

__all__ = ["ADVISORY_BASES", "BASIS", "MANDATORY_BASES"]

MANDATORY_BASES = frozenset({"exposure", "data loss", "broken", "availability", "budget"})
ADVISORY_BASES = frozenset({"hygiene", "operability", "coverage"})

_E, _D, _B, _A = "exposure", "data loss", "broken", "availability"
_H, _O, _C = "hygiene", "operability", "coverage"

BASIS: dict[str, tuple[str, str]] = {
    "aurora-storage-encrypted": (
        _E,
        "unencrypted storage, snapshots and replicas are readable by anyone who gets a copy",
    ),
    "aurora-cmk": (
        _E,
        "with the AWS-managed key, key policy and grants are not yours to restrict or audit",
    ),
    "aurora-deletion-protection": (_D, "one API call or console click deletes the database"),
    "aurora-iam-auth": (_E, "without it every client holds a long-lived password"),
    "aurora-backup-retention": (_D, "fewer days of point-in-time recovery than the team needs"),
    "aurora-in-backup-plan": (
        _O,
        "AWS Backup adds copies and vaults beyond RDS's own backups, which the mandatory retention rule already requires",
    ),
    "aurora-log-exports": (
        _E,
        "without exported logs an intrusion or a destructive statement leaves no trail to investigate",
    ),
    "aurora-non-default-port": (
        "opt-in",
        "a non-default port hides nothing from a scanner; security groups are the control",
    ),
    "aurora-multi-az": (
        _A,
        "with one zone's instance the production database is down until a new instance is created",
    ),
    "aurora-copy-tags": (_H, "snapshots lose cost and ownership tags"),
    "aurora-custom-admin": (_E, "a well-known admin name halves a password-guessing attack"),
    "aurora-minor-upgrade": (_E, "minor versions carry security fixes"),
    "aurora-engine-not-vulnerable": (_E, "the version has known vulnerabilities or no more fixes"),
    "aurora-managed-password": (
        _E,
        "a password in the program or config is readable by anyone with the source or the plan, and is never rotated",
    ),
    "aurora-cluster-monitoring": (
        _O,
        "cluster-level Performance Insights and OS metrics serve diagnosis",
    ),
    "aurora-final-snapshot": (_D, "deleting the database (or the stack) would discard its data"),
    "aurora-serverless-v2-shape": (
        _B,
        "engine mode serverless is Aurora Serverless v1, which reached end of life on 31 March 2025",
    ),
    "aurora-acu-bounds": (
        _B,
        "AWS rejects out-of-range capacities or the database cannot scale to its load",
    ),
    "aurora-auto-pause-valid": (
        _B,
        "AWS rejects an auto-pause outside 300-86,400 s or without minimum 0",
    ),
    "aurora-no-az-list": (
        _B,
        "an availabilityZones list other than AWS's three makes every update replace the cluster",
    ),
    "aurora-security-groups": (
        _E,
        "without its own group the database gets the VPC's default group",
    ),
    "aurora-no-pause-with-proxy": (
        _B,
        "a proxy keeps the cluster awake; the pause setting never applies and misleads cost estimates",
    ),
    "aurora-no-pause-blockers": (_B, "global clusters and provisioned instances cannot pause"),
    "rds-instance-multi-az": (
        _A,
        "a single-AZ production instance is down for the whole zone outage and loses the writes since its last log backup",
    ),
    "db-engine-supported": (
        _O,
        "past standard support AWS bills Extended Support and later upgrades the engine itself",
    ),
    "db-subnet-group-set": (
        _E,
        "without a subnet group the database lands in the default VPC's public subnets",
    ),
    "db-subnet-group-verifiable": (
        _C,
        "the subnets are defined elsewhere; nothing is known to be wrong",
    ),
    "db-types-unjudged": (_C, "it names resources no rule judged; it finds no weakness itself"),
    "instance-not-public": (_E, "a public endpoint invites the whole internet to the login prompt"),
    "instance-enhanced-monitoring": (_O, "OS metrics serve diagnosis"),
    "instance-minor-upgrade": (_E, "minor versions carry security fixes"),
    "instance-performance-insights": (_O, "query-level metrics serve diagnosis"),
    "instance-pi-cmk": (
        _E,
        "Performance Insights stores query text; its key should be yours to restrict",
    ),
    "instance-ca-cert": (
        _E,
        "an expiring or retired CA breaks certificate verification, and clients fall back to unverified TLS",
    ),
    "instance-serverless-class": (
        _B,
        "a provisioned class in a Serverless v2 cluster does not scale and blocks auto-pause; a db.serverless instance in a cluster without a capacity range is refused",
    ),
    "instance-failover-tier": (_O, "failover picks a reader by tier; the order is a tuning choice"),
    "pg-force-ssl": (_E, "the default parameter group accepts unencrypted connections"),
    "pg-query-logging": (_O, "statement logs serve diagnosis and cost storage"),
    "pg-family-matches": (_B, "AWS rejects a parameter group of another engine family"),
    "proxy-require-tls": (_E, "clients may connect to the proxy in plain text"),
    "proxy-iam-auth": (_E, "clients may reach the database with a password instead of IAM"),
    "proxy-no-debug-logging": (_E, "debug logs record SQL statements and their data"),
    "proxy-pool-limits": (_O, "pool sizing is tuning"),
    "proxy-private": (_E, "a proxy in public or single-zone subnets is exposed or fragile"),
    "proxy-target-consistent": (
        _B,
        "a proxy pointed at the wrong cluster or engine family does not serve",
    ),
    "proxy-target-after-instances": (
        _B,
        "registering the target before an instance exists fails the deploy",
    ),
    "proxy-secrets-hardened": (
        _E,
        "an unrotated secret or one on the AWS-managed key is the proxy's weak link",
    ),
    "secret-rotation": (_E, "a never-rotated credential stays valid after it leaks"),
    "secret-rotation-interval": (_E, "a leaked credential stays valid for the whole interval"),
    "secret-cmk": (_E, "with the AWS-managed key, who may decrypt is not yours to restrict"),
    "secret-recovery-window": (
        _D,
        "a deleted secret cannot be recovered, and the database with it",
    ),
    "secret-description": (_H, "an undescribed secret is hard to own"),
    "kms-rotation": (_E, "key material never changes"),
    "kms-no-public-principal": (_E, "anyone may use the key"),
    "kms-policy-explicit": (_E, "the default policy delegates everything to IAM"),
    "kms-enabled": (_D, "data under a disabled key is unreadable"),
    "kms-deletion-guard": (_D, "data under a deleted key is lost for good"),
    "kms-no-lockout-bypass": (
        _D,
        "a policy that locks everyone out makes the key, and its data, unusable",
    ),
    "kms-referenced-key-rotated": (_E, "a key the database uses never changes"),
    "sg-no-world-ingress": (_E, "any port but a web tier's 80/443 open to the world"),
    "sg-db-port-closed": (_E, "the database port open to the world"),
    "sg-no-open-ssh": (_E, "SSH open to the world"),
    "sg-descriptions": (_H, "an undescribed group or rule is hard to review"),
    "sg-no-open-egress": (
        _O,
        "web and application tiers need egress; it is refused on database groups by sg-attached-db-closed",
    ),
    "sg-default-closed": (_E, "anything placed in the default group talks to everything"),
    "sg-attached": (_H, "an unused group is clutter"),
    "sg-no-mixed-rules": (
        _E,
        "inline and standalone rules overwrite each other, so rules silently appear and disappear",
    ),
    "sg-no-legacy-db-sg": (_E, "EC2-Classic DB security groups are outside VPC controls"),
    "sg-db-ingress-by-reference": (_E, "address ranges admit whatever holds those addresses"),
    "sg-attached-db-closed": (
        _E,
        "a group guarding a database, proxy or endpoint is open to the world",
    ),
    "subnet-no-public-ip": (_E, "anything launched gets a public address"),
    "vpc-flow-logs": (_E, "without flow logs network access leaves no trail"),
    "route-no-igw-default": (_E, "database subnets route to the internet"),
    "nacl-hygiene": (_E, "SSH or RDP open to the world at the subnet edge"),
    "no-default-vpc": (_E, "the default VPC's subnets are public"),
    "db-subnets-private": (_E, "database subnets are public"),
    "db-subnets-multi-az": (_B, "AWS requires subnets in two zones for a DB subnet group"),
    "vpc-dns-for-endpoints": (
        _E,
        "without VPC DNS, endpoint names resolve to public addresses and traffic leaves the VPC",
    ),
    "loggroup-retention": (_D, "logs kept forever or too briefly: evidence lost or unbounded"),
    "loggroup-cmk": (
        _E,
        "with the AWS-managed key, who may read the logs is not yours to restrict",
    ),
    "loggroup-managed": (_D, "log groups RDS creates on its own have no retention and no key"),
    "iam-no-admin": (_E, "a full-admin statement"),
    "iam-secrets-kms-scoped": (_E, "access to every secret or key in the account"),
    "iam-proxy-role-scoped": (_E, "the proxy role reaches more than its secrets"),
    "iam-proxy-role-can-decrypt": (_B, "the proxy cannot read its secret and refuses connections"),
    "iam-db-connect-scoped": (_E, "rds-db:connect as any user on any database"),
    "monthly-cost-ceiling": ("budget", "the team's own ceiling, set in config"),
    "dsql-admin-not-on-app-role": (_E, "the application role can administer the cluster"),
    "dsql-cmk": (_E, "with the AWS-owned key, who may decrypt is not yours to restrict"),
    "dsql-connect-scoped": (_E, "dsql:DbConnect on every cluster"),
    "dsql-deletion-protection": (_D, "one API call deletes the cluster"),
    "dsql-no-force-destroy": (
        _D,
        "a stack destroy removes the cluster despite deletion protection",
    ),
    "dsql-peering-complete": (_B, "a half-peered multi-Region cluster does not serve"),
    "dsql-policy-not-public": (_E, "anyone may reach the cluster's endpoint"),
}
"""Policy name → (basis, what a violation costs)."""
