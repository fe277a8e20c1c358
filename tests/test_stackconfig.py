"""Config schema, CLI-equivalent config checks and the mapping to AuroraPlatformArgs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from auroractl.engine import ConfigError, run_stack
from auroractl.engine.config import (
    ProjectSpec,
    YamlFloat,
    parse_project,
    resolve_stack_config,
)
from auroractl.engine.config import config_string as config_string_engine

from aurora_program.stackconfig import (
    AURORA_DEFAULTS,
    CONFIG_KEYS,
    config_string,
    explicit_values,
    platform_args,
    platform_name,
)
from aurora_program.stackconfig import ConfigError as ProgramConfigError

REPO_ROOT = Path(__file__).resolve().parents[1]

BASE = {"stage": "dev", "engineVersion": "16.4"}
"""The smallest valid namespace values (string form, as pulumi.Config returns them)."""


def project(config: dict[str, Any]) -> ProjectSpec:
    """A project named p with this config block."""
    return parse_project({"name": "p", "runtime": "python", "config": config})


class TestProjectFile:
    def test_repository_schema_declares_every_key(self) -> None:
        """Pulumi.yaml declares exactly CONFIG_KEYS, typed where the CLI has the type."""
        doc = yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text())
        spec = parse_project(doc)
        assert spec.name == "aurora-platform"
        assert set(spec.config) == set(CONFIG_KEYS)
        for key, kind in CONFIG_KEYS.items():
            expected = None if kind in ("number", "object") else kind
            assert spec.config[key].type == expected, key
            assert spec.config[key].description, key

    def test_only_stage_lacks_a_default(self) -> None:
        """The CLI reports every key without default or value as missing, so only stage
        (required) lacks one; engineVersion defaults to "" and is required for Aurora."""
        doc = yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text())
        spec = parse_project(doc)
        assert [k for k, d in spec.config.items() if d.default is None] == ["stage"]
        assert spec.config["engineVersion"].default == ""

    def test_aurora_defaults_match_the_project_file(self) -> None:
        """AURORA_DEFAULTS is the string form of the Pulumi.yaml defaults."""
        doc = yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text())
        spec = parse_project(doc)
        for key, default in AURORA_DEFAULTS.items():
            assert config_string(spec.config[key].default) in (default, default + ".0"), key

    def test_runtime_uses_the_locked_virtualenv(self) -> None:
        """The CLI runs the program in the .venv that make venv builds."""
        doc = yaml.safe_load((REPO_ROOT / "Pulumi.yaml").read_text())
        assert doc["runtime"] == {"name": "python", "options": {"virtualenv": ".venv"}}

    def test_shorthand_entries(self) -> None:
        """key: value is a default in the namespace and a value outside it."""
        spec = project({"size": 3, "aws:region": "us-east-1"})
        assert spec.config["size"].default == 3
        assert spec.config["aws:region"].value == "us-east-1"

    @pytest.mark.parametrize(
        ("config", "message"),
        [
            (
                {"x": {"default": 1, "value": 2}},
                "project config 'x' cannot have both a 'default' and 'value' attribute",
            ),
            (
                {"x": {"type": "array"}},
                "The configuration key 'x' declares an array but does not specify the "
                "underlying type via the 'items' attribute",
            ),
            (
                {"x": {"type": "integer", "default": "many"}},
                "The default value specified for configuration key 'x' is not of the "
                "expected type 'integer'",
            ),
            (
                {"aws:region": {"type": "string", "value": "us-east-1"}},
                "Configuration key 'aws:region' is not namespaced by the project and should "
                "not define a type",
            ),
            (
                {"aws:region": {"default": "us-east-1"}},
                "Configuration key 'aws:region' is not namespaced by the project and should "
                "not define a default value. Did you mean to use the 'value' attribute "
                "instead of 'default'?",
            ),
            (
                {"aws:region": {"description": "d"}},
                "Configuration key 'aws:region' is namespaced and must provide an attribute "
                "'value'",
            ),
            (
                {"x": {"type": "float"}},
                "Pulumi.yaml: config key 'x' has type 'float'; allowed: string, integer, "
                "boolean, array (leave 'type' out for numbers with a fraction and for objects)",
            ),
            (
                {"x": {"typo": "string"}},
                "Pulumi.yaml: config key 'x' has unknown attribute 'typo'; allowed: default, "
                "description, items, secret, type, value",
            ),
        ],
    )
    def test_fails_invalid_declarations(self, config: dict[str, Any], message: str) -> None:
        """Each declaration error the CLI reports is reported with the CLI's words."""
        with pytest.raises(ConfigError) as info:
            project(config)
        assert str(info.value) == message


SPEC = {
    "n": {"type": "integer", "default": 2},
    "flag": {"type": "boolean", "default": False},
    "names": {"type": "array", "items": {"type": "string"}, "default": []},
    "label": {"type": "string"},
    "token": {"type": "string", "secret": True, "default": ""},
    "ratio": {"default": 0.5},
}


class TestResolveStackConfig:
    def test_defaults_and_values_are_applied(self) -> None:
        """Declared defaults fill missing keys; stack values win."""
        resolved = resolve_stack_config(project(SPEC), "dev", {"p:label": "x", "p:n": 5})
        assert resolved.values == {
            "p:label": "x",
            "p:n": 5,
            "p:flag": False,
            "p:names": [],
            "p:token": "",
            "p:ratio": 0.5,
        }
        assert resolved.strings["p:flag"] == "false"
        assert resolved.strings["p:names"] == "[]"
        assert resolved.strings["p:ratio"] == "0.5"

    @pytest.mark.parametrize(
        ("stack_config", "message"),
        [
            ({}, "Stack 'dev' is missing configuration value 'label'"),
            (
                {"p:label": "x", "p:n": "two"},
                "Stack 'dev' with configuration key 'n' must be of type 'integer', got 'two'",
            ),
            (
                {"p:label": "x", "p:n": 1.5},
                "Stack 'dev' with configuration key 'n' must be of type 'integer', got 1.5",
            ),
            (
                {"p:label": "x", "p:flag": "yes"},
                "Stack 'dev' with configuration key 'flag' must be of type 'boolean', got 'yes'",
            ),
            (
                {"p:label": "x", "p:names": ["a", 1]},
                "Stack 'dev' with configuration key 'names' must be of type 'array<string>', "
                'got ["a", 1]',
            ),
            (
                {"p:label": ["a"]},
                "Stack 'dev' with configuration key 'label' must be of type 'string', got [\"a\"]",
            ),
            (
                {"p:label": "x", "p:token": "plain"},
                "Stack 'dev' with configuration key 'token' must be encrypted as it's secret",
            ),
        ],
    )
    def test_fails_like_the_cli(self, stack_config: dict[str, Any], message: str) -> None:
        """Each config error kind has the CLI's message plus the value received."""
        with pytest.raises(ConfigError) as info:
            resolve_stack_config(project(SPEC), "dev", stack_config)
        assert str(info.value) == message

    def test_accepts_undeclared_keys_like_the_cli(self) -> None:
        """A key the project does not declare passes, as ``pulumi preview`` lets it pass."""
        resolved = resolve_stack_config(project(SPEC), "dev", {"p:label": "x", "p:lable": "y"})
        assert resolved.strings["p:lable"] == "y"

    def test_several_missing_keys_in_one_message(self) -> None:
        """Missing keys are reported together, sorted, as the CLI does."""
        spec = project({"b": {"type": "string"}, "a": {"type": "string"}, "c": {}})
        with pytest.raises(ConfigError) as info:
            resolve_stack_config(spec, "prod", {})
        assert str(info.value) == "Stack 'prod' is missing configuration values 'a', 'b' and 'c'"

    def test_scalars_are_checked_as_their_text(self) -> None:
        """The CLI checks a stack scalar's text, a YAML number's text being its Go JSON form
        (pulumi/pulumi sdk/go/common/resource/config/object.go, MarshalString): '3' passes an
        integer key, 3 passes a string key, 3.0 (text '3') passes an integer key and 3.5
        fails it."""
        for key, value in (("p:n", "3"), ("p:label", 3), ("p:n", 3.0)):
            resolved = resolve_stack_config(project(SPEC), "dev", {"p:label": "x", key: value})
            assert resolved.values[key] == value
        assert (
            resolve_stack_config(project(SPEC), "dev", {"p:label": "x", "p:n": 3.0}).strings["p:n"]
            == "3"
        )
        with pytest.raises(ConfigError, match=r"'n' must be of type 'integer', got 3\.5"):
            resolve_stack_config(project(SPEC), "dev", {"p:label": "x", "p:n": 3.5})

    @pytest.mark.parametrize(
        ("value", "text"), [(16.1, "16.1"), (16.0, "16"), (0.5, "0.5"), (1e16, "10000000000000000")]
    )
    def test_numbers_reach_the_program_as_the_cli_writes_them(
        self, value: float, text: str
    ) -> None:
        """A YAML float becomes Go's json.Marshal text: shortest digits, no '.0'."""
        assert config_string_engine(value) == text

    @pytest.mark.parametrize(("text", "cli"), [("16.10", "16.1"), ("16.0", "16"), ("1.50", "1.5")])
    def test_fails_unquoted_version_the_cli_would_change(self, text: str, cli: str) -> None:
        """engineVersion: 16.10 unquoted is the YAML number 16.1: refused, with the fix."""
        spec = project({"v": {"type": "string", "default": ""}})
        with pytest.raises(ConfigError) as info:
            resolve_stack_config(spec, "dev", {"p:v": YamlFloat(float(text), text)})
        assert str(info.value) == (
            f"Stack 'dev' with configuration key 'v' must be a quoted string, got the YAML "
            f"number {text}, which the Pulumi CLI passes on as '{cli}'; write v: \"{text}\""
        )

    def test_unquoted_number_the_cli_keeps_passes(self) -> None:
        """16.4 unquoted reaches the program as '16.4', as written: accepted."""
        spec = project({"v": {"type": "string", "default": ""}})
        resolved = resolve_stack_config(spec, "dev", {"p:v": YamlFloat(16.4, "16.4")})
        assert resolved.strings["p:v"] == "16.4"

    @pytest.mark.parametrize(
        ("decl", "placeholder", "text"),
        [
            ({"type": "integer"}, 0, "0"),
            ({"type": "integer", "default": 2}, 2, "2"),
            ({"type": "boolean"}, False, "false"),
            ({"type": "array", "items": {"type": "string"}}, [], "[]"),
            ({"type": "string"}, "[secret]", "[secret]"),
            ({}, "[secret]", "[secret]"),
            ({"default": {"a": 1}}, {"a": 1}, '{"a":1}'),
            ({"default": 0.5}, 0.5, "0.5"),
        ],
    )
    def test_secure_values_of_any_type_can_be_planned(
        self, decl: dict[str, Any], placeholder: Any, text: str
    ) -> None:
        """A secure value of any declared type is a known placeholder of that type, reported
        secret (shown as [secret]); never an error, never the ciphertext."""
        spec = project({"x": decl})
        resolved = resolve_stack_config(spec, "dev", {"p:x": {"secure": "v1:abc"}})
        assert resolved.values["p:x"] == placeholder
        assert resolved.strings["p:x"] == text
        assert resolved.secret_keys == {"p:x"}
        assert resolved.blinded()["p:x"] == "[secret]"

    def test_secure_values_become_placeholders(self) -> None:
        """A secure value is never decrypted: '[secret]', key reported secret."""
        resolved = resolve_stack_config(
            project(SPEC), "dev", {"p:label": {"secure": "v1:abc"}, "p:token": {"secure": "v1:x"}}
        )
        assert resolved.values["p:label"] == "[secret]"
        assert resolved.secret_keys == {"p:label", "p:token"}
        assert "v1:" not in repr(resolved.strings)

    def test_overrides_replace_stack_values(self) -> None:
        """Overrides take short or full keys."""
        resolved = resolve_stack_config(
            project(SPEC), "dev", {"p:label": "x"}, overrides={"n": 7, "p:flag": True}
        )
        assert (resolved.values["p:n"], resolved.strings["p:flag"]) == (7, "true")

    def test_other_namespaces_pass_through(self) -> None:
        """aws:region is not checked, only carried."""
        resolved = resolve_stack_config(
            project(SPEC), "dev", {"p:label": "x", "aws:region": "eu-west-1"}
        )
        assert resolved.strings["aws:region"] == "eu-west-1"


class TestPlatformArgs:
    def test_minimal_config_maps_to_secure_defaults(self) -> None:
        """Only stage and engineVersion: defaults for everything else."""
        assert platform_args(BASE, stack="dev") == {
            "engine_version": "16.4",
            "min_capacity_acu": 0.5,
            "max_capacity_acu": 2.0,
            "reader_count": 0,
            "enable_proxy": False,
            "backup_retention_days": 7,
            "deletion_protection": True,
            "protect_resources": False,
            "tags": {},
        }

    @pytest.mark.parametrize(
        ("values", "expected"),
        [
            ({"stage": "prod"}, {"protect_resources": True}),
            ({"stage": "staging"}, {"protect_resources": False}),
            (
                {"minCapacity": "0", "secondsUntilAutoPause": "600"},
                {"min_capacity_acu": 0.0, "seconds_until_auto_pause": 600},
            ),
            ({"minCapacity": "0"}, {"seconds_until_auto_pause": 300}),
            ({"maxCapacity": "16", "minCapacity": "4"}, {"max_capacity_acu": 16.0}),
            ({"readers": "2", "proxy": "true"}, {"reader_count": 2, "enable_proxy": True}),
            ({"backupRetentionDays": "35"}, {"backup_retention_days": 35}),
            ({"deletionProtection": "false"}, {"deletion_protection": False}),
            (
                {"network": '{"cidr":"10.1.0.0/16","azCount":2,"endpoints":["secretsmanager"]}'},
                {
                    "vpc_cidr": "10.1.0.0/16",
                    "az_count": 2,
                    "interface_endpoints": ["secretsmanager"],
                },
            ),
            (
                {
                    "network": '{"vpcId":"vpc-0123456789abcdef0",'
                    '"subnetIds":["subnet-01234567","subnet-89abcdef"]}'
                },
                {
                    "vpc_id": "vpc-0123456789abcdef0",
                    "subnet_ids": ["subnet-01234567", "subnet-89abcdef"],
                },
            ),
            (
                {"clientSecurityGroupIds": '["sg-0123456789abcdef0"]'},
                {"client_security_group_ids": ["sg-0123456789abcdef0"]},
            ),
            ({"alarmEmail": "ops@example.com"}, {"alarm_email": "ops@example.com"}),
            ({"tags": '{"team":"data"}'}, {"tags": {"team": "data"}}),
        ],
    )
    def test_maps_config_keys(self, values: dict[str, str], expected: dict[str, Any]) -> None:
        """Each config key lands on its AuroraPlatformArgs key, parsed."""
        args = platform_args({**BASE, **values}, stack="dev")
        assert {k: args.get(k) for k in expected} == expected

    def test_unset_optional_keys_are_left_to_component_defaults(self) -> None:
        """Empty alarmEmail, clientSecurityGroupIds and network add no keys."""
        args = platform_args(
            {**BASE, "alarmEmail": "", "clientSecurityGroupIds": "[]", "network": "{}"},
            stack="dev",
        )
        for key in ("alarm_email", "client_security_group_ids", "vpc_cidr", "vpc_id"):
            assert key not in args

    @pytest.mark.parametrize(
        ("values", "message"),
        [
            ({"stage": "qa"}, "'stage' must be one of dev, staging, prod, got 'qa'"),
            (
                {"engine": "dsql"},
                "'engine' is 'dsql', which is not supported yet; allowed: aurora-postgresql",
            ),
            ({"engine": "mysql"}, "'engine' must be one of aurora-postgresql, got 'mysql'"),
            (
                {"engineVersion": "16"},
                "'engineVersion' must be a quoted major.minor version such as \"16.4\", got '16'",
            ),
            (
                {"minCapacity": "0.3"},
                "'minCapacity' must be 0 or a multiple of 0.5 from 0.5 to 256 (ACUs), got 0.3",
            ),
            (
                {"minCapacity": "lots"},
                "'minCapacity' must be 0 or a multiple of 0.5 from 0.5 to 256 (ACUs), got 'lots'",
            ),
            (
                {"maxCapacity": "300"},
                "'maxCapacity' must be a multiple of 0.5 from 1 to 256 (ACUs), got 300.0",
            ),
            (
                {"maxCapacity": "0.5"},
                "'maxCapacity' must be a multiple of 0.5 from 1 to 256 (ACUs), got 0.5",
            ),
            (
                {"minCapacity": "8", "maxCapacity": "4"},
                "'maxCapacity' must be at least minCapacity (8), got 4.0",
            ),
            (
                {"minCapacity": "0", "secondsUntilAutoPause": "60"},
                "'secondsUntilAutoPause' must be an integer from 300 to 86400, got 60",
            ),
            (
                {"secondsUntilAutoPause": "600"},
                "'secondsUntilAutoPause' must be left unset unless minCapacity is 0 "
                "(minCapacity is 0.5), got 600",
            ),
            ({"readers": "16"}, "'readers' must be an integer from 0 to 15, got 16"),
            ({"readers": "1.5"}, "'readers' must be an integer from 0 to 15, got '1.5'"),
            ({"proxy": "yes"}, "'proxy' must be true or false, got 'yes'"),
            (
                {"backupRetentionDays": "0"},
                "'backupRetentionDays' must be an integer from 1 to 35, got 0",
            ),
            (
                {"network": "[]"},
                "'network' must be an object {cidr, azCount, endpoints} or {vpcId, subnetIds}, "
                "got []",
            ),
            (
                {"network": '{"cidr":"10.0.0.0/16","vpcId":"vpc-01234567"}'},
                "'network' must be an object {cidr, azCount, endpoints} or {vpcId, subnetIds}, "
                'not both, got ["cidr", "vpcId"]',
            ),
            (
                {"network": '{"cidrs":"10.0.0.0/16"}'},
                "'network.cidrs' must be absent; allowed keys: azCount, cidr, endpoints, "
                "subnetIds, vpcId, got '10.0.0.0/16'",
            ),
            (
                {"network": '{"cidr":"8.8.0.0/16"}'},
                "'network.cidr' must be a private IPv4 network such as 10.40.0.0/16 "
                "(prefix /16 to /24), got '8.8.0.0/16'",
            ),
            ({"network": '{"azCount":4}'}, "'network.azCount' must be 2 or 3, got 4"),
            (
                {"network": '{"endpoints":"secretsmanager"}'},
                "'network.endpoints' must be a list of short service names such as "
                "secretsmanager, got 'secretsmanager'",
            ),
            (
                {"network": '{"vpcId":"vpc-1"}'},
                "'network.vpcId' must be a VPC id (vpc-...) given with subnetIds, got 'vpc-1'",
            ),
            (
                {"network": '{"vpcId":"vpc-01234567","subnetIds":["subnet-01234567"]}'},
                "'network.subnetIds' must be a list of at least 2 subnet ids (subnet-...), "
                'got ["subnet-01234567"]',
            ),
            (
                {
                    "network": '{"vpcId":"vpc-01234567","subnetIds":["subnet-01234567",'
                    '"subnet-89abcdef"],"endpoints":[]}'
                },
                "'network.endpoints' must be absent when adopting a VPC (it manages its own "
                "endpoints), got []",
            ),
            (
                {"clientSecurityGroupIds": '["0.0.0.0/0"]'},
                "'clientSecurityGroupIds' must be a list of security group ids (sg-...), "
                "got '0.0.0.0/0'",
            ),
            (
                {"alarmEmail": "oncall"},
                "'alarmEmail' must be an email address or empty, got 'oncall'",
            ),
            (
                {"tags": '{"aws:owner":"x"}'},
                "'tags' must be an object of string values (keys 1-128 characters, not starting "
                "with aws:), got 'aws:owner'",
            ),
            (
                {"tags": '{"team":5}'},
                "'tags.team' must be a string of at most 256 characters, got 5",
            ),
        ],
    )
    def test_fails_out_of_range_values(self, values: dict[str, str], message: str) -> None:
        """Every rejected value names the key, the value and what is allowed."""
        with pytest.raises(ProgramConfigError) as info:
            platform_args({**BASE, **values}, stack="dev")
        assert str(info.value) == f"Stack 'dev' with configuration key {message}"

    @pytest.mark.parametrize(
        "values",
        [
            {"engineVersion": "16.4\n"},
            {"readers": "1\n"},
            {"readers": " 1"},
            {"minCapacity": "0.5\n"},
            {"maxCapacity": "1_6"},
            {"maxCapacity": "nan"},
            {"proxy": "true\n"},
            {"alarmEmail": "ops@example.com\n"},
            {"clientSecurityGroupIds": '["sg-0123456789abcdef0\\n"]'},
            {
                "network": '{"vpcId":"vpc-01234567\\n","subnetIds":["subnet-01234567",'
                '"subnet-89abcdef"]}'
            },
        ],
    )
    def test_fails_values_with_trailing_newline_or_loose_numbers(
        self, values: dict[str, str]
    ) -> None:
        """Every pattern matches the whole value: no trailing newline, space or 1_6."""
        with pytest.raises(ProgramConfigError, match=r"must be"):
            platform_args({**BASE, **values}, stack="dev")

    @pytest.mark.parametrize(
        ("missing", "values"),
        [
            ("stage", {"engineVersion": "16.4"}),
            ("engineVersion", {"stage": "dev"}),
            ("engineVersion", {"stage": "dev", "engineVersion": ""}),
        ],
    )
    def test_fails_without_required_keys(self, missing: str, values: dict[str, str]) -> None:
        """stage and engineVersion (absent or the empty default) are required, with the
        CLI's message."""
        with pytest.raises(ProgramConfigError) as info:
            platform_args(values, stack="dev")
        assert str(info.value) == f"Stack 'dev' is missing configuration value '{missing}'"

    def test_fails_on_a_dsql_object_with_aurora(self) -> None:
        """The dsql object is refused with engine aurora-postgresql, {} is fine."""
        assert "tags" in platform_args({**BASE, "dsql": "{}"}, stack="dev")
        with pytest.raises(ProgramConfigError, match=r"'dsql' must be \{\} "):
            platform_args({**BASE, "dsql": '{"peerRegion":"us-east-2"}'}, stack="dev")

    def test_explicit_values_drop_aurora_defaults(self) -> None:
        """Values equal to the Aurora-only defaults are dropped, others kept."""
        values = {
            "stage": "dev",
            "readers": "0",
            "minCapacity": "0.5",
            "maxCapacity": "4",
            "proxy": "false",
            "engineVersion": "",
            "alarmEmail": "a@b.co",
        }
        assert explicit_values(values) == {
            "stage": "dev",
            "maxCapacity": "4",
            "alarmEmail": "a@b.co",
        }

    def test_fails_on_unknown_keys(self) -> None:
        """A key outside the contract is refused."""
        with pytest.raises(ProgramConfigError, match="unknown configuration key 'minCapcity'"):
            platform_args({**BASE, "minCapcity": "1"}, stack="dev")

    @pytest.mark.parametrize(
        ("stack", "name"),
        [
            ("dev", "aurora-dev"),
            ("prod", "aurora-prod"),
            ("dev-1", "aurora-dev-1"),
        ],
    )
    def test_platform_name(self, stack: str, name: str) -> None:
        """Stacks keep the component name aurora-<stack> they always had."""
        assert platform_name(stack) == name


class TestThroughTheEngine:
    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                {"engineVersion": None},
                "Stack 'dev' is missing configuration value 'engineVersion'",
            ),
            (
                {"readers": "two"},
                "Stack 'dev' with configuration key 'readers' must be of type 'integer', got 'two'",
            ),
            (
                {"readers": 20},
                "Stack 'dev' with configuration key 'readers' must be an integer from 0 to 15, "
                "got 20",
            ),
            (
                {"maxCapacty": 4},
                "Stack 'dev' has unknown configuration key 'maxCapacty' (did you mean "
                "'maxCapacity'?)",
            ),
            (
                {"engine": "dsql"},
                "Stack 'dev': minCapacity is not allowed with engine dsql, got 0",
            ),
            (
                {"proxy": True},
                "Stack 'dev': minCapacity must be at least 0.5 when proxy is true",
            ),
            (
                {"engineVersion": "16.2"},
                "Stack 'dev': minCapacity may be 0 only on engine versions that support "
                "auto-pause (Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+, 17.x), got 0 with "
                "engineVersion '16.2'",
            ),
            (
                {"engineVersion": "16.0"},
                "Stack 'dev': engineVersion must be an Aurora PostgreSQL version that supports "
                "Serverless v2",
            ),
            (
                {"engineVersion": "16.4\n"},
                "Stack 'dev' with configuration key 'engineVersion' must be a quoted "
                "major.minor version",
            ),
        ],
    )
    def test_fails_on_edited_stack_files(
        self, stack_copy: Callable[..., Path], changes: dict[str, Any], message: str
    ) -> None:
        """A stack file with one key changed (None deletes it) fails with one clear line."""
        project_dir = stack_copy("dev", changes)
        with pytest.raises(ConfigError) as info:
            run_stack(project_dir, "dev")
        assert str(info.value).startswith(message)
        assert "\n" not in str(info.value)
