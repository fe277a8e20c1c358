"""Benchmarks of the offline plan (not tests): writes Markdown tables to stdout and docs/bench.md.

    .venv/bin/python bench/run.py [--runs 5] [--sizes 1,10,50,100] [--no-write]

a. ``auroractl plan --stack prod`` wall time (subprocess, median of --runs) against
   ``bench/mock_baseline.py``: Pulumi's own mock monitor registering the same resources (types,
   names, parents, inputs from the plan's ``steps[].newState``) in one process; the ratio.
b. ``auroractl plan`` for stacks of 1, 10, 50 and 100 prod-shaped databases (``databases``, see
   bench/fleetgen.py): wall time, peak RSS of the child (``os.wait4``), time per resource.
c. Policy analysis of the largest plan through the Analyzer protocol (``auroractl.policy``):
   resources per second, and the whole ``auroractl plan`` (program + cost + policy) for it.

Generated projects live in ``.bench/`` (git-ignored). Bytecode should be compiled first
(``make bench`` does): without ``.pyc`` files every run recompiles pulumi_aws.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fleetgen import REPO_ROOT, write_fleet_project

BENCH_DIR = REPO_ROOT / ".bench"
PYTHON = sys.executable
AURORACTL = [PYTHON, "-m", "auroractl.cli"]
RATIO_TARGET = 1.3
FLEET_TARGET_S = 60.0


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, peak RSS (MiB), stdout."""

    seconds: float
    max_rss_mib: float
    stdout: bytes


def run_child(argv: list[str], cwd: Path) -> Run:
    """Run argv, return its wall time and its own peak RSS (wait4 rusage of this child)."""
    out_path = BENCH_DIR / "child.out"
    with out_path.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read() if proc.stderr else b""
    if proc.returncode not in (0, 1):  # 1: mandatory policy findings, still a complete run
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {stderr.decode()[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, out_path.read_bytes())


def median_run(argv: list[str], cwd: Path, runs: int) -> tuple[float, list[float], float]:
    """Median wall time, all times, max peak RSS over ``runs`` runs."""
    results = [run_child(argv, cwd) for _ in range(runs)]
    times = [r.seconds for r in results]
    return statistics.median(times), times, max(r.max_rss_mib for r in results)


def bench_ratio(runs: int) -> list[str]:
    """a. prod plan against the bare mock monitor."""
    plan_json = BENCH_DIR / "prod-plan.json"
    plan_json.write_bytes(
        run_child(
            [*AURORACTL, "plan", "--stack", "prod", "--json", "--no-policy"], REPO_ROOT
        ).stdout
    )
    count = int(
        run_child(
            [PYTHON, str(Path(__file__).with_name("mock_baseline.py")), str(plan_json)], REPO_ROOT
        )
        .stdout.decode()
        .strip()
    )
    base, base_all, _ = median_run(
        [PYTHON, str(Path(__file__).with_name("mock_baseline.py")), str(plan_json)], REPO_ROOT, runs
    )
    rows = [
        "| Command | Resources | Median wall (s) | Runs (s) | Ratio to baseline |",
        "|---|---:|---:|---|---:|",
        f"| baseline: `pulumi.runtime.mocks.MockMonitor` (bench/mock_baseline.py) | {count} | "
        f"{base:.2f} | {_times(base_all)} | 1.00 |",
    ]
    for label, extra in (
        ("`auroractl plan --stack prod --no-policy`", ["--no-policy"]),
        ("`auroractl plan --stack prod` (with policy pack)", []),
    ):
        med, all_times, _ = median_run(
            [*AURORACTL, "plan", "--stack", "prod", *extra], REPO_ROOT, runs
        )
        verdict = "meets" if med / base <= RATIO_TARGET else "misses"
        rows.append(
            f"| {label} | {count} | {med:.2f} | {_times(all_times)} | "
            f"**{med / base:.2f}** ({verdict} ≤ {RATIO_TARGET}) |"
        )
    return rows


def bench_scale(sizes: list[int]) -> tuple[list[str], Path, str, int]:
    """b. plan time and memory by fleet size; returns the largest project for c."""
    rows = [
        "| Databases | Resources | Wall (s) | Peak RSS (MiB) | ms per resource | "
        "Marginal ms per added resource |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    previous: tuple[int, float] | None = None
    largest: tuple[Path, str, int] | None = None
    for size in sizes:
        project = BENCH_DIR / f"fleet{size}"
        stack = write_fleet_project(project, size)
        run = run_child(
            [
                *AURORACTL,
                "plan",
                "--stack",
                stack,
                "--project-dir",
                str(project),
                "--no-policy",
                "--json",
            ],
            REPO_ROOT,
        )
        resources = len(json.loads(run.stdout)["steps"])
        marginal = "-"
        if previous is not None:
            marginal = f"{(run.seconds - previous[1]) * 1000 / (resources - previous[0]):.2f}"
        rows.append(
            f"| {size} | {resources} | {run.seconds:.2f} | {run.max_rss_mib:.0f} | "
            f"{run.seconds * 1000 / resources:.2f} | {marginal} |"
        )
        previous = (resources, run.seconds)
        largest = (project, stack, resources)
    assert largest is not None
    return rows, *largest


def bench_policy(project: Path, stack: str) -> list[str]:
    """c. policy throughput on the largest plan, and the whole plan command for it."""
    code = (
        "import sys, time, json\n"
        "from pathlib import Path\n"
        "from auroractl.engine import run_stack\n"
        "from auroractl.policy import analyze_plan\n"
        f"plan = run_stack(Path({str(project)!r}), {stack!r})\n"
        "t0 = time.perf_counter()\n"
        f"report = analyze_plan(plan, Path({str(REPO_ROOT / 'policies')!r}))\n"
        "t1 = time.perf_counter()\n"
        "print(json.dumps({'resources': len(plan.resources), 'seconds': t1 - t0,"
        " 'findings': len(report.findings)}))\n"
    )
    result = json.loads(run_child([PYTHON, "-c", code], REPO_ROOT).stdout)
    whole = run_child(
        [
            *AURORACTL,
            "plan",
            "--stack",
            stack,
            "--project-dir",
            str(project),
            "--policy-pack",
            str(REPO_ROOT / "policies"),
        ],
        REPO_ROOT,
    )
    verdict = "meets" if whole.seconds <= FLEET_TARGET_S else "misses"
    return [
        "| Measure | Value |",
        "|---|---:|",
        f"| resources analyzed (`analyze_plan`: pack start, per-resource `Analyze`, "
        f"`AnalyzeStack`) | {result['resources']} |",
        f"| analysis wall time (s) | {result['seconds']:.2f} |",
        f"| **throughput (resources/s)** | **{result['resources'] / result['seconds']:.0f}** |",
        f"| findings | {result['findings']} |",
        f"| `auroractl plan --stack {stack}` end to end: program, cost, policy (s) | "
        f"**{whole.seconds:.2f}** ({verdict} < {FLEET_TARGET_S:.0f} s) |",
        f"| its peak RSS (MiB) | {whole.max_rss_mib:.0f} |",
    ]


def warm_up() -> None:
    """One plan with the policy pack, allowed to write bytecode: the measured runs then load
    ``.pyc`` files (PYTHONDONTWRITEBYTECODE would leave pulumi_aws to be recompiled on every
    run, about 2.5 s) and find the files in the OS cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [*AURORACTL, "plan", "--stack", "prod"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def _times(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the Markdown, write docs/bench.md unless --no-write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="runs per command in a. (median)")
    parser.add_argument("--sizes", default="1,10,50,100", help="fleet sizes for b.")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/bench.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    BENCH_DIR.mkdir(exist_ok=True)

    warm_up()
    ratio = bench_ratio(args.runs)
    scale, project, stack, _ = bench_scale(sizes)
    policy = bench_policy(project, stack)
    header = (
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; `bench/run.py --runs {args.runs} "
        f"--sizes {args.sizes}` on {time.strftime('%Y-%m-%d')}."
    )
    text = "\n".join(
        [
            "## a. `auroractl plan --stack prod` against Pulumi's mock monitor",
            "",
            *ratio,
            "",
            "## b. Plan time and memory by fleet size (`databases`, prod-shaped, `--no-policy`)",
            "",
            *scale,
            "",
            f"## c. Policy analysis through the Analyzer protocol ({stack})",
            "",
            *policy,
            "",
            header,
            "",
        ]
    )
    sys.stdout.write(text)
    if not args.no_write:
        doc = REPO_ROOT / "docs" / "bench.md"
        intro = doc.read_text(encoding="utf-8").split("<!-- results -->")[0] if doc.exists() else ""
        doc.write_text(f"{intro}<!-- results -->\n\n{text}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
