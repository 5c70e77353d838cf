"""What every vendor's emulator does with a request, in order; the vendors differ only in the hooks.

1. read the body (at most 1 MiB; 413 beyond);
2. injected faults (429/5xx with the vendor's error body, a delay, a dropped connection);
3. ``refuse_raw``: the wire form the vendor distinguishes (Vobiz: ``+`` must be sent as ``%2B``);
   then path hygiene (sandbox/hygiene.py): control characters, encoded slashes and dot segments
   are never served;
4. the spec (openapi-core over specs/<provider>/openapi.yaml): which operation, credentials present;
5. ``authenticate``: credentials valid, and allowed on the account in the path (401/403);
6. the spec's verdict on parameters and body, as the vendor's documented error;
7. the semantics: ``op_<operationId>(call)``, run under the state lock, so it is atomic.

Each vendor's ``VendorEmulator`` subclass (sandbox/vobiz.py, ...) supplies its error
body (``error``), its credentials check, its state (``build_state`` from the fixture)
and one method per operation. Every answer the pipeline gives, a bad ``X-Sandbox-Fault``
header and a bug in the sandbox (500) included, is in the vendor's documented error shape.

``Provider`` is the class's old name, kept as a deprecated alias: it named this
emulator and ``codegen.providers.Provider`` (a provider's entry in codegen/providers.yaml) alike.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .faults import FAULT_HEADER, Fault, FaultBoard, drop_connection
from .hygiene import judge_path
from .spec import Checked, Problem, SpecCheck
from .state import Clock, Store
from .wire import MAX_BODY, json_response, raw_route_path, read_body

__all__ = ["Call", "Refusal", "VendorEmulator", "bearer_token"]

logger = logging.getLogger("sandbox")

S = TypeVar("S")  # an emulator's state, as its build_state makes it from the fixture

STATUS = {
    "unknown_path": 404,
    "method_not_allowed": 405,
    "body_too_large": 413,
    "malformed_json": 400,
    "missing_body": 400,
    "invalid_parameter": 400,
    "invalid_body": 400,
}
FAULT_MESSAGES = {
    400: "Bad request.",
    422: "Unprocessable request.",
    429: "Too many requests. Retry later.",
    500: "Internal server error.",
    502: "Bad gateway.",
    503: "Service temporarily unavailable.",
    504: "Gateway timeout.",
}


class Refusal(Exception):
    """Raised by an operation to answer with an error (the state is left as it was)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def bearer_token(headers: Headers) -> str | None:
    """The token of ``Authorization: Bearer <token>`` (the scheme in any case), else None.

    TryVox, Mihu and Bolna all authenticate so; each decides what an unknown token gets.
    """
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


@dataclass
class Call:
    """One request, as the operation sees it: valid per the spec, authenticated."""

    operation_id: str
    method: str
    path: dict[str, str]
    query: dict[str, Any]
    body: Any
    headers: Headers
    principal: Any


class VendorEmulator(Generic[S]):
    """One vendor's API as the sandbox answers it, mounted at ``/<name>``: an ASGI app over one Store.

    ``S`` is the subclass's state (its accounts, numbers and trunks), rebuilt from the fixture
    on every reset.
    """

    name: ClassVar[str]
    # the ``message`` of an injected 429/5xx (providers use their documented wording)
    fault_messages: ClassVar[dict[int, str]] = FAULT_MESSAGES
    # how the spec judges a request (a provider may read one more thing as its vendor does: Twilio)
    spec_class: ClassVar[type[SpecCheck]] = SpecCheck

    def __init__(
        self,
        fixture: dict[str, Any],
        faults: FaultBoard,
        clock: Clock,
        spec_path: Path | None = None,
    ) -> None:
        self.spec = self.spec_class(self.name, spec_path)
        self.faults = faults
        self._clock = clock
        self.store: Store[S] = Store(fixture, self.build_state)

    @property
    def clock(self) -> Clock:
        """The fixture's own clock if it sets one (``clock: {start, step}``), else the sandbox's."""
        return self.store.clock or self._clock

    # ---- hooks a vendor's emulator implements ----------------------------------------------

    def build_state(self, fixture: dict[str, Any]) -> S:
        """The vendor's state from its fixture mapping (raise ValueError on a bad fixture)."""
        raise NotImplementedError

    def client_settings(self) -> dict[str, Any]:
        """The fixture's ``client`` block: the fake credentials (and extras) handed to tests and users."""
        client = self.store.seed.get("client") or {}
        return {
            "credentials": dict(client.get("credentials") or {}),
            "extras": dict(client.get("extras") or {}),
        }

    def error(
        self, status: int, message: str, *, code: str = "", field: str = "", details: str = ""
    ) -> dict[str, Any]:
        """The vendor's documented error body for ``status``."""
        raise NotImplementedError

    def unauthenticated(self, headers: Headers) -> Response:
        """The answer when the spec's credentials are absent (or not of the documented scheme)."""
        raise NotImplementedError

    def authenticate(self, headers: Headers, checked: Checked, method: str) -> Any:
        """The principal the credentials stand for; raise Refusal (401/403) otherwise."""
        raise NotImplementedError

    def refuse_raw(self, method: str, raw_path: str) -> Response | None:
        """A refusal decided on the path exactly as sent, before it is decoded; None to go on."""
        return None

    def refuse(self, problem: Problem, checked: Checked) -> Response:
        """The vendor's answer to a request the spec does not allow (subclasses override per case)."""
        status = STATUS[problem.kind]
        headers = {"Allow": ", ".join(problem.allowed)} if problem.allowed else None
        return self.reply(status, describe(problem), field=problem.name, headers=headers)

    # ---- helpers ---------------------------------------------------------------------------

    def reply(
        self,
        status: int,
        message: str,
        *,
        code: str = "",
        field: str = "",
        details: str = "",
        headers: dict[str, str] | None = None,
    ) -> Response:
        body = self.error(status, message, code=code, field=field, details=details)
        return json_response(status, body, headers)

    def refusal(self, status: int, message: str, **kwargs: Any) -> Refusal:
        return Refusal(self.reply(status, message, **kwargs))

    def fault_response(self, fault: Fault) -> Response:
        status = fault.status or 500
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else None
        message = self.fault_messages.get(status) or FAULT_MESSAGES.get(status, "Injected fault.")
        return self.reply(status, message, headers=headers)

    def snapshot(self) -> Any:
        """The state as JSON-able data (``GET /_sandbox/state/<provider>``)."""
        with self.store.lock:
            return self.dump_state(self.store.state)

    def dump_state(self, state: S) -> Any:
        """``state`` as JSON-able data (lists and mappings of the vendor's own objects)."""
        raise NotImplementedError

    def unimplemented(self) -> list[str]:
        """Operations of the spec this sandbox has no semantics for (answered with 501)."""
        return sorted(op for op in self.spec.operation_ids() if not hasattr(self, f"op_{op}"))

    # ---- the pipeline ----------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        try:
            response = await self.handle(scope, receive)
        except Exception:
            logger.exception(
                "sandbox error in %s on %s %s", self.name, scope.get("method"), scope.get("path")
            )
            response = self.reply(500, "Internal error in the sandbox (see its log).")
        if response is not None:
            await response(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive) -> Response | None:
        headers = Headers(scope=scope)
        method = scope["method"].upper()
        body = await read_body(scope, receive)
        if body.too_large:
            return self.reply(
                413,
                f"Request body is larger than {MAX_BODY // (1024 * 1024)} MiB.",
                headers={"Connection": "close"} if body.close else None,
            )

        raw_path = raw_route_path(scope)
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            fault = self.faults.take(
                self.name, headers.get(FAULT_HEADER), (method, raw_path, query, body.data)
            )
        except ValueError as err:
            return self.reply(400, f"Bad {FAULT_HEADER} header: {err}")
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.kind == "drop":
                if await drop_connection(receive):
                    return None
                return self.reply(503, "Injected fault: connection drop (unsupported by this server).")
            if fault.status is not None:
                return self.fault_response(fault)

        refused = self.refuse_raw(method, raw_path)
        if refused is not None:
            return refused

        checked = judge_path(raw_path, self.spec.routes(), method) or self.spec.check(
            method, unquote(raw_path), query, headers, body.data
        )
        problem = checked.problems[0] if checked.problems else None
        if problem is not None and problem.kind in ("unknown_path", "method_not_allowed"):
            return self.refuse(problem, checked)
        if problem is not None and problem.kind == "unauthenticated":
            return self.unauthenticated(headers)
        # From the credentials check to the last change, one critical section with no await in it:
        # the principal is from the state the operation changes, and racing requests are serialized.
        with self.store.lock:
            try:
                principal = self.authenticate(headers, checked, method)
                if problem is not None:
                    return self.refuse(problem, checked)
                assert checked.operation_id is not None
                operation = getattr(self, f"op_{checked.operation_id}", None)
                if operation is None:
                    return self.reply(501, f"The sandbox has no semantics for {checked.operation_id} yet.")
                call = Call(
                    checked.operation_id,
                    method,
                    checked.path_params,
                    checked.query,
                    checked.body,
                    headers,
                    principal,
                )
                result: Response = operation(call)
                return result
            except Refusal as refusal:
                return refusal.response


if TYPE_CHECKING:
    Provider = VendorEmulator  # deprecated: the old name (carrier-sandbox 0.1.0 exported it)
else:
    # At run time the old name warns on each use. Hidden from mypy: a module __getattr__ would make
    # it accept any name imported from this module.
    def __getattr__(name: str) -> Any:
        """``Provider``, the old name of VendorEmulator, with a DeprecationWarning."""
        if name == "Provider":
            warnings.warn(
                f"{__name__}.Provider is deprecated: it is VendorEmulator now "
                "(codegen.providers.Provider is another thing); Provider will be removed",
                DeprecationWarning,
                stacklevel=2,
            )
            return VendorEmulator
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def describe(problem: Problem) -> str:
    """A plain sentence for a spec problem, for the vendor's ``message``."""
    if problem.kind == "unknown_path":
        return "The requested resource was not found."
    if problem.kind == "method_not_allowed":
        return f"Method not allowed on this path; allowed: {', '.join(problem.allowed)}."
    if problem.kind == "malformed_json":
        return "The request body is not valid JSON."
    if problem.kind == "missing_body":
        return "A JSON request body is required."
    if problem.kind == "invalid_parameter":
        return f"Invalid {problem.location} parameter {problem.name}: {problem.reason}"
    if problem.kind == "invalid_body":
        where = f"{problem.name}: " if problem.name else ""
        return f"Invalid request body: {where}{problem.reason}"
    return problem.reason or problem.kind
