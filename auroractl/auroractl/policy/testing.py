"""Test helpers: a throwaway policy pack and hand-built plans of the contract shape.

Plans are the mock engine's own ``PlanResult``/``PlannedResource`` records, built by hand, so
the runner is tested without running a program.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

from pulumi.output import Unknown

from auroractl.engine.model import PlannedResource, PlanResult

SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}
PROJECT = "toyproj"
STACK = "dev"
#: A made-up secret that must never appear in findings or logs.
TOY_SECRET = "hunter2-not-a-real-password"

PACK_MAIN = textwrap.dedent(
    '''
    """A throwaway policy pack exercising every part of the Analyzer protocol."""
    import json
    import os

    import pulumi
    from pulumi_policy import (
        EnforcementLevel,
        PolicyConfigSchema,
        PolicyPack,
        ResourceValidationPolicy,
        StackValidationPolicy,
    )


    def no_public(args, report):
        if args.resource_type != "toy:index:Bucket":
            return
        pulumi.log.info(f"checked {args.name}")
        if args.props.get("public") is not False:
            report(f"{args.name} is public (password {args.props.get('password')})")


    def min_size(args, report):
        if args.resource_type != "toy:index:Bucket":
            return
        floor = args.get_config()["minSize"]
        if args.props.get("size", 0) < floor:
            report(f"size {args.props.get('size'):g} is below {floor:g}")


    def reads_arn(args, report):
        if args.resource_type != "toy:index:Bucket":
            return
        if not args.props["keyArn"].startswith("arn:"):
            report("keyArn is not an ARN")


    def echo(args, report):
        if args.resource_type != "toy:index:Echo":
            return
        report(json.dumps({
            "stack": os.environ.get("PULUMI_STACK"),
            "project": os.environ.get("PULUMI_PROJECT"),
            "dryRun": os.environ.get("PULUMI_DRY_RUN"),
            "config": json.loads(os.environ.get("PULUMI_CONFIG", "{}")),
            "protect": args.opts.protect,
            "ignoreChanges": list(args.opts.ignore_changes),
            "parent": args.opts.parent,
            "provider": [args.provider.resource_type, args.provider.name,
                         dict(args.provider.props)] if args.provider else None,
            "policyConfig": dict(args.get_config()),
            "props": {k: args.props[k] for k in sorted(args.props) if k != "later"},
        }, sort_keys=True))


    def key_linked(args, report):
        for r in args.resources:
            if r.resource_type != "toy:index:Bucket":
                continue
            deps = r.property_dependencies.get("keyArn", [])
            if not any(d.resource_type == "toy:index:Key" for d in deps):
                report(f"{r.name} is not encrypted with a toy key", r.urn)
            if r.parent is None or r.parent.resource_type != "toy:index:Group":
                report(f"{r.name} has no Group parent", r.urn)


    def tag(args):
        if args.resource_type == "toy:index:Bucket" and not args.props.get("tagged"):
            return {**args.props, "tagged": True}
        return None


    def tagged(args, report):
        if args.resource_type == "toy:index:Bucket" and not args.props.get("tagged"):
            report(f"{args.name} is not tagged")


    PolicyPack(
        name="toy-pack",
        enforcement_level=EnforcementLevel.ADVISORY,
        policies=[
            ResourceValidationPolicy(
                name="toy-no-public", description="Buckets are private.",
                validate=no_public, enforcement_level=EnforcementLevel.MANDATORY),
            ResourceValidationPolicy(
                name="toy-min-size", description="Buckets are large enough.",
                validate=min_size, config_schema=PolicyConfigSchema(
                    properties={"minSize": {"type": "number", "default": 10, "minimum": 0}})),
            ResourceValidationPolicy(
                name="toy-reads-arn", description="Bucket keys are ARNs.",
                validate=reads_arn),
            ResourceValidationPolicy(
                name="toy-echo", description="Echo what the pack sees.", validate=echo,
                config_schema=PolicyConfigSchema(
                    properties={"note": {"type": "string", "enum": ["a", "b"]}})),
            StackValidationPolicy(
                name="toy-key-linked", description="Buckets use a toy key.",
                validate=key_linked, enforcement_level=EnforcementLevel.MANDATORY),
            ResourceValidationPolicy(
                name="toy-tag", description="Buckets are tagged.",
                validate=tagged, remediate=tag),
        ],
        initial_config={"toy-min-size": {"enforcementLevel": EnforcementLevel.MANDATORY,
                                         "minSize": 20}},
    )
    '''
)


def write_pack(directory: Path, main: str = PACK_MAIN, manifest: str | None = None) -> Path:
    """Write a pack folder and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "PulumiPolicy.yaml").write_text(
        manifest if manifest is not None else "runtime: python\nversion: 1.2.3\n",
        encoding="utf-8",
    )
    (directory / "__main__.py").write_text(main, encoding="utf-8")
    return directory


ToyResource = PlannedResource
"""The mock engine's resource record, built by hand here."""

ToyPlan = PlanResult
"""The mock engine's plan, built by hand here."""


def urn(type_chain: str, name: str) -> str:
    """An engine-style URN in the toy stack."""
    return f"urn:pulumi:{STACK}::{PROJECT}::{type_chain}::{name}"


STACK_URN = urn("pulumi:pulumi:Stack", f"{PROJECT}-{STACK}")
GROUP_URN = urn("toy:index:Group", "g")
KEY_URN = urn("toy:index:Group$toy:index:Key", "g-key")
BUCKET_URN = urn("toy:index:Group$toy:index:Bucket", "g-bucket")
ECHO_URN = urn("toy:index:Echo", "echo")


def toy_plan(*, preview: bool = True, **bucket_inputs: Any) -> ToyPlan:
    """A compliant stack: a group holding a key and a private, large, tagged bucket."""
    key_arn: Any = Unknown() if preview else "arn:toy:key/1"  # type: ignore[no-untyped-call]
    inputs: dict[str, Any] = {
        "public": False,
        "size": 50,
        "tagged": True,
        "keyArn": key_arn,
        "password": {**SECRET_SIG, "value": TOY_SECRET},
    }
    inputs.update(bucket_inputs)
    resources = [
        ToyResource(
            STACK_URN, "pulumi:pulumi:Stack", f"{PROJECT}-{STACK}", False, None, None, {}, {}
        ),
        ToyResource(GROUP_URN, "toy:index:Group", "g", False, STACK_URN, None, {}, {}),
        ToyResource(
            KEY_URN,
            "toy:index:Key",
            "g-key",
            True,
            GROUP_URN,
            None if preview else "key-1",
            {"rotate": True},
            {} if preview else {"rotate": True, "arn": "arn:toy:key/1"},
            protect=True,
        ),
        ToyResource(
            BUCKET_URN,
            "toy:index:Bucket",
            "g-bucket",
            True,
            GROUP_URN,
            None if preview else "bucket-1",
            inputs,
            {} if preview else {**inputs, "arn": "arn:toy:bucket/1"},
            dependencies=[KEY_URN],
            property_dependencies={"keyArn": [KEY_URN]},
        ),
    ]
    return ToyPlan(
        PROJECT,
        STACK,
        preview,
        {"toy:region": "eu-west-1", "aws:region": "eu-west-1", f"{PROJECT}:size": 3},
        resources,
        {},
    )


def with_bucket(plan: ToyPlan, **changes: Any) -> ToyPlan:
    """The plan with the bucket's inputs (and known outputs) changed."""
    resources = []
    for r in plan.resources:
        if r.urn == BUCKET_URN:
            r = replace(
                r,
                inputs={**r.inputs, **changes},
                outputs={**r.outputs, **changes} if r.outputs else {},
            )
        resources.append(r)
    return replace(plan, resources=resources)


def with_echo(plan: ToyPlan, **inputs: Any) -> ToyPlan:
    """The plan plus a custom ``toy:index:Echo`` resource the echo policy describes."""
    echo = ToyResource(
        ECHO_URN,
        "toy:index:Echo",
        "echo",
        True,
        STACK_URN,
        None,
        inputs,
        {},
        protect=True,
        ignore_changes=["tags"],
    )
    return replace(plan, resources=[*plan.resources, echo])
