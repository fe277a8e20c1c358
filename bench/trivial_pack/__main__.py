"""A trivial pack: what the Analyzer protocol itself costs (bench/run.py, section c)."""

from pulumi_policy import (
    EnforcementLevel,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)


def _resource(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.props.get("tags") == "never":
        report("tags", None)


def _stack(args: StackValidationArgs, report: ReportViolation) -> None:
    for resource in args.resources:
        if resource.props.get("tags") == "never":
            report("tags", resource.urn)


PolicyPack(
    name="trivial",
    policies=[
        ResourceValidationPolicy("reads-one-property", "Reads one property.", _resource),
        StackValidationPolicy("reads-one-property-per-resource", "Reads one property.", _stack),
    ],
    enforcement_level=EnforcementLevel.ADVISORY,
)
