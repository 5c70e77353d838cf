"""Checks of the recording path, not replays: `make recording-test` (left out of `pytest conformance`).

Each test records real conformance scenarios in a subprocess against a loopback server (a fake
Vobiz, the local sandbox) with fake credentials, then proves that nothing secret reached the
disk, that the provenance says where the recording was made, and that the recordings replay
with the network blocked.
"""
