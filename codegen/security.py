"""The client's credentials, from the spec's ``securitySchemes``.

The constructor arguments of AuthenticatedClient, and what it sends with them,
come from the schemes of the first security requirement (the document's own
``security``; without one, the first an operation declares). Every supported
scheme, and its default argument names:

- ``apiKey`` in ``header``: one argument named after the header, snake_case
  without an ``X-`` prefix (``X-Auth-Token`` -> ``auth_token=``), sent as that header.
- ``apiKey`` in ``query``: one argument named after the parameter (``api_key=``),
  sent as that query parameter on every request.
- ``http`` ``bearer``: ``token=``, sent as ``Authorization: Bearer <token>``.
- ``http`` ``basic``: two arguments, ``username=`` and ``password=``, sent as
  ``Authorization: Basic base64(username:password)``.

``x-python-name`` on the scheme overrides the names: a string for the one-argument
schemes, a list of two for ``basic`` (Twilio: ``[account_sid, auth_token]``).
Anything else (OAuth 2, OpenID Connect, cookies, digest) is refused with the
scheme's place in the spec: a client that silently sends no credentials would
only fail at the vendor.
"""

from __future__ import annotations

from typing import Any

from .errors import SpecError
from .names import snake_case
from .yamlfile import pointer

__all__ = ["Credentials", "credentials"]

# field: the constructor argument; header/prefix/doc: for the docstrings and README; "auth_headers"
# and "auth_params" below say what is sent, as Python expressions over ``self``.
Credentials = dict[str, Any]


def _requirement(spec: dict[str, Any]) -> list[str]:
    requirements = spec.get("security") or []
    if not requirements:
        for item in (spec.get("paths") or {}).values():
            for op in item.values() if isinstance(item, dict) else []:
                if isinstance(op, dict) and [r for r in op.get("security") or [] if r]:
                    requirements = [r for r in op["security"] if r]
                    break
            if requirements:
                break
    return list(requirements[0]) if requirements else []


def _names(scheme: dict[str, Any], defaults: list[str], where: str, file: str) -> list[str]:
    given = scheme.get("x-python-name")
    if given is None:
        return defaults
    names = [given] if isinstance(given, str) else given
    if (
        not isinstance(names, list)
        or len(names) != len(defaults)
        or not all(isinstance(n, str) and n.isidentifier() and snake_case(n) == n for n in names)
    ):
        raise SpecError(
            file,
            f"{where}/x-python-name",
            f"x-python-name must be {len(defaults)} snake_case name(s) for this scheme, got {given!r}",
        )
    return names


def credentials(spec: dict[str, Any], file: str) -> Credentials:
    """``{"fields": [...], "auth_headers": [...], "auth_params": [...], "needs_base64": bool}``."""
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    fields: list[dict[str, str]] = []
    headers: list[dict[str, str]] = []
    params: list[dict[str, str]] = []
    for name in _requirement(spec):
        scheme = schemes.get(name, {})
        where = pointer(["components", "securitySchemes", name])
        kind, location = scheme.get("type"), scheme.get("in")
        http = str(scheme.get("scheme", "")).lower() if kind == "http" else ""
        description = str(scheme.get("description", ""))
        if kind == "apiKey" and location in ("header", "query"):
            wire = str(scheme["name"])
            default = snake_case(wire.removeprefix("X-").removeprefix("x-"))
            (field,) = _names(scheme, [default], where, file)
            if location == "header":
                doc = f"sent as the ``{wire}`` header."
                headers.append({"header": wire, "value": f"self.{field}"})
            else:
                doc = f"sent as the ``{wire}`` query parameter."
                params.append({"name": wire, "value": f"self.{field}"})
            fields.append(
                {"field": field, "header": wire, "prefix": "", "doc": doc, "description": description}
            )
        elif http == "bearer":
            (field,) = _names(scheme, ["token"], where, file)
            doc = f'sent as the ``Authorization`` header ("Bearer <{field}>").'
            headers.append({"header": "Authorization", "value": f'f"Bearer {{self.{field}}}"'})
            fields.append(
                {
                    "field": field,
                    "header": "Authorization",
                    "prefix": "Bearer ",
                    "doc": doc,
                    "description": description,
                }
            )
        elif http == "basic":
            user, password = _names(scheme, ["username", "password"], where, file)
            headers.append(
                {
                    "header": "Authorization",
                    "value": f'"Basic " + base64.b64encode(f"{{self.{user}}}:{{self.{password}}}".encode()).decode("ascii")',
                }
            )
            for field, part in ((user, "user name"), (password, "password")):
                doc = f"the {part} of HTTP Basic auth, sent in the ``Authorization`` header."
                fields.append(
                    {
                        "field": field,
                        "header": "Authorization",
                        "prefix": "Basic ",
                        "doc": doc,
                        "description": description,
                    }
                )
        else:
            raise SpecError(
                file,
                where,
                f"unsupported security scheme {scheme!r}: codegen supports apiKey (header or query), "
                "http bearer and http basic",
            )
    return {
        "fields": fields,
        "auth_headers": headers,
        "auth_params": params,
        "needs_base64": any(f["prefix"] == "Basic " for f in fields),
    }
