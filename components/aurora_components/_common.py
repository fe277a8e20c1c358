"""Private helpers shared by the components (not part of the public API)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi_aws as aws

TOKEN_PREFIX = "aurora-platform"


def type_token(module: str, type_name: str) -> str:
    """``aurora-platform:<module>:<Type>``."""
    return f"{TOKEN_PREFIX}:{module}:{type_name}"


def merge_tags(tags: Mapping[str, str] | None, **extra: str) -> dict[str, str]:
    """Caller tags first, then the component's own keys (``Name``) on top."""
    merged = dict(tags or {})
    merged.update(extra)
    return merged


def child_opts(parent: pulumi.Resource, **kwargs: Any) -> pulumi.ResourceOptions:
    """Options for a child: ``parent=self`` (providers are inherited from the parent)."""
    return pulumi.ResourceOptions(parent=parent, **kwargs)


def invoke_opts(parent: pulumi.Resource) -> pulumi.InvokeOutputOptions:
    """Invokes go through the parent's provider, like the children do."""
    return pulumi.InvokeOutputOptions(parent=parent)


class AccountContext:
    """Account id, region and partition from the provider the component inherits."""

    def __init__(self, parent: pulumi.Resource) -> None:
        opts = invoke_opts(parent)
        self.account_id: pulumi.Output[str] = aws.get_caller_identity_output(opts=opts).account_id
        self.region: pulumi.Output[str] = aws.get_region_output(opts=opts).region
        partition = aws.get_partition_output(opts=opts)
        self.partition: pulumi.Output[str] = partition.partition
        self.dns_suffix: pulumi.Output[str] = partition.dns_suffix
        self.reverse_dns_prefix: pulumi.Output[str] = partition.reverse_dns_prefix


def policy_json(document: dict[str, Any]) -> str:
    """Stable JSON for IAM and key policies (sorted keys give stable diffs)."""
    return json.dumps(document, sort_keys=True)


def assume_role_policy(service: str, source_account: str | None = None) -> str:
    """Trust policy for one AWS service principal, optionally pinned to the account."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if source_account is not None:
        statement["Condition"] = {"StringEquals": {"aws:SourceAccount": source_account}}
    return policy_json({"Version": "2012-10-17", "Statement": [statement]})
