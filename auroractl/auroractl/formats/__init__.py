"""Machine-readable reports of ``auroractl plan`` for CI: SARIF 2.1.0 and JUnit XML.

Both read a :class:`PlanRun`: the plan (``None`` when the run failed before it had one), the
sections the extensions contributed (policy findings and the pack's rules) and the failure,
if any.
"""

from auroractl.formats.junit import junit_xml
from auroractl.formats.model import Failure, PlanRun, program_location
from auroractl.formats.sarif import SARIF_SCHEMA_URI, sarif_log

__all__ = ["SARIF_SCHEMA_URI", "Failure", "PlanRun", "junit_xml", "program_location", "sarif_log"]
