"""A resource monitor that behaves like the Pulumi engine for the parts a plan needs."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit
from urllib.request import url2pathname

from google.protobuf import struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockCallArgs, MockMonitor
from pulumi.runtime.proto import provider_pb2, resource_pb2
from pulumi.runtime.sync_await import _ensure_event_loop

from auroractl.engine.aws import AwsMocks, AwsModel
from auroractl.engine.mocks import MOCKS_FLAG
from auroractl.engine.model import (
    ROOT_STACK_TYPE,
    SECRET_SIG,
    SIG_KEY,
    UNKNOWN,
    PlannedResource,
    unwrap_secrets,
)
from auroractl.engine.sdk import output_only_properties

__all__ = ["DuplicateUrnError", "RecordingMonitor", "StackReferenceError", "engine_urn"]

_CHECKED_INPUT_KEYS: Final = "__defaults"
_ENGINE_DIR: Final = str(Path(__file__).resolve().parent) + os.sep
STACK_REFERENCE_TYPE: Final = "pulumi:pulumi:StackReference"
PROVIDER_TYPE_PREFIX: Final = "pulumi:providers:"


@functools.cache
def _package_version(package: str) -> str:
    """The installed provider SDK's version (cached: a metadata lookup scans site-packages)."""
    try:
        return metadata.version(f"pulumi_{package.replace('-', '_')}")
    except metadata.PackageNotFoundError:
        return ""


class DuplicateUrnError(RuntimeError):
    """Two resources registered with the same URN (same type chain and name)."""


class StackReferenceError(RuntimeError):
    """The program reads a stack whose outputs the ``--mocks`` file does not give."""

    def __init__(self, stack: str) -> None:
        super().__init__(
            f"the program reads stack '{stack}' with pulumi.StackReference: give its outputs "
            f"in a {MOCKS_FLAG} file (stackReferences: {{'{stack}': {{outputs: {{...}}}}}})"
        )
        self.stack = stack


def engine_urn(stack: str, project: str, parent: str, type_: str, name: str) -> str:
    """The URN the Pulumi engine gives a resource.

    ``urn:pulumi:<stack>::<project>::<qualified type>::<name>``; the qualified type is the
    parent's qualified type, ``$``, then the resource's type, except under the root stack,
    whose type is left out (``sdk/go/common/resource/urn/urn.go``).
    """
    qualified = type_
    if parent:
        parent_type = parent.split("::", 3)[2]
        if parent_type != ROOT_STACK_TYPE:
            qualified = f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def _value(value: Any) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "number_value":
        number = value.number_value
        return int(number) if number.is_integer() else number
    if kind == "bool_value":
        return value.bool_value
    if kind == "struct_value":
        return {k: _value(v) for k, v in value.struct_value.fields.items()}
    if kind == "list_value":
        return [_value(v) for v in value.list_value.values]
    return None


def _struct(message: Any) -> dict[str, Any]:
    """A protobuf Struct as plain JSON, whole numbers as ints (what ``json_format.MessageToDict``
    gives, in one pass: this runs for every registration)."""
    return {k: _value(v) for k, v in message.fields.items()}


def _stack_trace(request: Any) -> list[tuple[str, int]]:
    """``(file, line)`` of each frame of the request's stack trace (``file://`` URIs only),
    up to the frame that ran the program: this engine's own frames are not the program's."""
    frames = []
    for frame in request.stackTrace.frames:
        position = frame.pc
        if position.uri.startswith("file://") and position.line > 0:
            path = url2pathname(urlsplit(position.uri).path)
            if path.startswith(_ENGINE_DIR):
                break
            frames.append((path, int(position.line)))
    return frames


def state_struct(state: dict[str, Any]) -> struct_pb2.Struct:
    """Plain JSON state -> the Struct ``rpc.serialize_properties`` would build from it.

    For plain values serialize_properties only drops top-level ``None`` values; doing it
    synchronously avoids ``_sync_await`` inside RegisterResource, which the inline executor
    runs on the program's own event loop: each nested loop run let further registrations nest
    in turn, so the recursion depth grew with the number of resources (RecursionError from
    about 10 databases) and every resource paid for a nested loop.
    """
    struct = struct_pb2.Struct()
    struct.update({k: v for k, v in state.items() if v is not None})
    return struct


class RecordingMonitor(MockMonitor):
    """Records every RegisterResource request with engine-style URNs.

    Preview (``preview=True``): new resources get no id and their computed outputs stay
    unknown, as in ``pulumi preview``. Update: ids and provider outputs are known. Each
    ``listeners`` callable gets every record as soon as it is recorded.
    """

    def __init__(
        self,
        project: str,
        stack: str,
        model: AwsModel,
        *,
        preview: bool,
        listeners: Sequence[Callable[[PlannedResource], None]] = (),
        provider_config: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(AwsMocks(model))
        self.listeners = tuple(listeners)
        self.provider_config = dict(provider_config or {})
        """Stack config by full key (``aws:region``); secrets in wire form."""
        self._default_providers: dict[str, str] = {}
        self.project = project
        self.stack = stack
        self.model = model
        self.preview = preview
        self.records: list[PlannedResource] = []
        self.stack_outputs: dict[str, Any] = {}
        self.stack_urn = ""
        self._lock = threading.Lock()
        self._urns: set[str] = set()

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        return engine_urn(self.stack, self.project, parent, type_, name)

    def RegisterResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        _ensure_event_loop()  # type: ignore[no-untyped-call]
        inputs = _struct(request.object)
        inputs.pop(_CHECKED_INPUT_KEYS, None)
        custom = bool(request.custom)
        provider = request.provider
        id_: str | None = None
        state: dict[str, Any] = {}
        if request.type == ROOT_STACK_TYPE:
            self.stack_urn = urn
        elif request.importId:
            id_ = request.importId
            state = dict(inputs)
        elif custom:
            provider = request.provider or self._default_provider(request)
            self.model.fill_autoname(request.type, request.name, urn, inputs)
            state = self._provider_state(request.type, request.name, urn, inputs)
            if not self.preview:
                id_ = state.pop("id")

        prop_deps = {
            key: sorted(set(deps.urns))
            for key, deps in sorted(request.propertyDependencies.items())
        }
        record = PlannedResource(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=custom,
            parent=request.parent or None,
            id=id_,
            inputs=inputs,
            outputs=state,
            protect=bool(request.protect),
            ignore_changes=list(request.ignoreChanges),
            dependencies=sorted(set(request.dependencies)),
            property_dependencies=prop_deps,
            provider=provider,
            delete_before_replace=bool(request.deleteBeforeReplace),
            retain_on_delete=bool(request.retainOnDelete),
            replace_on_changes=list(request.replaceOnChanges),
            additional_secret_outputs=list(request.additionalSecretOutputs),
            aliases=list(request.aliasURNs),
            import_id=request.importId,
            stack_trace=_stack_trace(request),
        )
        with self._lock:
            if urn in self._urns:
                raise DuplicateUrnError(
                    f"Duplicate resource URN '{urn}'; try giving it a unique name"
                )
            self.records.append(record)
            self._urns.add(urn)
            self.resources[urn] = MockMonitor.ResourceRegistration(urn, id_ or "", state)
        for listener in self.listeners:
            listener(record)

        return resource_pb2.RegisterResourceResponse(
            urn=urn, id=id_ or "", object=state_struct(state)
        )

    def _default_provider(self, request: Any) -> str:
        """The reference (``urn::id``) to the package's default provider, registered as a
        resource before the first resource that needs it, as the engine does
        (``pkg/resource/deploy/default_providers.go``): ``pulumi:providers:<pkg>`` named
        ``default_<version>``, its inputs the ``<pkg>:*`` stack config and ``version``."""
        if request.type.startswith(PROVIDER_TYPE_PREFIX) or request.type == ROOT_STACK_TYPE:
            return ""
        package = request.type.split(":", 1)[0]
        version = request.version or _package_version(package)
        key = f"{package}@{version}"
        reference = self._default_providers.get(key)
        if reference is not None:
            return reference
        name = "default" + (f"_{version.replace('.', '_')}" if version else "")
        type_ = f"{PROVIDER_TYPE_PREFIX}{package}"
        urn = self.make_urn("", type_, name)
        inputs = {
            k.split(":", 1)[1]: v
            for k, v in sorted(self.provider_config.items())
            if k.startswith(f"{package}:")
        }
        if version:
            inputs["version"] = version
        id_ = None if self.preview else self.model.create(type_, name, urn, {})[0]
        record = PlannedResource(
            urn=urn,
            type=type_,
            name=name,
            custom=True,
            parent=None,
            id=id_,
            inputs=inputs,
            outputs=dict(inputs),
        )
        with self._lock:
            self.records.append(record)
            self._urns.add(urn)
        for listener in self.listeners:
            listener(record)
        reference = f"{urn}::{id_ or UNKNOWN}"
        self._default_providers[key] = reference
        return reference

    def _provider_state(
        self, type_: str, name: str, urn: str, inputs: dict[str, Any]
    ) -> dict[str, Any]:
        """What the provider's Create returns (``pkg/resource/deploy/step.go``,
        ``CreateStep.Apply``; in preview with ``Preview: true``, unknowns kept).

        Preview: the inputs as given (unknown list members and secrets whose content is
        unknown included) and every output-only property the SDK class declares as unknown.
        Update: inputs, the modelled provider values and a realistic value for every other
        declared output-only property, plus the new ``id``.
        """
        state = dict(inputs)
        if self.preview:
            for key in output_only_properties(type_):
                state.setdefault(key, UNKNOWN)
            return state
        plain = unwrap_secrets(state)
        id_, computed = self.model.create(type_, name, urn, plain)
        state.update(computed)
        state.update(self.model.provider_outputs(type_, name, urn, {**plain, **computed}))
        return {**state, "id": id_}

    def ReadResource(self, request: Any) -> Any:
        """``Resource.get`` and ``StackReference``: reads are answered in both modes, as the
        engine reads them during preview too (builtins.go ``readStackReference`` for stacks)."""
        _ensure_event_loop()  # type: ignore[no-untyped-call]
        urn = self.make_urn(request.parent, request.type, request.name)
        given = unwrap_secrets(_struct(request.properties))
        if request.type == STACK_REFERENCE_TYPE:
            state = self._stack_reference(str(given.get("name") or request.id))
        else:
            state = self.model.read(request.type, request.name, urn, request.id, given)
        with self._lock:
            self.resources[urn] = MockMonitor.ResourceRegistration(urn, request.id, state)
        return resource_pb2.ReadResourceResponse(urn=urn, properties=state_struct(state))

    def _stack_reference(self, stack: str) -> dict[str, Any]:
        found = self.model.mocks.stack_references.get(stack)
        if found is None:
            raise StackReferenceError(stack)
        secrets = set(found.secret_output_names)
        outputs = {
            k: {SIG_KEY: SECRET_SIG, "value": v} if k in secrets else v
            for k, v in found.outputs.items()
        }
        return {"name": stack, "outputs": outputs, "secretOutputNames": sorted(secrets)}

    def Invoke(self, request: Any) -> Any:
        """MockMonitor.Invoke without its nested event loop (see :func:`state_struct`)."""
        if request.tok == "pulumi:pulumi:getResource":
            return super().Invoke(request)  # type: ignore[no-untyped-call]
        _ensure_event_loop()  # type: ignore[no-untyped-call]
        args = rpc.deserialize_properties(request.args)
        result = self.mocks.call(
            MockCallArgs(token=request.tok, args=args, provider=request.provider)
        )
        ret, failures = (result, None) if isinstance(result, dict) else result
        checks = [provider_pb2.CheckFailure(property=p, reason=r) for p, r in failures or []]
        # ResourceInvokeResponse since pulumi 3.2xx; InvokeResponse before.
        response = (
            getattr(resource_pb2, "ResourceInvokeResponse", None) or provider_pb2.InvokeResponse
        )
        return response(failures=checks, **{"return": state_struct(ret)})

    def RegisterResourceOutputs(self, request: Any) -> Any:
        if request.urn and request.urn == self.stack_urn:
            self.stack_outputs = _struct(request.outputs)
        return super().RegisterResourceOutputs(request)  # type: ignore[no-untyped-call]
