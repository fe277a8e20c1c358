"""Migration benchmark (not a test): ``auroractl migrate run`` against pgloader, same file.

    .venv/bin/python bench/migrate_bench.py [--rows 1200000] [--no-write]

Generates (once, cached in ``.bench/migrate/``) a SQLite file of at least 1 million rows over
5 tables and at least 150 MB: integers, reals, text, blobs, booleans, dates and timestamps,
composite and single keys, a keyless table, unique and secondary indexes, foreign keys. Starts
a throwaway PostgreSQL on loopback and loads the file three times into fresh databases, each
timed end to end as a child process with its peak RSS and CPU seconds (``os.wait4``), and the
CPU seconds of the PostgreSQL backends it used (the postmaster's reaped children): on a shared
machine the wall times move with the load, the CPU seconds much less.

1. ``auroractl migrate run`` (schema, COPY, keys, indexes, foreign keys, ANALYZE, verification);
2. the same with ``--no-verify``;
3. ``pgloader`` (Debian's package) with its defaults (schema, data, indexes, foreign keys,
   sequence reset; it verifies nothing beyond its own counts).

Targets: (1) no slower than pgloader, (2) at most half of pgloader's time. Writes a Markdown
section into docs/bench.md between the migration markers.
"""

from __future__ import annotations

import argparse
import os
import platform
import pwd
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
WORK = REPO_ROOT / ".bench" / "migrate"
AURORACTL = [sys.executable, "-m", "auroractl.cli"]
START = "<!-- migrate-results -->"
END = "<!-- /migrate-results -->"
TABLES = 5


@dataclass(frozen=True)
class Run:
    """One timed child process."""

    name: str
    seconds: float
    max_rss_mib: float
    code: int
    tail: str
    cpu: float
    """CPU seconds of the child (user + system)."""
    server_cpu: float
    """CPU seconds of the PostgreSQL backends that ended meanwhile (the postmaster's reaped
    children): the server's share of the work, comparable whatever else loads the machine."""


def generate(path: Path, rows: int) -> dict[str, int]:
    """Write the source file (deterministic); returns rows per table."""
    customers = rows // 12
    products = rows // 60
    orders = rows // 4
    items = rows // 2
    events = rows - customers - products - orders - items
    counts = {
        "customers": customers,
        "products": products,
        "orders": orders,
        "order_items": items,
        "events": events,
    }
    marker = path.with_suffix(".rows")
    if path.exists() and marker.exists() and marker.read_text() == str(rows):
        return counts
    path.unlink(missing_ok=True)
    rnd = random.Random(14)
    words = [
        f"{w}{i}" for i, w in enumerate(["lorem", "ipsum", "dolor", "sit", "amet", "consectetur"])
    ]
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;
        CREATE TABLE customers(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT,
          created DATETIME, balance REAL, active BOOLEAN, notes TEXT);
        CREATE TABLE products(id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, title TEXT,
          price REAL, image BLOB);
        CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL
          REFERENCES customers(id), ordered DATE, total REAL, status TEXT);
        CREATE INDEX orders_customer ON orders(customer_id);
        CREATE TABLE order_items(order_id INTEGER NOT NULL REFERENCES orders(id),
          line INTEGER NOT NULL, product_id INTEGER NOT NULL REFERENCES products(id),
          qty INTEGER, price REAL, PRIMARY KEY (order_id, line));
        CREATE INDEX order_items_product ON order_items(product_id);
        CREATE TABLE events(kind TEXT, payload TEXT, at DATETIME);
        """
    )

    def text(n: int) -> str:
        return " ".join(rnd.choice(words) for _ in range(n))

    conn.executemany(
        "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                f"user{i}@example.com",
                f"Customer {i}",
                f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d} {i % 24:02d}:{i % 60:02d}:00",
                rnd.random() * 1000,
                i % 2,
                text(40),
            )
            for i in range(1, customers + 1)
        ),
    )
    conn.executemany(
        "INSERT INTO products VALUES (?, ?, ?, ?, ?)",
        (
            (i, f"SKU-{i:07d}", text(6), round(rnd.random() * 100, 2), rnd.randbytes(200))
            for i in range(1, products + 1)
        ),
    )
    conn.executemany(
        "INSERT INTO orders VALUES (?, ?, ?, ?, ?)",
        (
            (
                i,
                rnd.randint(1, customers),
                f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                rnd.random() * 500,
                rnd.choice(("new", "paid", "shipped", "returned")),
            )
            for i in range(1, orders + 1)
        ),
    )
    conn.executemany(
        "INSERT INTO order_items VALUES (?, ?, ?, ?, ?)",
        (
            (i // 2 + 1, i % 2, rnd.randint(1, products), rnd.randint(1, 9), rnd.random() * 50)
            for i in range(items)
        ),
    )
    conn.executemany(
        "INSERT INTO events VALUES (?, ?, ?)",
        (
            (rnd.choice(("click", "view", "buy")), text(60), f"2025-01-01 00:{i % 60:02d}:00")
            for i in range(events)
        ),
    )
    conn.commit()
    conn.close()
    marker.write_text(str(rows))
    return counts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit("PostgreSQL server binaries not found (run scripts/ci-services)")
    return Path(initdb).parent


class Server:
    """A throwaway PostgreSQL on 127.0.0.1 with trust auth (loopback only)."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.base = Path(tempfile.mkdtemp(prefix="auroractl-migrate-bench-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)

    def _run(self, *argv: str) -> None:
        subprocess.run(argv, check=True, capture_output=True, user=self.user, timeout=300)

    def __enter__(self) -> Server:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "bench",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        with (self.data / "postgresql.conf").open("a") as fh:
            fh.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.base}'\nmax_wal_size = 4GB\n"
                "shared_buffers = 256MB\nmaintenance_work_mem = 256MB\n"
            )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.base / "log"),
            "-w",
            "start",
        )
        return self

    def __exit__(self, *exc: object) -> None:
        subprocess.run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            user=self.user,
            timeout=120,
            check=False,
        )
        shutil.rmtree(self.base, ignore_errors=True)

    def backends_cpu(self) -> float:
        """CPU seconds of the postmaster's reaped children (backends that have exited)."""
        pid = (self.data / "postmaster.pid").read_text().split()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # after "pid (comm)": field 3 is the state; cutime and cstime are fields 16 and 17
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")

    def url(self, db: str) -> str:
        """URL of database ``db``."""
        return f"postgresql://bench@127.0.0.1:{self.port}/{db}"

    def create(self, db: str) -> None:
        """A new empty database."""
        subprocess.run(
            [
                str(self.bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "bench",
                db,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )


def timed(name: str, argv: list[str], server: Server) -> Run:
    """Run ``argv``; wall seconds, the child's peak RSS and CPU, the server's CPU."""
    log = WORK / f"{name}.log"
    server_before = server.backends_cpu()
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    time.sleep(0.5)  # the last backends exit after the client disconnects
    tail = log.read_text(errors="replace").strip().splitlines()[-3:]
    return Run(
        name,
        seconds,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
        " / ".join(tail),
        usage.ru_utime + usage.ru_stime,
        server.backends_cpu() - server_before,
    )


def main(argv: list[str] | None = None) -> int:
    """Generate, load three ways, print and write the Markdown section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_200_000, help="rows over the 5 tables")
    parser.add_argument("--jobs", type=int, default=2, help="migrate run --jobs")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/bench.md")
    args = parser.parse_args(argv)
    pgloader = shutil.which("pgloader")
    if pgloader is None:
        raise SystemExit("pgloader not found: apt-get install -y pgloader")
    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / "source.db"
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    counts = generate(source, args.rows)
    generated = time.perf_counter() - started
    size = source.stat().st_size
    rows = sum(counts.values())
    runs: list[Run] = []
    with Server() as server:
        for name, extra in (("ours", []), ("ours-no-verify", ["--no-verify"])):
            server.create(name.replace("-", "_"))
            runs.append(
                timed(
                    name,
                    [
                        *AURORACTL,
                        "migrate",
                        "run",
                        str(source),
                        "--target-url",
                        server.url(name.replace("-", "_")),
                        "--jobs",
                        str(args.jobs),
                        *extra,
                    ],
                    server,
                )
            )
        server.create("pgloader")
        runs.append(
            timed("pgloader", [pgloader, f"sqlite://{source}", server.url("pgloader")], server)
        )
    command = " ".join(["bench/migrate_bench.py", *(argv if argv is not None else sys.argv[1:])])
    by = {r.name: r for r in runs}
    base = by["pgloader"].seconds
    lines = [
        f"Source: {rows:,} rows in {TABLES} tables ("
        + ", ".join(f"{t} {n:,}" for t, n in counts.items())
        + f"), {size / 1e6:.0f} MB; generated in {generated:.0f} s (cached in .bench/migrate).",
        "",
        "| Load | Exit | Wall (s) | Rows/s | MB/s | Peak RSS (MiB) | CPU s: client + server "
        "| vs pgloader | Target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    targets = {"ours": (1.0, "≤ pgloader"), "ours-no-verify": (0.5, "≤ ½ pgloader")}
    labels = {
        "ours": "`auroractl migrate run` (with verification)",
        "ours-no-verify": "`auroractl migrate run --no-verify`",
        "pgloader": "`pgloader sqlite://… postgresql://…`",
    }
    for run in runs:
        ratio = run.seconds / base if base else 0.0
        target = ""
        if run.name in targets:
            limit, label = targets[run.name]
            target = f"{label}: {'met' if ratio <= limit and run.code == 0 else '**missed**'}"
        lines.append(
            f"| {labels[run.name]} | {run.code} | {run.seconds:.1f} | {rows / run.seconds:,.0f} | "
            f"{size / 1e6 / run.seconds:.1f} | {run.max_rss_mib:.0f} | "
            f"{run.cpu:.1f} + {run.server_cpu:.1f} | {ratio:.2f} | {target} |"
        )
    lines += [
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, load average (1 min) {load_before:.1f} "
        f"before, {os.getloadavg()[0]:.1f} at the end; `{command}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
    ]
    for run in runs:
        if run.code != 0:
            lines.append(f"\n{run.name} exited {run.code}: {run.tail}")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if not args.no_write:
        doc = REPO_ROOT / "docs" / "bench.md"
        current = doc.read_text(encoding="utf-8")
        head, rest = current.split(START, 1)
        _, tail = rest.split(END, 1)
        doc.write_text(f"{head}{START}\n\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
