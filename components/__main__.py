"""Plugin entry point of the `aurora-platform` Pulumi component package.

The Pulumi language host runs `python <this folder>` when a consumer adds the package
(`pulumi package add <repository>/components@v<version>`) or deploys a program that uses it.
`component_provider_host` serves the components below over the provider protocol; their schema
is inferred from the `args` TypedDicts and the output annotations (`scripts/gen-schema` writes
the same schema to `schema.json`).

Importing this file hosts nothing: the host starts only under `if __name__ == "__main__"`.
"""

from pulumi import ComponentResource
from pulumi.provider.experimental import component_provider_host

from aurora_components import (
    Alarms,
    AuroraCluster,
    AuroraPlatform,
    DatabaseProxy,
    DsqlCluster,
    Encryption,
    Network,
)
from aurora_components._version import __version__

PACKAGE_NAME = "aurora-platform"
"""Package name: the first part of every type token and the name of the generated SDKs."""

COMPONENTS: list[type[ComponentResource]] = [
    AuroraPlatform,
    AuroraCluster,
    DatabaseProxy,
    DsqlCluster,
    Encryption,
    Network,
    Alarms,
]
"""The public components, in the order they appear in the schema (the composed one first)."""


def main() -> None:
    """Serve the components over the Pulumi provider protocol until the engine stops us."""
    component_provider_host(COMPONENTS, PACKAGE_NAME, version=__version__)


if __name__ == "__main__":
    main()
