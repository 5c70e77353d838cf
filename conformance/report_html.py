"""The conformance report as a page a person reads at a glance (reports/conformance.html).

Top to bottom, in the order the nightly job's reader needs it: the verdict
(complete or not, and what each count counts), one row per provider, a
provider x operation matrix coloured by the worst result of the scenarios
that call each operation, the drift list, what could not be collected, then
the details (every scenario, failures, cassettes). Self-contained: no script,
no external stylesheet; wide cells wrap instead of widening the page.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conformance.report import RunReport

__all__ = ["render_html"]

COLOURS = {
    "pass": "#d8f0d8",
    "skip": "#eeeeee",
    "drift": "#ffe0a0",
    "fail": "#f8c0c0",
    "error": "#e89090",
    "none": "#f6f6f6",
}
STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 75em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: .25em .55em; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
td.op code { display: block; font-weight: 600; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { padding: .6em 1em; border-radius: 4px; margin: .8em 0; }
.verdict.ok { background: #d8f0d8; } .verdict.bad { background: #f8c0c0; border: 2px solid #b00; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .3em; border: 1px solid #ccc; }
code { font-size: .92em; } details { margin: .4em 0; } .small { color: #555; font-size: .92em; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value))


def _table(header: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _cell(outcome: str, text: Any, cls: str = "") -> str:
    colour = COLOURS.get(outcome)
    style = f' style="background:{colour}"' if colour else ""
    klass = f' class="{cls}"' if cls else ""
    return f"<td{klass}{style}>{_e(text)}</td>"


def _verdict(report: RunReport) -> str:
    from conformance.report import headline

    lines = headline(report)
    reasons = [line[2:] for line in lines if line.startswith("- ")]
    counts = [line for line in lines if line.startswith(("Tests", "Provider scenarios"))]
    if reasons:
        items = "".join(f"<li>{_e(r)}</li>" for r in reasons)
        top = (
            "<strong>INCOMPLETE RUN</strong>: the results below cover only what ran; "
            f"absence of drift proves nothing.<ul>{items}</ul>"
        )
        klass = "bad"
    else:
        top, klass = "<strong>Complete run</strong>: every collected test ran.", "ok"
    return f'<div class="verdict {klass}">{top}</div>' + "".join(f"<p>{_e(c)}</p>" for c in counts)


def _providers(report: RunReport) -> str:
    from conformance.report import SCENARIO_OUTCOMES, provider_summary

    rows = []
    for row in provider_summary(report):
        status = "pass" if row["status"] == "complete" else "error"
        cells = [
            f"<th>{_e(row['provider'])}</th>",
            _cell(status, row["status"]),
            _cell("", row["scenarios"], "num"),
        ]
        cells += [_cell(o if row[o] else "", row[o], "num") for o in SCENARIO_OUTCOMES]
        cells += [_cell("error" if row["not_collected"] else "", ", ".join(row["not_collected"]) or "-")]
        cells += [f'<td class="small">{_e(row["cassettes"])}</td>']
        rows.append(f"<tr>{''.join(cells)}</tr>")
    header = ["provider", "status", "scenarios", *SCENARIO_OUTCOMES, "not collected", "cassettes"]
    return _table(header, rows)


def _matrix(report: RunReport) -> str:
    """One row per provider, one coloured cell per operation of its spec (worst result of its scenarios)."""
    from conformance.report import matrix, worst

    legend = "".join(f'<span style="background:{c}">{o}</span>' for o, c in COLOURS.items())
    grid = matrix(report)
    width = max((len(cells) for cells in grid.values()), default=0)
    rows = []
    for provider, cells in grid.items():
        tds = []
        for op, cell in cells.items():
            label = ", ".join(f"{n} {o}" for o, n in sorted(cell.items())) or "no scenario"
            colour = COLOURS[worst(cell)]
            tds.append(
                f'<td class=op style="background:{colour}"><code>{_e(op).replace("_", "_<wbr>")}</code>{_e(label)}</td>'
            )
        tds += ["<td></td>"] * (width - len(cells))
        rows.append(f"<tr><th>{_e(provider)}</th>{''.join(tds)}</tr>")
    header = ["provider", *(f"operation {i + 1}" for i in range(width))]
    return (
        f'<p class="legend">{legend} (each cell: the worst result of the scenarios that call the operation; '
        "none: no scenario calls it)</p>" + _table(header, rows)
    )


def _drifts(report: RunReport) -> str:
    from conformance.report import drift_rows

    drifts = drift_rows(report)
    if not drifts:
        text = (
            "None: every response agrees with the normalized spec."
            if report.complete
            else "None found in what ran; the run is incomplete (see the top)."
        )
        return f"<p>{_e(text)}</p>"
    rows = [
        "<tr>"
        + "".join(
            f"<td>{_e(v)}</td>"
            for v in (
                d["provider"],
                d["operation"],
                d["field"] or "-",
                d["cassette"],
                d["message"],
                d.get("got", ""),
            )
        )
        + "</tr>"
        for d in drifts
    ]
    return _table(["provider", "operation", "field", "cassette", "spec says", "came back"], rows)


def _details(report: RunReport) -> str:
    from conformance.report import cassettes

    parts = []
    if report.collect_errors:
        rows = [
            f"<tr><td><code>{_e(e.module)}</code></td><td>{_e(e.provider or '-')}</td>{_cell('error', e.error)}</tr>"
            for e in report.collect_errors
        ]
        parts.append("<h2>Not collected</h2>" + _table(["module", "provider", "error"], rows))
    rows = [
        f"<tr><td>{_e(r.provider)}</td><td><code>{_e(r.nodeid.split('::', 1)[-1])}</code></td>"
        f"<td class=small>{_e(', '.join(r.operations) or '-')}</td>{_cell(r.outcome, r.outcome)}</tr>"
        for r in report.scenarios()
    ]
    parts.append("<h2>Scenarios</h2>" + _table(["provider", "scenario", "operation(s)", "result"], rows))
    failures = sorted(
        (r for r in report.results.values() if r.junit in ("failed", "error")), key=lambda r: r.nodeid
    )
    if failures:
        rows = [f"<tr><td><code>{_e(r.nodeid)}</code></td>{_cell(r.outcome if r.provider else 'fail', r.junit)}"
                f"<td>{_e(r.message)}</td></tr>" for r in failures]  # fmt: skip
        parts.append("<h2>Failures</h2>" + _table(["test", "junit", "message"], rows))
    rows = [
        f"<tr><td><code>{_e(c)}</code></td><td>{_e(a)}</td></tr>"
        for c, a in sorted(cassettes(report).items())
    ]
    parts.append(
        "<h2>Cassettes</h2><details><summary>"
        + _e(f"{len(rows)} cassettes and their provenance")
        + "</summary>"
        + _table(["cassette", "provenance"], rows)
        + "</details>"
    )
    return "".join(parts)


def render_html(report: RunReport) -> str:
    import datetime

    when = f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Conformance report</title><style>{STYLE}</style></head><body>"
        f"<h1>Conformance report</h1><p class=small>Generated {when}.</p>"
        + _verdict(report)
        + "<h2>Providers</h2>"
        + _providers(report)
        + "<h2>Provider &times; operation</h2>"
        + _matrix(report)
        + "<h2>Drift</h2>"
        + _drifts(report)
        + _details(report)
        + "</body></html>\n"
    )
