"""The built artefacts work on their own: build, install into a clean environment, use.

One session-scoped build (`scripts/build-dist`, the `make dist` recipe) and one clean virtual
environment (`uv venv`, then the three wheels installed, their dependencies constrained by the
hashed requirements.lock; uv takes them from its cache or, on a fresh machine, the package
index). Then: the libraries import from the environment (not from the repository), the
installed components generate exactly the committed schema, the policy pack, started from a
folder holding only its manifest and entry point, serves its policy list over the Analyzer
protocol, and the installed `auroractl` plans the consumer example.

These tests take 10-20 s; deselect them with `-k "not clean_install"` while iterating.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from aurora_components._version import __version__ as COMPONENTS_VERSION
from aurora_guardrails._version import __version__ as GUARDRAILS_VERSION
from auroractl._version import __version__ as AURORACTL_VERSION
from google.protobuf import json_format
from pulumi.runtime.proto import analyzer_pb2

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
WHEELS = {
    "aurora_components": f"aurora_components-{COMPONENTS_VERSION}-py3-none-any.whl",
    "aurora_guardrails": f"aurora_guardrails-{GUARDRAILS_VERSION}-py3-none-any.whl",
    "auroractl": f"auroractl-{AURORACTL_VERSION}-py3-none-any.whl",
}
SDISTS = {
    "aurora_components": f"aurora_components-{COMPONENTS_VERSION}.tar.gz",
    "aurora_guardrails": f"aurora_guardrails-{GUARDRAILS_VERSION}.tar.gz",
    "auroractl": f"auroractl-{AURORACTL_VERSION}.tar.gz",
}


def _run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command outside any activated environment; on failure show its output."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        cmd, capture_output=True, text=True, timeout=TIMEOUT, env=env, cwd=cwd, check=False
    )
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _build(out: Path) -> Path:
    _run([sys.executable, str(ROOT / "scripts" / "build-dist"), "--out", str(out)])
    return out


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six artefacts, built once per session as `make dist` builds them."""
    return _build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def clean_python(tmp_path_factory: pytest.TempPathFactory, dist_dir: Path) -> Path:
    """A fresh virtual environment holding only the three wheels and their dependencies."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is not on PATH (make venv installs it)")
    venv = tmp_path_factory.mktemp("clean") / "venv"
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)])
    python = venv / "bin" / "python"
    _run(
        [
            uv, "pip", "install", "--quiet", "--python", str(python),
            "--constraint", str(ROOT / "requirements.lock"),
            *(str(dist_dir / wheel) for wheel in WHEELS.values()),
        ]
    )  # fmt: skip
    return python


class TestCleanInstallBuild:
    """scripts/build-dist: the artefacts and what they contain."""

    def test_clean_install_builds_six_artefacts(self, dist_dir: Path) -> None:
        """A wheel and an sdist per distribution, named by the single-source versions, with sums."""
        artefacts = sorted(p.name for p in dist_dir.iterdir() if p.name != "SHA256SUMS")
        assert artefacts == sorted([*WHEELS.values(), *SDISTS.values()])
        sums = (dist_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        assert sums == [
            f"{hashlib.sha256((dist_dir / name).read_bytes()).hexdigest()}  {name}"
            for name in artefacts
        ]

    def test_clean_install_build_is_reproducible(self, dist_dir: Path, tmp_path: Path) -> None:
        """Building again gives byte-identical artefacts."""
        again = _build(tmp_path / "again")
        assert (again / "SHA256SUMS").read_text() == (dist_dir / "SHA256SUMS").read_text()

    @pytest.mark.parametrize("package", sorted(WHEELS))
    def test_clean_install_wheel_ships_typed_package(self, dist_dir: Path, package: str) -> None:
        """The wheel has the package with py.typed and _version.py, and no tests."""
        names = zipfile.ZipFile(dist_dir / WHEELS[package]).namelist()
        assert f"{package}/py.typed" in names
        assert f"{package}/_version.py" in names
        assert f"{package}/__init__.py" in names
        assert not [n for n in names if "/tests/" in n or n.startswith("tests/")]

    def test_clean_install_components_sdist_is_the_plugin(self, dist_dir: Path) -> None:
        """The components sdist carries what `pulumi package add` needs and the changelog."""
        with tarfile.open(dist_dir / SDISTS["aurora_components"]) as sdist:
            names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
        assert {
            "PulumiPlugin.yaml",
            "__main__.py",
            "requirements.txt",
            "schema.json",
            "schema.released.json",
            "CHANGELOG.md",
            "aurora_components/_version.py",
        } <= names

    def test_clean_install_policies_sdist_is_the_pack(self, dist_dir: Path) -> None:
        """The policies sdist carries the pack manifest, its entry point and the changelog."""
        with tarfile.open(dist_dir / SDISTS["aurora_guardrails"]) as sdist:
            names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
        assert {"PulumiPolicy.yaml", "__main__.py", "CHANGELOG.md"} <= names


IMPORT_PROBE = """
import importlib, importlib.metadata, json, sys
report = {}
for dist, package in (("aurora-components", "aurora_components"),
                      ("aurora-guardrails", "aurora_guardrails"),
                      ("auroractl", "auroractl")):
    module = importlib.import_module(package)
    missing = [n for n in getattr(module, "__all__", []) if not hasattr(module, n)]
    report[package] = {
        "metadata_version": importlib.metadata.version(dist),
        "version": importlib.import_module(package + "._version").__version__,
        "file": module.__file__,
        "has_all": hasattr(module, "__all__"),
        "missing": missing,
    }
report["prefix"] = sys.prefix
print(json.dumps(report))
"""


class TestCleanInstallUse:
    """The installed wheels, used from a clean environment."""

    def test_clean_install_libraries_import(self, clean_python: Path, tmp_path: Path) -> None:
        """Each distribution imports from the clean environment with its version and __all__."""
        out = _run([str(clean_python), "-I", "-c", IMPORT_PROBE], cwd=tmp_path).stdout
        report = json.loads(out)
        prefix = Path(report["prefix"]).resolve()
        for package, version in (
            ("aurora_components", COMPONENTS_VERSION),
            ("aurora_guardrails", GUARDRAILS_VERSION),
            ("auroractl", AURORACTL_VERSION),
        ):
            found = report[package]
            assert found["metadata_version"] == found["version"] == version
            assert prefix in Path(found["file"]).resolve().parents, found["file"]
            assert found["has_all"] and found["missing"] == []

    def test_clean_install_components_generate_committed_schema(
        self, clean_python: Path, tmp_path: Path
    ) -> None:
        """The installed components (not the repository's) produce components/schema.json.

        The analyzer reads property descriptions from the installed sources, so this also proves
        the wheel ships everything the hosted provider needs.
        """
        _run(
            [str(clean_python), "-I", str(ROOT / "scripts" / "gen-schema"), "--check"], cwd=tmp_path
        )

    def test_clean_install_pack_serves_its_policies(
        self, clean_python: Path, tmp_path: Path
    ) -> None:
        """The pack, run by the clean interpreter, lists the same policies as the repository's."""
        from auroractl.policy import PolicyPackSession

        pack = tmp_path / "pack"
        pack.mkdir()
        for name in ("PulumiPolicy.yaml", "__main__.py"):
            shutil.copy(ROOT / "policies" / name, pack / name)

        def policies(pack_dir: Path, python: Path) -> tuple[str, str, list[str]]:
            with PolicyPackSession(
                pack_dir, project="consumer", stack="ci", preview=True, python=str(python)
            ) as session:
                return session.pack_name, session.pack_version, [p.name for p in session.policies]

        name, version, installed = policies(pack, clean_python)
        repo_name, _, in_repo = policies(ROOT / "policies", Path(sys.executable))
        assert version == GUARDRAILS_VERSION
        assert installed, "the installed pack serves no policies"
        assert (name, installed) == (repo_name, in_repo)

    def test_clean_install_composed_pack_uses_a_subset(self, clean_python: Path) -> None:
        """examples/acme-guardrails builds its own pack from the installed library.

        It serves exactly the rules it selected, under its own name and version, with its own
        thresholds as the pack's initial config.
        """
        from auroractl.policy import PolicyPackSession

        example = ROOT / "examples" / "acme-guardrails"
        with PolicyPackSession(
            example, project="consumer", stack="ci", preview=True, python=str(clean_python)
        ) as session:
            names = sorted(p.name for p in session.policies)
            info = session.info
            version = session.pack_version
        assert (info.name, version) == ("acme-database-guardrails", "1.0.0")
        assert names == sorted(
            [
                "aurora-storage-encrypted",
                "aurora-cmk",
                "aurora-deletion-protection",
                "aurora-backup-retention",
                "aurora-acu-bounds",
                "instance-not-public",
                "proxy-require-tls",
            ]
        )
        config = {
            name: json_format.MessageToDict(value.properties)
            for name, value in info.initialConfig.items()
            if value.properties.fields
        }
        assert config == {
            "aurora-backup-retention": {"minRetentionDays": 14},
            "aurora-acu-bounds": {"maxCapacityCeiling": 16},
        }
        # Entries with properties carry a level too: without one the engine reads level 0,
        # advisory, and the rule would stop blocking.
        mandatory = analyzer_pb2.EnforcementLevel.Value("MANDATORY")
        assert {
            name: value.enforcementLevel
            for name, value in info.initialConfig.items()
            if value.properties.fields
        } == {"aurora-backup-retention": mandatory, "aurora-acu-bounds": mandatory}


def test_clean_install_auroractl_plans_the_consumer(clean_python: Path, tmp_path: Path) -> None:
    """The installed `auroractl` plans another organisation's program from its own environment.

    examples/consumer (built on the installed aurora-components) under examples/acme-guardrails
    (built on the installed aurora-guardrails), nothing imported from the repository.
    """
    auroractl = clean_python.parent / "auroractl"
    result = _run(
        [
            str(auroractl), "plan", "--json",
            "--project-dir", str(ROOT / "examples" / "consumer"), "--stack", "sandbox",
            "--policy-pack", str(ROOT / "examples" / "acme-guardrails"),
        ],
        cwd=tmp_path,
    )  # fmt: skip
    plan = json.loads(result.stdout)
    types = {step["newState"]["type"] for step in plan["steps"] if "newState" in step}
    assert "aws:rds/cluster:Cluster" in types
    assert any(t.startswith("aurora-platform:") for t in types), sorted(types)
