"""boto3 sessions and clients shared by the ops commands, and AWS error classification."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.exceptions
from botocore.config import Config

from auroractl.ops.defaults import DEFAULT_MAX_ATTEMPTS, RETRY_MODES
from auroractl.ops.errors import ExitCode, OpsError

ACCESS_DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "AuthFailure",
        "KMSAccessDeniedException",
        "ExpiredToken",
        "ExpiredTokenException",
    }
)
"""AWS error codes meaning the caller may not do this (IAM, KMS or credential problems)."""


def region_from_arn(arn: str | None) -> str | None:
    """The region field of an ARN (``arn:aws:secretsmanager:eu-west-1:…`` → ``eu-west-1``)."""
    if not arn:
        return None
    parts = arn.split(":")
    if len(parts) >= 6 and parts[0] == "arn" and parts[3]:
        return parts[3]
    return None


def region_from_host(host: str | None) -> str | None:
    """The region inside an RDS or DSQL host name, if any.

    ``x.cluster-abc.eu-west-1.rds.amazonaws.com`` and ``id.dsql.eu-west-1.on.aws`` both name
    their region; anything else returns None.
    """
    if not host:
        return None
    labels = host.lower().split(".")
    if labels[-3:] == ["rds", "amazonaws", "com"] and len(labels) >= 4:
        return labels[-4]
    if labels[-2:] == ["on", "aws"] and len(labels) >= 4 and labels[-4] == "dsql":
        return labels[-3]
    return None


class AwsContext:
    """How to reach AWS: profile, region, endpoint override and botocore retry settings."""

    def __init__(
        self,
        *,
        region: str | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        retry_mode: str = "adaptive",
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    ) -> None:
        if retry_mode not in RETRY_MODES:
            raise OpsError(
                ExitCode.USAGE,
                f"--retry-mode must be one of {', '.join(RETRY_MODES)}, got {retry_mode!r}",
            )
        if max_attempts < 1:
            raise OpsError(ExitCode.USAGE, f"--max-attempts must be at least 1, got {max_attempts}")
        self.region = region
        self.profile = profile
        self.endpoint_url = endpoint_url
        self.config = Config(
            retries={"mode": retry_mode, "max_attempts": max_attempts},
            connect_timeout=10,
            read_timeout=30,
        )
        self._session: Any = None

    def session(self) -> Any:
        """The boto3 session (created once; a missing profile is bad input)."""
        if self._session is None:
            try:
                self._session = boto3.session.Session(
                    profile_name=self.profile, region_name=self.region
                )
            except botocore.exceptions.ProfileNotFound as exc:
                raise OpsError(
                    ExitCode.USAGE, f"--profile {self.profile!r} is not configured: {exc}"
                ) from None
        return self._session

    def client(self, service: str, *, region: str | None = None) -> Any:
        """A boto3 client with this context's retry configuration and endpoint override."""
        region_name = region or self.region or self.session().region_name
        if not region_name:
            raise OpsError(
                ExitCode.USAGE,
                "no AWS region: pass --region (or set AWS_REGION / a profile region)",
            )
        return self.session().client(
            service,
            region_name=region_name,
            endpoint_url=self.endpoint_url,
            config=self.config,
        )


def error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ClientError, else the exception class name."""
    if isinstance(exc, botocore.exceptions.ClientError):
        return str(exc.response.get("Error", {}).get("Code", "ClientError"))
    return type(exc).__name__


def classify_aws_error(exc: BaseException, what: str) -> OpsError:
    """Turn a botocore exception into one printable :class:`OpsError` line.

    ``what`` names the object being read (for example ``secret arn:…``); the AWS message is kept
    because it never contains secret values.
    """
    if isinstance(exc, botocore.exceptions.NoCredentialsError):
        return OpsError(
            ExitCode.ACCESS_DENIED,
            f"no AWS credentials found while reading {what} "
            "(set AWS_PROFILE / --profile, or environment credentials)",
            kind="access_denied",
        )
    if isinstance(
        exc, botocore.exceptions.EndpointConnectionError | botocore.exceptions.ConnectTimeoutError
    ):
        return OpsError(ExitCode.AWS_ERROR, f"cannot reach the AWS API while reading {what}: {exc}")
    if isinstance(exc, botocore.exceptions.ClientError):
        code = error_code(exc)
        message = str(exc.response.get("Error", {}).get("Message", "")).strip()
        detail = f"{code}: {message}" if message else code
        if code in ACCESS_DENIED_CODES:
            return OpsError(ExitCode.ACCESS_DENIED, f"access denied reading {what} ({detail})")
        return OpsError(ExitCode.AWS_ERROR, f"AWS error reading {what} ({detail})")
    if isinstance(exc, botocore.exceptions.BotoCoreError):
        return OpsError(ExitCode.AWS_ERROR, f"AWS error reading {what}: {exc}")
    raise exc
