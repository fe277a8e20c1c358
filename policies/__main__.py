"""The aurora-guardrails policy pack: the only place that constructs `PolicyPack`.

Constructing it starts the Analyzer gRPC server, prints its port and blocks, so the rules live in
the importable `aurora_guardrails` library. Every policy carries its own default level (security
and data-loss rules mandatory); relax them with `--policy-pack-config policies/config/<env>.json`.

`aurora_guardrails.pack.PolicyPack` is `pulumi_policy.PolicyPack` serving each Analyzer request
decoded once for all policies (the stock one decodes it once per policy).
"""

from aurora_guardrails import PACK_NAME, all_policies
from aurora_guardrails.pack import PolicyPack
from pulumi_policy import EnforcementLevel

PolicyPack(
    name=PACK_NAME,
    policies=all_policies(),
    enforcement_level=EnforcementLevel.MANDATORY,
    description=(
        "Guardrails for Aurora PostgreSQL Serverless v2, RDS Proxy, Secrets Manager, KMS, VPC "
        "networking and Aurora DSQL."
    ),
    display_name="Aurora guardrails",
    provider="aws",
    tags=["aws", "rds", "aurora", "security"],
)
