"""Database credentials from a Secrets Manager secret (RDS-managed or proxy-style JSON)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import botocore.exceptions

from auroractl.ops.aws import AwsContext, classify_aws_error, error_code, region_from_arn
from auroractl.ops.errors import ExitCode, OpsError

MISSING_CODES = frozenset({"ResourceNotFoundException", "InvalidRequestException"})
"""Secrets Manager codes for a secret that does not exist or is scheduled for deletion."""


@dataclasses.dataclass(frozen=True)
class Credentials:
    """A username and a password; ``repr`` never shows the password."""

    username: str
    password: str = dataclasses.field(repr=False)


def fetch_credentials(aws: AwsContext, secret_arn: str) -> Credentials:
    """Read ``username`` and ``password`` from the secret's JSON ``SecretString``.

    Raises :class:`OpsError`: exit 8 when the secret is missing, deleted or lacks a key,
    exit 9 when access is denied (IAM or the secret's KMS key), exit 10 otherwise.
    """
    what = f"secret {secret_arn}"
    client = aws.client("secretsmanager", region=region_from_arn(secret_arn))
    try:
        response: dict[str, Any] = client.get_secret_value(SecretId=secret_arn)
    except botocore.exceptions.ClientError as exc:
        code = error_code(exc)
        if code in MISSING_CODES:
            raise OpsError(
                ExitCode.SECRET_MISSING,
                f"{what} not found or scheduled for deletion ({code})",
            ) from None
        if code.startswith("Decryption") or code.startswith("KMS"):
            raise OpsError(
                ExitCode.ACCESS_DENIED,
                f"{what} cannot be decrypted: the caller may not use its KMS key ({code})",
            ) from None
        raise classify_aws_error(exc, what) from None
    except botocore.exceptions.BotoCoreError as exc:
        raise classify_aws_error(exc, what) from None
    raw = response.get("SecretString")
    if not isinstance(raw, str):
        raise OpsError(ExitCode.SECRET_MISSING, f"{what} has no SecretString (binary secret)")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        raise OpsError(
            ExitCode.SECRET_MISSING,
            f"{what} is not JSON with 'username' and 'password' keys",
        ) from None
    if not isinstance(data, dict):
        raise OpsError(ExitCode.SECRET_MISSING, f"{what} is not a JSON object")
    missing = [
        k for k in ("username", "password") if not isinstance(data.get(k), str) or not data[k]
    ]
    if missing:
        raise OpsError(ExitCode.SECRET_MISSING, f"{what} has no {' or '.join(missing)} key")
    return Credentials(username=data["username"], password=data["password"])
