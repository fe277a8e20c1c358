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


def encrypted_log_group(
    parent: pulumi.Resource,
    resource_name: str,
    *,
    name: str,
    retention_in_days: int,
    kms_key_id: pulumi.Input[str],
    tags: Mapping[str, str],
) -> aws.cloudwatch.LogGroup:
    """A child CloudWatch log group with its retention, encrypted with the component's key."""
    return aws.cloudwatch.LogGroup(
        resource_name,
        name=name,
        retention_in_days=retention_in_days,
        kms_key_id=kms_key_id,
        tags=merge_tags(tags),
        opts=child_opts(parent),
    )


def service_role(
    parent: pulumi.Resource,
    resource_name: str,
    *,
    description: str,
    assume_role_policy: pulumi.Input[str],
    tags: Mapping[str, str],
) -> aws.iam.Role:
    """A child IAM role that an AWS service assumes (`assume_role_policy` names it)."""
    return aws.iam.Role(
        resource_name,
        description=description,
        assume_role_policy=assume_role_policy,
        tags=merge_tags(tags),
        opts=child_opts(parent),
    )
