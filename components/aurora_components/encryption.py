"""Encryption: one customer-managed KMS key (plus alias) for the whole database tier.

The key encrypts cluster storage, Performance Insights, the RDS-managed master secret, the
CloudWatch log groups (cluster, proxy, VPC flow logs) and the alarm SNS topic. Its policy is
explicit: the account root (so IAM policies can grant use), the regional CloudWatch Logs
service limited by encryption context to this account's log groups, and CloudWatch alarms
publishing to the encrypted topic.
"""

from typing import Any, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import AccountContext, child_opts, merge_tags, policy_json, type_token
from .naming import child_name, validate_component_name
from .validation import validate_tags

__all__ = ["DELETION_WINDOW_DAYS", "Encryption", "EncryptionArgs", "key_policy_document"]

# The AWS maximum: a scheduled deletion can be cancelled for a month.
DELETION_WINDOW_DAYS = 30


class EncryptionArgs(TypedDict, total=False):
    """Arguments of :class:`Encryption`."""

    description: str
    """Key description. Default: "Aurora platform data key (<name>)"."""
    alias_name: str
    """Alias, must start with "alias/". Default: "alias/<name>"."""
    protect_resources: bool
    """Pulumi ``protect`` on the key so that a destroy or replace is refused. Default: True."""
    tags: dict[str, str]
    """Tags for the key. Default: none."""


def key_policy_document(account_id: str, region: str, partition: str) -> dict[str, Any]:
    """The key policy as a dict (exposed for tests and for documentation)."""
    root = f"arn:{partition}:iam::{account_id}:root"
    log_groups = f"arn:{partition}:logs:{region}:{account_id}:log-group:*"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EnableAccountIamPolicies",
                "Effect": "Allow",
                "Principal": {"AWS": root},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "AllowCloudWatchLogsForThisAccount",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": log_groups}},
            },
            {
                "Sid": "AllowCloudWatchAlarmsToPublishToEncryptedTopic",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            },
        ],
    }


class Encryption(pulumi.ComponentResource):
    """A rotating customer-managed KMS key with an explicit policy and an alias."""

    key_arn: pulumi.Output[str]
    """ARN of the key."""
    key_id: pulumi.Output[str]
    """Id of the key."""
    alias_name: pulumi.Output[str]
    """The alias ("alias/...")."""

    def __init__(
        self, name: str, args: EncryptionArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        validate_component_name(name)
        tags = validate_tags(args.get("tags", {}))
        alias = args.get("alias_name", f"alias/{name}")
        if (
            not isinstance(alias, str)
            or not alias.startswith("alias/")
            or alias.startswith("alias/aws/")
        ):
            raise ValueError(
                f'alias_name must start with "alias/" and not with "alias/aws/", got {alias!r}'
            )
        protect = bool(args.get("protect_resources", True))
        super().__init__(type_token("encryption", "Encryption"), name, None, opts)

        ctx = AccountContext(self)
        policy = pulumi.Output.all(ctx.account_id, ctx.region, ctx.partition).apply(
            lambda v: policy_json(key_policy_document(v[0], v[1], v[2]))
        )
        key = aws.kms.Key(
            child_name(name, "key"),
            description=args.get("description", f"Aurora platform data key ({name})"),
            enable_key_rotation=True,
            deletion_window_in_days=DELETION_WINDOW_DAYS,
            is_enabled=True,
            key_usage="ENCRYPT_DECRYPT",
            customer_master_key_spec="SYMMETRIC_DEFAULT",
            bypass_policy_lockout_safety_check=False,
            policy=policy,
            tags=merge_tags(tags),
            opts=child_opts(self, protect=True if protect else None),
        )
        key_alias = aws.kms.Alias(
            child_name(name, "alias"),
            name=alias,
            target_key_id=key.key_id,
            opts=child_opts(self),
        )

        self.key_arn = key.arn
        self.key_id = key.key_id
        self.alias_name = key_alias.name
        self.register_outputs(
            {"key_arn": self.key_arn, "key_id": self.key_id, "alias_name": self.alias_name}
        )
