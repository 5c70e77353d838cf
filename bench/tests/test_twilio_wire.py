"""Twilio's official SDK and our client put the same associate request on the wire (loopback only).

Both requests are read back from the recording loopback server (bench/wire.py), so this checks the
bytes each client sent, not what either meant to send. The headers that only tell the clients apart
(User-Agent, X-Twilio-Client, ...) are printed, not asserted: they are the SDK's business.
"""

from __future__ import annotations

import base64
import dataclasses

import pytest

from bench import wire
from bench.server import TWILIO_ACCOUNT, TWILIO_NUMBER, TWILIO_TRUNK

BASIC = "Basic " + base64.b64encode(f"{TWILIO_ACCOUNT}:bench-token".encode()).decode()


@pytest.fixture(scope="module")
def requests() -> dict[str, wire.WireRequest]:
    return wire.twilio_requests()


def test_the_sdk_and_ours_agree_on_what_twilio_acts_on(
    requests: dict[str, wire.WireRequest], capsys: pytest.CaptureFixture[str]
) -> None:
    for sdk_name, ours_name in wire.PAIRS:
        sdk, ours = requests[sdk_name], requests[ours_name]
        agree, differing = wire.compare(sdk, ours)
        with capsys.disabled():
            print(f"\n{sdk_name} / {ours_name}: other headers that differ (SDK / ours):")
            for line in differing:
                print(f"    {line}")
        assert agree == dict.fromkeys(wire.AGREED, True), (sdk, ours)
        for request in (sdk, ours):
            assert request.method == "POST"
            assert request.path == f"/v1/Trunks/{TWILIO_TRUNK}/PhoneNumbers"
            assert request.header("Content-Type") == "application/x-www-form-urlencoded"
            assert request.header("Authorization") == BASIC
            assert request.form() == [("PhoneNumberSid", TWILIO_NUMBER)]


def test_compare_sees_a_difference_in_each_part_it_checks(requests: dict[str, wire.WireRequest]) -> None:
    ours = requests["ours, sync"]
    headers = tuple((k, "Basic eDp5" if k.lower() == "authorization" else v) for k, v in ours.headers)
    mutants = {
        "method": dataclasses.replace(ours, method="PUT"),
        "path": dataclasses.replace(ours, path=ours.path.lower()),
        "authorization": dataclasses.replace(ours, headers=headers),
        "form body": dataclasses.replace(ours, body=ours.body + b"&FriendlyName=x"),
        "content-type": dataclasses.replace(
            ours, headers=tuple(h for h in ours.headers if h[0].lower() != "content-type")
        ),
    }
    for part, mutant in mutants.items():
        agree, _ = wire.compare(ours, mutant)
        assert [k for k, ok in agree.items() if not ok] == [part]
    _, differing = wire.compare(ours, dataclasses.replace(ours, headers=(*ours.headers, ("X-Extra", "1"))))
    assert differing == ["X-Extra: (not sent) / 1"]


def test_the_side_by_side_table_has_every_header_either_sent(requests: dict[str, wire.WireRequest]) -> None:
    table = wire.side_by_side(requests)
    assert table[0] == "| | " + " | ".join(wire.VARIANTS) + " |"
    labels = [line.split(" | ")[0].removeprefix("| ") for line in table[2:]]
    names = {k.lower() for request in requests.values() for k, _ in request.headers}
    assert {label.lower() for label in labels} >= names | {"method", "path", "body"}
    assert all(line.count(" | ") == len(wire.VARIANTS) for line in table[2:])
