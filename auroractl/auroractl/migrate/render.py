"""Text forms of the check plan and of run/export reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auroractl.migrate.affinity import affinity

if TYPE_CHECKING:
    from auroractl.migrate.model import Plan
    from auroractl.migrate.runner import RunReport


def render_plan(plan: Plan, source: str) -> str:
    """``migrate check``'s report."""
    rows = sum(t.rows for t in plan.tables)
    out = [f"{source}: {len(plan.tables)} tables, {rows} rows", ""]
    for table in plan.tables:
        kind = " WITHOUT ROWID" if table.source.without_rowid else ""
        out.append(f"table {table.source.name}{kind} -> {table.name} ({table.rows} rows)")
        for c in table.columns:
            declared = c.source.declared or "(none)"
            extra = " identity" if c.identity else ""
            if c.identity and table.source.autoincrement is not None:
                extra += " (AUTOINCREMENT)"
            out.append(
                f"    {c.source.name:<20} {declared:<14} {affinity(c.source.declared):<8} -> "
                f"{c.name} {c.pg_type}{extra}  [{c.rule}]"
            )
            if c.default is not None:
                out.append(f"        default {c.source.default} -> {c.default}")
        if table.primary_key:
            out.append(f"    primary key ({', '.join(table.primary_key)})")
        elif not table.order_key:
            out.append("    no primary key: verified as a multiset of rows")
        for unique in table.unique:
            out.append(f"    unique ({', '.join(unique)})")
        for index in table.indexes:
            what = "translated verbatim, reported if PostgreSQL refuses" if index.sql_tail else ""
            cols = ", ".join(index.columns) or (index.sql_tail or "")
            out.append(
                f"    {'unique ' if index.unique else ''}index {index.name} ({cols})"
                + (f"  [{what}]" if what else "")
            )
        for fk in table.foreign_keys:
            parent = (
                f"{fk.parent}({', '.join(fk.parent_columns)})" if fk.parent_columns else fk.parent
            )
            state = f"  [{fk.violated} violating rows]" if fk.violated else ""
            out.append(f"    foreign key ({', '.join(fk.columns)}) -> {parent}{state}")
        for check in table.checks:
            out.append(f"    check ({check})  [added NOT VALID, then validated]")
        if table.identity_start is not None:
            out.append(f"    identity restarts at {table.identity_start}")
        out.append("")
    if plan.objects:
        out.append("views, triggers and virtual tables:")
        for obj in plan.objects:
            out.append(f"    {obj.kind} {obj.name}: {obj.reason}")
        out.append("")
    out.append(f"problems in the data ({len(plan.problems)}):")
    out.extend(f"    {p.as_text()}" for p in plan.problems)
    if not plan.problems:
        out.append("    none")
    out.append("")
    out.append("Aurora DSQL could not hold:")
    out.extend(f"    {r}" for r in plan.dsql_refusals)
    if not plan.dsql_refusals:
        out.append("    nothing: the file fits DSQL")
    out.append("")
    blocking = plan.blocking
    if blocking:
        flags = sorted({p.flag for p in blocking if p.flag})
        need = f" need {', '.join(flags)}" if flags else ""
        out.append(f"NOT MOVABLE as is: {len(blocking)} problem(s){need}")
    else:
        out.append("movable as is")
    return "\n".join(out) + "\n"


def render_run(report: RunReport) -> str:
    """``migrate run`` and ``export``'s closing report."""
    rows = sum(t.rows for t in report.tables)
    out = []
    for table in report.tables:
        v = table.verification
        if v is None:
            state = "not verified"
        elif v.ok:
            state = f"verified ({v.target_rows} rows, checksum {v.target_checksum[:12]})"
        else:
            state = (
                f"VERIFICATION FAILED: source {v.source_rows} rows / target {v.target_rows} rows, "
                f"{v.differing} differing"
            )
        out.append(f"{table.name} -> {table.target}: {table.rows} rows, {state}")
        if v is not None:
            out.extend(f"    {d.as_text()}" for d in v.differences)
    for item in report.not_migrated:
        out.append(f"not migrated: {item}")
    if report.rejected_rows:
        out.append(f"rejected rows: {report.rejected_rows} (see the reject file)")
    rate = rows / report.seconds if report.seconds else 0.0
    verdict = {True: "verified", False: "VERIFICATION FAILED", None: "copied, not verified"}
    out.append(
        f"{verdict[report.verified]}: {rows} rows in {report.seconds:.1f} s "
        f"({rate:,.0f} rows/s, {report.source_bytes / 1e6 / max(report.seconds, 1e-9):.1f} MB/s) "
        f"into {report.target}, schema {report.schema}"
    )
    return "\n".join(out) + "\n"
