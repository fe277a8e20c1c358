"""`aurora_guardrails.pack`: the servicer that decodes each request once, and what it relies on.

The pins below fail when pulumi_policy changes the code the pack mirrors or the private names it
calls; the parity tests compare its responses with the stock servicer's, byte for byte.
"""

from __future__ import annotations

import hashlib
import inspect
from importlib import metadata
from typing import Any

import pulumi_policy.policy as sdk
import pytest
from aurora_guardrails import StackView, all_policies
from aurora_guardrails.cost import from_policy_resources
from aurora_guardrails.pack import SharedDecodeServicer, internals_problem
from aurora_guardrails.shared import request_scope, shared
from google.protobuf import struct_pb2
from pulumi.runtime import proto
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import PolicyCustomTimeouts
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

PINNED_VERSION = "1.21.0"
#: sha256 of the stock servicer methods SharedDecodeServicer mirrors (inspect.getsource).
PINNED_SOURCES = {
    "Analyze": "75db9cf8fc9d158596909b9b3f77bf48815990a6f513f2bb35728a67e4d8a515",
    "AnalyzeStack": "3917a008482c2387d7da37f65d889970933e8df8efc57270559e20b36be837bf",
    "_get_provider_resource": "5db736069fc8d3d65e220ee75143faa1d2603982f5fcb3e96cbfc6d3e82ebdd7",
    "_create_report_violation": "0be23b1e3ebae61589040c8822e60491a5a14fad4d38bb5d381d2d9cbe2d8154",
}
SECRET = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}


def _source_digest(name: str) -> str:
    source = inspect.getsource(getattr(sdk._PolicyAnalyzerServicer, name))
    return hashlib.sha256(source.encode()).hexdigest()


class TestPins:
    """What the pack takes from pulumi_policy is still there, unchanged."""

    def test_pulumi_policy_is_the_pinned_version(self) -> None:
        """A new pulumi_policy needs the checks below re-read, whatever they say."""
        installed = metadata.version("pulumi-policy")
        assert installed == PINNED_VERSION, (
            f"pulumi_policy {installed} is installed; aurora_guardrails.pack mirrors "
            f"{PINNED_VERSION}'s servicer. Compare the new Analyze/AnalyzeStack with "
            "aurora_guardrails.pack.SharedDecodeServicer, carry changes over, then update the pins."
        )

    def test_private_names_the_servicer_calls_exist(self) -> None:
        """The class, its helper methods and private attributes, PolicyPack building it by name."""
        assert internals_problem() is None, internals_problem()

    @pytest.mark.parametrize("name", sorted(PINNED_SOURCES))
    def test_the_mirrored_stock_code_is_unchanged(self, name: str) -> None:
        """SharedDecodeServicer copies these loops; a change upstream must be carried over."""
        assert _source_digest(name) == PINNED_SOURCES[name], (
            f"pulumi_policy changed _PolicyAnalyzerServicer.{name}: compare it with "
            f"aurora_guardrails.pack.SharedDecodeServicer, carry the change over, then set "
            f"PINNED_SOURCES[{name!r}] = {_source_digest(name)!r}"
        )

    def test_a_missing_helper_is_detected(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """When pulumi_policy renames a helper, the pack knows (and serves the stock way)."""

        class Renamed(sdk._PolicyAnalyzerServicer):  # type: ignore[misc]
            _get_policy_config = None

        monkeypatch.setattr(sdk, "_PolicyAnalyzerServicer", Renamed)
        assert internals_problem() == "pulumi_policy's servicer lacks _get_policy_config"


# --- parity with the stock servicer --------------------------------------------------------


def _reads_unknown(args: ResourceValidationArgs, report: Any) -> None:
    if args.resource_type == "aws:rds/cluster:Cluster":
        report(f"arn {args.props['arn']}")


def _not_applicable(args: ResourceValidationArgs, report: Any) -> None:
    args.not_applicable("never here")


async def _async_check(args: ResourceValidationArgs, report: Any) -> None:
    provider = args.provider.name if args.provider else None
    report(f"async saw {args.name} with {sorted(args.props)[:2]} provider {provider}")


def _stack_unknown(args: StackValidationArgs, report: Any) -> None:
    for r in args.resources:
        if r.resource_type == "aws:rds/cluster:Cluster":
            report(f"id {r.props['id']}", r.urn)


def _foreign_policies() -> list[Policy]:
    """Policies from another library composed into the same pack."""
    return [
        ResourceValidationPolicy("reads-unknown", "Reads an unknown.", _reads_unknown),
        ResourceValidationPolicy("not-applicable", "Not applicable.", _not_applicable),
        ResourceValidationPolicy("async-check", "Async.", _async_check),
        ResourceValidationPolicy("remediate-only", "Fixes only.", remediate=lambda args: None),
        StackValidationPolicy("stack-unknown", "Stack reads an unknown.", _stack_unknown),
    ]


def _struct(values: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


URN = "urn:pulumi:dev::aurora-platform::"
RESOURCES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "aws:rds/cluster:Cluster",
        "db",
        {
            "engine": "aurora-postgresql",
            "storageEncrypted": False,
            "kmsKeyId": UNKNOWN_STRING_VALUE,
            "arn": UNKNOWN_STRING_VALUE,
            "id": UNKNOWN_STRING_VALUE,
            "masterPassword": {**SECRET, "value": "not-a-real-password"},
            "serverlessv2ScalingConfiguration": {"minCapacity": 0, "maxCapacity": 2},
            "port": 5432,
        },
    ),
    ("aws:rds/clusterInstance:ClusterInstance", "db-1", {"instanceClass": "db.r6g.large"}),
    ("aws:rds/proxy:Proxy", "proxy", {"requireTls": False, "debugLogging": True}),
    ("aws:kms/key:Key", "key", {"enableKeyRotation": False}),
    ("aws:ec2/securityGroup:SecurityGroup", "sg", {"ingress": [{"cidrBlocks": ["0.0.0.0/0"]}]}),
    ("aws:s3/bucket:Bucket", "other", {}),
]


def _analyze_request(type_: str, name: str, props: dict[str, Any]) -> Any:
    request = proto.AnalyzeRequest(
        type=type_, urn=f"{URN}{type_}::{name}", name=name, properties=_struct(props)
    )
    request.options.protect = name == "db"
    request.provider.CopyFrom(
        proto.AnalyzerProviderResource(
            type="pulumi:providers:aws",
            urn=f"{URN}pulumi:providers:aws::default",
            name="default",
            properties=_struct({"region": "us-east-1"}),
        )
    )
    return request


def _stack_request() -> Any:
    request = proto.AnalyzeStackRequest()
    for type_, name, props in RESOURCES:
        single = _analyze_request(type_, name, props)
        resource = request.resources.add(
            type=type_, urn=single.urn, name=name, properties=single.properties
        )
        resource.provider.CopyFrom(single.provider)
        if type_ == "aws:rds/clusterInstance:ClusterInstance":
            resource.propertyDependencies["clusterIdentifier"].urns.append(request.resources[0].urn)
            resource.dependencies.append(request.resources[0].urn)
            resource.parent = request.resources[0].urn
    return request


def _configure(servicer: Any) -> None:
    request = proto.ConfigureAnalyzerRequest()
    levels = {
        "aurora-cmk": proto.DISABLED,
        "proxy-require-tls": proto.REMEDIATE,
        "aurora-acu-bounds": proto.ADVISORY,
        "reads-unknown": proto.MANDATORY,
        "stack-unknown": proto.MANDATORY,
        "aurora-multi-az": proto.ADVISORY,
    }
    for name, level in levels.items():
        request.policyConfig[name].enforcementLevel = level
    request.policyConfig["aurora-multi-az"].properties.update({"minInstances": 3})
    servicer.Configure(request, None)


def _servicers() -> list[Any]:
    built = []
    for cls in (sdk._PolicyAnalyzerServicer, SharedDecodeServicer):
        servicer = cls(
            "aurora-guardrails",
            "0.1.0",
            [*all_policies(), *_foreign_policies()],
            EnforcementLevel.MANDATORY,
        )
        _configure(servicer)
        built.append(servicer)
    return built


@pytest.mark.parametrize(("type_", "name", "props"), RESOURCES, ids=[r[1] for r in RESOURCES])
def test_analyze_answers_exactly_as_the_stock_servicer(
    type_: str, name: str, props: dict[str, Any]
) -> None:
    """Same diagnostics (levels, "can't run … during preview"), not-applicable answers, order."""
    stock, ours = _servicers()
    request = _analyze_request(type_, name, props)
    expected = stock.Analyze(request, None)
    got = ours.Analyze(request, None)
    assert expected.diagnostics or expected.not_applicable  # the case exercises something
    assert got.SerializeToString(deterministic=True) == expected.SerializeToString(
        deterministic=True
    )


def test_analyze_stack_answers_exactly_as_the_stock_servicer() -> None:
    """Same stack diagnostics, with parents, dependencies and property dependencies linked."""
    stock, ours = _servicers()
    request = _stack_request()
    expected = stock.AnalyzeStack(request, None)
    got = ours.AnalyzeStack(request, None)
    assert any(d.policyName == "stack-unknown" for d in expected.diagnostics)
    assert got.SerializeToString(deterministic=True) == expected.SerializeToString(
        deterministic=True
    )


# --- sharing -------------------------------------------------------------------------------


def _policy_resources() -> list[PolicyResource]:
    opts = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)
    return [
        PolicyResource(
            t, {"region": "us-east-1", **p}, f"{URN}{t}::{n}", n, opts, None, None, [], {}
        )
        for t, n, p in RESOURCES
    ]


def test_views_of_one_resource_list_share_their_index_within_a_request() -> None:
    """Every stack policy builds its own StackView; within a request they share the work."""
    resources = _policy_resources()
    with request_scope():
        first, second = StackView(resources), StackView(resources)
        assert first.props(resources[0]) is second.props(resources[0])
        assert from_policy_resources(resources)[0] is from_policy_resources(resources)[0]
        assert StackView(list(resources)).props(resources[0]) is not first.props(resources[0])
    first, second = StackView(resources), StackView(resources)
    assert first.props(resources[0]) is not second.props(resources[0])


def test_shared_builds_once_per_source_and_kind() -> None:
    """Outside a scope every call builds; inside, once per (kind, object)."""
    calls: list[int] = []
    source, other = object(), object()

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert shared("k", source, build) == 1
    assert shared("k", source, build) == 2
    with request_scope():
        assert [shared("k", source, build) for _ in range(3)] == [3, 3, 3]
        assert shared("k", other, build) == 4
        assert shared("j", source, build) == 5
