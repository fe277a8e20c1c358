"""Driving a policy pack over the Analyzer protocol, as the Pulumi engine does."""

from __future__ import annotations

import functools
import json
import os
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from types import TracebackType
from typing import Any

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from auroractl.engine.model import PlannedResource
from auroractl.policy._config import (
    PROTO_TO_LEVEL,
    PolicyConfigEntry,
    PolicyConfigFile,
    PolicyMeta,
    initial_config_from_info,
    load_policy_config,
    merge_config,
    policies_from_info,
    policy_docs_from_info,
    to_configure_request,
)
from auroractl.policy._engine_stub import EngineStub
from auroractl.policy._model import (
    FINDING_LEVELS,
    Finding,
    PackLog,
    PackReport,
    PlanLike,
    PlannedResourceLike,
    PolicyPackError,
)
from auroractl.policy._process import STARTUP_TIMEOUT, PackProcess, read_pack_spec
from auroractl.policy._stream import AnalyzeStream
from auroractl.policy._wire import (
    SECRET_PLACEHOLDER,
    SECRET_SIG,
    SIG_KEY,
    Scrubber,
    config_env,
    secret_values,
    to_struct,
)

#: Seconds one Analyzer call may take.
RPC_TIMEOUT = 120.0
#: Per-resource ``Analyze`` calls in flight at once: the client encodes the next requests
#: while the pack works; results are still collected in resource order.
ANALYZE_WINDOW = 8
#: ``PULUMI_ORGANIZATION`` for a DIY backend, as the CLI sends it.
DEFAULT_ORGANIZATION = "organization"
STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_TYPE_PREFIX = "pulumi:providers:"


def _level_rank(level: str) -> int:
    return FINDING_LEVELS.index(level) if level in FINDING_LEVELS else len(FINDING_LEVELS)


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Most severe first, then by policy, resource and message."""
    return sorted(
        findings, key=lambda f: (_level_rank(f.level), f.policy, f.urn or "", f.message, f.pack)
    )


def exit_status(findings: Sequence[Finding]) -> int:
    """The CLI's exit status for these findings: 1 when a mandatory finding remains, else 0."""
    return 1 if any(f.level == "mandatory" for f in findings) else 0


@functools.cache
def _package_version(package: str) -> str | None:
    # Cached: a metadata lookup scans site-packages and ran twice per resource.
    try:
        return metadata.version(f"pulumi-{package}")
    except metadata.PackageNotFoundError:
        return None


class PolicyPackSession:
    """One running pack for one stack: start once, analyze one or more plans of that stack.

    Calls, in the engine's order: ``Handshake`` (UNIMPLEMENTED tolerated), ``GetAnalyzerInfo``,
    ``ConfigureStack`` on entry; per :meth:`analyze`: ``Configure`` (merged config),
    ``Remediate`` per resource when a policy is at the ``remediate`` level, ``Analyze`` per
    resource, then one ``AnalyzeStack``.
    """

    def __init__(
        self,
        pack_dir: Path,
        *,
        project: str,
        stack: str,
        preview: bool,
        config: Mapping[str, Any] | None = None,
        organization: str = DEFAULT_ORGANIZATION,
        python: str | None = None,
        startup_timeout: float = STARTUP_TIMEOUT,
        rpc_timeout: float = RPC_TIMEOUT,
    ) -> None:
        self.spec = read_pack_spec(pack_dir, python)
        self.project = project
        self.stack = stack
        self.preview = preview
        self.organization = organization
        self._config = config_env(config or {})
        self._startup_timeout = startup_timeout
        self._rpc_timeout = rpc_timeout
        self._engine: EngineStub | None = None
        self._process: PackProcess | None = None
        self._connected = False
        self.info = analyzer_pb2.AnalyzerInfo()
        self.policies: list[PolicyMeta] = []
        self._stream: AnalyzeStream | None = None

    @property
    def pack_name(self) -> str:
        """The pack's name as it reports it."""
        return self.info.name

    @property
    def pack_version(self) -> str:
        """``version`` from PulumiPolicy.yaml, else the SDK's."""
        return self.spec.version or self.info.version

    @property
    def pid(self) -> int | None:
        """The pack's process id while the session is open."""
        return self._process.pid if self._process is not None else None

    def __enter__(self) -> PolicyPackSession:
        self.start()
        try:
            self.connect()
        except BaseException:
            self.close()
            raise
        return self

    def start(self) -> PolicyPackSession:
        """Start the engine stub and the pack process without waiting for the pack to load.

        Use it to overlap the pack's start-up with other work (``auroractl plan`` starts it
        before the program runs); :meth:`connect` (or the first :meth:`analyze`) waits for it.
        Call :meth:`close` in a ``finally`` (or use the session as a context manager) from
        this point on.
        """
        if self._process is not None:
            raise PolicyPackError("the policy pack session was already started")
        root_urn = (
            f"urn:pulumi:{self.stack}::{self.project}::{STACK_TYPE}::{self.project}-{self.stack}"
        )
        env = dict(os.environ)
        env.update(
            {
                "PULUMI_CONFIG": _json_object(self._config),
                "PULUMI_PROJECT": self.project,
                "PULUMI_STACK": self.stack,
                "PULUMI_ORGANIZATION": self.organization,
                "PULUMI_DRY_RUN": "true" if self.preview else "false",
            }
        )
        try:
            self._engine = EngineStub(root_urn).__enter__()
            process = PackProcess(self.spec, self._engine.address, env, self._startup_timeout)
            process.start()
            self._process = process
        except BaseException:
            self.close()
            raise
        return self

    @property
    def connected(self) -> bool:
        """Whether the pack answered and was configured for the stack."""
        return self._connected

    def connect(self) -> None:
        """Wait for the started pack; then Handshake, GetAnalyzerInfo and ConfigureStack."""
        if self._process is None:
            raise PolicyPackError("the policy pack session is not open (use it in a with block)")
        if self._connected:
            return
        self._process.connect()
        self._handshake()
        self.info = self._call("GetAnalyzerInfo", empty_pb2.Empty())
        self.policies = policies_from_info(self.info)
        self._call(
            "ConfigureStack",
            analyzer_pb2.AnalyzerStackConfigureRequest(
                stack=self.stack,
                project=self.project,
                organization=self.organization,
                dry_run=self.preview,
                config=self._config,
                config_secret_keys=sorted(
                    k for k, v in self._config.items() if v == SECRET_PLACEHOLDER
                ),
            ),
        )
        self._connected = True

    def close(self) -> None:
        """Stop the pack process and the engine stub (safe to call more than once)."""
        process, self._process = self._process, None
        engine, self._engine = self._engine, None
        stream, self._stream = self._stream, None
        self._connected = False
        try:
            if process is not None:
                process.__exit__(None, None, None)
        finally:
            if stream is not None:
                stream.stop()
            if engine is not None:
                engine.__exit__(None, None, None)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- protocol -------------------------------------------------------------------------
    def _stub(self) -> Any:
        if self._process is None or not self._process.connected:
            raise PolicyPackError("the policy pack session is not open (use it in a with block)")
        return self._process.stub

    def _call(
        self, method: str, request: Any, about: str = "", scrub: Scrubber | None = None
    ) -> Any:
        try:
            return getattr(self._stub(), method)(request, timeout=self._rpc_timeout)
        except grpc.RpcError as exc:
            details = exc.details() if hasattr(exc, "details") else str(exc)
            text = f"policy pack failed in {method}{f' for {about}' if about else ''}: {details}"
            raise PolicyPackError(scrub(text) if scrub else text) from None

    def _result(self, method: str, future: Any, about: str, scrub: Scrubber) -> Any:
        """The response of a call started with ``.future(...)``; PolicyPackError if it failed."""
        try:
            return future.result()
        except grpc.RpcError as exc:
            details = exc.details() if hasattr(exc, "details") else str(exc)
            raise PolicyPackError(
                scrub(f"policy pack failed in {method} for {about}: {details}")
            ) from None

    def _handshake(self) -> None:
        assert self._engine is not None
        request = analyzer_pb2.AnalyzerHandshakeRequest(
            engine_address=self._engine.address,
            root_directory=str(self.spec.directory),
            program_directory=str(self.spec.directory),
        )
        try:
            self._stub().Handshake(request, timeout=self._rpc_timeout)
        except grpc.RpcError as exc:
            if exc.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise PolicyPackError(f"policy pack failed in Handshake: {exc.details()}") from None

    def configure(self, config_file: PolicyConfigFile | None) -> dict[str, PolicyConfigEntry]:
        """Merge and send the policy config; return the merged config (PolicyConfigError if bad).

        Waits for a session that was only started (:meth:`start`) to connect.
        """
        self.connect()
        merged = merge_config(self.policies, initial_config_from_info(self.info), config_file)
        self._call("Configure", to_configure_request(merged))
        return merged

    def stream(self, config_file: PolicyConfigFile | None) -> Callable[[PlannedResource], None]:
        """Analyze resources as the program registers them, as the Pulumi engine does.

        Returns the listener to hand each registered resource to (``ProgramStart.listeners``).
        A background thread waits for the pack, sends ``Configure`` and then one ``Analyze``
        call per resource while the program goes on; :meth:`analyze` with the same
        ``config_file`` collects those calls (in resource order) and sends only what was not
        sent yet. With a policy at the ``remediate`` level nothing is sent early (``Remediate``
        must come first, one call at a time).
        """
        if self._stream is not None:
            raise PolicyPackError("the policy pack session is already streaming")
        self._stream = AnalyzeStream(self, config_file)
        return self._stream.add

    def analyze_request(
        self, r: PlannedResourceLike, by_urn: Mapping[str, PlannedResourceLike]
    ) -> analyzer_pb2.AnalyzeRequest:
        """The ``Analyze`` request for ``r`` (its provider looked up in ``by_urn``)."""
        request = analyzer_pb2.AnalyzeRequest(
            type=r.type,
            urn=r.urn,
            name=r.name,
            properties=to_struct(r.inputs, r.urn),
            options=_options(r),
        )
        provider = self._provider(r, by_urn)
        if provider is not None:
            request.provider.CopyFrom(provider)
        return request

    def send_analyze(self, request: analyzer_pb2.AnalyzeRequest) -> Any:
        """Start one ``Analyze`` call; the returned future answers it."""
        return self._stub().Analyze.future(request, timeout=self._rpc_timeout)

    def analyze(
        self, plan: PlanLike, config_file: PolicyConfigFile | Path | None = None
    ) -> PackReport:
        """Run every policy on ``plan``'s resources; findings sorted, secrets scrubbed."""
        return self.begin_analyze(plan, config_file)()

    def begin_analyze(
        self, plan: PlanLike, config_file: PolicyConfigFile | Path | None = None
    ) -> Callable[[], PackReport]:
        """Start :meth:`analyze`; the returned function finishes it and returns the report.

        In preview, when every resource was already sent by :meth:`stream` and no policy is at
        ``remediate``, ``AnalyzeStack`` is sent here once every ``Analyze`` has answered (the
        engine's order), so the pack works on it while the caller does something else
        (``auroractl plan`` prices the plan meanwhile). Otherwise everything happens in the
        returned function. The findings are the same either way.
        """
        if plan.project != self.project or plan.stack != self.stack:
            raise ValueError(
                f"plan is for {plan.project}/{plan.stack}, the session for "
                f"{self.project}/{self.stack}"
            )
        if isinstance(config_file, Path):
            config_file = load_policy_config(config_file)
        stream, self._stream = self._stream, None
        sent: dict[str, Any] = {}
        if stream is not None and stream.config_file is config_file:
            merged, sent = stream.finish()
        else:
            if stream is not None:
                stream.stop()
            merged = self.configure(config_file)
        remediating = any(entry.level == "remediate" for entry in merged.values())
        resources = list(plan.resources)
        by_urn = {r.urn: r for r in resources}
        early_stack: Any = None
        if self.preview and not remediating and all(r.urn in sent for r in resources):
            for future in sent.values():
                future.exception()  # waits; a failed call is reported when collected
            early_stack = self._stub().AnalyzeStack.future(
                self._stack_request(resources, by_urn, {}), timeout=self._rpc_timeout
            )

        def finish() -> PackReport:
            return self._finish_analyze(resources, by_urn, sent, remediating, early_stack)

        return finish

    def _finish_analyze(
        self,
        resources: list[PlannedResourceLike],
        by_urn: Mapping[str, PlannedResourceLike],
        sent: dict[str, Any],
        remediating: bool,
        early_stack: Any,
    ) -> PackReport:
        scrub = Scrubber(
            secret_values([r.inputs for r in resources] + [_secret_outputs(r) for r in resources])
        )
        findings: list[Finding] = []
        not_applicable: list[tuple[str, str, str]] = []
        remediated: dict[str, struct_pb2.Struct] = {}

        in_flight: deque[tuple[str, Any]] = deque()

        stopped = False
        collected = False

        def collect_oldest() -> None:
            nonlocal stopped
            urn, future = in_flight.popleft()
            if stopped:
                future.cancel()
                return
            response = self._result("Analyze", future, urn, scrub)
            before = len(findings)
            self._collect(response, urn, by_urn, findings, not_applicable, scrub)
            # Update: a mandatory violation makes the resource invalid and the deployment
            # stops there (step_generator.go, generateSteps: "resource %s is invalid"); the
            # resources after it and AnalyzeStack are never analyzed.
            if not self.preview and any(f.level == "mandatory" for f in findings[before:]):
                stopped = True

        try:
            for r in resources:
                if stopped:
                    break
                future = sent.pop(r.urn, None)
                if future is None:
                    request = self.analyze_request(r, by_urn)
                    if remediating:
                        self._remediate(request, r, findings, not_applicable, scrub, remediated)
                    future = self.send_analyze(request)
                in_flight.append((r.urn, future))
                if len(in_flight) >= ANALYZE_WINDOW:
                    collect_oldest()
            while in_flight:
                collect_oldest()
            collected = True
        finally:
            for _urn, future in in_flight:
                future.cancel()
            for future in sent.values():
                future.cancel()
            if early_stack is not None and (stopped or not collected):
                early_stack.cancel()

        if not stopped:
            if early_stack is not None:
                response = self._result("AnalyzeStack", early_stack, "the stack", scrub)
            else:
                stack_request = self._stack_request(resources, by_urn, remediated)
                response = self._call("AnalyzeStack", stack_request, "the stack", scrub)
            root = next(
                (r.urn for r in resources if r.type == STACK_TYPE and not r.parent),
                f"urn:pulumi:{self.stack}::{self.project}::{STACK_TYPE}::"
                f"{self.project}-{self.stack}",
            )
            self._collect(response, None, by_urn, findings, not_applicable, scrub, root)
        return PackReport(
            pack=self.pack_name,
            version=self.pack_version,
            findings=sort_findings(findings),
            logs=self._logs(scrub),
            not_applicable=sorted(set(not_applicable)),
            policies=policy_docs_from_info(self.info),
        )

    def _stack_request(
        self,
        resources: Sequence[PlannedResourceLike],
        by_urn: Mapping[str, PlannedResourceLike],
        remediated: Mapping[str, struct_pb2.Struct],
    ) -> analyzer_pb2.AnalyzeStackRequest:
        return analyzer_pb2.AnalyzeStackRequest(
            resources=[self._stack_resource(r, by_urn, remediated) for r in resources]
        )

    def _remediate(
        self,
        request: analyzer_pb2.AnalyzeRequest,
        r: PlannedResourceLike,
        findings: list[Finding],
        not_applicable: list[tuple[str, str, str]],
        scrub: Scrubber,
        remediated: dict[str, struct_pb2.Struct],
    ) -> None:
        response = self._call("Remediate", request, r.urn, scrub)
        for item in response.remediations:
            if item.diagnostic:
                findings.append(
                    Finding(
                        item.policyName,
                        "advisory",
                        r.urn,
                        r.type,
                        scrub(f"{item.description}\n{item.diagnostic}"),
                        item.policyPackName or self.pack_name,
                    )
                )
            if item.HasField("properties"):
                request.properties.CopyFrom(item.properties)
                remediated[r.urn] = item.properties
                findings.append(
                    Finding(
                        item.policyName,
                        "remediate",
                        r.urn,
                        r.type,
                        scrub(
                            f"{item.description}\nremediated: the policy rewrote the "
                            "resource's properties before the other policies ran"
                        ),
                        item.policyPackName or self.pack_name,
                    )
                )
        for na in response.not_applicable:
            not_applicable.append((na.policy_name, r.urn, na.reason))

    def _collect(
        self,
        response: analyzer_pb2.AnalyzeResponse,
        urn: str | None,
        by_urn: Mapping[str, PlannedResourceLike],
        findings: list[Finding],
        not_applicable: list[tuple[str, str, str]],
        scrub: Scrubber,
        root: str | None = None,
    ) -> None:
        for d in response.diagnostics:
            # Analyze: the analyzed resource (analyze_snapshot.go, analyzeResource). Stack:
            # the diagnostic's URN when it names a resource, else the root stack's
            # (step_generator.go, AnalyzeResources -> resolveStackPolicyViolationURN).
            target = urn or (d.urn if d.urn in by_urn else root)
            resource = by_urn.get(target) if target else None
            level = PROTO_TO_LEVEL.get(d.enforcementLevel, "advisory")
            findings.append(
                Finding(
                    policy=d.policyName,
                    # A violation at "remediate" still reported after remediation is mandatory.
                    level="mandatory" if level == "remediate" else level,
                    urn=target,
                    resource_type=resource.type if resource is not None else None,
                    message=scrub(d.message),
                    pack=d.policyPackName or self.pack_name,
                )
            )
        for na in response.not_applicable:
            not_applicable.append((na.policy_name, urn or "", na.reason))

    def _logs(self, scrub: Scrubber) -> list[PackLog]:
        logs: list[PackLog] = []
        if self._engine is not None:
            logs.extend(self._engine.take_logs())
        if self._process is not None:
            logs.extend(self._process.take_logs())
        return [
            PackLog(log.severity, scrub(log.message), log.urn)
            for log in logs
            if log.message.strip()
        ]

    # --- resources on the wire ------------------------------------------------------------
    def _provider(
        self, r: PlannedResourceLike, by_urn: Mapping[str, PlannedResourceLike]
    ) -> analyzer_pb2.AnalyzerProviderResource | None:
        if not r.custom or r.type.startswith(PROVIDER_TYPE_PREFIX):
            return None
        if r.provider:
            provider_urn = r.provider.rsplit("::", 1)[0]
            found = by_urn.get(provider_urn)
            if found is not None:
                return analyzer_pb2.AnalyzerProviderResource(
                    type=found.type,
                    urn=found.urn,
                    name=found.name,
                    properties=to_struct(found.inputs, found.urn),
                )
            name = provider_urn.rsplit("::", 1)[-1]
            ptype = (
                provider_urn.rsplit("::", 2)[-2].rsplit("$", 1)[-1] if "::" in provider_urn else ""
            )
            return analyzer_pb2.AnalyzerProviderResource(type=ptype, urn=provider_urn, name=name)
        # The default provider the engine creates for the package, configured from stack config.
        package = r.type.split(":", 1)[0]
        version = _package_version(package)
        name = "default" + (f"_{version.replace('.', '_')}" if version else "")
        props: dict[str, Any] = {
            key.split(":", 1)[1]: value
            for key, value in self._config.items()
            if key.startswith(f"{package}:")
        }
        if version:
            props["version"] = version
        return analyzer_pb2.AnalyzerProviderResource(
            type=f"{PROVIDER_TYPE_PREFIX}{package}",
            urn=f"urn:pulumi:{self.stack}::{self.project}::{PROVIDER_TYPE_PREFIX}{package}::{name}",
            name=name,
            properties=to_struct(props),
        )

    def _stack_resource(
        self,
        r: PlannedResourceLike,
        by_urn: Mapping[str, PlannedResourceLike],
        remediated: Mapping[str, struct_pb2.Struct],
    ) -> analyzer_pb2.AnalyzerResource:
        # Outputs where known, else inputs (the engine's preview state of a new resource).
        props: dict[str, Any] = {**r.inputs, **_secret_outputs(r)}
        if r.custom and "id" not in props and not r.type.startswith(PROVIDER_TYPE_PREFIX):
            if r.id:
                props["id"] = r.id
            elif self.preview:
                props["id"] = UNKNOWN_STRING_VALUE
        struct = to_struct(props, r.urn)
        if r.urn in remediated:
            struct.update(dict(remediated[r.urn].items()))
        resource = analyzer_pb2.AnalyzerResource(
            type=r.type,
            urn=r.urn,
            name=r.name,
            properties=struct,
            options=_options(r),
            parent=r.parent or "",
            dependencies=list(r.dependencies),
        )
        for key, urns in sorted(r.property_dependencies.items()):
            resource.propertyDependencies[key].urns.extend(urns)
        provider = self._provider(r, by_urn)
        if provider is not None:
            resource.provider.CopyFrom(provider)
        return resource


def _secret_outputs(r: PlannedResourceLike) -> dict[str, Any]:
    """Outputs with ``additionalSecretOutputs`` wrapped as secrets, as the engine stores them."""
    names = set(getattr(r, "additional_secret_outputs", None) or [])
    return {
        k: {SIG_KEY: SECRET_SIG, "value": v} if k in names and not _is_secret(v) else v
        for k, v in r.outputs.items()
    }


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SIG_KEY) == SECRET_SIG


def _options(r: PlannedResourceLike) -> analyzer_pb2.AnalyzerResourceOptions:
    # The mock engine records a plain bool: only an explicit True counts as "defined".
    dbr = getattr(r, "delete_before_replace", None) or None
    timeouts = getattr(r, "custom_timeouts", None) or {}
    return analyzer_pb2.AnalyzerResourceOptions(
        protect=bool(r.protect),
        ignoreChanges=list(r.ignore_changes),
        deleteBeforeReplace=bool(dbr),
        deleteBeforeReplaceDefined=dbr is not None,
        additionalSecretOutputs=list(getattr(r, "additional_secret_outputs", None) or []),
        aliases=[str(a) for a in getattr(r, "aliases", None) or []],
        customTimeouts=analyzer_pb2.AnalyzerResourceOptions.CustomTimeouts(
            create=float(timeouts.get("create", 0)),
            update=float(timeouts.get("update", 0)),
            delete=float(timeouts.get("delete", 0)),
        ),
        parent=r.parent or "",
    )


def _json_object(values: Mapping[str, str]) -> str:
    return json.dumps(dict(values), sort_keys=True)


def analyze_plan(
    plan: PlanLike,
    pack_dir: Path,
    *,
    config_file: Path | PolicyConfigFile | None = None,
    preview: bool | None = None,
    python: str | None = None,
) -> PackReport:
    """Start the pack, analyze ``plan`` once, stop the pack.

    ``preview`` sets ``PULUMI_DRY_RUN``; by default it follows ``plan.preview``. The config
    file is read before the pack starts, so a malformed file fails fast.
    """
    if isinstance(config_file, Path):
        config_file = load_policy_config(config_file)
    with PolicyPackSession(
        pack_dir,
        project=plan.project,
        stack=plan.stack,
        preview=plan.preview if preview is None else preview,
        config=plan.config,
        python=python,
    ) as session:
        return session.analyze(plan, config_file)


def run_pack(
    plan: PlanLike,
    pack_dir: Path,
    *,
    config_file: Path | None = None,
    preview: bool | None = None,
) -> list[Finding]:
    """The contract entry point: the findings of one pack run, sorted."""
    return analyze_plan(plan, pack_dir, config_file=config_file, preview=preview).findings
