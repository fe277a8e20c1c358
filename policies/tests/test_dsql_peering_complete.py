"""dsql-peering-complete: two peered clusters pass; each broken link is reported exactly."""

from __future__ import annotations

from typing import Any

import pytest
from aurora_guardrails.rules.dsql._testing import UNKNOWN, check_stack, stack_resource
from aurora_guardrails.rules.dsql.dsql_peering_complete import POLICY_NAME, dsql_peering_complete
from pulumi_policy import PolicyResource
from pulumi_policy.policy import _NotApplicableError

CLUSTER = "aws:dsql/cluster:Cluster"
PEERING = "aws:dsql/clusterPeering:ClusterPeering"


def cluster(name: str, region: str, witness: str | None = "us-west-2") -> PolicyResource:
    """A cluster as seen in preview: identifier and ARN unknown."""
    props: dict[str, Any] = {
        "region": region,
        "deletionProtectionEnabled": True,
        "identifier": UNKNOWN,
        "arn": UNKNOWN,
    }
    if witness is not None:
        props["multiRegionProperties"] = {"witnessRegion": witness}
    return stack_resource(CLUSTER, name, props)


def peering(
    name: str, source: PolicyResource, target: PolicyResource, witness: str = "us-west-2"
) -> PolicyResource:
    """A peering linked to its clusters only through property dependencies."""
    return stack_resource(
        PEERING,
        name,
        {"identifier": UNKNOWN, "clusters": [UNKNOWN], "witnessRegion": witness},
        {"identifier": [source], "clusters": [target]},
    )


def pair(**overrides: Any) -> list[PolicyResource]:
    """Happy-path factory: two clusters, peered both ways, one witness (one override)."""
    east1 = cluster("db-cluster", "us-east-1", overrides.get("witness1", "us-west-2"))
    east2 = cluster("db-peer-cluster", "us-east-2", overrides.get("witness2", "us-west-2"))
    resources = [east1, east2]
    if overrides.get("forward", True):
        resources.append(
            peering("db-peering", east1, east2, overrides.get("peering_witness", "us-west-2"))
        )
    if overrides.get("back", True):
        resources.append(peering("db-peer-peering", east2, east1))
    return resources


def run(
    resources: list[PolicyResource], config: dict[str, Any] | None = None
) -> list[tuple[str, str | None]]:
    """(message, resource name) per violation."""
    return check_stack(dsql_peering_complete, resources, config)


class TestDsqlPeeringComplete:
    """The stack rule over clusters and peerings."""

    def test_metadata(self) -> None:
        """Id, severity and anchors."""
        assert dsql_peering_complete.name == POLICY_NAME == "dsql-peering-complete"
        assert dsql_peering_complete.severity is not None
        assert dsql_peering_complete.severity.value == "medium"
        assert dsql_peering_complete.anchors == ("beyond",)

    def test_passes_pair(self) -> None:
        """Two clusters peered both ways with one witness pass (in preview, links by deps)."""
        assert run(pair()) == []

    def test_passes_single_region_cluster(self) -> None:
        """A cluster without multiRegionProperties needs no peering."""
        assert run([cluster("db-cluster", "us-east-1", None)]) == []

    def test_not_applicable_without_dsql(self) -> None:
        """A stack without DSQL says so explicitly."""
        with pytest.raises(_NotApplicableError) as err:
            run([stack_resource("aws:rds/cluster:Cluster", "c", {})])
        assert err.value.reason == "no Aurora DSQL cluster or peering in the stack"

    def test_passes_links_by_known_values(self) -> None:
        """Without property dependencies, known identifiers and ARNs link the resources."""
        a = stack_resource(
            CLUSTER,
            "a",
            {
                "region": "us-east-1",
                "identifier": "ida",
                "arn": "arn-a",
                "multiRegionProperties": {"witnessRegion": "us-west-2"},
            },
        )
        b = stack_resource(
            CLUSTER,
            "b",
            {
                "region": "us-east-2",
                "identifier": "idb",
                "arn": "arn-b",
                "multiRegionProperties": {"witnessRegion": "us-west-2"},
            },
        )
        ab = stack_resource(
            PEERING,
            "ab",
            {"identifier": "ida", "clusters": ["arn-b"], "witnessRegion": "us-west-2"},
        )
        ba = stack_resource(
            PEERING,
            "ba",
            {"identifier": "idb", "clusters": ["arn-a"], "witnessRegion": "us-west-2"},
        )
        assert run([a, b, ab, ba]) == []

    def test_fails_one_way(self) -> None:
        """A missing peering back is one finding naming both faults: no peering from it, none
        back to the other."""
        assert run(pair(back=False)) == [
            (
                'cluster db-peer-cluster has witnessRegion "us-west-2" but no ClusterPeering '
                "from it; peer it with its partner cluster. cluster db-peer-cluster has no "
                "ClusterPeering back to db-cluster; peer both ways.",
                "db-peer-cluster",
            ),
        ]

    def test_fails_unpeered_clusters(self) -> None:
        """Multi-Region clusters without any peering are each reported."""
        assert run(pair(forward=False, back=False)) == [
            (
                'cluster db-cluster has witnessRegion "us-west-2" but no ClusterPeering from it; '
                "peer it with its partner cluster",
                "db-cluster",
            ),
            (
                'cluster db-peer-cluster has witnessRegion "us-west-2" but no ClusterPeering '
                "from it; peer it with its partner cluster",
                "db-peer-cluster",
            ),
        ]

    def test_fails_different_witness(self) -> None:
        """Clusters naming different witnesses are reported on both peerings."""
        assert run(pair(witness2="eu-west-1")) == [
            (
                'ClusterPeering db-peering peers cluster db-cluster (witness "us-west-2") with '
                'db-peer-cluster (witness "eu-west-1"); multi-Region clusters share one witness '
                "Region",
                "db-peering",
            ),
            (
                'ClusterPeering db-peer-peering has witnessRegion "us-west-2" but cluster '
                'db-peer-cluster has "eu-west-1". ClusterPeering db-peer-peering peers cluster '
                'db-peer-cluster (witness "eu-west-1") with db-cluster (witness "us-west-2"); '
                "multi-Region clusters share one witness Region.",
                "db-peer-peering",
            ),
        ]

    def test_fails_peering_witness_mismatch(self) -> None:
        """A peering naming another witness than its cluster is reported."""
        assert run(pair(peering_witness="eu-west-1")) == [
            (
                'ClusterPeering db-peering has witnessRegion "eu-west-1" but cluster db-cluster '
                'has "us-west-2"',
                "db-peering",
            )
        ]

    def test_fails_witness_is_own_region(self) -> None:
        """The witness cannot be a cluster's own Region."""
        resources = pair(witness1="us-east-1", witness2="us-east-1", peering_witness="us-east-1")
        resources[3] = peering("db-peer-peering", resources[1], resources[0], "us-east-1")
        assert run(resources) == [
            (
                'cluster db-cluster has witnessRegion "us-east-1", its own Region; the witness '
                "must be a third Region",
                "db-cluster",
            )
        ]

    def test_fails_peering_of_single_region_cluster(self) -> None:
        """A peering from a cluster without witness is reported."""
        single = cluster("db-cluster", "us-east-1", None)
        other = cluster("db-peer-cluster", "us-east-2")
        resources = [single, other, peering("p", single, other), peering("q", other, single)]
        assert run(resources) == [
            (
                "ClusterPeering p peers cluster db-cluster, which has no "
                "multiRegionProperties.witnessRegion",
                "p",
            ),
            (
                'ClusterPeering q peers cluster db-peer-cluster (witness "us-west-2") with '
                "db-cluster (witness unset); multi-Region clusters share one witness Region",
                "q",
            ),
        ]

    def test_config_is_ignored(self) -> None:
        """The rule takes no config."""
        assert run(pair(back=False), {"x": 1}) == run(pair(back=False))
        assert len(run(pair(back=False), {"x": 1})) == 1
