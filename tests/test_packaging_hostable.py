"""Every public component can be hosted as a cross-language Pulumi package.

`component_provider_host` infers the schema from annotations (which `components/__main__.py`
evaluates first), so these tests check what the analyzer needs and style principle 2 asks:
an `args` parameter annotated with a TypedDict, no Union other than Optional and
`pulumi.Input`, ids and ARNs wired from other resources as `pulumi.Input`, and a description
for every input.
"""

import importlib.machinery
import importlib.util
import inspect
import types
import typing
from pathlib import Path
from types import ModuleType
from typing import Any, Union, get_args, get_origin

import aurora_components
import pulumi
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_plugin() -> ModuleType:
    """Import components/__main__.py (the plugin entry) without starting the host."""
    path = ROOT / "components" / "__main__.py"
    spec = importlib.util.spec_from_file_location("aurora_platform_plugin", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _load_script(name: str) -> ModuleType:
    """Import one of the extension-less scripts in scripts/ as a module."""
    loader = importlib.machinery.SourceFileLoader(
        name.replace("-", "_"), str(ROOT / "scripts" / name)
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


plugin = _load_plugin()
COMPONENTS: list[type[pulumi.ComponentResource]] = plugin.COMPONENTS


def _is_input(tp: Any) -> bool:
    """`pulumi.Input[T]` is `Union[T, Awaitable[T], Output[T]]`."""
    return any(
        get_origin(arg) is pulumi.Output or arg is pulumi.Output for arg in get_args(tp)
    ) or any(
        isinstance(arg, typing.ForwardRef) and arg.__forward_arg__ == "Output[T]"
        for arg in get_args(tp)
    )


def _unions(tp: Any, where: str) -> list[str]:
    """Every Union inside `tp` that is neither Optional[T] nor pulumi.Input[T]."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        if _is_input(tp):
            plain = [
                a for a in args if get_origin(a) is None and not isinstance(a, typing.ForwardRef)
            ]
            return _unions(plain[0], where) if plain else []
        non_none = [a for a in args if a is not type(None)]
        if len(non_none) == 1:
            return _unions(non_none[0], where)
        return [f"{where}: {tp}"]
    if typing.is_typeddict(tp):
        return [
            problem
            for key, hint in tp.__annotations__.items()
            for problem in _unions(hint, f"{tp.__name__}.{key}")
        ]
    return [problem for arg in get_args(tp) for problem in _unions(arg, where)]


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.__name__)
class TestHostable:
    """Each component hosted by components/__main__.py."""

    def test_init_takes_name_args_opts(self, component: type[pulumi.ComponentResource]) -> None:
        """`__init__(self, name, args, opts)`: the analyzer looks for a parameter named `args`."""
        params = list(inspect.signature(component.__init__).parameters)
        assert params[:4] == ["self", "name", "args", "opts"], (
            f"{component.__name__}.__init__ parameters are {params}"
        )

    def test_args_annotation_is_a_typeddict_class(
        self, component: type[pulumi.ComponentResource]
    ) -> None:
        """`args` is annotated with a TypedDict, as the analyzer sees it.

        The analyzer reads `inspect.get_annotations(__init__)` without evaluating strings;
        `components/__main__.py` evaluates postponed annotations first (`resolve_annotations`),
        so what is checked here is exactly what the hosted provider analyses.
        """
        annotation = inspect.get_annotations(component.__init__).get("args")
        assert annotation is not None, f"{component.__name__}.__init__ has no `args` annotation"
        assert not isinstance(annotation, str), (
            f"{component.__name__}.__init__ annotates args with the string {annotation!r} even "
            f"after resolve_annotations(): the Pulumi analyzer cannot read it"
        )
        assert typing.is_typeddict(annotation), (
            f"{component.__name__} args annotation {annotation!r} is not a TypedDict"
        )

    def test_args_have_no_union_fields(self, component: type[pulumi.ComponentResource]) -> None:
        """No Args field (nested TypedDicts included) is a Union other than Optional or Input."""
        annotation = inspect.get_annotations(component.__init__)["args"]
        assert _unions(annotation, annotation.__name__) == []

    def test_outputs_are_annotated(self, component: type[pulumi.ComponentResource]) -> None:
        """The component declares its outputs as class-level annotations (not strings)."""
        outputs = {
            k: v for k, v in inspect.get_annotations(component).items() if not k.startswith("_")
        }
        assert outputs, f"{component.__name__} declares no outputs"
        strings = sorted(k for k, v in outputs.items() if isinstance(v, str))
        assert strings == [], f"{component.__name__} outputs annotated with strings: {strings}"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The package schema generated from the code."""
    generated: dict[str, Any] = _load_script("gen-schema").generate(plugin)
    return generated


def test_every_exported_component_is_hosted() -> None:
    """Every ComponentResource in aurora_components.__all__ is in the plugin's list, and back."""
    exported = {
        getattr(aurora_components, name)
        for name in aurora_components.__all__
        if inspect.isclass(getattr(aurora_components, name))
        and issubclass(getattr(aurora_components, name), pulumi.ComponentResource)
    }
    assert exported == set(COMPONENTS)


def test_every_input_and_resource_is_described(schema: dict[str, Any]) -> None:
    """Each component and each input has a description (class and key docstrings)."""
    missing = [
        f"{token}.{name}"
        for token, resource in schema["resources"].items()
        for name, prop in resource["inputProperties"].items()
        if not prop.get("description")
    ] + [
        token for token, resource in schema["resources"].items() if not resource.get("description")
    ]
    assert missing == []


def test_wired_ids_and_arns_are_inputs(schema: dict[str, Any]) -> None:
    """Inputs named *Id, *Ids, *Arn or *Arns accept Outputs of other resources (not plain)."""
    plain = []
    for token, resource in schema["resources"].items():
        for name, prop in resource["inputProperties"].items():
            if not name.endswith(("Id", "Ids", "Arn", "Arns")):
                continue
            leaf = prop.get("items", prop)
            if prop.get("plain") and leaf.get("plain"):
                plain.append(f"{token}.{name}")
            elif leaf.get("plain"):
                plain.append(f"{token}.{name} items")
    assert plain == []


def test_plugin_entry_serves_the_committed_schema(tmp_path: Path) -> None:
    """`python components <engine>` (what the language host runs) serves schema.json.

    The plugin prints its port, then answers GetSchema with the committed schema and
    GetPluginInfo with the library version, exactly as `pulumi package add` will see them.
    """
    import json
    import subprocess
    import sys

    import grpc
    from google.protobuf import empty_pb2
    from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

    committed = json.loads((ROOT / "components" / "schema.json").read_text(encoding="utf-8"))
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "components"), "127.0.0.1:1"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().decode().strip() or 0)
        assert port, (
            f"the plugin printed no port: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            served = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
            info = stub.GetPluginInfo(empty_pb2.Empty(), timeout=60)
        assert json.loads(served.schema) == committed
        assert info.version == committed["version"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
