# ruff: noqa: E501  (tables of exact messages read best one case per line)
"""The pack around the rules: registry, generated docs, config files, evaluate API, remediation,
the Analyzer servicer and the pack process the CLI starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

import aurora_guardrails
import pytest
import yaml
from aurora_guardrails import all_policies, build_policies, evaluate_resources, policy_names
from aurora_guardrails.docs import DEFAULT_OUTPUT, render
from aurora_guardrails.evaluate import resolve_config
from aurora_guardrails.registry import collect
from aurora_guardrails.scope import GUARDRAIL_IDS, OUT_OF_SCOPE, PROVIDED_AS
from aurora_guardrails.testing import res, run
from google.protobuf import struct_pb2
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, ResourceValidationArgs, ResourceValidationPolicy
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.policy import (
    PolicyCustomTimeouts,
    PolicyResourceOptions,
    _PolicyAnalyzerServicer,
)
from pulumi_policy.proxy import unknown_checking_proxy
from pulumi_policy.secret import Secret

PACK_DIR = Path(__file__).resolve().parent.parent


class TestRegistry:
    """The registry builds one validated list."""

    def test_names_are_unique_kebab_case_and_match_their_files(self) -> None:
        """Every registered policy has a unique kebab-case name (the registry enforces files)."""
        names = policy_names()
        assert len(names) == len(set(names))
        assert "all" not in names

    @pytest.mark.parametrize(
        ("modules", "message"),
        [
            (
                [
                    "aurora_guardrails.rules.rds.aurora_cmk",
                    "aurora_guardrails.rules.rds.aurora_cmk",
                ],
                "duplicate policy name 'aurora-cmk' in aurora_guardrails.rules.rds.aurora_cmk and "
                "aurora_guardrails.rules.rds.aurora_cmk",
            ),
            (["aurora_guardrails.rules.kms.kms_rotation_typo"], "No module named"),
        ],
    )
    def test_fails_on_bad_registrations(self, modules: list[str], message: str) -> None:
        """Duplicates and missing modules are refused with a message naming them."""
        with pytest.raises((ValueError, ImportError), match=message):
            collect(modules)

    def test_fails_on_a_file_not_named_after_its_policy(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A module whose name differs from its policy id is refused."""
        (tmp_path / "wrong_name.py").write_text(
            "from aurora_guardrails.rules.rds.aurora_cmk import POLICY\n", encoding="utf-8"
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        with pytest.raises(ValueError, match="must be named after its policy id"):
            collect(["wrong_name"])

    def test_build_policies_picks_a_subset_and_rejects_unknown_names(self) -> None:
        """Other packs pick rules by name; a typo is an error, not a silently missing rule."""
        picked = build_policies(["proxy-require-tls", "aurora-cmk"])
        assert [p.name for p in picked] == ["proxy-require-tls", "aurora-cmk"]
        assert "aurora-cmk" not in [p.name for p in build_policies(exclude=["aurora-cmk"])]
        with pytest.raises(ValueError, match="unknown policy name\\(s\\) aurora-cmkk"):
            build_policies(["aurora-cmkk"])

    def test_every_guardrail_row_is_implemented_provided_or_out_of_scope(self) -> None:
        """Coverage of the rule table: each id has exactly one disposition."""
        names = set(policy_names())
        for rule in GUARDRAIL_IDS:
            dispositions = [rule in names, rule in PROVIDED_AS, rule in OUT_OF_SCOPE]
            assert dispositions.count(True) == 1, rule
        assert {name for provided in PROVIDED_AS.values() for name in provided} <= names

    def test_every_policy_documents_itself(self) -> None:
        """Severity, remediation steps, anchors and a `checks` line on every policy."""
        for policy in all_policies():
            assert policy.severity is not None and policy.remediation_steps, policy.name
            assert getattr(policy, "anchors", None) is not None and getattr(
                policy, "checks", None
            ), policy.name

    def test_public_names_are_sorted(self) -> None:
        """`__all__` is explicit and sorted isort-style (CONSTANTS, Classes, functions)."""
        names = aurora_guardrails.__all__
        assert names == sorted(names, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))
        assert all(hasattr(aurora_guardrails, n) for n in names)


def test_policies_md_is_up_to_date() -> None:
    """POLICIES.md equals the generator's output (run python -m aurora_guardrails.docs)."""
    assert DEFAULT_OUTPUT.read_text(encoding="utf-8") == render()


def test_pulumipolicy_yaml_runs_python_from_the_repository_venv() -> None:
    """The manifest: python runtime, ../.venv, and the library version."""
    manifest = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text(encoding="utf-8"))
    assert manifest["runtime"] == {"name": "python", "options": {"virtualenv": "../.venv"}}
    assert manifest["version"] == aurora_guardrails.__version__


class TestConfigFiles:
    """`policies/config/*.json` are valid `--policy-pack-config` documents."""

    @pytest.mark.parametrize("name", ["dev.json", "prod.json"])
    def test_config_files_resolve(self, name: str) -> None:
        """Every key names a policy and every property is in its schema."""
        config = json.loads((PACK_DIR / "config" / name).read_text(encoding="utf-8"))
        assert resolve_config(all_policies(), config)

    def test_prod_is_the_default(self) -> None:
        """prod.json changes nothing: with no config the pack is production grade."""
        assert json.loads((PACK_DIR / "config" / "prod.json").read_text(encoding="utf-8")) == {}

    def test_dev_relaxes_only_what_a_dev_stack_needs(self) -> None:
        """dev.json allows scale to zero, a single instance, no protect, advisory deletion protection."""
        config = json.loads((PACK_DIR / "config" / "dev.json").read_text(encoding="utf-8"))
        settings = resolve_config(all_policies(), config)
        assert settings["aurora-acu-bounds"].config["minCapacityFloor"] == 0
        assert settings["aurora-deletion-protection"].level == EnforcementLevel.ADVISORY
        assert settings["aurora-multi-az"].level == EnforcementLevel.ADVISORY
        assert settings["aurora-final-snapshot"].config["requireProtect"] is False
        assert settings["aurora-storage-encrypted"].level == EnforcementLevel.MANDATORY
        assert sorted(config) == [
            "aurora-acu-bounds",
            "aurora-deletion-protection",
            "aurora-final-snapshot",
            "aurora-multi-az",
            "rds-instance-multi-az",
        ]


class TestResolveConfig:
    """Config merges like the engine: schema defaults, then the file; `all` sets every level."""

    def test_all_then_policy_level(self) -> None:
        """`all` applies to every policy; a policy's own entry wins."""
        settings = resolve_config(all_policies(), {"all": "advisory", "aurora-cmk": "disabled"})
        assert settings["aurora-storage-encrypted"].level == EnforcementLevel.ADVISORY
        assert settings["aurora-cmk"].level == EnforcementLevel.DISABLED

    @pytest.mark.parametrize(
        ("config", "message"),
        [
            ({"aurora-cmkk": "advisory"}, "policy config names unknown policies: aurora-cmkk"),
            (
                {"all": "strict"},
                "\"all\" must be one of advisory, mandatory, remediate, disabled, got 'strict'",
            ),
            (
                {"aurora-acu-bounds": {"minFloor": 0}},
                'policy config "aurora-acu-bounds" has unknown properties minFloor; allowed: autoPauseMinVersions, maxCapacityCeiling, minCapacityFloor',
            ),
        ],
    )
    def test_fails_on_bad_config(self, config: dict[str, Any], message: str) -> None:
        """Unknown policies, properties and levels are refused with the offending key."""
        with pytest.raises(ValueError) as excinfo:
            resolve_config(all_policies(), config)
        assert str(excinfo.value) == message


def test_disabled_policies_do_not_run_and_advisory_is_reported_as_such() -> None:
    """Levels from config change what evaluate_resources reports."""
    cluster = res("aws:rds/cluster:Cluster", "db", {"storageEncrypted": False})
    names = ["aurora-storage-encrypted"]
    assert run([cluster], names, {"aurora-storage-encrypted": "disabled"}) == []
    found = evaluate_resources([cluster], {"all": "advisory"}, policies=build_policies(names))
    assert [(v.level, v.text) for v in found] == [
        (
            "advisory",
            "Aurora clusters and RDS instances must encrypt their storage at rest.\n"
            "storageEncrypted is false, expected true.",
        )
    ]


def _crashing_policy() -> ResourceValidationPolicy:
    """A resource policy that reports once, then raises."""

    def validate(args: ResourceValidationArgs, report: Any) -> None:
        report("seen before the crash.")
        raise RuntimeError("odd data")

    return ResourceValidationPolicy(
        name="crashes",
        description="Crashes on every resource.",
        validate=validate,
        enforcement_level=EnforcementLevel.MANDATORY,
    )


def test_on_error_receives_a_crashing_rule_and_the_next_policy_still_runs() -> None:
    """With on_error, a raising rule keeps what it reported and the following policy runs."""
    cluster = res("aws:rds/cluster:Cluster", "db", {"storageEncrypted": False})
    policies = [_crashing_policy(), *build_policies(["aurora-storage-encrypted"])]
    crashed: list[tuple[str, str]] = []
    found = evaluate_resources(
        [cluster], policies=policies, on_error=lambda p, e: crashed.append((p.name, str(e)))
    )
    assert crashed == [("crashes", "odd data")]
    assert [(v.policy, v.message) for v in found] == [
        ("crashes", "seen before the crash."),
        ("aurora-storage-encrypted", "storageEncrypted is false, expected true."),
    ]


def test_without_on_error_a_crashing_rule_raises() -> None:
    """By default the rule's exception propagates to the caller."""
    cluster = res("aws:rds/cluster:Cluster", "db", {})
    with pytest.raises(RuntimeError, match="odd data"):
        evaluate_resources([cluster], policies=[_crashing_policy()])


class TestRemediation:
    """Remediations are idempotent, keep secrets secret, and only change their own field."""

    @staticmethod
    def _args(props: dict[str, Any]) -> ResourceValidationArgs:
        wire = deserialize_properties(props, True)
        return ResourceValidationArgs(
            "aws:rds/proxy:Proxy",
            unknown_checking_proxy(wire),
            "urn:x",
            "proxy",
            PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), []),
            None,
        )

    def test_require_tls_sets_the_flag_and_keeps_secrets(self) -> None:
        """requireTls becomes true; a secret input stays a Secret."""
        policy = build_policies(["proxy-require-tls"])[0]
        assert isinstance(policy, ResourceValidationPolicy)
        secret = {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            "value": "pw",
        }
        result = policy.remediate(self._args({"requireTls": False, "password": secret}))
        new = cast(Mapping[str, Any] | None, result)
        assert new is not None and new["requireTls"] is True and isinstance(new["password"], Secret)

    @pytest.mark.parametrize(
        ("name", "props"),
        [
            ("proxy-require-tls", {"requireTls": True}),
            ("proxy-no-debug-logging", {"debugLogging": False}),
        ],
    )
    def test_nothing_to_fix_returns_none(self, name: str, props: dict[str, Any]) -> None:
        """A compliant resource is left alone (idempotent)."""
        policy = build_policies([name])[0]
        assert isinstance(policy, ResourceValidationPolicy)
        assert policy.remediate(self._args(props)) is None


def test_analyzer_servicer_reports_like_the_engine() -> None:
    """Through the SDK's Analyze RPC handler: description + message, mandatory level."""
    servicer = _PolicyAnalyzerServicer(
        "aurora-guardrails",
        "0.1.0",
        build_policies(["proxy-require-tls"]),
        EnforcementLevel.MANDATORY,
    )
    props = struct_pb2.Struct()
    props.update({"requireTls": False})
    request = proto.AnalyzeRequest(
        type="aws:rds/proxy:Proxy", urn="urn:x", name="p", properties=props
    )
    response = servicer.Analyze(request, None)  # type: ignore[no-untyped-call]
    assert [(d.policyName, d.message, d.enforcementLevel) for d in response.diagnostics] == [
        (
            "proxy-require-tls",
            "RDS Proxy must require TLS from clients.\nrequireTls is false, expected true.",
            proto.MANDATORY,
        )
    ]


def test_pack_process_starts_and_prints_its_port() -> None:
    """`python -m pulumi.policy <engine> .` in the pack folder prints a port, as the CLI expects."""
    env = {**os.environ, "PULUMI_PROJECT": "p", "PULUMI_STACK": "s", "PULUMI_DRY_RUN": "true"}
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:1", "."],
        cwd=PACK_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().strip()
        assert line.isdigit() and int(line) > 0
    finally:
        process.kill()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
