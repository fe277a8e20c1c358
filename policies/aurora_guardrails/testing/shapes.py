"""The four shapes in which the engine shows a resource to a policy.

- `update-input`: the program's inputs as the SDK sends them, every value known;
- `update-checked`: the same after the provider's `Check` filled its documented defaults
  (`provider_defaults.PROVIDER_DEFAULTS`). The engine sends an analyzer the inputs `Check`
  returned (pulumi/pulumi `pkg/resource/deploy/step_generator.go`, `continueStepsFromImport`:
  `inputs = resp.Properties`, then `AnalyzerResource{Properties: inputs}`), while runners without
  a provider (the mock engine, the audit command) send the program's inputs as written;
- `preview-input` / `preview-checked`: the same during a preview, where inputs that come from
  other resources' outputs (`COMPUTED_INPUTS`: key ARNs, group ids, subnet group names) are the
  engine's unknown sentinels.

A `Computed(value)` anywhere in props is unknown in preview and `value` in an update.
`shaped(type_, props, shape)` turns a resource written in the update-input shape into any of
them; keys a test case changed on purpose (`keep`) keep the case's value. For stacks,
`stack_shaped(resources, shape)` (shape `"preview"` or `"update"`) fills the provider defaults and
turns the outputs linked by property dependencies into unknowns (preview) or into the linked
resource's id (update).

The sentinels are the typed strings `pulumi_policy` (`pulumi_policy/proxy.py`) recognises as
unknown: reading one through the SDK's unknown-checking proxy raises `UnknownValueError`, which
the SDK reports as "can't run policy ... during preview".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

from pulumi_policy.proxy import (
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_STRING_VALUE,
)

from aurora_guardrails import tokens as t
from aurora_guardrails.props import UNKNOWN_SENTINELS
from aurora_guardrails.testing.provider_defaults import PROVIDER_DEFAULTS

__all__ = [
    "COMPUTED_INPUTS",
    "SHAPES",
    "STACK_SHAPES",
    "U_ARR",
    "U_BOOL",
    "U_NUM",
    "U_STR",
    "Computed",
    "Shape",
    "StackShape",
    "expected_for",
    "shaped",
    "stack_shaped",
]

Shape = Literal["update-input", "update-checked", "preview-input", "preview-checked"]
StackShape = Literal["preview", "update"]

SHAPES: tuple[Shape, ...] = ("update-input", "update-checked", "preview-input", "preview-checked")
STACK_SHAPES: tuple[StackShape, ...] = ("preview", "update")

U_STR: str = UNKNOWN_STRING_VALUE
U_BOOL: str = UNKNOWN_BOOLEAN_VALUE
U_NUM: str = UNKNOWN_NUMBER_VALUE
U_ARR: str = UNKNOWN_ARRAY_VALUE

_KEY_ARNS = {
    "kmsKeyId": U_STR,
    "masterUserSecretKmsKeyId": U_STR,
    "performanceInsightsKmsKeyId": U_STR,
}
_DB_LINKS = {
    **_KEY_ARNS,
    "monitoringRoleArn": U_STR,
    "dbSubnetGroupName": U_STR,
    "vpcSecurityGroupIds": U_ARR,
}

COMPUTED_INPUTS: dict[str, dict[str, str]] = {
    t.CLUSTER: {**_DB_LINKS, "dbClusterParameterGroupName": U_STR},
    t.CLUSTER_INSTANCE: {
        "clusterIdentifier": U_STR,
        "monitoringRoleArn": U_STR,
        "performanceInsightsKmsKeyId": U_STR,
        "dbParameterGroupName": U_STR,
    },
    t.RDS_INSTANCE: {**_DB_LINKS, "parameterGroupName": U_STR},
    t.PROXY: {"roleArn": U_STR, "vpcSubnetIds": U_ARR, "vpcSecurityGroupIds": U_ARR},
    t.PROXY_DEFAULT_TARGET_GROUP: {"dbProxyName": U_STR},
    t.SECRET: {"kmsKeyId": U_STR},
    t.SECRET_ROTATION: {"secretId": U_STR, "rotationLambdaArn": U_STR},
    t.SECURITY_GROUP: {"vpcId": U_STR},
    t.SECURITY_GROUP_RULE: {"securityGroupId": U_STR, "sourceSecurityGroupId": U_STR},
    t.VPC_INGRESS_RULE: {"securityGroupId": U_STR, "referencedSecurityGroupId": U_STR},
    t.SUBNET: {"vpcId": U_STR},
    t.LOG_GROUP: {"kmsKeyId": U_STR},
    t.IAM_ROLE_POLICY: {"role": U_STR},
    t.DSQL_CLUSTER: {"kmsEncryptionKey": U_STR},
    t.DSQL_CLUSTER_POLICY: {"identifier": U_STR},
}
"""Type token → inputs usually fed by another resource's output → the sentinel seen in preview."""


class Computed(NamedTuple):
    """A value computed from other resources' outputs: unknown in preview, `value` in an update.

    Place it anywhere in a fixture's props (e.g. a policy document built with `apply`).
    """

    value: Any


def _resolve(value: Any, preview: bool) -> Any:
    if isinstance(value, Computed):
        if not preview:
            return value.value
        return U_ARR if isinstance(value.value, list) else _unknown_of(value.value)
    if isinstance(value, list):
        return [_resolve(v, preview) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, preview) for k, v in value.items()}
    return value


def _unknown_of(value: Any) -> str:
    if isinstance(value, bool):
        return U_BOOL
    if isinstance(value, int | float):
        return U_NUM
    return U_STR


def shaped(
    type_: str, props: Mapping[str, Any], shape: Shape, keep: Iterable[str] = ()
) -> dict[str, Any]:
    """`props` (update-input shape) in `shape`; top-level keys in `keep` keep their value."""
    if shape not in SHAPES:
        raise ValueError(f"shape {shape!r} is not one of {', '.join(SHAPES)}")
    kept = {key.split(".", 1)[0] for key in keep}
    out: dict[str, Any] = _resolve(dict(props), shape.startswith("preview-"))
    if shape.endswith("-checked"):
        defaults = PROVIDER_DEFAULTS.get(type_, {})
        out = {**{k: v for k, v in defaults.items() if k not in out}, **out}
    if shape.startswith("preview-"):
        for key, unknown in COMPUTED_INPUTS.get(type_, {}).items():
            if out.get(key) is not None and key not in kept:
                out[key] = unknown
    return out


def expected_for(expected: Any, shape: str) -> Any:
    """A case's expectation in `shape`: the value itself, or a per-shape mapping.

    A mapping is looked up by the full shape name, then by its halves (`"checked"`, `"input"`,
    `"preview"`, `"update"`); a shape it does not cover raises `KeyError`.
    """
    if not isinstance(expected, Mapping):
        return expected
    for key in (shape, *shape.split("-")[::-1]):
        if key in expected:
            return expected[key]
    raise KeyError(f"expectation {dict(expected)!r} does not cover shape {shape!r}")


def _is_unknown(value: Any) -> bool:
    return isinstance(value, str) and value in UNKNOWN_SENTINELS


def _known(value: Any, ids: list[str]) -> Any:
    """`value` with its unknowns replaced by `ids` in order (the last repeats)."""
    if _is_unknown(value):
        return ids if value == U_ARR else ids[0]
    if isinstance(value, list):
        out: list[Any] = []
        for index, item in enumerate(value):
            out.append(_known(item, [ids[min(index, len(ids) - 1)]]))
        return out
    if isinstance(value, dict):
        return {k: _known(v, ids) for k, v in value.items()}
    return value


def _unknown(value: Any) -> Any:
    """A linked string, or each string of a linked list, unknown; nested values stay."""
    if isinstance(value, str):
        return U_STR
    if isinstance(value, list):
        return [U_STR if isinstance(item, str) else item for item in value]
    return value


def known_id(type_: str, name: str) -> str:
    """The id (or ARN, for types linked by ARN) a resource gets once created."""
    service, kind = type_.split(":")[1].split("/")
    if service in {"kms", "secretsmanager", "iam", "dsql"}:
        return f"arn:aws:{service}:us-east-1:123456789012:{kind.lower()}/{name}"
    return f"{kind.lower()}-{name}"


def _output_id(resource: Mapping[str, Any]) -> str:
    """The value a link to `resource` resolves to: its `arn` or `id` output, else `known_id`."""
    props = resource.get("props", {})
    for key in ("arn", "id"):
        value = props.get(key)
        if isinstance(value, Computed):
            value = value.value
        if isinstance(value, str) and not _is_unknown(value):
            return value
    return known_id(resource["type"], resource["name"])


def stack_shaped(resources: Iterable[Mapping[str, Any]], shape: StackShape) -> list[dict[str, Any]]:
    """Resources built with `res(..., deps=...)` as a preview or an update shows them.

    Both shapes carry the provider's documented defaults, as the engine's stack analysis sees
    checked inputs and outputs. Preview: every string (or list of strings) linked by a property
    dependency is unknown;
    nested values keep what the fixture wrote. Update: every unknown in a
    linked input becomes the linked resources' ids (`known_id`); an unknown left anywhere else
    raises `ValueError`, since an update has none.
    """
    if shape not in STACK_SHAPES:
        raise ValueError(f"stack shape {shape!r} is not one of {', '.join(STACK_SHAPES)}")
    items = [dict(r) for r in resources]
    ids = {r["name"]: _output_id(r) for r in items}
    for r in items:
        props: dict[str, Any] = _resolve(dict(r["props"]), shape == "preview")
        for key, names in r.get("_deps", {}).items():
            if key not in props:
                continue
            if shape == "preview":
                props[key] = _unknown(props[key])
            else:
                props[key] = _known(props[key], [ids[n] for n in names])
        defaults = PROVIDER_DEFAULTS.get(r["type"], {})
        props = {**{k: v for k, v in defaults.items() if k not in props}, **props}
        if shape == "update":
            left = sorted(k for k, v in props.items() if _has_unknown(v))
            if left:
                raise ValueError(f"{r['name']}: unknown {', '.join(left)} without a dependency")
        r["props"] = props
    return items


def _has_unknown(value: Any) -> bool:
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    if isinstance(value, dict):
        return any(_has_unknown(v) for v in value.values())
    return _is_unknown(value)
