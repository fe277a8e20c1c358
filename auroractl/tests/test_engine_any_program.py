"""The engine runs a program written the way teams write them (``programs/webapp``):
RandomPassword into a connection string, StackReference, VPC/subnet/AMI/route-table lookups,
``Subnet.get``, an ``aws.rds.Instance``, a load balancer and an ECS cluster."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Any

import pulumi_aws
import pytest
from auroractl.cli import EXIT_CONFIG, EXIT_OK, main
from auroractl.engine import (
    UNKNOWN,
    ConfigError,
    PlanResult,
    ProgramError,
    is_secret,
    load_mocks,
    run_stack,
)
from auroractl.engine.aws import AwsModel
from auroractl.engine.sdk import output_only_properties, resource_class

WEBAPP = Path(__file__).parent / "programs" / "webapp"
DB = "urn:pulumi:test::webapp::aws:rds/instance:Instance::db"
LB = "urn:pulumi:test::webapp::aws:lb/loadBalancer:LoadBalancer::web"
PASSWORD = "urn:pulumi:test::webapp::random:index/randomPassword:RandomPassword::db-password"


@pytest.fixture(scope="module")
def plans() -> dict[bool, PlanResult]:
    mocks = load_mocks(WEBAPP / "mocks.yaml")
    return {
        preview: run_stack(WEBAPP, "test", preview=preview, mocks=mocks)
        for preview in (True, False)
    }


class TestSecretsWhoseContentIsUnknown:
    def test_preview_keeps_the_password_secret_and_unknown(
        self, plans: dict[bool, PlanResult]
    ) -> None:
        """RandomPassword.result is unknown in preview; the instance's password input stays a
        secret whose value is the unknown sentinel (it used to lose its value and crash)."""
        password = plans[True].by_urn(DB).inputs["password"]
        assert is_secret(password) and password["value"] == UNKNOWN

    def test_connection_string_from_unknowns_is_a_secret_output(
        self, plans: dict[bool, PlanResult]
    ) -> None:
        assert plans[True].outputs["connection"] == "[secret]"
        assert plans[True].outputs["container"] == "[secret]"

    def test_update_password_is_known_and_secret(self, plans: dict[bool, PlanResult]) -> None:
        plan = plans[False]
        password = plan.by_urn(DB).inputs["password"]
        result = plan.by_urn(PASSWORD).outputs["result"]
        assert is_secret(password) and password["value"] == result and len(result) == 24
        assert "result" in plan.by_urn(PASSWORD).additional_secret_outputs
        assert plan.outputs["connection"] == "[secret]"


class TestDeclaredOutputs:
    def test_preview_output_only_properties_are_unknown(
        self, plans: dict[bool, PlanResult]
    ) -> None:
        """Every output-only property the SDK class declares is unknown in preview."""
        for resource in plans[True].resources:
            for key in output_only_properties(resource.type):
                assert resource.outputs.get(key) == UNKNOWN, (resource.type, key)

    def test_update_declared_outputs_are_never_none(self, plans: dict[bool, PlanResult]) -> None:
        checked = 0
        for resource in plans[False].resources:
            for key in output_only_properties(resource.type):
                value = resource.outputs.get(key)
                assert value is not None and value != UNKNOWN, (resource.type, key)
                checked += 1
        assert checked > 20

    def test_rds_instance_outputs(self, plans: dict[bool, PlanResult]) -> None:
        db = plans[False].by_urn(DB)
        ident = db.id
        assert ident is not None and ident.startswith("db-")
        address = f"{ident}.c0ffee.us-west-2.rds.amazonaws.com"
        assert db.outputs["address"] == address
        assert db.outputs["endpoint"] == f"{address}:5432"
        assert db.outputs["port"] == 5432
        assert db.outputs["arn"] == f"arn:aws:rds:us-west-2:123456789012:db:{ident}"
        assert plans[False].outputs["endpoint"] == address

    def test_load_balancer_dns_name(self, plans: dict[bool, PlanResult]) -> None:
        lb = plans[False].by_urn(LB)
        assert lb.outputs["dnsName"].endswith(".us-west-2.elb.amazonaws.com")
        assert lb.outputs["arn"].startswith(
            "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/web-"
        )
        assert plans[False].outputs["url"] == f"http://{lb.outputs['dnsName'].upper()}/"
        assert plans[True].outputs["url"] == "[unknown]"


class TestReadsAndInvokes:
    @pytest.mark.parametrize("preview", [True, False])
    def test_reads_and_lookups_are_known_in_both_modes(
        self, plans: dict[bool, PlanResult], preview: bool
    ) -> None:
        """Subnet.get, get_vpc/get_subnets/get_route_table and StackReference are answered
        in preview too, as the engine reads and invokes during preview."""
        outputs = plans[preview].outputs
        assert outputs["existingAz"].startswith("us-west-2")
        assert outputs["routeTable"].startswith("rtb-")
        assert outputs["vpcCidr"] == "10.0.0.0/16"
        assert outputs["apiKey"].endswith(":secret:team/api-key-AbCdEf")

    def test_stack_reference_secret_outputs_stay_secret(
        self, plans: dict[bool, PlanResult]
    ) -> None:
        assert plans[False].outputs["admin"] == "[secret]"
        assert plans[False].resources[0].outputs["admin"]["value"] == "hunter2-from-network"

    def test_without_mocks_the_stack_reference_names_the_flag(self) -> None:
        with pytest.raises(ConfigError) as info:
            run_stack(WEBAPP, "test")
        assert str(info.value) == (
            "the program reads stack 'acme/network/prod' with pulumi.StackReference: give its "
            "outputs in a --mocks file (stackReferences: {'acme/network/prod': {outputs: {...}}})"
        )

    @pytest.mark.parametrize(
        ("token", "args", "field", "expected"),
        [
            ("aws:ec2/getVpc:getVpc", {"default": True}, "cidrBlock", "172.31.0.0/16"),
            ("aws:ec2/getSubnets:getSubnets", {}, "ids", 3),
            ("aws:ec2/getAmi:getAmi", {"owners": ["amazon"]}, "architecture", "x86_64"),
            ("aws:kms/getAlias:getAlias", {"name": "alias/aws/rds"}, "name", "alias/aws/rds"),
            (
                "aws:rds/getEngineVersion:getEngineVersion",
                {"engine": "postgres"},
                "parameterGroupFamily",
                "postgres16",
            ),
            ("aws:index/getCallerIdentity:getCallerIdentity", {}, "accountId", "123456789012"),
        ],
    )
    def test_built_in_data_sources(
        self, token: str, args: dict[str, Any], field: str, expected: Any
    ) -> None:
        result = AwsModel(region="eu-west-1").call(token, args)
        value = result[field]
        assert (len(value) if isinstance(expected, int) else value) == expected
        assert all(v is not None for v in result.values())


def _aws_resource_types() -> list[str]:
    """Every resource type of a few pulumi-aws modules teams use with databases."""
    types = []
    for module in ("rds", "lb", "ecs", "ec2", "secretsmanager", "elasticache"):
        package = importlib.import_module(f"pulumi_aws.{module}")
        for info in pkgutil.iter_modules(package.__path__):
            if (
                info.name.startswith("_")
                or info.name.startswith("get_")
                or info.name in ("outputs",)
            ):
                continue
            types.append(f"aws:{module}/{_camel(info.name)}:{_pascal(info.name)}")
    return [t for t in types if resource_class(t) is not None]


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(p.title() for p in rest)


def _pascal(snake: str) -> str:
    return "".join(p.title() for p in snake.split("_"))


def test_every_declared_output_gets_a_value() -> None:
    """For every resource class of those modules, each output-only property gets a value of
    its declared kind, never None."""
    model = AwsModel(region="us-west-2")
    types = _aws_resource_types()
    assert len(types) > 100, pulumi_aws.__name__
    for type_ in types:
        declared = output_only_properties(type_)
        values = model.provider_outputs(type_, "x", f"urn:pulumi:s::p::{type_}::x", {})
        assert set(values) == set(declared), type_
        assert all(v is not None for v in values.values()), type_


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            "[1, 2]",
            "--mocks m.yaml: the document is [1, 2]; expected a map with invokes, stackReferences",
        ),
        (
            "invoke: {}",
            '--mocks m.yaml: a top-level key is "invoke"; allowed keys: invokes, stackReferences',
        ),
        (
            "invokes: {getVpc: {}}",
            '--mocks m.yaml: an invokes key is "getVpc"; expected a function token like pkg:mod:fn',
        ),
        (
            "invokes: {'aws:ec2/getVpc:getVpc': [{args: {}}]}",
            "--mocks m.yaml: invokes.aws:ec2/getVpc:getVpc[0] is "
            '{"args": {}}; allowed keys: args, result (required)',
        ),
        (
            "stackReferences: {net: {vpcId: vpc-1}}",
            '--mocks m.yaml: stackReferences.net is {"vpcId": "vpc-1"}; '
            "allowed keys: outputs (required), secretOutputNames",
        ),
    ],
)
def test_bad_mocks_files_are_one_line(tmp_path: Path, document: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(document)
    with pytest.raises(ConfigError) as info:
        load_mocks(path)
    assert str(info.value) == message


def test_mocks_answer_chosen_by_arguments(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(
        '{"invokes": {"aws:ec2/getVpc:getVpc": ['
        '{"args": {"id": "vpc-1"}, "result": {"cidrBlock": "10.1.0.0/16"}},'
        '{"result": {"cidrBlock": "10.9.0.0/16"}}]}}'
    )
    model = AwsModel(mocks=load_mocks(path))
    assert model.call("aws:ec2/getVpc:getVpc", {"id": "vpc-1"}) == {"cidrBlock": "10.1.0.0/16"}
    assert model.call("aws:ec2/getVpc:getVpc", {"id": "vpc-2"}) == {"cidrBlock": "10.9.0.0/16"}


def test_cli_plan_with_and_without_mocks(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["plan", "--project-dir", str(WEBAPP), "--stack", "test", "--no-policy"]
    assert main([*argv, "--mocks", str(WEBAPP / "mocks.yaml")]) == EXIT_OK
    out, _ = capsys.readouterr()
    assert "aws:rds/instance:Instance  db" in out
    assert main(argv) == EXIT_CONFIG
    _, err = capsys.readouterr()
    assert err.startswith("error: the program reads stack 'acme/network/prod'")


def _venv_project(root: Path) -> Path:
    root.mkdir()
    (root / "Pulumi.yaml").write_text(
        "name: venvy\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n"
    )
    (root / "Pulumi.dev.yaml").write_text("config: {}\n")
    (root / "__main__.py").write_text("import pulumi\npulumi.export('ok', True)\n")
    return root


def test_named_environment_that_does_not_exist_runs_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh clone without its venv: the program runs with this environment's packages."""
    project = _venv_project(tmp_path / "p")
    assert main(["plan", "--project-dir", str(project), "--no-policy", "--no-cost"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == "" and "ok: true" in out


def test_named_environment_without_auroractl_says_what_to_install_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _venv_project(tmp_path / "p")
    (project / "venv").mkdir()
    (project / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    code = main(["plan", "--project-dir", str(project), "--no-policy", "--no-cost"])
    _, err = capsys.readouterr()
    venv = project.resolve() / "venv"
    assert code == EXIT_CONFIG
    assert err.startswith(
        f"error: Pulumi.yaml runs the program in the virtual environment 'venv' ({venv}), "
    )
    assert err.rstrip().endswith(
        f"install auroractl next to the program's packages with "
        f"`{venv}/bin/python -m pip install auroractl` and run `{venv}/bin/auroractl plan ...`"
    )


@pytest.mark.parametrize("preview", [True, False])
def test_failure_inside_an_apply_is_a_program_error(tmp_path: Path, preview: bool) -> None:
    """A ValueError raised in an apply callback is the program's failure (exit 3) with the
    program's own message, in both modes. (The SDK re-raises it from its output task without
    the callback's frames, so no file:line is given for it.)"""
    project = _venv_project(tmp_path / "p")
    (project / "Pulumi.yaml").write_text("name: applies\nruntime: python\n")
    (project / "__main__.py").write_text(
        "import pulumi\nimport pulumi_aws as aws\n\n"
        "bucket = aws.s3.Bucket('b', bucket='my-bucket')\n"
        "def check(name):\n"
        "    raise ValueError(f'bucket name {name!r} is not allowed')\n"
        "pulumi.export('x', bucket.bucket.apply(check))\n"
    )
    with pytest.raises(ProgramError) as info:
        run_stack(project, "dev", preview=preview)
    assert str(info.value) == (
        "the program failed: ValueError: bucket name 'my-bucket' is not allowed"
    )


def test_missing_module_names_the_environment(tmp_path: Path) -> None:
    project = _venv_project(tmp_path / "p")
    (project / "Pulumi.yaml").write_text("name: mods\nruntime: python\n")
    (project / "__main__.py").write_text("import pulumi_not_installed_anywhere\n")
    with pytest.raises(ProgramError) as info:
        run_stack(project, "dev")
    assert str(info.value) == (
        "__main__.py:1: ModuleNotFoundError: No module named 'pulumi_not_installed_anywhere' "
        f"(the program runs with the packages of {sys.prefix}: install its requirements "
        "there, or install auroractl into the program's own virtual environment)"
    )
