"""CrossGuard guardrails for Aurora PostgreSQL Serverless v2, RDS Proxy and Aurora DSQL.

The rules are ordinary `pulumi_policy` policy objects, one per module under
`aurora_guardrails.rules`, listed by `aurora_guardrails.registry`. Use them three ways:

- the pack in `policies/` (`pulumi preview --policy-pack policies`, or `auroractl plan`);
- your own pack: `PolicyPack("my-pack", build_policies(names=[...]))`;
- directly on resources from anywhere: `evaluate_resources(resources, config)`.
"""

from aurora_guardrails._version import __version__
from aurora_guardrails.base import GuardrailResourcePolicy, GuardrailStackPolicy
from aurora_guardrails.evaluate import Violation, evaluate_resources, load_policy_config
from aurora_guardrails.props import Props
from aurora_guardrails.registry import PACK_NAME, all_policies, build_policies, policy_names
from aurora_guardrails.stack import StackView

__all__ = [
    "PACK_NAME",
    "GuardrailResourcePolicy",
    "GuardrailStackPolicy",
    "Props",
    "StackView",
    "Violation",
    "__version__",
    "all_policies",
    "build_policies",
    "evaluate_resources",
    "load_policy_config",
    "policy_names",
]
