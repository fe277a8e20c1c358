"""Plugin entry point of the `aurora-platform` Pulumi component package.

The Pulumi language host runs `python <this folder>` when a consumer adds the package
(`pulumi package add <repository>/components@v<version>`) or deploys a program that uses it.
`component_provider_host` serves the components below over the provider protocol; their schema
is inferred from the `args` TypedDicts and the output annotations (`scripts/gen-schema` writes
the same schema to `schema.json`).

Importing this file hosts nothing: the host starts only under `if __name__ == "__main__"`.
"""

import inspect
import sys
import typing
from typing import Any

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
from pulumi import ComponentResource
from pulumi.provider.experimental import component_provider_host

PACKAGE_NAME = "aurora-platform"
"""Package name: the first part of every type token and the name of the generated SDKs."""


def resolve_annotations(
    components: list[type[ComponentResource]],
) -> list[type[ComponentResource]]:
    """Evaluate postponed annotations so the Pulumi analyzer sees types, not strings.

    The analyzer reads `inspect.get_annotations(__init__)["args"]`, the class-level output
    annotations and each TypedDict's `__annotations__` without evaluating them; under
    `from __future__ import annotations` those are strings (or `ForwardRef`s in TypedDicts) and
    the schema cannot be inferred. This replaces them with the evaluated types, once, in this
    process only; with evaluated annotations it changes nothing.
    """
    done: set[Any] = set()

    def walk(hint: Any) -> None:
        if typing.is_typeddict(hint) and hint not in done:
            done.add(hint)
            namespace = vars(sys.modules[hint.__module__])
            hint.__annotations__ = {
                key: eval(value.__forward_arg__, namespace)  # annotations of our own modules
                if isinstance(value, typing.ForwardRef)
                else value
                for key, value in hint.__annotations__.items()
            }
            for nested in hint.__annotations__.values():
                walk(nested)
        for arg in typing.get_args(hint):
            walk(arg)

    for component in components:
        init: Any = component.__init__
        init.__annotations__ = inspect.get_annotations(init, eval_str=True)
        component.__annotations__ = inspect.get_annotations(component, eval_str=True)
        for hint in [*init.__annotations__.values(), *component.__annotations__.values()]:
            walk(hint)
    return components


COMPONENTS: list[type[ComponentResource]] = resolve_annotations(
    [
        AuroraPlatform,
        AuroraCluster,
        DatabaseProxy,
        DsqlCluster,
        Encryption,
        Network,
        Alarms,
    ]
)
"""The public components, in the order they appear in the schema (the composed one first)."""


def main() -> None:
    """Serve the components over the Pulumi provider protocol until the engine stops us."""
    component_provider_host(COMPONENTS, PACKAGE_NAME, version=__version__)


if __name__ == "__main__":
    main()
