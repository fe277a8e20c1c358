"""Test harness for the component library: strict mocks plus a recording monitor.

Imported by ``conftest.py`` (which puts this folder on ``sys.path``) and by the tests.

One event loop and one fresh mock monitor per test; the Pulumi runtime is reset before and
after each test. Every registration is recorded with its parent, dependencies and options.
An invoke the mocks do not know raises, which fails the test.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pulumi
import pytest
from pulumi.runtime import settings
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

REGION = "us-east-1"
ACCOUNT = "123456789012"
AZ_NAMES = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]
PROJECT = "aurora-platform"
STACK = "test"

T = TypeVar("T", bound=pulumi.ComponentResource)


def _hex(seed: str, length: int = 17) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


@dataclass
class Registration:
    """One RegisterResource call as the engine would see it."""

    type: str
    name: str
    urn: str
    custom: bool
    parent: str
    protect: bool
    dependencies: list[str]
    property_dependencies: dict[str, list[str]]
    ignore_changes: list[str]
    provider: str
    inputs: dict[str, Any]
    state: dict[str, Any] = field(default_factory=dict)


class AwsMocks(Mocks):
    """Realistic provider state for the resource types the components create."""

    def __init__(self) -> None:
        self.calls: list[MockCallArgs] = []
        # Keyed by (type, name): registrations nest (the SDK pumps the loop inside a call), so
        # "the last one" is not necessarily the one being answered.
        self.seen: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}

    def call(self, args: MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        self.calls.append(args)
        token = args.token
        if token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            result: dict[str, Any] = {
                "names": AZ_NAMES,
                "zoneIds": [f"use1-az{i}" for i in range(1, len(AZ_NAMES) + 1)],
                "groupNames": [REGION],
                "id": REGION,
                "state": args.args.get("state"),
            }
        elif token == "aws:index/getCallerIdentity:getCallerIdentity":
            result = {
                "accountId": ACCOUNT,
                "arn": f"arn:aws:iam::{ACCOUNT}:user/ci",
                "userId": "AIDAEXAMPLEUSERID",
                "id": ACCOUNT,
            }
        elif token == "aws:index/getRegion:getRegion":
            result = {
                "region": REGION,
                "name": REGION,
                "id": REGION,
                "description": "US East (N. Virginia)",
                "endpoint": f"ec2.{REGION}.amazonaws.com",
            }
        elif token == "aws:index/getPartition:getPartition":
            result = {
                "partition": "aws",
                "dnsSuffix": "amazonaws.com",
                "reverseDnsPrefix": "com.amazonaws",
                "id": "aws",
            }
        else:
            raise AssertionError(f"unexpected invoke {token!r} with args {args.args!r}")
        return result

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        inputs = dict(args.inputs)
        if not args.custom:
            self.seen[(args.typ, args.name)] = (inputs, {})
            return None, {}
        rid, state = self._state(args.typ, args.name, inputs)
        self.seen[(args.typ, args.name)] = (inputs, state)
        return rid, state

    def _state(self, typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        state = dict(inputs)
        h = _hex(typ + name)
        service = typ.split(":")[1].split("/")[0]
        rid = f"{name}-{h[:8]}"
        arn = f"arn:aws:{service}:{REGION}:{ACCOUNT}:{name}"
        if typ == "aws:kms/key:Key":
            rid = f"{h[:8]}-{h[8:12]}-4{h[12:15]}-8{h[15:17]}a-{_hex(name, 12)}"
            arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{rid}"
            state["keyId"] = rid
        elif typ == "aws:kms/alias:Alias":
            rid = inputs["name"]
            arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:{rid}"
        elif typ == "aws:ec2/vpc:Vpc":
            rid = f"vpc-{h}"
        elif typ == "aws:ec2/subnet:Subnet":
            rid = f"subnet-{h}"
        elif typ in (
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
        ):
            rid = f"sg-{h}"
        elif typ == "aws:ec2/routeTable:RouteTable":
            rid = f"rtb-{h}"
        elif typ == "aws:ec2/vpcEndpoint:VpcEndpoint":
            rid = f"vpce-{h}"
        elif typ == "aws:ec2/flowLog:FlowLog":
            rid = f"fl-{h}"
        elif typ.startswith("aws:vpc/securityGroup"):
            rid = f"sgr-{h}"
        elif typ == "aws:iam/role:Role":
            state.setdefault("name", f"{name}-{h[:7]}")
            rid = state["name"]
            arn = f"arn:aws:iam::{ACCOUNT}:role/{rid}"
        elif typ == "aws:cloudwatch/logGroup:LogGroup":
            rid = inputs["name"]
            arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{rid}"
        elif typ == "aws:sns/topic:Topic":
            state.setdefault("name", f"{name}-{h[:7]}")
            arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:{state['name']}"
            rid = arn
        elif typ == "aws:rds/subnetGroup:SubnetGroup":
            rid = inputs["name"]
            arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:subgrp:{rid}"
        elif typ == "aws:rds/clusterParameterGroup:ClusterParameterGroup":
            state.setdefault("name", f"{name}-{h[:7]}")
            rid = state["name"]
            arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster-pg:{rid}"
        elif typ == "aws:rds/cluster:Cluster":
            rid = inputs["clusterIdentifier"]
            arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:{rid}"
            state.update(
                endpoint=f"{rid}.cluster-c9akciq32.{REGION}.rds.amazonaws.com",
                readerEndpoint=f"{rid}.cluster-ro-c9akciq32.{REGION}.rds.amazonaws.com",
                port=inputs.get("port", 5432),
                clusterResourceId=f"cluster-{h.upper()}",
                masterUserSecrets=[
                    {
                        "secretArn": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:"
                        f"rds!cluster-{h[:8]}-AbCdEf",
                        "kmsKeyId": inputs.get("masterUserSecretKmsKeyId"),
                        "secretStatus": "active",
                    }
                ],
            )
        elif typ == "aws:rds/clusterInstance:ClusterInstance":
            rid = inputs["identifier"]
            arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{rid}"
            state.update(
                endpoint=f"{rid}.c9akciq32.{REGION}.rds.amazonaws.com",
                writer=inputs.get("promotionTier") == 0,
            )
        elif typ == "aws:rds/proxy:Proxy":
            rid = inputs["name"]
            arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:db-proxy:prx-{h}"
            state["endpoint"] = f"{rid}.proxy-c9akciq32.{REGION}.rds.amazonaws.com"
        elif typ == "aws:rds/proxyEndpoint:ProxyEndpoint":
            rid = inputs["dbProxyEndpointName"]
            arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:db-proxy-endpoint:prx-endpoint-{h}"
            state["endpoint"] = f"{rid}.endpoint.proxy-c9akciq32.{REGION}.rds.amazonaws.com"
        elif typ == "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup":
            rid = inputs["dbProxyName"]
            state["name"] = "default"
            arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:target-group:prx-tg-{h}"
        elif typ == "aws:cloudwatch/metricAlarm:MetricAlarm":
            rid = inputs.get("name", name)
            arn = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{rid}"
        state.setdefault("arn", arn)
        state["id"] = rid
        return rid, state


class RecordingMonitor(MockMonitor):
    """A mock monitor that also records every registration's options."""

    def __init__(self, mocks: AwsMocks) -> None:
        super().__init__(mocks)
        self.aws = mocks
        self.registrations: list[Registration] = []

    def RegisterResource(self, request: Any) -> Any:
        if request.type == "pulumi:pulumi:Stack":
            return super().RegisterResource(request)  # type: ignore[no-untyped-call]
        # Appended before answering, so the list keeps request order even though the SDK
        # may answer nested registrations first.
        registration = Registration(
            type=request.type,
            name=request.name,
            urn="",
            custom=bool(request.custom),
            parent=request.parent,
            protect=bool(request.protect),
            dependencies=list(request.dependencies),
            property_dependencies={
                key: list(value.urns) for key, value in request.propertyDependencies.items()
            },
            ignore_changes=list(request.ignoreChanges),
            provider=request.provider,
            inputs={},
        )
        self.registrations.append(registration)
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        registration.urn = response.urn
        registration.inputs, registration.state = self.aws.seen[(request.type, request.name)]
        return response

    # --- query helpers for the tests ---------------------------------------------------

    def of_type(self, typ: str) -> list[Registration]:
        """All registrations of one type, in registration order."""
        return [r for r in self.registrations if r.type == typ]

    def one(self, typ: str) -> Registration:
        """The single registration of a type (fails when there are 0 or several)."""
        found = self.of_type(typ)
        assert len(found) == 1, f"expected one {typ}, got {[r.name for r in found]}"
        return found[0]

    def named(self, name: str) -> Registration:
        """The registration with this Pulumi name (names are unique per test)."""
        found = [r for r in self.registrations if r.name == name]
        assert len(found) == 1, f"expected one resource named {name}, got {len(found)}"
        return found[0]

    def by_urn(self, urn: str) -> Registration:
        """The registration with this URN."""
        return next(r for r in self.registrations if r.urn == urn)

    def type_counts(self) -> dict[str, int]:
        """How many registrations per type."""
        counts: dict[str, int] = {}
        for r in self.registrations:
            counts[r.type] = counts.get(r.type, 0) + 1
        return counts

    def invoked(self) -> list[str]:
        """Tokens of every invoke, in call order."""
        return [c.token for c in self.aws.calls]


class ImmediateExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs the SDK's monitor calls synchronously on the test's own thread and loop.

    The default thread pool would give every worker thread an event loop of its own that is
    never closed (the SDK creates them lazily); running inline keeps one loop per test.
    """

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


@pytest.fixture
def monitor() -> Iterator[RecordingMonitor]:
    """Fresh loop, fresh runtime settings and a fresh recording monitor for each test."""
    loop = asyncio.new_event_loop()
    loop.set_default_executor(ImmediateExecutor(max_workers=1))
    asyncio.set_event_loop(loop)
    settings.reset_options()
    mocks = AwsMocks()
    recording = RecordingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=STACK, preview=False, monitor=recording)
    try:
        yield recording
    finally:
        settings.reset_options()
        asyncio.set_event_loop(None)
        loop.close()


def _output_names(component: pulumi.ComponentResource) -> list[str]:
    names: list[str] = []
    for klass in reversed(type(component).__mro__):
        if klass.__module__.startswith("aurora_components"):
            names.extend(n for n in getattr(klass, "__annotations__", {}) if not n.startswith("_"))
    return names


def run(build: Callable[[], T]) -> tuple[T, dict[str, Any]]:
    """Build a component under the mocks, wait for every registration, resolve its outputs."""
    box: dict[str, Any] = {}

    def program() -> pulumi.Output[None]:
        component = build()
        box["component"] = component
        outputs = {name: getattr(component, name) for name in _output_names(component)}
        return pulumi.Output.from_input(outputs).apply(lambda values: box.update(values=values))

    pulumi.runtime.test(program)()  # type: ignore[no-untyped-call]
    return box["component"], box["values"]
