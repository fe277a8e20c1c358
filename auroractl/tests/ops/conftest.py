"""Fixtures with real parts: PostgreSQL servers on loopback with a throwaway CA, and moto.

PostgreSQL comes from Debian's ``postgresql`` package (``scripts/ci-services`` installs it) or
any ``pg_ctl``/``initdb`` on PATH. A test that needs a missing server binary is skipped with a
printed reason, except when ``CI`` is set: then it fails, so CI never silently skips.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import ipaddress
import logging
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

PG_SUPERUSER = "pgadmin"
APP_USER = "app_user"
APP_DB = "app"


def need(reason: str) -> None:
    """Skip (printing why) when a server binary is missing; fail instead under CI."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must not skip: {reason}")
    print(f"SKIP: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bindir() -> Path | None:
    def version_key(p: Path) -> float:
        try:
            return float(p.parent.name)
        except ValueError:
            return 0.0

    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version_key, reverse=True)
    for bindir in debian:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        bindir = Path(pg_ctl).resolve().parent
        if (bindir / "initdb").exists():
            return bindir
    return None


# --------------------------------------------------------------------------- TLS material


@dataclasses.dataclass(frozen=True)
class Pki:
    """A throwaway CA, a server certificate for 127.0.0.1/localhost and an unrelated CA."""

    ca_cert: Path
    server_cert: Path
    server_key: Path
    other_ca_cert: Path


def _make_pki(directory: Path) -> Pki:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def ca(cn: str) -> tuple[Any, Any]:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name(cn))
            .issuer_name(name(cn))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        return key, cert

    ca_key, ca_cert = ca("aurora-ops test CA")
    _, other_cert = ca("unrelated test CA")
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    pki = Pki(
        ca_cert=directory / "ca.crt",
        server_cert=directory / "server.crt",
        server_key=directory / "server.key",
        other_ca_cert=directory / "other-ca.crt",
    )
    pki.ca_cert.write_bytes(ca_cert.public_bytes(pem))
    pki.other_ca_cert.write_bytes(other_cert.public_bytes(pem))
    pki.server_cert.write_bytes(server_cert.public_bytes(pem))
    pki.server_key.write_bytes(
        server_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pki.server_key.chmod(0o600)
    return pki


def _make_pki_openssl(directory: Path) -> Pki:
    """Fallback when ``cryptography`` is not importable: the openssl CLI."""
    if shutil.which("openssl") is None:
        need("neither the cryptography package nor the openssl CLI is available")

    def run(*argv: str) -> None:
        subprocess.run(argv, cwd=directory, check=True, capture_output=True)

    for prefix, cn in (("ca", "aurora-ops test CA"), ("other-ca", "unrelated test CA")):
        run(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            f"{prefix}.key",
            "-out",
            f"{prefix}.crt",
            "-days",
            "1",
            "-subj",
            f"/CN={cn}",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        )
    run(
        "openssl",
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
    )
    (directory / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "1",
        "-extfile",
        "san.ext",
    )
    (directory / "server.key").chmod(0o600)
    return Pki(
        directory / "ca.crt",
        directory / "server.crt",
        directory / "server.key",
        directory / "other-ca.crt",
    )


# --------------------------------------------------------------------------- PostgreSQL


@dataclasses.dataclass
class PgServer:
    """One PostgreSQL server on 127.0.0.1 (started or not)."""

    bindir: Path
    datadir: Path
    port: int
    tls: bool
    run_as: str | None

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), *args],
            capture_output=True,
            text=True,
            check=False,
            user=self.run_as,
            timeout=60,
        )

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        done = self._pg_ctl("-l", str(self.datadir / "server.log"), "-w", "-t", "60", "start")
        if done.returncode != 0:
            log = (self.datadir / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl start failed: {done.stdout}{done.stderr}\n{log}")

    def stop(self) -> None:
        """Stop immediately (ignore a server that is not running)."""
        self._pg_ctl("-m", "immediate", "-w", "-t", "30", "stop")


@dataclasses.dataclass(frozen=True)
class PgCluster:
    """What the tests need to reach the servers."""

    tls: PgServer
    plain: PgServer
    pki: Pki
    app_password: str
    superuser_password: str
    make_server: Callable[[bool], PgServer]


def _configure(server: PgServer, pki: Pki) -> None:
    conf = [
        "listen_addresses = '127.0.0.1'",
        f"port = {server.port}",
        f"unix_socket_directories = '{server.datadir}'",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "shared_buffers = 16MB",
        "max_connections = 20",
        "password_encryption = 'scram-sha-256'",
        f"ssl = {'on' if server.tls else 'off'}",
    ]
    if server.tls:
        conf += [f"ssl_cert_file = '{pki.server_cert}'", f"ssl_key_file = '{pki.server_key}'"]
    with (server.datadir / "postgresql.conf").open("a") as fh:
        fh.write("\n" + "\n".join(conf) + "\n")
    host = "hostssl" if server.tls else "host"
    (server.datadir / "pg_hba.conf").write_text(
        f"local all all scram-sha-256\n{host} all all 127.0.0.1/32 scram-sha-256\n"
    )


def _chown_tree(path: Path, user: str | None) -> None:
    if user is None:
        return
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for item in dirs + files:
            os.chown(os.path.join(root, item), entry.pw_uid, entry.pw_gid)


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    """A template cluster (users created once), copied into a TLS and a plain server."""
    bindir = _pg_bindir()
    if bindir is None:
        need("PostgreSQL server binaries (initdb, pg_ctl) not found; run scripts/ci-services")
    assert bindir is not None
    run_as: str | None = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            need("running as root needs the 'postgres' system user to run initdb")
        run_as = "postgres"
    base = Path(tempfile.mkdtemp(prefix="auroractl-ops-pg-"))
    servers: list[PgServer] = []
    try:
        try:
            from cryptography import x509  # noqa: F401

            pki = _make_pki(base)
        except ImportError:
            pki = _make_pki_openssl(base)
        superuser_password = secrets.token_urlsafe(18)
        app_password = secrets.token_urlsafe(18)
        pwfile = base / "pw"
        pwfile.write_text(superuser_password + "\n")
        _chown_tree(base, run_as)
        template = base / "template"
        done = subprocess.run(
            [
                str(bindir / "initdb"),
                "-D",
                str(template),
                "-U",
                PG_SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
            capture_output=True,
            text=True,
            check=False,
            user=run_as,
            timeout=120,
        )
        pwfile.unlink()
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stdout}{done.stderr}")

        counter = iter(range(1000))

        def make_server(tls: bool) -> PgServer:
            datadir = base / f"pg{next(counter)}"
            shutil.copytree(template, datadir, symlinks=True)
            server = PgServer(bindir, datadir, free_port(), tls, run_as)
            _configure(server, pki)
            _chown_tree(datadir, run_as)
            datadir.chmod(0o700)
            servers.append(server)
            return server

        seed = make_server(True)
        seed.start()
        with psycopg.connect(
            host="127.0.0.1",
            port=seed.port,
            user=PG_SUPERUSER,
            password=superuser_password,
            dbname="postgres",
            sslmode="verify-full",
            sslrootcert=str(pki.ca_cert),
            autocommit=True,
        ) as conn:
            conn.execute(
                psycopg.sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    psycopg.sql.Identifier(APP_USER), psycopg.sql.Literal(app_password)
                )
            )
            conn.execute(
                psycopg.sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    psycopg.sql.Identifier(APP_DB), psycopg.sql.Identifier(APP_USER)
                )
            )
        seed.stop()
        shutil.rmtree(template)
        seed.datadir.rename(template)  # the template now holds the users
        servers.remove(seed)
        for name in ("postmaster.pid", "server.log"):
            (template / name).unlink(missing_ok=True)
        # copies get a fresh postgresql.conf tail; strip the seed's
        conf = (template / "postgresql.conf").read_text()
        (template / "postgresql.conf").write_text(conf.split("\nlisten_addresses")[0] + "\n")

        tls_server = make_server(True)
        plain_server = make_server(False)
        tls_server.start()
        plain_server.start()
        yield PgCluster(
            tls=tls_server,
            plain=plain_server,
            pki=pki,
            app_password=app_password,
            superuser_password=superuser_password,
            make_server=make_server,
        )
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def late_server(pg: PgCluster) -> Iterator[Callable[[float], PgServer]]:
    """Returns ``start_after(delay)``: a TLS server whose port opens only after ``delay`` s."""
    started: list[tuple[threading.Thread, PgServer]] = []

    def start_after(delay: float) -> PgServer:
        server = pg.make_server(True)

        def later() -> None:
            time.sleep(delay)
            server.start()

        thread = threading.Thread(target=later, daemon=True)
        thread.start()
        started.append((thread, server))
        return server

    yield start_after
    for thread, server in started:
        thread.join(timeout=90)
        server.stop()


@pytest.fixture
def blackhole() -> Iterator[int]:
    """A port that accepts TCP connections but never answers (a blocked/paused path)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield int(s.getsockname()[1])


class StalledServer:
    """A PostgreSQL look-alike on loopback that completes TLS and login, then never answers.

    It answers the SSLRequest, does the TLS handshake with the test CA's server certificate,
    accepts the startup message with AuthenticationOk, parameter status and ReadyForQuery —
    a complete connection for libpq — and then reads nothing more: every query stalls, as
    on a hung server or a path that stops forwarding. ``connections`` counts logins.
    """

    def __init__(self, pki: Pki) -> None:
        import ssl

        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(pki.server_cert, pki.server_key)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._open.append(conn)
            with contextlib.suppress(OSError, ValueError):
                self._login(conn)

    def _login(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        conn.recv(8)  # SSLRequest
        conn.sendall(b"S")
        tls = self._tls.wrap_socket(conn, server_side=True)
        self._open.append(tls)
        length = int.from_bytes(tls.recv(4), "big")
        remaining = length - 4
        while remaining > 0:
            remaining -= len(tls.recv(remaining))
        messages = [b"R" + (8).to_bytes(4, "big") + (0).to_bytes(4, "big")]
        for name, value in ((b"server_version", b"16.0"), (b"client_encoding", b"UTF8")):
            body = name + b"\0" + value + b"\0"
            messages.append(b"S" + (len(body) + 4).to_bytes(4, "big") + body)
        messages.append(b"Z" + (5).to_bytes(4, "big") + b"I")
        tls.sendall(b"".join(messages))
        self.connections += 1

    def close(self) -> None:
        """Stop accepting and close every connection."""
        self._stop.set()
        self._thread.join(timeout=10)
        self._listener.close()
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.close()


@pytest.fixture
def stalled_server(pg: PgCluster) -> Iterator[StalledServer]:
    """A :class:`StalledServer` signed by the test CA; closed after the test."""
    server = StalledServer(pg.pki)
    yield server
    server.close()


# --------------------------------------------------------------------------- moto


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """moto in server mode on 127.0.0.1 (a real HTTP endpoint for boto3 ``endpoint_url``)."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one INFO line per request
    saved = {k: os.environ.get(k) for k in _AWS_ENV}
    os.environ.update(_AWS_ENV)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}


@pytest.fixture
def moto(moto_url: str) -> str:
    """The moto endpoint, reset to an empty account before the test."""
    request = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")
    with contextlib.closing(urllib.request.urlopen(request, timeout=10)) as response:
        assert response.status == 200
    return moto_url


@pytest.fixture
def aws_client(moto: str) -> Callable[..., Any]:
    """``aws_client("rds", region)``: a boto3 client bound to the moto server."""
    import boto3

    def make(service: str, region: str = "us-east-1") -> Any:
        return boto3.client(service, region_name=region, endpoint_url=moto)

    return make


# --------------------------------------------------------------------------- CLI


@dataclasses.dataclass(frozen=True)
class CliResult:
    """Exit code and captured streams of one CLI run."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``auroractl`` (the console script's ``main``) in-process; capture stdout/stderr."""
    from auroractl.cli import main

    def run(*argv: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
