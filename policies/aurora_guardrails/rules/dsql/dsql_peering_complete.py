"""dsql-peering-complete: multi-Region DSQL clusters are peered both ways and share one witness.

A cluster with `multiRegionProperties.witnessRegion` is half of a multi-Region pair: it needs an
`aws.dsql.ClusterPeering` from it to its partner and one back, and the two clusters and both
peerings must name the same witness Region, which is neither cluster's own Region. Links are
followed through property dependencies (they work during preview), then through known
identifiers and ARNs. Peerings with clusters outside the stack are not checked.
"""

from __future__ import annotations

from typing import Final

from pulumi_policy import PolicyResource, ReportViolation, Severity

from aurora_guardrails.base import GuardrailStackPolicy, StackContext
from aurora_guardrails.props import show
from aurora_guardrails.rules.dsql._common import ANCHORS, DSQL_CLUSTER, DSQL_CLUSTER_PEERING
from aurora_guardrails.stack import StackView

POLICY_NAME: Final = "dsql-peering-complete"


def _witness(view: StackView, cluster: PolicyResource) -> str | None:
    properties = view.props(cluster).obj("multiRegionProperties")
    return properties.str_("witnessRegion") if properties is not None else None


def _sources(view: StackView, peering: PolicyResource) -> list[PolicyResource]:
    return view.linked(peering, "identifier", (DSQL_CLUSTER,), match_keys=("identifier", "id"))


def _targets(view: StackView, peering: PolicyResource) -> list[PolicyResource]:
    return view.linked(peering, "clusters", (DSQL_CLUSTER,), match_keys=("arn",))


def check_dsql_peering_complete(ctx: StackContext, report: ReportViolation) -> None:
    """Report unpeered multi-Region clusters, one-way peerings and witness mismatches."""
    view = StackView(ctx.args.resources)
    clusters = view.of_type(DSQL_CLUSTER)
    peerings = view.of_type(DSQL_CLUSTER_PEERING)
    if not clusters and not peerings:
        ctx.args.not_applicable("no Aurora DSQL cluster or peering in the stack")
        return

    outgoing: dict[str, list[tuple[PolicyResource, list[PolicyResource]]]] = {}
    for peering in peerings:
        targets = _targets(view, peering)
        for source in _sources(view, peering):
            outgoing.setdefault(source.urn, []).append((peering, targets))

    for cluster in clusters:
        witness = _witness(view, cluster)
        if witness is None:
            continue
        region = view.props(cluster).str_("region")
        if region is not None and region == witness:
            report(
                f"cluster {cluster.name} has witnessRegion {show(witness)}, its own Region; "
                "the witness must be a third Region",
                cluster.urn,
            )
        if cluster.urn not in outgoing:
            report(
                f"cluster {cluster.name} has witnessRegion {show(witness)} but no "
                "ClusterPeering from it; peer it with its partner cluster",
                cluster.urn,
            )

    for cluster in clusters:
        witness = _witness(view, cluster)
        for peering, targets in outgoing.get(cluster.urn, []):
            if witness is None:
                report(
                    f"ClusterPeering {peering.name} peers cluster {cluster.name}, which has no "
                    "multiRegionProperties.witnessRegion",
                    peering.urn,
                )
                continue
            peering_witness = view.props(peering).str_("witnessRegion")
            if peering_witness != witness:
                report(
                    f"ClusterPeering {peering.name} has witnessRegion {show(peering_witness)} "
                    f"but cluster {cluster.name} has {show(witness)}",
                    peering.urn,
                )
            for target in targets:
                if target.urn == cluster.urn:
                    report(
                        f"ClusterPeering {peering.name} peers cluster {cluster.name} with itself",
                        peering.urn,
                    )
                    continue
                target_witness = _witness(view, target)
                if target_witness != witness:
                    report(
                        f"ClusterPeering {peering.name} peers cluster {cluster.name} (witness "
                        f"{show(witness)}) with {target.name} (witness {show(target_witness)}); "
                        "multi-Region clusters share one witness Region",
                        peering.urn,
                    )
                back = [
                    p
                    for p, back_targets in outgoing.get(target.urn, [])
                    if any(t.urn == cluster.urn for t in back_targets)
                ]
                if not back:
                    report(
                        f"cluster {target.name} has no ClusterPeering back to {cluster.name}; "
                        "peer both ways",
                        target.urn,
                    )


dsql_peering_complete: Final = GuardrailStackPolicy(
    name=POLICY_NAME,
    description=(
        "Multi-Region Aurora DSQL clusters are peered both ways and share one witness Region."
    ),
    resource_types=(DSQL_CLUSTER, DSQL_CLUSTER_PEERING),
    check=check_dsql_peering_complete,
    severity=Severity.MEDIUM,
    remediation_steps=(
        "Give both clusters the same multi_region_properties.witness_region (a third Region) "
        "and add an aws.dsql.ClusterPeering on each side (identifier = this cluster, clusters = "
        "[the other cluster's ARN], same witness_region); DsqlCluster with peer_region and "
        "witness_region does all of this."
    ),
    anchors=ANCHORS,
    checks=(
        "each cluster with `multiRegionProperties.witnessRegion` has a `ClusterPeering` to its "
        "partner and one back; clusters and peerings name the same witness, not their own Region"
    ),
)
"""The policy instance the registry imports."""
