"""A plan's policy verdicts as JUnit XML, as CI systems show test reports.

One ``testsuite`` per run (``<project>/<stack> (<mode>)``) and one ``testcase`` per policy of
the pack (``classname`` the pack section, ``name`` the policy): a policy with a mandatory
finding fails, with one line per finding in the ``failure``; advisory and remediated findings
leave it passing and are listed in its ``system-out``. A run that failed before the pack could
judge it is one ``testcase`` named ``plan`` with an ``error``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

from auroractl.formats.model import PlanRun, field_of

__all__ = ["junit_xml"]


def _where(finding: Any) -> str:
    urn = field_of(finding, "urn", None)
    return str(urn) if urn else "(stack)"


def _finding_lines(findings: list[Any]) -> str:
    lines = []
    for finding in findings:
        message = str(field_of(finding, "message")).replace("\n", " | ")
        lines.append(f"[{field_of(finding, 'level')}] {_where(finding)}: {message}")
    return "\n".join(lines)


def junit_xml(run: PlanRun) -> str:
    """The JUnit XML document of a plan run (UTF-8 text with an XML declaration)."""
    project = run.plan.project if run.plan is not None else run.project_dir.resolve().name
    mode = "preview" if run.preview else "update"
    suite = ET.Element("testsuite", name=f"{project}/{run.stack} ({mode})")
    tests = failures = errors = 0
    if run.failure is not None:
        case = ET.SubElement(suite, "testcase", classname="auroractl", name="plan")
        error = ET.SubElement(case, "error", message=run.failure.message, type=run.failure.kind)
        error.text = f"exit {run.failure.exit_code}: {run.failure.message}"
        tests, errors = 1, 1
    for section in run.sections:
        if section.findings is None:
            continue
        by_policy: dict[str, list[Any]] = defaultdict(list)
        for finding in section.findings:
            by_policy[str(field_of(finding, "policy"))].append(finding)
        names = [str(field_of(doc, "name")) for doc in section.rules or []]
        for name in sorted({*names, *by_policy}):
            findings = by_policy.get(name, [])
            case = ET.SubElement(suite, "testcase", classname=section.title, name=name)
            tests += 1
            mandatory = [f for f in findings if field_of(f, "level") == "mandatory"]
            if mandatory:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{len(mandatory)} mandatory finding(s)",
                    type="mandatory",
                )
                failure.text = _finding_lines(mandatory)
            others = [f for f in findings if field_of(f, "level") != "mandatory"]
            if others:
                ET.SubElement(case, "system-out").text = _finding_lines(others)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suites = ET.Element(
        "testsuites",
        name="auroractl plan",
        tests=str(tests),
        failures=str(failures),
        errors=str(errors),
    )
    suites.append(suite)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
