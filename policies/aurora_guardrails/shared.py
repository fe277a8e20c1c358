"""What one request decodes, every policy reuses.

Within a `request_scope` (one `Analyze` or `AnalyzeStack` request served by
`aurora_guardrails.pack`, or one `evaluate_resources` call), `shared(kind, source, build)`
builds a value once per `(kind, source object)` and hands the same value to every later caller:
the `Props` of a resource's properties, the index behind every `StackView` of the stack, the
cost model's resources. Outside a scope it simply builds (the stock SDK servicer gives every
policy freshly decoded objects, so there is nothing to share).

Shared values are read-only by convention: a policy that mutated one would be seen by the
policies after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["request_scope", "shared"]

_T = TypeVar("_T")

# One dict per scope, keyed by (kind, id(source)); the source is kept alongside its value so
# that its id cannot be reused by another object while the scope lives.
_SCOPE: ContextVar[dict[tuple[str, int], tuple[object, Any]] | None] = ContextVar(
    "aurora_guardrails_request_scope", default=None
)


@contextmanager
def request_scope() -> Iterator[None]:
    """Share values built by `shared` until the block ends (nested scopes start empty)."""
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def shared(kind: str, source: object, build: Callable[[], _T]) -> _T:
    """`build()` once per `kind` and `source` object within the current scope."""
    scope = _SCOPE.get()
    if scope is None:
        return build()
    key = (kind, id(source))
    hit = scope.get(key)
    if hit is not None and hit[0] is source:
        return hit[1]  # type: ignore[no-any-return]
    value = build()
    scope[key] = (source, value)
    return value
