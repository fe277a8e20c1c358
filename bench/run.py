"""Benchmarks of the offline plan and the policy pack (not tests): Markdown to stdout and
docs/bench.md.

    .venv/bin/python bench/run.py [--runs 5] [--sizes 1,10,50,100] [--pack-runs 2] [--no-write]

a. ``auroractl plan --stack prod`` (with the pack, and ``--no-policy``) against two baselines
   under Pulumi's own mocks: ``bench/typed_baseline.py`` (the target's: the program's typed
   classes constructing the same resources with the same inputs, ``bench/typed_recipe.py``) and
   ``bench/mock_baseline.py`` (stricter: generic resources with every property the typed classes
   declare, ``bench/declared.py``, importing only ``pulumi``); median of --runs.
b. The same for stacks of 1, 10, 50 and 100 prod-shaped databases (``bench/fleetgen.py``): plan
   with the pack end to end, without it, both baselines; ratios and peak RSS.
c. The pack against a trivial pack (``bench/trivial_pack``: one resource and one stack policy,
   each reading one property) on the largest plan in update mode, both started as the Pulumi CLI
   starts them and sent one ``Analyze`` at a time, then one ``AnalyzeStack``; best of
   --pack-runs.

Generated projects and plans live in ``.bench/`` (git-ignored). Bytecode should be compiled
first (``make bench`` does): without ``.pyc`` files every run recompiles pulumi_aws.
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

BENCH = Path(__file__).resolve().parent
BENCH_DIR = REPO_ROOT / ".bench"
PYTHON = sys.executable
AURORACTL = [PYTHON, "-m", "auroractl.cli"]
PROD_TARGET = 1.3
FLEET_TARGET = 1.5
PACK_TARGET = 2.0


@dataclass(frozen=True)
class Run:
    """One child process: wall seconds, peak RSS (MiB), stdout."""

    seconds: float
    max_rss_mib: float
    stdout: bytes


def run_child(argv: list[str], cwd: Path = REPO_ROOT) -> Run:
    """Run argv; its wall time and peak RSS (``wait4``: the child or a child it waited for,
    e.g. the policy pack, whichever was larger)."""
    out_path = BENCH_DIR / "child.out"
    with out_path.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read() if proc.stderr else b""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):  # 1: mandatory policy findings, still a complete run
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {stderr.decode()[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, out_path.read_bytes())


def median_run(argv: list[str], runs: int) -> tuple[float, list[float], float]:
    """Median wall time, all times, max peak RSS over ``runs`` runs."""
    results = [run_child(argv) for _ in range(runs)]
    times = [r.seconds for r in results]
    return statistics.median(times), times, max(r.max_rss_mib for r in results)


def _times(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _verdict(ratio: float, target: float) -> str:
    return f"**{ratio:.2f}** ({'meets' if ratio <= target else 'misses'} ≤ {target})"


@dataclass(frozen=True)
class Baselines:
    """The two baselines' argv for one plan, and the number of resources in the plan."""

    typed: list[str]
    generic: list[str]
    resources: int


def baseline_inputs(stack: str, project: Path, name: str) -> Baselines:
    """Write the plan, the typed recipe and the declared-property files (outside the timed
    runs); the baselines' argv."""
    plan_json = BENCH_DIR / f"{name}-plan.json"
    argv = [*AURORACTL, "plan", "--stack", stack, "--project-dir", str(project)]
    plan_json.write_bytes(run_child([*argv, "--json", "--no-policy"]).stdout)
    recipe = BENCH_DIR / f"{name}-recipe.json"
    recipe.write_bytes(run_child([PYTHON, str(BENCH / "typed_recipe.py"), str(plan_json)]).stdout)
    declared = BENCH_DIR / f"{name}-declared.json"
    declared.write_bytes(run_child([PYTHON, str(BENCH / "declared.py"), str(plan_json)]).stdout)
    resources = len(json.loads(plan_json.read_text(encoding="utf-8"))["steps"])
    return Baselines(
        typed=[PYTHON, str(BENCH / "typed_baseline.py"), str(recipe)],
        generic=[PYTHON, str(BENCH / "mock_baseline.py"), str(plan_json), str(declared)],
        resources=resources,
    )


def bench_prod(runs: int) -> list[str]:
    """a. prod plan against both baselines (the typed one is the target's)."""
    baselines = baseline_inputs("prod", REPO_ROOT, "prod")
    count = baselines.resources
    typed, typed_all, _ = median_run(baselines.typed, runs)
    generic, generic_all, _ = median_run(baselines.generic, runs)
    frozen, frozen_all, _ = median_run([*baselines.typed, "--freeze-at-exit"], runs)
    rows = [
        "| Command | Resources | Median wall (s) | Runs (s) | Ratio to typed baseline | "
        "Ratio to typed baseline without teardown | Ratio to generic baseline |",
        "|---|---:|---:|---|---:|---:|---:|",
        f"| typed baseline: `bench/typed_baseline.py` (the program's typed classes under "
        f"Pulumi's mocks) | {count} | {typed:.2f} | {_times(typed_all)} | 1.00 | "
        f"{typed / frozen:.2f} | {typed / generic:.2f} |",
        f"| typed baseline without teardown: `bench/typed_baseline.py --freeze-at-exit` "
        f"(`gc.freeze()` before exit, as `auroractl` does) | {count} | {frozen:.2f} | "
        f"{_times(frozen_all)} | {frozen / typed:.2f} | 1.00 | {frozen / generic:.2f} |",
        f"| generic baseline: `bench/mock_baseline.py` (`CustomResource`s, every declared "
        f"property, only `pulumi` imported) | {count} | {generic:.2f} | {_times(generic_all)} | "
        f"{generic / typed:.2f} | {generic / frozen:.2f} | 1.00 |",
    ]
    for label, extra in (
        ("`auroractl plan --stack prod` (with the policy pack)", []),
        ("`auroractl plan --stack prod --no-policy`", ["--no-policy"]),
    ):
        med, all_times, _ = median_run([*AURORACTL, "plan", "--stack", "prod", *extra], runs)
        rows.append(
            f"| {label} | {count} | {med:.2f} | {_times(all_times)} | "
            f"{_verdict(med / typed, PROD_TARGET)} | {med / frozen:.2f} | {med / generic:.2f} |"
        )
    return rows


def bench_fleet(sizes: list[int]) -> tuple[list[str], Path, str]:
    """b. plan end to end by fleet size; returns the largest project for c."""
    rows = [
        "| Databases | Resources | Typed baseline (s) | Generic baseline (s) | Plan with pack (s) "
        "| Ratio to typed | Ratio to generic | Plan `--no-policy` (s) | Ratio to typed | "
        "Peak RSS plan+pack / typed baseline (MiB) | ms per resource (with pack) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    largest: tuple[Path, str] | None = None
    for size in sizes:
        project = BENCH_DIR / f"fleet{size}"
        stack = write_fleet_project(project, size)
        baselines = baseline_inputs(stack, project, stack)
        resources = baselines.resources
        typed = run_child(baselines.typed)
        generic = run_child(baselines.generic)
        argv = [*AURORACTL, "plan", "--stack", stack, "--project-dir", str(project)]
        with_pack = run_child([*argv, "--policy-pack", str(REPO_ROOT / "policies")])
        bare = run_child([*argv, "--no-policy"])
        target = FLEET_TARGET if size == max(sizes) else None
        ratio = with_pack.seconds / typed.seconds
        shown = _verdict(ratio, target) if target else f"{ratio:.2f}"
        rows.append(
            f"| {size} | {resources} | {typed.seconds:.2f} | {generic.seconds:.2f} | "
            f"{with_pack.seconds:.2f} | {shown} | {with_pack.seconds / generic.seconds:.2f} | "
            f"{bare.seconds:.2f} | {bare.seconds / typed.seconds:.2f} | "
            f"{with_pack.max_rss_mib:.0f} / {typed.max_rss_mib:.0f} | "
            f"{with_pack.seconds * 1000 / resources:.2f} |"
        )
        largest = (project, stack)
    assert largest is not None
    return rows, *largest


PACK_CODE = """
import json, sys, time
from pathlib import Path
from auroractl.engine import run_stack
from auroractl.policy import _runner, analyze_plan
_runner.ANALYZE_WINDOW = 1  # one Analyze at a time, as in the issue's measurement
project, stack, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
packs = {"trivial": Path(sys.argv[4]), "guardrails": Path(sys.argv[5])}
plan = run_stack(project, stack, preview=False)
times = {name: [] for name in packs}
findings = {}
for _ in range(runs):
    for name, pack in packs.items():
        started = time.perf_counter()
        report = analyze_plan(plan, pack)
        times[name].append(time.perf_counter() - started)
        findings[name] = len(report.findings)
print(json.dumps({"resources": len(plan.resources), "times": times, "findings": findings}))
"""


def bench_pack(project: Path, stack: str, runs: int) -> list[str]:
    """c. the pack against the trivial pack over the Analyzer protocol."""
    result = json.loads(
        run_child(
            [
                PYTHON,
                "-c",
                PACK_CODE,
                str(project),
                stack,
                str(runs),
                str(BENCH / "trivial_pack"),
                str(REPO_ROOT / "policies"),
            ]
        ).stdout
    )
    count = result["resources"]
    best = {name: min(times) for name, times in result["times"].items()}
    rows = [
        "| Pack | Resources | Runs (s) | Best (s) | Resources/s | Findings | Ratio |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for name, label in (
        ("trivial", "trivial pack (`bench/trivial_pack`, stock pulumi_policy)"),
        ("guardrails", "aurora-guardrails (`policies/`)"),
    ):
        ratio = best[name] / best["trivial"]
        shown = "1.00" if name == "trivial" else _verdict(ratio, PACK_TARGET)
        rows.append(
            f"| {label} | {count} | {_times(result['times'][name])} | {best[name]:.2f} | "
            f"{count / best[name]:.0f} | {result['findings'][name]} | {shown} |"
        )
    return rows


def warm_up() -> None:
    """One plan with the policy pack, allowed to write bytecode: the measured runs then load
    ``.pyc`` files and find the files in the OS cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [*AURORACTL, "plan", "--stack", "prod"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the Markdown, write docs/bench.md unless --no-write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="runs per command in a. (median)")
    parser.add_argument("--sizes", default="1,10,50,100", help="fleet sizes for b.")
    parser.add_argument("--pack-runs", type=int, default=2, help="runs per pack in c. (best)")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/bench.md")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    BENCH_DIR.mkdir(exist_ok=True)

    load_before = os.getloadavg()
    started = time.perf_counter()
    warm_up()
    prod = bench_prod(args.runs)
    fleet, project, stack = bench_fleet(sizes)
    pack = bench_pack(project, stack, args.pack_runs)
    load_after = os.getloadavg()
    header = (
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; `bench/run.py --runs {args.runs} "
        f"--sizes {args.sizes} --pack-runs {args.pack_runs}` on {time.strftime('%Y-%m-%d %H:%M')}"
        f" UTC, {time.perf_counter() - started:.0f} s; load average (1 min) "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after (the machine is shared)."
    )
    text = "\n".join(
        [
            "## a. `auroractl plan --stack prod` against the baselines under Pulumi's mocks",
            "",
            *prod,
            "",
            "## b. Plan end to end by fleet size (`databases`, prod-shaped, preview)",
            "",
            *fleet,
            "",
            f"## c. The pack against a trivial pack over the Analyzer protocol ({stack}, update)",
            "",
            *pack,
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
