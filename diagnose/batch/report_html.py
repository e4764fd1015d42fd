"""A single self-contained HTML report: inline CSS and SVG charts, no scripts, no network.

Only the summary goes in (counts, masked templates, masked senders): message bodies appear
only as the optional per-template example, and only when ``include_bodies`` is set. Every
chart has both axes labelled; every count is the summary's, so it agrees with the CLI, the
app and ``--summary-json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

from diagnose.batch.summary import (
    MIN_RECIPIENTS,
    UNEXPLAINED,
    Count,
    Fix,
    Summary,
    example_text,
    rows_text,
)
from diagnose.rules.registry import RULES_BY_ID

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1000px;
color:#1f2328;padding:0 1em}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;
border-bottom:1px solid #d0d7de}table{border-collapse:collapse;width:100%}td,th{padding:4px 8px;
border-bottom:1px solid #eee;text-align:left;vertical-align:top}td.n{text-align:right;
font-variant-numeric:tabular-nums}.muted{color:#59636e}code{font-size:12px}
.kpi{display:inline-block;margin-right:2em}.kpi b{font-size:1.6em;display:block}
"""


def _ticks(peak: int) -> list[int]:
    """Up to five round tick values from 0 to at least ``peak``."""
    if peak <= 0:
        return [0]
    step = 1
    while peak / step > 4:
        for m in (2, 5, 10):
            if peak / (step * m) <= 4:
                step *= m
                break
        else:
            step *= 10
    return list(range(0, peak + step, step)) if peak % step else list(range(0, peak + 1, step))


def _bars(
    counts: Sequence[Count],
    *,
    label: str,
    value: str = "failed rows",
    width: int = 640,
    limit: int = 12,
) -> str:
    """A horizontal bar chart as inline SVG, both axes labelled."""
    items = list(counts[:limit])
    if not items:
        return '<p class="muted">No data.</p>'
    row, label_w, top = 22, 230, 20
    plot_w = width - label_w - 110
    ticks = _ticks(max(c.count for c in items))
    peak = ticks[-1] or 1
    base = top + row * len(items) + 2
    height = base + 36
    parts = [
        f'<svg role="img" aria-label="{escape(label)} by {escape(value)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f'<text x="{label_w - 6}" y="13" text-anchor="end" font-size="12" '
        f'font-weight="bold">{escape(label)}</text>',
    ]
    for i, c in enumerate(items):
        y = top + i * row
        w = max(1.0, plot_w * c.count / peak)
        name = escape(c.key if len(c.key) <= 34 else c.key[:33] + "…")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{name}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="#0969da">'
            f"<title>{escape(c.key)}: {c.count}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12">'
            f"{c.count:,} ({c.share:.1%})</text>"
        )
    parts.append(
        f'<line x1="{label_w}" y1="{base}" x2="{label_w + plot_w}" y2="{base}" stroke="#59636e"/>'
    )
    for t in ticks:
        x = label_w + plot_w * t / peak
        parts.append(
            f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}" stroke="#59636e"/>'
            f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle" font-size="11">{t:,}</text>'
        )
    parts.append(
        f'<text x="{label_w + plot_w / 2:.1f}" y="{base + 32}" text-anchor="middle" '
        f'font-size="12">{escape(value)}</text></svg>'
    )
    return "".join(parts)


def _columns(days: Sequence[Count], spikes: Sequence[Count], *, width: int = 900) -> str:
    """Failures per day as inline SVG columns with both axes labelled; spike days in red."""
    if not days:
        return '<p class="muted">No dates in the export.</p>'
    height, top, base, left = 220, 10, 160, 60
    plot_w = width - left - 10
    spike_keys = {s.key for s in spikes}
    ticks = _ticks(max(d.count for d in days))
    peak = ticks[-1] or 1
    step = plot_w / len(days)
    parts = [
        f'<svg role="img" aria-label="failed rows per day" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#59636e"/>',
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#59636e"/>',
        f'<text x="14" y="{(top + base) / 2:.0f}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {(top + base) / 2:.0f})">failed rows</text>',
    ]
    for t in ticks:
        y = base - (base - top) * t / peak
        parts.append(
            f'<line x1="{left - 4}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" stroke="#59636e"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{t:,}</text>'
        )
    for i, d in enumerate(days):
        h = (base - top) * d.count / peak
        colour = "#cf222e" if d.key in spike_keys else "#0969da"
        parts.append(
            f'<rect x="{left + i * step + 1:.1f}" y="{base - h:.1f}" '
            f'width="{max(step - 2, 1):.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(d.key)}: {d.count}</title></rect>"
        )
    parts.append(
        f'<text x="{left}" y="{base + 16}" font-size="11">{escape(days[0].key)}</text>'
        f'<text x="{width - 10}" y="{base + 16}" font-size="11" text-anchor="end">'
        f"{escape(days[-1].key)}</text>"
        f'<text x="{left + plot_w / 2:.0f}" y="{base + 34}" font-size="12" '
        f'text-anchor="middle">day sent (from the send time)</text></svg>'
    )
    return "".join(parts)


def _fix(f: Fix, templates: dict[str, str]) -> str:
    parts = [
        f"<li><b>{escape(f.title)}</b> — {rows_text(f.rows, 'failed row')} ({f.share:.0%}) "
        f'<span class="muted">[{escape(f.cause)}]</span><br>{escape(f.what)}'
    ]
    others = [
        f"{escape(RULES_BY_ID[r].fix)} <span class=muted>({escape(r)}, {n:,} rows)</span>"
        for r, n in f.rules[1:]
        if r in RULES_BY_ID and RULES_BY_ID[r].fix != f.what
    ]
    if others:
        parts.append("<br>Also: " + "; ".join(others))
    found = ", ".join(f"{escape(r)} ({n:,})" for r, n in f.rules)
    where = [f"found by {found}" if found else "named by the error code"]
    if f.senders:
        where.append("senders " + ", ".join(f"{escape(s.key)} ({s.count:,})" for s in f.senders))
    if f.templates:
        where.append(
            "templates "
            + ", ".join(
                f"<code>{escape(t.key)}</code> {escape(templates.get(t.key, '')[:60])} "
                f"({t.count:,})"
                for t in f.templates
            )
        )
    if f.example:
        where.append("e.g. " + escape(example_text(f.example)))
    if f.also_filtered_rows:
        where.append(f"also found on {f.also_filtered_rows:,} filtered rows diagnosed otherwise")
    parts.append(f'<br><span class="muted">{"; ".join(where)}</span></li>')
    return "".join(parts)


def render_report(summary: Summary, *, source: str = "", include_bodies: bool = False) -> str:
    """The report as one HTML string (open it offline, mail it, attach it to a ticket)."""
    s = summary
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    html = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>SMS delivery triage report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>SMS delivery triage report</h1>",
        f'<p class="muted">{escape(source)} · generated {now} by sms-diagnose batch</p>',
        f'<div class="kpi"><b>{s.rows:,}</b>rows diagnosed</div>',
        f'<div class="kpi"><b>{s.failed:,}</b>failed</div>',
        f'<div class="kpi"><b>{s.delivered:,}</b>delivered</div>',
        f'<div class="kpi"><b>{s.at_risk:,}</b>delivered, at risk</div>',
        f'<div class="kpi"><b>{s.bad_rows:,}</b>unreadable rows</div>',
        "<h2>What to fix first</h2>",
        '<p class="muted">Each fix counts the failed rows whose diagnosed cause it addresses '
        "(the same number as its bar under Causes); a finding on a row that failed for "
        "another reason does not count.</p><ol>",
    ]
    names = {t.id: t.template for t in s.templates}
    html.extend(_fix(f, names) for f in s.fix_first)
    html.append("</ol>")
    if s.unexplained:
        by = ", ".join(f"{escape(c.key)} {c.count:,}" for c in s.unexplained)
        html.append(
            f"<p><b>Not explained</b> — {rows_text(s.unexplained_rows, 'failed row')} ({by}) "
            "that nothing "
            "in the message or its context explains: ask the provider "
            f"(<code>sms-diagnose ticket RESULTS --input INPUT --cause {UNEXPLAINED}</code>).</p>"
        )
    html += ["<h2>Verdicts: what the carrier or provider did</h2>"]
    html.append(_bars(s.by_verdict, label="verdict"))
    html += ["<h2>Causes</h2>", _bars(s.by_cause, label="cause")]
    html += ["<h2>Failures per day</h2>", _columns(s.by_day, s.spike_days)]
    if s.spike_days:
        spikes = ", ".join(f"{escape(d.key)} ({d.count:,})" for d in s.spike_days)
        html.append(f"<p>Spike days: {spikes}</p>")
    html += ["<h2>Error codes</h2>", _bars(s.by_code, label="error code")]
    html += [
        "<h2>Senders</h2>",
        '<p class="muted">Grouped by the full number; shown with the country code and last '
        "four digits (#2, #3: other numbers that mask alike).</p>",
        _bars(s.by_sender, label="sender"),
    ]
    if s.by_status:
        html += [
            "<h2>Status in the export</h2>",
            _bars(s.by_status, label="status", value="rows (all, not only failed)"),
        ]
    if s.at_risk:
        html.append(
            f"<h2>Delivered, at risk</h2><p>{s.at_risk:,} delivered rows carry a finding that "
            "carriers filter on; they may fail next time.</p><table><tr><th>Rows</th>"
            "<th>Rule</th><th>Finding</th></tr>"
        )
        html.extend(
            f'<tr><td class="n">{f.rows:,}</td><td><code>{escape(f.rule)}</code></td>'
            f"<td>{escape(f.title)}</td></tr>"
            for f in s.at_risk_findings
        )
        html.append("</table>")
    html.append("<h2>Top failing templates</h2>")
    hidden = (
        f" {s.hidden_template_rows:,} failed rows are in messages to fewer than "
        f"{MIN_RECIPIENTS} recipients and are not shown."
        if s.hidden_template_rows
        else ""
    )
    html.append(
        '<p class="muted">Digits, names, links, emails and phone numbers masked; words that '
        "vary within a campaign (names, places) mined into &lt;*&gt;; "
        + ("one real example body per template." if include_bodies else "no message bodies.")
        + hidden
        + "</p><table><tr><th>Rows</th><th>Share</th><th>Id</th><th>Top cause</th>"
        "<th>Template</th></tr>"
    )
    for t in s.templates:
        example = (
            f'<br><span class="muted">e.g. {escape(t.example)}</span>'
            if include_bodies and t.example
            else ""
        )
        html.append(
            f'<tr><td class="n">{t.count:,}</td><td class="n">{t.share:.1%}</td>'
            f"<td><code>{escape(t.id)}</code></td><td>{escape(t.top_cause)}</td>"
            f"<td><code>{escape(t.template)}</code>{example}</td></tr>"
        )
    html.append("</table></body></html>")
    return "\n".join(html)
