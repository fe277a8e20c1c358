"""What a provider SDK declares: the Python class of a resource type or invoke result, and its
properties by wire name with their Python types.

Generated Pulumi SDKs register every resource module with the runtime
(``pulumi.runtime.register_resource_module``, whose ``mod_info`` names the Python package and
the class of each type token); invoke results are ``@pulumi.output_type`` classes in the
function's module. The engine depends on no provider package: it reads whatever packages the
program imported.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from typing import Any, Final

from pulumi import _types
from pulumi.runtime import rpc

__all__ = [
    "PropertyTypes",
    "declared_properties",
    "invoke_result_types",
    "output_only_properties",
    "output_type_fields",
    "resource_class",
]

PropertyTypes = dict[str, Any]
"""Wire (camelCase) property name -> the Python type the SDK declares (``Output``/``Optional``
unwrapped), e.g. ``{"address": str, "masterUserSecrets": Sequence[InstanceMasterUserSecret]}``."""

_NOT_OUTPUTS: Final = frozenset({"id", "urn"})


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@functools.cache
def resource_class(type_: str) -> type | None:
    """The SDK class registered for a resource type token (``aws:rds/instance:Instance``), or
    ``None`` when no imported package registered it."""
    parts = type_.split(":")
    if len(parts) != 3:
        return None
    registry: dict[str, list[Any]] = getattr(rpc, "_RESOURCE_MODULES", {})
    for module in registry.get(f"{parts[0]}:{parts[1]}", []):
        info = getattr(module, "mod_info", None)
        if not isinstance(info, dict):
            continue
        class_name = (info.get("classes") or {}).get(type_)
        fqn = info.get("fqn")
        if not class_name or not fqn:
            continue
        try:
            cls = getattr(importlib.import_module(fqn), class_name, None)
        except ImportError:
            continue
        if isinstance(cls, type):
            return cls
    return None


def _declared(cls: type, reader: Any) -> PropertyTypes:
    try:
        return dict(reader(cls))
    except Exception:  # an SDK whose annotations do not resolve: no declared properties
        return {}


@functools.cache
def declared_properties(type_: str) -> PropertyTypes:
    """Every property the resource class declares (inputs and outputs), except ``id``/``urn``."""
    cls = resource_class(type_)
    if cls is None:
        return {}
    declared = _declared(cls, _types.resource_types)
    return {k: v for k, v in declared.items() if k not in _NOT_OUTPUTS}


@functools.cache
def output_only_properties(type_: str) -> PropertyTypes:
    """Properties the resource class declares that its ``<Class>Args`` does not take: what
    the provider computes (``arn``, ``address``, ``endpoint``, ``dnsName``, ``tagsAll``)."""
    cls = resource_class(type_)
    if cls is None:
        return {}
    declared = declared_properties(type_)
    args = getattr(sys.modules.get(cls.__module__), f"{cls.__name__}Args", None)
    inputs: set[str] = set()
    if isinstance(args, type):
        try:
            inputs = set(_types.input_type_py_to_pulumi_names(args).values())
        except Exception:
            inputs = set()
    return {k: v for k, v in declared.items() if k not in inputs}


def output_type_fields(cls: Any) -> PropertyTypes | None:
    """Fields of a ``@pulumi.output_type`` class by wire name; ``None`` for other types."""
    if not isinstance(cls, type) or not _types.is_output_type(cls):
        return None
    return _declared(cls, _types.output_type_types)


@functools.cache
def invoke_result_types(token: str) -> PropertyTypes:
    """Fields of an invoke's result class (``aws:ec2/getVpc:getVpc`` -> ``GetVpcResult``
    in ``pulumi_aws.ec2.get_vpc``); empty when the package or class is not found."""
    parts = token.split(":")
    if len(parts) != 3:
        return {}
    package, module, function = parts
    folder = module.split("/")[0]
    root = f"pulumi_{package.replace('-', '_')}"
    path = root if folder == "index" else f"{root}.{_snake(folder)}"
    try:
        py_module = importlib.import_module(f"{path}.{_snake(function)}")
    except ImportError:
        return {}
    result = getattr(py_module, f"{function[:1].upper()}{function[1:]}Result", None)
    return output_type_fields(result) or {}
