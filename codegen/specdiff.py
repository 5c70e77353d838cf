"""What changed between two normalized specs, and what it means for the package's users.

Downstream services pin the generated packages, so a vendor's spec change must
be read from the side of code that calls the client: a removed operation, field
or enum value, a new required argument, a narrower request type or a different
success status breaks a caller (``breaking``); a new optional argument, a new
operation or response field, a widened enum or a new documented error status
does not (``compatible``); descriptions, summaries and examples change nothing
but the docs (``cosmetic``). The generated code also takes names from the spec,
so renaming an operationId, a schema or an operation's first tag renames a
function, a model class or a module: breaking too.

Walk: operations are matched by operationId (then by method and path), and
their parameters, request body, responses and security compared, following
``$ref`` into components; a change inside a component schema is reported at
the component's pointer and attributed to every operation that reaches it.
Anything the rules do not name is reported as ``compatible`` rather than
dropped, so every difference shows up in the summary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .merge import HTTP_METHODS
from .refs import resolve, unescape

__all__ = ["BREAKING", "COMPATIBLE", "COSMETIC", "KINDS", "Change", "diff_specs", "format_changes", "worst"]

BREAKING, COMPATIBLE, COSMETIC = "breaking", "compatible", "cosmetic"
KINDS = (BREAKING, COMPATIBLE, COSMETIC)  # most severe first

_DOC_KEYS = {"description", "summary", "title", "example", "examples", "externalDocs", "$comment"}
# Extensions that codegen reads (render.py); every other x-* only documents. x-pagination, the
# paging an operation declares in its overlay, decides what a list method returns and how it walks
# the pages: a change there is compatible (reported for callers to judge), never cosmetic.
_MEANINGFUL_EXTENSIONS = {"x-pagination", "x-phone-number", "x-python-name"}
# Formats that give the generated attribute another Python type (UUID, datetime, date, File).
_TYPED_FORMATS = {"uuid", "date-time", "date", "binary", "byte"}
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


@dataclass(frozen=True)
class Change:
    """One difference: how it affects callers, where it is (a JSON pointer), and what it is."""

    kind: str
    where: str
    text: str


def worst(changes: Iterable[Change]) -> str | None:
    """The most severe kind among ``changes`` (None when there are none)."""
    kinds = {c.kind for c in changes}
    return next((k for k in KINDS if k in kinds), None)


def format_changes(changes: list[Change], indent: str = "  ") -> list[str]:
    """Readable lines, most severe first: the kind and text, then the location under it."""
    lines = []
    for kind in KINDS:
        for change in (c for c in changes if c.kind == kind):
            lines.append(f"{indent}{kind:<11} {change.text}")
            lines.append(f"{indent}{'':<11}   at {change.where}")
    return lines


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between the ``old`` and ``new`` normalized specs, classified."""
    differ = _Differ(old, new)
    differ.run()
    return differ.changes()


def _esc(part: Any) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _at(where: str, *parts: Any) -> str:
    return "/".join([where, *(_esc(p) for p in parts)])


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class _Ctx:
    """Where a schema is used: by which operation, read or written, under what label."""

    op: str | None
    direction: str  # "request" (the caller writes it) or "response" (the caller reads it)
    label: str  # "request body", "response 200", "parameter `page`"

    def field(self, path: str) -> str:
        return f"{self.label} field `{path}`" if path else self.label


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        # (kind, where, text) -> operations it concerns, in the order first seen
        self._found: dict[tuple[str, str, str], list[str]] = {}

    def add(self, kind: str, where: str, text: str, op: str | None = None) -> None:
        ops = self._found.setdefault((kind, where, text), [])
        if op and op not in ops:
            ops.append(op)

    def changes(self) -> list[Change]:
        return [
            Change(kind, where, f"{', '.join(ops)}: {text}" if ops else text)
            for (kind, where, text), ops in self._found.items()
        ]

    # -- plumbing -------------------------------------------------------------------------------------

    def generic(self, o: Any, n: Any, where: str, what: str, op: str | None = None) -> None:
        """Keys no rule names: documentation is cosmetic, anything else compatible (never dropped)."""
        if o == n:
            return
        key = unescape(where.rsplit("/", 1)[-1])
        if key in _DOC_KEYS or (key.startswith("x-") and key not in _MEANINGFUL_EXTENSIONS):
            verb = "added" if o is None else "removed" if n is None else "changed"
            self.add(COSMETIC, where, f"{what}: {key} {verb}", op)
        elif o is None:
            self.add(COMPATIBLE, where, f"{what}: `{key}` added ({_short(n)})", op)
        elif n is None:
            self.add(COMPATIBLE, where, f"{what}: `{key}` removed (was {_short(o)})", op)
        else:
            self.add(COMPATIBLE, where, f"{what}: `{key}` changed from {_short(o)} to {_short(n)}", op)

    def rest(
        self, o: dict[str, Any], n: dict[str, Any], handled: set[str], where: str, what: str, op: str | None
    ) -> None:
        for key in dict.fromkeys([*o, *n]):
            if key not in handled:
                self.generic(o.get(key), n.get(key), _at(where, key), what, op)

    # -- the document ---------------------------------------------------------------------------------

    def run(self) -> None:
        old, new = self.old, self.new
        self.operations()
        self.security_schemes()
        for i, (o, n) in enumerate(zip(old.get("servers") or [], new.get("servers") or [], strict=False)):
            ou, nu = str(o.get("url")), str(n.get("url"))
            if ou != nu:
                # A templated first URL (a per-tenant host) means no default: base_url becomes required.
                required = i == 0 and "{" in nu and "{" not in ou
                self.add(
                    BREAKING if required else COMPATIBLE,
                    _at("#/servers", i, "url"),
                    f"server URL changed from {ou} to {nu}"
                    + (" (base_url is now a required argument)" if required else " (the default base_url)"),
                )
            self.rest(o, n, {"url"}, _at("#/servers", i), "server", None)
        if len(old.get("servers") or []) != len(new.get("servers") or []):
            self.add(COMPATIBLE, "#/servers", "the list of servers changed")
        for key in ("info", "tags", "externalDocs"):
            if old.get(key) != new.get(key):
                self.add(COSMETIC, _at("#", key), f"{key} changed")
        handled = {"paths", "components", "servers", "info", "tags", "externalDocs", "security"}
        self.rest(old, new, handled, "#", "document", None)
        components = ("schemas", "parameters", "requestBodies", "responses", "securitySchemes")
        oc, nc = old.get("components") or {}, new.get("components") or {}
        self.rest(oc, nc, set(components), "#/components", "components", None)

    def security_schemes(self) -> None:
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        for name in dict.fromkeys([*old, *new]):
            where = _at("#/components/securitySchemes", name)
            o, n = old.get(name), new.get(name)
            if o is None:
                self.add(COMPATIBLE, where, f"security scheme `{name}` added")
            elif n is None:
                self.add(BREAKING, where, f"security scheme `{name}` removed")
            else:
                for key in dict.fromkeys([*o, *n]):
                    if o.get(key) == n.get(key):
                        continue
                    if key in _DOC_KEYS:
                        self.add(COSMETIC, _at(where, key), f"security scheme `{name}`: {key} changed")
                    else:
                        self.add(
                            BREAKING,
                            _at(where, key),
                            f"security scheme `{name}`: `{key}` changed from {_short(o.get(key))} "
                            f"to {_short(n.get(key))} (how credentials are sent)",
                        )

    # -- operations -----------------------------------------------------------------------------------

    @staticmethod
    def _ops(doc: dict[str, Any]) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
        found = {}
        for path, item in (doc.get("paths") or {}).items():
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    found[(method, path)] = (item[method], item)
        return found

    def operations(self) -> None:
        old_ops, new_ops = self._ops(self.old), self._ops(self.new)
        old_by_id = {op.get("operationId"): key for key, (op, _) in old_ops.items() if op.get("operationId")}
        pairs: dict[tuple[str, str], tuple[str, str]] = {}
        for key, (op, _) in new_ops.items():
            match = old_by_id.get(op.get("operationId"))
            if match is not None:
                pairs[key] = match
        for key in new_ops:
            if key not in pairs and key in old_ops and key not in pairs.values():
                pairs[key] = key
        matched_old = set(pairs.values())
        for key, (op, _) in old_ops.items():
            if key not in matched_old:
                method, path = key
                self.add(
                    BREAKING,
                    _at("#/paths", path, method),
                    f"operation `{op.get('operationId')}` ({method.upper()} {path}) removed",
                )
        for key, (op, _) in new_ops.items():
            if key not in pairs:
                method, path = key
                self.add(
                    COMPATIBLE,
                    _at("#/paths", path, method),
                    f"new operation `{op.get('operationId')}` ({method.upper()} {path})",
                )
        for new_key, old_key in pairs.items():
            self.operation(old_key, old_ops[old_key], new_key, new_ops[new_key])
        for path in dict.fromkeys([*(self.old.get("paths") or {}), *(self.new.get("paths") or {})]):
            o = (self.old.get("paths") or {}).get(path) or {}
            n = (self.new.get("paths") or {}).get(path) or {}
            self.rest(o, n, {*HTTP_METHODS, "parameters"}, _at("#/paths", path), f"path {path}", None)

    def operation(
        self,
        old_key: tuple[str, str],
        old: tuple[dict[str, Any], dict[str, Any]],
        new_key: tuple[str, str],
        new: tuple[dict[str, Any], dict[str, Any]],
    ) -> None:
        (o, o_item), (n, n_item) = old, new
        name = n.get("operationId") or f"{new_key[0].upper()} {new_key[1]}"
        where = _at("#/paths", new_key[1], new_key[0])
        if old_key != new_key:
            self.add(
                BREAKING,
                where,
                f"moved from {old_key[0].upper()} {old_key[1]} to {new_key[0].upper()} {new_key[1]}",
                name,
            )
        if o.get("operationId") != n.get("operationId"):
            self.add(
                BREAKING,
                _at(where, "operationId"),
                f"operation `{o.get('operationId')}` renamed to `{n.get('operationId')}` "
                "(the generated function module is renamed)",
            )
        o_tags, n_tags = o.get("tags") or [], n.get("tags") or []
        if o_tags[:1] != n_tags[:1]:
            self.add(
                BREAKING,
                _at(where, "tags"),
                f"first tag changed from {o_tags[:1]} to {n_tags[:1]} (the operation moves to another api module)",
                name,
            )
        elif o_tags != n_tags:
            self.add(COSMETIC, _at(where, "tags"), "tags changed", name)
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            state = "deprecated" if n.get("deprecated") else "no longer deprecated"
            self.add(COMPATIBLE, _at(where, "deprecated"), state, name)
        o_sec, n_sec = (
            o.get("security", self.old.get("security")),
            n.get("security", self.new.get("security")),
        )
        if o_sec != n_sec:
            self.add(
                BREAKING,
                _at(where, "security"),
                f"authentication changed from {_short(o_sec)} to {_short(n_sec)}",
                name,
            )
        self.parameters(o, o_item, n, n_item, where, name)
        self.request_body(o.get("requestBody"), n.get("requestBody"), _at(where, "requestBody"), name)
        self.responses(o.get("responses") or {}, n.get("responses") or {}, _at(where, "responses"), name)
        handled = {"operationId", "tags", "deprecated", "security", "parameters", "requestBody", "responses"}
        self.rest(o, n, handled, where, "operation", name)

    def _params(
        self, doc: dict[str, Any], op: dict[str, Any], item: dict[str, Any]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        params = {}
        for raw in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
            param = resolve(doc, raw)
            if isinstance(param, dict) and "name" in param:
                params[(str(param.get("in")), str(param["name"]))] = param
        return params

    def parameters(
        self,
        o: dict[str, Any],
        o_item: dict[str, Any],
        n: dict[str, Any],
        n_item: dict[str, Any],
        where: str,
        name: str,
    ) -> None:
        old, new = self._params(self.old, o, o_item), self._params(self.new, n, n_item)
        for key in dict.fromkeys([*old, *new]):
            place, pname = key
            at = _at(where, "parameters", pname)
            op_, np_ = old.get(key), new.get(key)
            label = f"{place} parameter `{pname}`"
            if op_ is None and np_ is not None:
                required = bool(np_.get("required"))
                kind = BREAKING if required else COMPATIBLE
                self.add(kind, at, f"new {'required' if required else 'optional'} {label}", name)
                continue
            if op_ is None or np_ is None:
                self.add(BREAKING, at, f"{label} removed", name)
                continue
            if bool(op_.get("required")) != bool(np_.get("required")):
                if np_.get("required"):
                    self.add(BREAKING, _at(at, "required"), f"{label} is now required", name)
                else:
                    self.add(COMPATIBLE, _at(at, "required"), f"{label} is now optional", name)
            o_e164, n_e164 = op_.get("x-phone-number"), np_.get("x-phone-number")
            if o_e164 != n_e164:
                kind = BREAKING if n_e164 else COMPATIBLE
                what = f"now validated as {n_e164}" if n_e164 else "no longer validated as a phone number"
                self.add(kind, _at(at, "x-phone-number"), f"{label} {what}", name)
            if bool(op_.get("deprecated")) != bool(np_.get("deprecated")):
                state = "deprecated" if np_.get("deprecated") else "no longer deprecated"
                self.add(COMPATIBLE, _at(at, "deprecated"), f"{label} {state}", name)
            ctx = _Ctx(name, "request", label)
            self.schema(op_.get("schema") or {}, np_.get("schema") or {}, _at(at, "schema"), "", ctx, set())
            handled = {"name", "in", "required", "x-phone-number", "deprecated", "schema"}
            self.rest(op_, np_, handled, at, label, name)

    def request_body(self, o: Any, n: Any, where: str, name: str) -> None:
        o, n = resolve(self.old, o), resolve(self.new, n)
        if o is None and n is None:
            return
        if o is None:
            required = bool(n.get("required"))
            kind = BREAKING if required else COMPATIBLE
            self.add(kind, where, f"new {'required' if required else 'optional'} request body", name)
            return
        if n is None:
            self.add(BREAKING, where, "request body removed", name)
            return
        if bool(o.get("required")) != bool(n.get("required")):
            kind = BREAKING if n.get("required") else COMPATIBLE
            self.add(
                kind,
                _at(where, "required"),
                f"request body now {'required' if n.get('required') else 'optional'}",
                name,
            )
        ctx = _Ctx(name, "request", "request body")
        self.content(o.get("content") or {}, n.get("content") or {}, _at(where, "content"), ctx, strict=True)
        self.rest(o, n, {"required", "content"}, where, "request body", name)

    def content(self, o: dict[str, Any], n: dict[str, Any], where: str, ctx: _Ctx, strict: bool) -> None:
        """Media types of a body; ``strict`` when losing one breaks callers (requests, successes)."""
        for media in dict.fromkeys([*o, *n]):
            at = _at(where, media)
            if media not in n:
                self.add(
                    BREAKING if strict else COMPATIBLE,
                    at,
                    f"{ctx.label}: {media} no longer documented",
                    ctx.op,
                )
            elif media not in o:
                self.add(COMPATIBLE, at, f"{ctx.label}: {media} now documented", ctx.op)
            else:
                om, nm = o[media] or {}, n[media] or {}
                self.schema(om.get("schema") or {}, nm.get("schema") or {}, _at(at, "schema"), "", ctx, set())
                self.rest(om, nm, {"schema"}, at, ctx.label, ctx.op)

    def responses(self, o: dict[str, Any], n: dict[str, Any], where: str, name: str) -> None:
        for status in dict.fromkeys([*o, *n]):
            at = _at(where, status)
            success = str(status).startswith("2")
            if status not in n:
                if success:
                    self.add(BREAKING, at, f"success status {status} removed", name)
                else:
                    self.add(COMPATIBLE, at, f"error status {status} no longer documented", name)
                continue
            if status not in o:
                if success:
                    self.add(BREAKING, at, f"new success status {status} (the return type changes)", name)
                else:
                    self.add(COMPATIBLE, at, f"new documented error status {status}", name)
                continue
            ro, rn = resolve(self.old, o[status]) or {}, resolve(self.new, n[status]) or {}
            co, cn = ro.get("content") or {}, rn.get("content") or {}
            if success and bool(co) != bool(cn):
                what = "now has a body" if cn else "no longer has a body"
                self.add(
                    BREAKING, _at(at, "content"), f"response {status} {what} (the return type changes)", name
                )
            else:
                ctx = _Ctx(name, "response", f"response {status}")
                self.content(co, cn, _at(at, "content"), ctx, strict=success)
            self.rest(ro, rn, {"content"}, at, f"response {status}", name)

    # -- schemas --------------------------------------------------------------------------------------

    def _model(self, doc: dict[str, Any], node: Any) -> bool:
        """Whether a schema becomes a generated class (a model or an enum)."""
        node = resolve(doc, node)
        return isinstance(node, dict) and ("properties" in node or "enum" in node)

    def schema(
        self, o: Any, n: Any, where: str, path: str, ctx: _Ctx, seen: set[tuple[Any, Any, str]]
    ) -> None:
        o_ref = o.get("$ref") if isinstance(o, dict) else None
        n_ref = n.get("$ref") if isinstance(n, dict) else None
        if o_ref != n_ref:
            if o_ref and n_ref:
                self.add(
                    BREAKING,
                    where,
                    f"{ctx.field(path)}: schema `{o_ref.rsplit('/', 1)[-1]}` replaced by "
                    f"`{n_ref.rsplit('/', 1)[-1]}` (the generated model is renamed)",
                    ctx.op,
                )
            elif self._model(self.old, o) or self._model(self.new, n):
                named = (n_ref or o_ref or "").rsplit("/", 1)[-1]
                how = f"now the named schema `{named}`" if n_ref else f"now inline (was `{named}`)"
                self.add(
                    BREAKING, where, f"{ctx.field(path)}: {how} (the generated model is renamed)", ctx.op
                )
        if o_ref or n_ref:
            visit = (o_ref, n_ref, ctx.direction)
            if visit in seen:
                return
            seen = seen | {visit}
            if n_ref and n_ref == o_ref:
                where = n_ref
        o, n = resolve(self.old, o) or {}, resolve(self.new, n) or {}
        if not isinstance(o, dict) or not isinstance(n, dict):
            return
        self.types(o, n, where, path, ctx)
        self.enum(o.get("enum"), n.get("enum"), _at(where, "enum"), path, ctx)
        self.properties(o, n, where, path, ctx, seen)
        for key, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            oi, ni = o.get(key), n.get(key)
            if isinstance(oi, dict) and isinstance(ni, dict):
                self.schema(oi, ni, _at(where, key), path + suffix, ctx, seen)
            else:
                self.generic(oi, ni, _at(where, key), ctx.field(path), ctx.op)
        for key in ("allOf", "anyOf", "oneOf"):
            ol, nl = o.get(key) or [], n.get(key) or []
            if len(ol) != len(nl):
                self.add(BREAKING, _at(where, key), f"{ctx.field(path)}: {key} composition changed", ctx.op)
            else:
                for i, (oi, ni) in enumerate(zip(ol, nl, strict=True)):
                    self.schema(oi, ni, _at(where, key, i), path, ctx, seen)
        self.constraints(o, n, where, path, ctx)
        handled = {"type", "nullable", "format", "enum", "properties", "required", "items"}
        handled |= {"additionalProperties", "allOf", "anyOf", "oneOf", "pattern", "default", "deprecated"}
        handled |= {*_LOWER_BOUNDS, *_UPPER_BOUNDS}
        self.rest(o, n, handled, where, ctx.field(path), ctx.op)

    @staticmethod
    def _show(types: set[str] | None) -> str:
        if types is None:
            return "any"
        return "|".join(sorted(types - {"integer"} if "number" in types else types))

    @staticmethod
    def _type_set(schema: dict[str, Any]) -> set[str] | None:
        """The JSON types a schema admits (None: any); integer is a number, nullable adds null."""
        raw = schema.get("type")
        if raw is None:
            return None
        types = set(raw) if isinstance(raw, list) else {raw}
        if schema.get("nullable"):
            types.add("null")
        if "number" in types:
            types.add("integer")
        return types

    def types(self, o: dict[str, Any], n: dict[str, Any], where: str, path: str, ctx: _Ctx) -> None:
        ot, nt = self._type_set(o), self._type_set(n)
        if ot != nt:
            widened = ot is not None and (nt is None or ot <= nt)
            narrowed = nt is not None and (ot is None or nt <= ot)
            # A caller can still send everything it sent if the type widened, and can still read
            # everything it reads if the type narrowed; otherwise its code no longer fits.
            safe = widened if ctx.direction == "request" else narrowed
            verb = "widened" if widened else "narrowed" if narrowed else "changed"
            self.add(
                COMPATIBLE if safe else BREAKING,
                _at(where, "type"),
                f"{ctx.field(path)}: type {verb} from {self._show(ot)} to {self._show(nt)}",
                ctx.op,
            )
        of, nf = o.get("format"), n.get("format")
        if of != nf:
            kind = BREAKING if {of, nf} & _TYPED_FORMATS else COMPATIBLE
            self.add(
                kind, _at(where, "format"), f"{ctx.field(path)}: format changed from {of} to {nf}", ctx.op
            )
        if o.get("default") != n.get("default"):
            self.add(
                COMPATIBLE,
                _at(where, "default"),
                f"{ctx.field(path)}: default changed from {_short(o.get('default'))} to {_short(n.get('default'))}",
                ctx.op,
            )
        if bool(o.get("deprecated")) != bool(n.get("deprecated")):
            state = "deprecated" if n.get("deprecated") else "no longer deprecated"
            self.add(COMPATIBLE, _at(where, "deprecated"), f"{ctx.field(path)} {state}", ctx.op)

    def enum(self, o: list[Any] | None, n: list[Any] | None, where: str, path: str, ctx: _Ctx) -> None:
        if o == n:
            return
        field = ctx.field(path)
        if o is None:
            self.add(BREAKING, where, f"{field}: now restricted to {_short(n)} (narrowed)", ctx.op)
        elif n is None:
            self.add(BREAKING, where, f"{field}: no longer an enum (its generated enum class goes)", ctx.op)
        else:
            removed = [v for v in o if v not in n]
            added = [v for v in n if v not in o]
            if removed:
                self.add(BREAKING, where, f"{field}: enum values removed: {_short(removed)}", ctx.op)
            if added:
                self.add(COMPATIBLE, where, f"{field}: enum values added: {_short(added)}", ctx.op)
            if not removed and not added:
                self.add(COSMETIC, where, f"{field}: enum values reordered", ctx.op)

    def properties(
        self,
        o: dict[str, Any],
        n: dict[str, Any],
        where: str,
        path: str,
        ctx: _Ctx,
        seen: set[tuple[Any, Any, str]],
    ) -> None:
        op_, np_ = o.get("properties") or {}, n.get("properties") or {}
        oreq, nreq = set(o.get("required") or []), set(n.get("required") or [])
        request = ctx.direction == "request"
        for prop in dict.fromkeys([*op_, *np_]):
            at = _at(where, "properties", prop)
            field = ctx.field(f"{path}.{prop}" if path else prop)
            if prop not in np_:
                self.add(BREAKING, at, f"{field} removed", ctx.op)
            elif prop not in op_:
                if request and prop in nreq:
                    self.add(BREAKING, at, f"new required {field}", ctx.op)
                else:
                    self.add(COMPATIBLE, at, f"new {'optional ' if request else ''}{field}", ctx.op)
            else:
                if (prop in oreq) != (prop in nreq):
                    now_required = prop in nreq
                    # Requests: a new requirement breaks callers. Responses: a field that may now be
                    # absent breaks readers (its type gains Unset).
                    kind = BREAKING if now_required == request else COMPATIBLE
                    state = "now required" if now_required else "now optional"
                    self.add(kind, _at(where, "required"), f"{field} {state}", ctx.op)
                self.schema(op_[prop], np_[prop], at, f"{path}.{prop}" if path else prop, ctx, seen)

    def constraints(self, o: dict[str, Any], n: dict[str, Any], where: str, path: str, ctx: _Ctx) -> None:
        """Patterns and bounds: tighter ones break callers that send; readers are unaffected."""
        field = ctx.field(path)
        for key in ("pattern", *_LOWER_BOUNDS, *_UPPER_BOUNDS):
            ov, nv = o.get(key), n.get(key)
            if ov == nv:
                continue
            if key == "pattern":
                tighter = nv is not None
            elif isinstance(ov, bool) or isinstance(nv, bool):  # 3.0 exclusiveMinimum: true/false
                tighter = bool(nv)
            elif ov is None or nv is None:
                tighter = ov is None
            else:
                tighter = nv > ov if key in _LOWER_BOUNDS else nv < ov
            kind = BREAKING if tighter and ctx.direction == "request" else COMPATIBLE
            self.add(
                kind, _at(where, key), f"{field}: {key} changed from {_short(ov)} to {_short(nv)}", ctx.op
            )
