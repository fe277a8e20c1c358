"""Defaults and choices of the ops commands, with no third-party imports.

``auroractl.ops.cli`` builds its argument parsers from these, so registering ``env``,
``health`` and ``audit`` (which every ``auroractl`` run does) imports neither boto3 nor
psycopg; the handlers import the modules that need them when they run.
"""

from __future__ import annotations

DEFAULT_MAX_ATTEMPTS = 8
"""botocore attempts per call (throttling and transient errors are retried by botocore)."""

RETRY_MODES = ("adaptive", "standard", "legacy")
"""botocore retry modes accepted by ``--retry-mode``."""

FORMATS = ("dotenv", "json")
"""Output formats of ``auroractl env``."""

AUTH_MODES = ("secret", "iam", "dsql", "dsql-admin")
"""Credential sources of ``auroractl health``."""
DEFAULT_TIMEOUT_SECONDS = 20.0
"""Per-attempt connect timeout: above the ~15 s typical resume from 0 ACU."""
DEFAULT_STATEMENT_TIMEOUT_SECONDS = 10.0
"""How long one health query may go unanswered once connected."""
DEFAULT_DEADLINE_SECONDS = 300.0
"""The whole ``health`` check, every attempt and wait included (the default retries fit)."""
DEFAULT_RETRIES = 6
"""Retries after the first attempt: with the default backoff they span more than 60 s."""
DEFAULT_BACKOFF_SECONDS = 2.0
"""Delay before the first retry; doubled each time up to :data:`MAX_BACKOFF_SECONDS`."""
MAX_BACKOFF_SECONDS = 16.0
"""The longest delay between two connection attempts, the first one included."""
