"""Checks that the replay suite has teeth, not replays: `make mutations` (left out of `pytest conformance`)."""
