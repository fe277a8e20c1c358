"""The version of the aurora-components distribution and of the aurora-platform Pulumi package.

This is the single source of truth: `pyproject.toml` reads it through hatchling
(`[tool.hatch.version]`), `components/__main__.py` passes it to `component_provider_host`, and
`scripts/gen-schema` writes it into `components/schema.json`. Bump it with a `CHANGELOG.md` entry.
"""

__version__ = "0.2.0"
