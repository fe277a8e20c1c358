"""Pure parts of the policy runner: config file parsing and merging, wire values, scrubbing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from auroractl.policy import (
    Finding,
    PolicyConfigEntry,
    PolicyConfigError,
    PolicyConfigFile,
    PolicyPackError,
    exit_status,
    load_policy_config,
    parse_policy_config,
    sort_findings,
)
from auroractl.policy._config import PolicyMeta, merge_config
from auroractl.policy._process import read_pack_spec
from auroractl.policy._wire import Scrubber, config_env, secret_values, to_wire
from pulumi.output import Unknown
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

SIG = "4dabf18193072939515e22adb298388d"
SECRET = "1b47061264138c4ac30d75fd1eb44270"

POLICIES = [
    PolicyMeta(
        "p-floor", "mandatory", {"floor": {"type": "number", "default": 0.5, "minimum": 0}}, []
    ),
    PolicyMeta("p-flag", "advisory", {"mode": {"type": "string", "enum": ["a", "b"]}}, []),
    PolicyMeta("p-plain", "mandatory", {}, []),
]


def _file(data: Any) -> PolicyConfigFile:
    return parse_policy_config(data, "cfg.json")


class TestParsePolicyConfig:
    """The CLI's --policy-pack-config format."""

    def test_accepts_levels_objects_and_all(self) -> None:
        """A level string, an object with enforcementLevel and props, and 'all' all parse."""
        parsed = _file({"all": "advisory", "p-floor": {"enforcementLevel": "disabled", "floor": 0}})
        assert parsed.entries == {
            "all": PolicyConfigEntry("advisory", {}),
            "p-floor": PolicyConfigEntry("disabled", {"floor": 0}),
        }

    @pytest.mark.parametrize(
        ("data", "fragment"),
        [
            ([], "the file is invalid: got []"),
            ({"p-floor": "strict"}, "enforcement level of 'p-floor' is invalid: got \"strict\""),
            ({"p-floor": {"enforcementLevel": 1}}, "got 1; allowed: advisory, mandatory"),
            ({"all": {"floor": 1}}, "'all' is invalid"),
            ({"p-floor": 3}, "entry 'p-floor' is invalid: got 3"),
        ],
    )
    def test_fails_on_bad_shapes(self, data: Any, fragment: str) -> None:
        """Each malformed entry is rejected with the key, the value and what is allowed."""
        with pytest.raises(PolicyConfigError) as info:
            _file(data)
        assert fragment in str(info.value)
        assert str(info.value).startswith("cfg.json: ")

    def test_fails_on_invalid_json_with_position(self, tmp_path: Path) -> None:
        """A syntax error names the file, line and column."""
        path = tmp_path / "bad.json"
        path.write_text('{\n  "all": }\n', encoding="utf-8")
        with pytest.raises(PolicyConfigError, match=r"bad.json': not valid JSON \(line 2 column"):
            load_policy_config(path)

    def test_fails_on_missing_file(self, tmp_path: Path) -> None:
        """A missing file names the option and the path."""
        with pytest.raises(PolicyConfigError, match=r"--policy-pack-config '.*nope.json': no such"):
            load_policy_config(tmp_path / "nope.json")

    def test_empty_file_is_no_config(self, tmp_path: Path) -> None:
        """An empty file is accepted like the CLI does: no entries."""
        path = tmp_path / "empty.json"
        path.write_text("  \n", encoding="utf-8")
        assert load_policy_config(path).entries == {}


class TestMergeConfig:
    """Schema defaults, then the pack's initial config, then the file; 'all' first per layer."""

    def test_defaults_only(self) -> None:
        """Without config, each policy has its own level and its schema defaults."""
        merged = merge_config(POLICIES, {}, None)
        assert merged == {
            "p-flag": PolicyConfigEntry("advisory", {}),
            "p-floor": PolicyConfigEntry("mandatory", {"floor": 0.5}),
            "p-plain": PolicyConfigEntry("mandatory", {}),
        }

    def test_layers_apply_in_engine_order(self) -> None:
        """Initial config overrides defaults; the file's 'all' then its entries override both."""
        initial = {"p-floor": PolicyConfigEntry("mandatory", {"floor": 1})}
        merged = merge_config(
            POLICIES,
            initial,
            _file({"all": "advisory", "p-plain": "disabled", "p-floor": {"floor": 0}}),
        )
        assert merged["p-floor"] == PolicyConfigEntry("advisory", {"floor": 0})
        assert merged["p-plain"] == PolicyConfigEntry("disabled", {})
        assert merged["p-flag"] == PolicyConfigEntry("advisory", {})

    def test_initial_config_without_level_reads_as_advisory(self) -> None:
        """As in the engine, an initial-config entry's unset wire level is advisory."""
        merged = merge_config(POLICIES, {"p-plain": PolicyConfigEntry("advisory", {})}, None)
        assert merged["p-plain"].level == "advisory"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                {"p-nope": "advisory"},
                "cfg.json: policy 'p-nope' is not in the pack; allowed: 'all' or one of "
                "p-flag, p-floor, p-plain",
            ),
            (
                {"p-floor": {"flor": 1}},
                "cfg.json: p-floor.flor is not a config property of the policy; "
                "allowed: enforcementLevel, floor",
            ),
            (
                {"p-floor": {"floor": -1}},
                "cfg.json: p-floor.floor is invalid: got -1; must be >= 0",
            ),
            (
                {"p-floor": {"floor": "1"}},
                'cfg.json: p-floor.floor is invalid: got "1"; expected type number',
            ),
            (
                {"p-flag": {"mode": "c"}},
                'cfg.json: p-flag.mode is invalid: got "c"; allowed: ["a", "b"]',
            ),
        ],
    )
    def test_fails_on_values_the_pack_does_not_accept(self, data: Any, message: str) -> None:
        """Unknown policies and properties, and schema violations, are one clear line."""
        with pytest.raises(PolicyConfigError) as info:
            merge_config(POLICIES, {}, _file(data))
        assert str(info.value) == message

    def test_fails_when_required_property_is_missing(self) -> None:
        """A property the schema requires must be set by some layer."""
        policies = [PolicyMeta("p-req", "advisory", {"x": {"type": "number"}}, ["x"])]
        with pytest.raises(PolicyConfigError, match=r"p-req\.x is required but not set"):
            merge_config(policies, {}, None)


class TestWire:
    """Recorded values become what the engine sends an analyzer."""

    def test_unknowns_become_sentinels_and_secrets_stay_wrapped(self) -> None:
        """Mock unknowns map to the string sentinel; secrets keep their wire form."""
        value = {
            "a": Unknown(),  # type: ignore[no-untyped-call]
            "b": [1, (2, 3)],
            "s": {SIG: SECRET, "value": "pw"},
        }
        assert to_wire(value) == {
            "a": UNKNOWN_STRING_VALUE,
            "b": [1, [2, 3]],
            "s": {SIG: SECRET, "value": "pw"},
        }

    def test_resource_references_and_output_values(self) -> None:
        """References become ids (unknown when empty); output values unwrap, secret ones wrapped."""
        ref = {SIG: "5cf8f73096256a8f31e491e813e4eb8e", "urn": "urn:x", "id": ""}
        comp = {SIG: "5cf8f73096256a8f31e491e813e4eb8e", "urn": "urn:c"}
        out = {SIG: "d0e6a833031e9bbcd3f4e8bde6ca49a4", "value": "v", "secret": True}
        unknown_out = {SIG: "d0e6a833031e9bbcd3f4e8bde6ca49a4"}
        assert to_wire([ref, comp, out, unknown_out]) == [
            UNKNOWN_STRING_VALUE,
            "urn:c",
            {SIG: SECRET, "value": "v"},
            UNKNOWN_STRING_VALUE,
        ]

    def test_fails_on_values_without_wire_form(self) -> None:
        """An arbitrary object is rejected naming where it sits."""
        with pytest.raises(TypeError, match=r"^urn:x.tags.k: a object has no wire form"):
            to_wire({"k": object()}, "urn:x.tags")

    def test_secret_values_and_scrubber(self) -> None:
        """Secret leaves (and number spellings) are scrubbed; short ones are left alone."""
        found = secret_values(
            [{"p": {SIG: SECRET, "value": {"pw": "s3cr3t-value", "n": 12345.0, "x": "ab"}}}]
        )
        assert found == {"s3cr3t-value", "12345.0", "12345"}
        scrub = Scrubber(found)
        assert scrub("pw s3cr3t-value port 12345") == "pw [secret] port [secret]"

    def test_config_env_strings_and_json(self) -> None:
        """Strings pass through; other values are JSON, as PULUMI_CONFIG carries them."""
        assert config_env({"a:s": "x", "a:b": True, "a:n": 0.5, "a:o": {"k": [1]}}) == {
            "a:s": "x",
            "a:b": "true",
            "a:n": "0.5",
            "a:o": '{"k":[1]}',
        }


class TestFindings:
    """Ordering and the exit status derived from findings."""

    def test_sorted_most_severe_first_and_exit_status(self) -> None:
        """Mandatory first, then remediate, advisory; exit 1 only with a mandatory finding."""
        adv = Finding("a", "advisory", "urn:1", "t", "m", "p")
        man = Finding("z", "mandatory", None, None, "m", "p")
        rem = Finding("b", "remediate", "urn:1", "t", "m", "p")
        assert sort_findings([adv, rem, man]) == [man, rem, adv]
        assert exit_status([adv, rem]) == 0
        assert exit_status([adv, man]) == 1


class TestPackSpec:
    """PulumiPolicy.yaml is read as the CLI reads it."""

    def test_fails_without_manifest(self, tmp_path: Path) -> None:
        """A folder without PulumiPolicy.yaml is named in the error."""
        with pytest.raises(PolicyPackError, match=r"has no PulumiPolicy\.yaml"):
            read_pack_spec(tmp_path)

    def test_fails_on_other_runtimes(self, tmp_path: Path) -> None:
        """Only Python packs can run."""
        (tmp_path / "PulumiPolicy.yaml").write_text("runtime: nodejs\n", encoding="utf-8")
        with pytest.raises(PolicyPackError, match="runtime is 'nodejs'; auroractl runs only"):
            read_pack_spec(tmp_path)

    def test_uses_the_packs_virtualenv_when_present(self, tmp_path: Path) -> None:
        """options.virtualenv is honoured when it exists; version comes from the manifest."""
        (tmp_path / "PulumiPolicy.yaml").write_text(
            json.dumps(
                {
                    "runtime": {"name": "python", "options": {"virtualenv": "venv"}},
                    "version": "2.0.0",
                }
            ),
            encoding="utf-8",
        )
        python = tmp_path / "venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text("", encoding="utf-8")
        spec = read_pack_spec(tmp_path)
        assert (spec.python, spec.version) == (str(python), "2.0.0")


class TestSecretOutputs:
    """additionalSecretOutputs are secret for the pack and scrubbed from messages."""

    def test_marked_outputs_are_wrapped(self) -> None:
        """Only the named outputs are wrapped; an already-secret one is not wrapped twice."""
        from auroractl.policy._runner import _secret_outputs
        from auroractl.policy.testing import ToyResource

        wrapped = {SIG: SECRET, "value": "tok-123456"}
        r = ToyResource(
            "urn:r", "t:t:T", "r", True, None, "id", {}, {"a": "x", "b": "y", "c": wrapped}
        )
        object.__setattr__(r, "additional_secret_outputs", ["b", "c"])
        assert _secret_outputs(r) == {"a": "x", "b": {SIG: SECRET, "value": "y"}, "c": wrapped}


class TestCliRendering:
    """Text and JSON renderings of a report."""

    @staticmethod
    def _report() -> Any:
        from auroractl.policy import PackLog, PackReport

        return PackReport(
            pack="p",
            version="1.0.0",
            findings=[
                Finding(
                    "pol-a",
                    "mandatory",
                    "urn:s::proj::aws:rds/cluster:Cluster::db",
                    "aws:rds/cluster:Cluster",
                    "Desc.\nwhy",
                    "p",
                ),
                Finding("pol-b", "advisory", None, None, "Stack desc.", "p"),
            ],
            logs=[PackLog("info", "hello")],
        )

    def test_text_lines(self) -> None:
        """Each finding shows level, policy, resource and message; a verdict line ends it."""
        from auroractl.policy.cli import text_lines

        assert text_lines(self._report()) == [
            "[mandatory]  pol-a  (aws:rds/cluster:Cluster: db)",
            "    Desc.",
            "    why",
            "[advisory]  pol-b  (stack)",
            "    Stack desc.",
            "info: hello",
            "FAILED: 1 mandatory, 1 advisory, 0 remediated",
        ]
