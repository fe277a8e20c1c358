"""Operating a deployed stack: ``auroractl env``, ``auroractl health`` and ``auroractl audit``.

``env`` turns stack outputs into the application's DATABASE_* environment, ``health`` connects
the way an application does (TLS verify-full, Secrets Manager or IAM credentials) and
``audit`` reads the live account and evaluates the same guardrails as the policy pack.
"""

from auroractl.ops.errors import ExitCode, OpsError

__all__ = ["ExitCode", "OpsError"]
