"""Parsing IAM / KMS / resource policy documents (JSON strings or objects)."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError

from aurora_guardrails.props import Props, is_unknown, plain

__all__ = [
    "Statement",
    "action_matches",
    "allow_statements",
    "document_statements",
    "policy_documents",
]


@dataclass(frozen=True)
class Statement:
    """One statement, with `Action`, `Resource` and principals normalised to lists."""

    sid: str
    effect: str
    actions: list[str]
    not_actions: list[str]
    resources: list[str]
    not_resources: list[str]
    principals: list[str]
    condition: dict[str, Any] = field(default_factory=dict)

    @property
    def allows(self) -> bool:
        """True for `Effect: Allow`."""
        return self.effect.lower() == "allow"

    def label(self, index: int) -> str:
        """`Sid "x"` or `statement N` for messages."""
        return f'statement "{self.sid}"' if self.sid else f"statement {index + 1}"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _principals(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        out: list[str] = []
        for item in value.values():
            out.extend(_as_list(item))
        return out
    return _as_list(value)


def document_statements(document: Any, path: str = "policy") -> list[Statement]:
    """Statements of a policy document given as JSON text or an object.

    Raises `UnknownValueError` when the document (or a part of it) is unknown during preview,
    and `ValueError` when it is not a policy document.
    """
    if is_unknown(document):
        raise UnknownValueError(document, [path])
    if isinstance(document, str):
        if UNKNOWN_STRING_VALUE in document:
            raise UnknownValueError(UNKNOWN_STRING_VALUE, [path])
        try:
            document = json.loads(document)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not valid JSON: {exc.msg}") from None
    document = plain(document)
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not a policy document object")
    raw = document.get("Statement", [])
    items = raw if isinstance(raw, list) else [raw]
    statements: list[Statement] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        principals = _principals(item.get("Principal"))
        condition = item.get("Condition")
        statements.append(
            Statement(
                sid=str(item.get("Sid") or ""),
                effect=str(item.get("Effect") or ""),
                actions=_as_list(item.get("Action")),
                not_actions=_as_list(item.get("NotAction")),
                resources=_as_list(item.get("Resource")),
                not_resources=_as_list(item.get("NotResource")),
                principals=principals,
                condition=condition if isinstance(condition, dict) else {},
            )
        )
    return statements


def action_matches(patterns: list[str], action: str) -> bool:
    """True when one of the IAM action `patterns` (wildcards allowed) covers `action`."""
    return any(fnmatch.fnmatchcase(action.lower(), p.lower()) for p in patterns)


def policy_documents(resource_type: str, props: Props) -> list[tuple[str, Any]]:
    """The permission documents of an IAM role, role policy or managed policy, with their paths.

    A role's trust policy (`assumeRolePolicy`) is not a permission document and is left out.
    """
    if resource_type.endswith("/role:Role"):
        docs: list[tuple[str, Any]] = []
        for index, inline in enumerate(props.objs("inlinePolicies")):
            if inline.is_set("policy"):
                docs.append((f"inlinePolicies[{index}].policy", inline.raw("policy")))
        return docs
    if props.is_set("policy"):
        return [("policy", props.raw("policy"))]
    return []


def allow_statements(
    resource_type: str, props: Props, invalid: Callable[[str], None]
) -> Iterator[tuple[str, int, Statement]]:
    """`(path, index, statement)` for each Allow statement of a resource's permission documents.

    `index` counts every statement of the document (for `Statement.label`); a document that is
    not a policy document is passed to `invalid` as one message and skipped.
    """
    for path, document in policy_documents(resource_type, props):
        try:
            statements = document_statements(document, path)
        except ValueError as exc:
            invalid(f"{exc}.")
            continue
        for index, st in enumerate(statements):
            if st.allows:
                yield path, index, st
