"""Text rendering of a cost estimate (the JSON form is ``Estimate.to_dict()``)."""

from __future__ import annotations

from aurora_guardrails.cost import Estimate


def _usd(value: float) -> str:
    return f"{value:,.2f}"


def render_text(estimate: Estimate) -> str:
    """A table: one row per priced component, the total, then assumptions and gaps."""
    rows = [("RESOURCE", "ITEM", "LOW $/mo", "HIGH $/mo", "BASIS")]
    for line in estimate.lines:
        short_type = line.resource_type.split(":")[-1]
        rows.append(
            (f"{short_type} {line.name}", line.item, _usd(line.low), _usd(line.high), line.basis)
        )
    rows.append(("TOTAL", "", _usd(estimate.low), _usd(estimate.high), ""))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    out = [
        f"Estimated monthly cost ({estimate.region}, USD, "
        f"{estimate.hours_per_month:g} h/month): {_usd(estimate.low)} - {_usd(estimate.high)}"
    ]
    for row in rows:
        out.append(
            f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  "
            f"{row[2]:>{widths[2]}}  {row[3]:>{widths[3]}}  {row[4]}".rstrip()
        )
    if estimate.unpriced:
        out.append("Not priced (the totals leave these out):")
        for item in estimate.unpriced:
            out.append(f"  - {item.resource_type} {item.name}: {item.reason}")
    out.append("Assumptions:")
    out.extend(f"  - {text}" for text in estimate.assumptions)
    if estimate.unverified_prices:
        out.append(
            "Unverified prices (not read on the AWS pricing page; see the price table's "
            "sources): " + ", ".join(estimate.unverified_prices)
        )
    return "\n".join(out)
