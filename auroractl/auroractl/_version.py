"""The version of the auroractl distribution: the single source `pyproject.toml` reads through
hatchling (`[tool.hatch.version]`) and `auroractl --version` prints. Bump it with a
`CHANGELOG.md` entry."""

__version__ = "0.2.0"
