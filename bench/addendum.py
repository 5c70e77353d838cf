"""A partial run added to RESULTS.md after its main run, instead of replacing it.

RESULTS.md is one run of everything, so that every ratio in it compares numbers measured together.
Re-running every section for one new row costs minutes, and on a machine loaded by other work it
replaces sound numbers with noisy ones. ``python -m bench --only client --providers twilio
--addendum`` keeps the main run as it is and appends the partial run's report as an addendum, with
its own date, machine and load: each part is one run, and the reader is told not to compare across
them. An earlier addendum is replaced, not stacked.
"""

from __future__ import annotations

HEADING = "## Addendum: "
_MAIN_CLAIM = "from this one run. How each number"
_MAIN_CLAIM_WITH = "from this one run (but the addendum at the end: another run). How each number"


def with_addendum(main: str, partial: str, command: str, date: str) -> str:
    """``main`` (a whole run's report) without any earlier addendum, then ``partial`` (the report of a
    run of some sections) as its addendum: its title and first paragraph dropped, headings one level down."""
    if not main.strip():
        raise ValueError("--addendum needs a main run in --out to add to (run make bench first)")
    base = main.split("\n" + HEADING, 1)[0].rstrip("\n").replace(_MAIN_CLAIM, _MAIN_CLAIM_WITH, 1)
    _, found, body = partial.partition("\n## Machine\n")
    if not found:
        raise ValueError("the partial report has no Machine section")
    demoted = ["#" + line if line.startswith("##") else line for line in ("## Machine\n" + body).splitlines()]
    intro = [
        f"{HEADING}`{command}` on {date}",
        "",
        "A separate run of some sections, added after the main run above, which it does not change. Each part",
        "is one run on its own machine and load (below): compare numbers within a part, not across parts.",
        "",
    ]
    return "\n".join([base, "", *intro, *demoted]).rstrip("\n") + "\n"
