"""The only way a cassette reaches the disk: scrubbed, scanned, with its provenance.

vcrpy calls ``save_cassette`` when a recording ends. We rebuild the cassette
from the recorded exchanges, scrub it (see scrub.py), stamp it as a recording
(never as documentation), and refuse to write it if the secret scan still finds
anything. Loading is vcrpy's own: the extra ``provenance`` key is ignored there.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import yaml
from vcr.persisters.filesystem import FilesystemPersister

from conformance.scrub import Scrubber
from conformance.secret_scan import scan_cassette

__all__ = ["RefusedToWrite", "ScrubbingPersister"]


class RefusedToWrite(Exception):
    """A recording still held something that looks like a credential after scrubbing."""


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    return (
        parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")).geturl()
        if parts.hostname
        else url
    )


def _text(body: Any) -> Any:
    if isinstance(body, bytes):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return body
    return body


class ScrubbingPersister(FilesystemPersister):
    scrubber: ClassVar[Scrubber] = Scrubber()
    recorded_against: ClassVar[str] = ""

    @classmethod
    def configure(cls, scrubber: Scrubber, recorded_against: str) -> None:
        cls.scrubber = scrubber
        cls.recorded_against = recorded_against

    @classmethod
    def render(cls, cassette_dict: dict[str, Any]) -> str:
        interactions = []
        for request, response in zip(cassette_dict["requests"], cassette_dict["responses"], strict=True):
            req = cls.scrubber.request({**request._to_dict(), "body": _text(request.body)})
            resp = cls.scrubber.response(response)
            resp["body"] = {"string": _text(resp["body"].get("string", ""))}
            interactions.append({"request": req, "response": resp})
        provenance: dict[str, Any] = {
            "source": "recorded",
            # Where it was recorded, as it was (not rewritten to the replay URL): a recording made
            # against the local sandbox must not read as one made against the vendor.
            "recorded_against": os.environ.get("CONFORMANCE_TARGET_LABEL")
            or _without_userinfo(cls.recorded_against),
            "recorded_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if os.environ.get("CONFORMANCE_SANDBOX_URL"):
            # recorded against this repository's emulator: evidence about the sandbox, never about the
            # vendor, so conformance.promote refuses it
            provenance["against_sandbox"] = True
        doc = {"provenance": provenance, "interactions": interactions, "version": 1}
        return yaml.safe_dump(doc, sort_keys=False, width=100, allow_unicode=True)

    @classmethod
    def save_cassette(cls, cassette_path: Any, cassette_dict: dict[str, Any], serializer: Any = None) -> None:
        text = cls.render(cassette_dict)
        hits = scan_cassette(text)
        if hits:
            raise RefusedToWrite(f"not writing {cassette_path}: {'; '.join(hits)}")
        path = Path(cassette_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
