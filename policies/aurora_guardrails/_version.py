"""The version of the aurora-guardrails distribution and of the aurora-guardrails policy pack.

This is the single source of truth: `pyproject.toml` reads it through hatchling
(`[tool.hatch.version]`); `policies/PulumiPolicy.yaml` carries the same `version` (checked by a
test). Bump it with a `CHANGELOG.md` entry.
"""

__version__ = "0.1.0"
