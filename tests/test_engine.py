"""The mock engine on a throwaway program: URNs, options, preview vs update, secrets, errors."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from auroractl.engine import (
    UNKNOWN,
    ConfigError,
    PlanResult,
    ProgramError,
    engine_urn,
    is_secret,
    preview_json,
    run_stack,
)
from pulumi.runtime import settings

STACK_URN = "urn:pulumi:dev::toy::pulumi:pulumi:Stack::toy-dev"
THING_URN = "urn:pulumi:dev::toy::toy:index:Thing::thing-2"
KEY_URN = "urn:pulumi:dev::toy::toy:index:Thing$aws:kms/key:Key::thing-2-key"
AWS_VERSION = metadata.version("pulumi_aws")
CLUSTER_URN = "urn:pulumi:dev::toy::toy:index:Thing$aws:rds/cluster:Cluster::thing-2-cluster"
TOPIC_URN = "urn:pulumi:dev::toy::aws:sns/topic:Topic::alerts"
PROVIDER_URN = f"urn:pulumi:dev::toy::pulumi:providers:aws::default_{AWS_VERSION.replace('.', '_')}"


@pytest.fixture(scope="module")
def toy_dir(tmp_path_factory: pytest.TempPathFactory, toy: Any) -> Path:
    """One toy project for the read-only tests of this module."""
    project_dir: Path = toy.write(tmp_path_factory.mktemp("engine") / "toy")
    return project_dir


@pytest.fixture(scope="module")
def preview_plan(toy_dir: Path) -> PlanResult:
    """The toy stack run in preview mode."""
    return run_stack(toy_dir, "dev")


@pytest.fixture(scope="module")
def update_plan(toy_dir: Path) -> PlanResult:
    """The toy stack run in update mode."""
    return run_stack(toy_dir, "dev", preview=False)


class TestUrns:
    def test_urns_follow_the_engine_format(self, preview_plan: PlanResult) -> None:
        """URNs omit the Stack type and chain the full parent type, as the engine does."""
        assert [r.urn for r in preview_plan.resources] == [
            STACK_URN,
            THING_URN,
            PROVIDER_URN,
            KEY_URN,
            CLUSTER_URN,
            TOPIC_URN,
        ]

    def test_parents_are_urns(self, preview_plan: PlanResult) -> None:
        """Top-level resources have the stack as parent; children their component."""
        parents = {r.urn: r.parent for r in preview_plan.resources}
        assert parents == {
            STACK_URN: None,
            PROVIDER_URN: None,
            THING_URN: STACK_URN,
            KEY_URN: THING_URN,
            CLUSTER_URN: THING_URN,
            TOPIC_URN: STACK_URN,
        }

    @pytest.mark.parametrize(
        ("parent", "expected"),
        [
            ("", "urn:pulumi:s::p::a:b:C::n"),
            ("urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", "urn:pulumi:s::p::a:b:C::n"),
            ("urn:pulumi:s::p::x:y:P::top", "urn:pulumi:s::p::x:y:P$a:b:C::n"),
            ("urn:pulumi:s::p::x:y:P$q:r:Q::mid", "urn:pulumi:s::p::x:y:P$q:r:Q$a:b:C::n"),
        ],
    )
    def test_engine_urn_chains_parent_types(self, parent: str, expected: str) -> None:
        """A grandchild's URN carries every ancestor type below the stack."""
        assert engine_urn("s", "p", parent, "a:b:C", "n") == expected

    def test_custom_flag_distinguishes_components(self, preview_plan: PlanResult) -> None:
        """Only provider resources are custom."""
        assert {r.urn for r in preview_plan.resources if r.custom} == {
            PROVIDER_URN,
            KEY_URN,
            CLUSTER_URN,
            TOPIC_URN,
        }


class TestOptions:
    def test_protect_and_ignore_changes_are_recorded(self, preview_plan: PlanResult) -> None:
        """protect and camelCase ignoreChanges come from the resource options."""
        key = preview_plan.by_urn(KEY_URN)
        cluster = preview_plan.by_urn(CLUSTER_URN)
        assert key.protect is True
        assert cluster.protect is False
        assert cluster.ignore_changes == ["availabilityZones"]

    def test_dependencies_include_property_and_explicit_ones(
        self, preview_plan: PlanResult
    ) -> None:
        """Input dependencies appear per property; depends_on a component expands to its
        children, as the SDK sends it."""
        cluster = preview_plan.by_urn(CLUSTER_URN)
        assert cluster.dependencies == [KEY_URN]
        assert cluster.property_dependencies["kmsKeyId"] == [KEY_URN]
        topic = preview_plan.by_urn(TOPIC_URN)
        assert set(topic.dependencies) == {KEY_URN, CLUSTER_URN}

    def test_default_provider_is_a_resource(
        self, preview_plan: PlanResult, update_plan: PlanResult
    ) -> None:
        """The engine registers the package's default provider as a resource before the first
        resource that uses it (default_providers.go), named default_<version>, its inputs the
        aws:* config and version; resources refer to it as urn::id (id unknown in preview)."""
        provider = preview_plan.by_urn(PROVIDER_URN)
        assert (provider.type, provider.custom, provider.parent) == (
            "pulumi:providers:aws",
            True,
            None,
        )
        assert provider.inputs == {"region": "us-east-1", "version": AWS_VERSION}
        assert preview_plan.by_urn(CLUSTER_URN).provider == f"{PROVIDER_URN}::{UNKNOWN}"
        updated = update_plan.by_urn(PROVIDER_URN)
        assert updated.id and update_plan.by_urn(CLUSTER_URN).provider == (
            f"{PROVIDER_URN}::{updated.id}"
        )
        assert len(update_plan.by_type("pulumi:providers:aws")) == 1


class TestPreviewAndUpdate:
    def test_preview_ids_are_unknown(self, preview_plan: PlanResult) -> None:
        """In preview no resource has an id; output-only properties are unknown, as the
        provider's Create with ``Preview: true`` returns them (step.go, CreateStep.Apply)."""
        assert all(r.id is None for r in preview_plan.resources)
        assert preview_plan.by_urn(CLUSTER_URN).outputs["endpoint"] == UNKNOWN

    def test_preview_keeps_unknown_inputs_as_the_wire_sentinel(
        self, preview_plan: PlanResult
    ) -> None:
        """An input wired from an unknown output is Pulumi's unknown sentinel."""
        assert preview_plan.by_urn(CLUSTER_URN).inputs["kmsKeyId"] == UNKNOWN

    def test_preview_fills_autonames(self, preview_plan: PlanResult) -> None:
        """The provider's autoname is known in preview, as after Check."""
        ident = preview_plan.by_urn(CLUSTER_URN).inputs["clusterIdentifier"]
        assert re.fullmatch(r"thing-2-cluster-[0-9a-f]{7}", ident)

    def test_preview_stack_outputs_show_unknowns(self, preview_plan: PlanResult) -> None:
        """Computed stack outputs are '[unknown]' in preview; invoke results are known."""
        assert preview_plan.outputs["endpoint"] == "[unknown]"
        assert preview_plan.outputs["region"] == "us-east-1"

    def test_update_ids_and_outputs_are_known(self, update_plan: PlanResult) -> None:
        """In update mode every custom resource has an id and provider outputs."""
        cluster = update_plan.by_urn(CLUSTER_URN)
        ident = cluster.inputs["clusterIdentifier"]
        assert cluster.id == ident
        assert cluster.outputs["endpoint"] == (
            f"{ident}.cluster-c0ffee.us-east-1.rds.amazonaws.com"
        )
        assert cluster.outputs["readerEndpoint"] == (
            f"{ident}.cluster-ro-c0ffee.us-east-1.rds.amazonaws.com"
        )
        assert cluster.outputs["port"] == 5432
        key = update_plan.by_urn(KEY_URN)
        assert cluster.inputs["kmsKeyId"] == key.outputs["arn"]
        assert key.outputs["arn"] == f"arn:aws:kms:us-east-1:123456789012:key/{key.id}"

    def test_update_stack_outputs_resolve(self, update_plan: PlanResult) -> None:
        """Stack outputs come from the root stack resource, with values from the provider."""
        outputs = update_plan.outputs
        assert outputs["endpoint"].endswith(".cluster-c0ffee.us-east-1.rds.amazonaws.com")
        assert outputs["secretArn"].startswith(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-"
        )
        assert update_plan.resources[0].outputs["label"] == "hello"

    def test_invokes_are_answered(self, update_plan: PlanResult) -> None:
        """Availability zones, caller identity, region and partition invokes are answered."""
        outputs = update_plan.outputs
        assert outputs["zones"][:3] == ["us-east-1a", "us-east-1b", "us-east-1c"]
        assert outputs["account"] == "123456789012"
        assert outputs["partition"] == "aws"

    def test_runs_repeat_identically_and_reset_the_runtime(
        self, toy_dir: Path, update_plan: PlanResult
    ) -> None:
        """A second run in the same process gives the same plan and leaves no root stack."""
        again = run_stack(toy_dir, "dev", preview=False)
        assert [(r.urn, r.id) for r in again.resources] == [
            (r.urn, r.id) for r in update_plan.resources
        ]
        assert settings.get_root_resource() is None


class TestSecrets:
    def test_config_and_outputs_blind_secrets(self, preview_plan: PlanResult) -> None:
        """A secure config value and the output made from it show as '[secret]'."""
        assert preview_plan.config["toy:password"] == "[secret]"
        assert preview_plan.outputs["password"] == "[secret]"

    def test_overrides_give_plaintext_but_stay_secret(self, toy_dir: Path) -> None:
        """An override supplies a secure key's value to the program without revealing it."""
        plan = run_stack(toy_dir, "dev", config_overrides={"password": {"secure": "x"}})
        assert plan.config["toy:password"] == "[secret]"
        assert "x" not in json.dumps(plan.outputs)

    def test_secret_stack_output_stays_wrapped_on_the_stack_resource(
        self, update_plan: PlanResult
    ) -> None:
        """The root stack resource keeps the secret in wire form; preview JSON blinds it."""
        assert is_secret(update_plan.resources[0].outputs["password"])
        doc = preview_json(update_plan)
        assert doc["outputs"]["password"] == "[secret]"
        assert "outputs" not in doc["steps"][0]["newState"]


class TestErrors:
    def test_duplicate_urn_is_rejected(self, tmp_path: Path, toy: Any) -> None:
        """Two resources with the same type and name fail like the engine."""
        program = toy.program + '\naws.sns.Topic("alerts")\n'
        project = toy.write(tmp_path / "dup", program=program)
        with pytest.raises(ProgramError) as info:
            run_stack(project, "dev")
        assert str(info.value) == (
            f"Duplicate resource URN '{TOPIC_URN}'; try giving it a unique name"
        )

    def test_unknown_invoke_fails(self, tmp_path: Path, toy: Any) -> None:
        """An invoke neither built in nor in --mocks is bad input (exit 2) naming the
        function as the program calls it, its token and the flag."""
        program = toy.program + '\naws.sns.get_topic(name="missing")\n'
        project = toy.write(tmp_path / "invoke", program=program)
        with pytest.raises(ConfigError) as info:
            run_stack(project, "dev")
        assert str(info.value).startswith(
            "the program called aws.sns.get_topic ('aws:sns/getTopic:getTopic'), which "
            "auroractl does not answer offline: give its result in a --mocks file"
        )

    def test_value_error_is_a_program_error(self, tmp_path: Path, toy: Any) -> None:
        """A ValueError is the program's failure, not bad config: its first line, file, line."""
        program = 'import pulumi\n\nraise ValueError("min_capacity_acu must be 0.5-256\\nmore")\n'
        project = toy.write(tmp_path / "value", program=program)
        with pytest.raises(ProgramError) as info:
            run_stack(project, "dev")
        assert str(info.value) == "__main__.py:3: ValueError: min_capacity_acu must be 0.5-256"
        assert (info.value.file, info.value.line) == ("__main__.py", 3)

    def test_config_errors_of_the_sdk_stay_config_errors(self, tmp_path: Path, toy: Any) -> None:
        """pulumi.ConfigMissingError / ConfigTypeError (and subclasses) are bad input."""
        program = "import pulumi\n\npulumi.Config().require('absent')\n"
        project = toy.write(tmp_path / "missing", program=program)
        with pytest.raises(ConfigError) as info:
            run_stack(project, "dev")
        assert (
            str(info.value) == "Stack 'dev': Missing required configuration variable 'toy:absent'"
        )

    def test_other_exceptions_become_program_errors(self, tmp_path: Path, toy: Any) -> None:
        """Any other failure is a ProgramError naming the exception type."""
        project = toy.write(tmp_path / "boom", program="raise KeyError('nope')\n")
        with pytest.raises(ProgramError) as info:
            run_stack(project, "dev")
        assert str(info.value) == "__main__.py:1: KeyError: 'nope'"

    def test_missing_stack_file_lists_stacks(self, toy_dir: Path) -> None:
        """Asking for a stack without a file names the stacks that exist."""
        with pytest.raises(ConfigError) as info:
            run_stack(toy_dir, "prod")
        assert str(info.value) == (
            "no stack named 'prod': Pulumi.prod.yaml not found; stacks here: dev"
        )

    def test_yaml_12_booleans(self, tmp_path: Path, toy: Any) -> None:
        """'yes' is a string, as in the CLI's YAML 1.2 parser, so a boolean key rejects it."""
        pulumi_yaml = "name: toy\nruntime: python\nconfig:\n  flag:\n    type: boolean\n"
        project = toy.write(
            tmp_path / "yaml",
            program="",
            pulumi_yaml=pulumi_yaml,
            stack_yaml="config:\n  toy:flag: yes\n",
        )
        with pytest.raises(ConfigError) as info:
            run_stack(project, "dev")
        assert str(info.value) == (
            "Stack 'dev' with configuration key 'flag' must be of type 'boolean', got 'yes'"
        )

    def test_errors_leave_the_runtime_reset(self, tmp_path: Path, toy: Any) -> None:
        """After a failed run the next run starts clean."""
        project = toy.write(tmp_path / "boom2", program="raise KeyError('x')\n")
        with pytest.raises(ProgramError):
            run_stack(project, "dev")
        ok = toy.write(tmp_path / "ok", stack_yaml=toy.stack_yaml)
        assert run_stack(ok, "dev").resources[0].urn == STACK_URN


class TestDiagnostics:
    def test_log_messages_become_diagnostics(self, tmp_path: Path, toy: Any) -> None:
        """pulumi.log.warn is reported as a warning diagnostic; the SDK's debug chatter is not."""
        program = 'import pulumi\npulumi.log.warn("careful")\n'
        project = toy.write(tmp_path / "log", program=program)
        plan = run_stack(project, "dev")
        assert [(d.severity, d.message) for d in plan.diagnostics] == [("warning", "careful")]
