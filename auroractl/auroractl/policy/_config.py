"""The policy pack's side of the config merge: what ``GetAnalyzerInfo`` declares, and the
``Configure`` request that carries the merged config.

Reading, merging and validating the ``--policy-pack-config`` file lives in
``auroractl.policy_config`` (shared with ``auroractl audit``); its names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping

from google.protobuf import json_format
from pulumi.runtime.proto import analyzer_pb2

from auroractl.policy._model import PolicyDoc
from auroractl.policy_config import ALL as ALL
from auroractl.policy_config import LEVELS as LEVELS
from auroractl.policy_config import PolicyConfigEntry as PolicyConfigEntry
from auroractl.policy_config import PolicyConfigFile as PolicyConfigFile
from auroractl.policy_config import PolicyMeta as PolicyMeta
from auroractl.policy_config import load_policy_config as load_policy_config
from auroractl.policy_config import merge_config as merge_config
from auroractl.policy_config import parse_policy_config as parse_policy_config

#: The wire value of each level.
LEVEL_TO_PROTO = {
    "advisory": analyzer_pb2.ADVISORY,
    "mandatory": analyzer_pb2.MANDATORY,
    "remediate": analyzer_pb2.REMEDIATE,
    "disabled": analyzer_pb2.DISABLED,
}
PROTO_TO_LEVEL = {v: k for k, v in LEVEL_TO_PROTO.items()}


def policies_from_info(info: analyzer_pb2.AnalyzerInfo) -> list[PolicyMeta]:
    """The pack's policies, sorted by name as the engine sorts them."""
    result = []
    for p in info.policies:
        schema = (
            json_format.MessageToDict(p.configSchema.properties)
            if p.HasField("configSchema")
            else {}
        )
        result.append(
            PolicyMeta(
                name=p.name,
                level=PROTO_TO_LEVEL.get(p.enforcementLevel, "advisory"),
                schema=schema,
                required=list(p.configSchema.required),
            )
        )
    return sorted(result, key=lambda m: m.name)


_SEVERITIES = {1: "low", 2: "medium", 3: "high", 4: "critical"}


def policy_docs_from_info(info: analyzer_pb2.AnalyzerInfo) -> list[PolicyDoc]:
    """Name, description, remediation, URL, severity and tags of each policy, by name."""
    docs = [
        PolicyDoc(
            name=p.name,
            display_name=p.displayName,
            description=p.description,
            level=PROTO_TO_LEVEL.get(p.enforcementLevel, "advisory"),
            remediation=p.remediation_steps,
            url=p.url,
            severity=_SEVERITIES.get(int(p.severity), ""),
            tags=tuple(p.tags),
        )
        for p in info.policies
    ]
    return sorted(docs, key=lambda d: d.name)


def initial_config_from_info(info: analyzer_pb2.AnalyzerInfo) -> dict[str, PolicyConfigEntry]:
    """The pack's ``initial_config`` as the engine reads it (unset level → advisory)."""
    return {
        name: PolicyConfigEntry(
            level=PROTO_TO_LEVEL.get(cfg.enforcementLevel, "advisory"),
            properties=json_format.MessageToDict(cfg.properties),
        )
        for name, cfg in sorted(info.initialConfig.items())
    }


def to_configure_request(
    config: Mapping[str, PolicyConfigEntry],
) -> analyzer_pb2.ConfigureAnalyzerRequest:
    """The ``Configure`` request carrying the merged config."""
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for name, entry in sorted(config.items()):
        cfg = request.policyConfig[name]
        cfg.enforcementLevel = LEVEL_TO_PROTO[entry.level or "advisory"]
        cfg.properties.update(entry.properties)
    return request
