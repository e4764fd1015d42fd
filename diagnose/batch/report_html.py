"""A single self-contained HTML report: inline CSS and SVG charts, no scripts, no network.

Only the summary goes in (counts, masked templates, masked senders): message bodies appear
only as the optional per-template example, and only when ``include_bodies`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

from diagnose.batch.summary import Count, Summary

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1000px;
color:#1f2328;padding:0 1em}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;
border-bottom:1px solid #d0d7de}table{border-collapse:collapse;width:100%}td,th{padding:4px 8px;
border-bottom:1px solid #eee;text-align:left;vertical-align:top}td.n{text-align:right;
font-variant-numeric:tabular-nums}.muted{color:#59636e}code{font-size:12px}
.kpi{display:inline-block;margin-right:2em}.kpi b{font-size:1.6em;display:block}
"""


def _bars(counts: Sequence[Count], *, width: int = 640, limit: int = 12) -> str:
    """A horizontal bar chart as inline SVG."""
    items = list(counts[:limit])
    if not items:
        return '<p class="muted">No data.</p>'
    row, label_w = 22, 230
    peak = max(c.count for c in items) or 1
    height = row * len(items) + 4
    parts = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, c in enumerate(items):
        y = i * row + 2
        w = max(1.0, (width - label_w - 110) * c.count / peak)
        label = escape(c.key if len(c.key) <= 34 else c.key[:33] + "…")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{label}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="#0969da">'
            f"<title>{escape(c.key)}: {c.count}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12">'
            f"{c.count:,} ({c.share:.1%})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _columns(days: Sequence[Count], spikes: Sequence[Count], *, width: int = 900) -> str:
    """Failures per day as inline SVG columns; spike days in red."""
    if not days:
        return '<p class="muted">No dates in the export.</p>'
    height, base = 180, 150
    spike_keys = {s.key for s in spikes}
    peak = max(d.count for d in days) or 1
    step = width / len(days)
    parts = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for i, d in enumerate(days):
        h = (base - 10) * d.count / peak
        colour = "#cf222e" if d.key in spike_keys else "#0969da"
        parts.append(
            f'<rect x="{i * step + 1:.1f}" y="{base - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="{colour}"><title>{escape(d.key)}: {d.count}</title></rect>'
        )
    parts.append(
        f'<text x="0" y="{height - 8}" font-size="12">{escape(days[0].key)}</text>'
        f'<text x="{width}" y="{height - 8}" font-size="12" text-anchor="end">'
        f"{escape(days[-1].key)}</text></svg>"
    )
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
        f'<div class="kpi"><b>{s.bad_rows:,}</b>unreadable rows</div>',
        "<h2>What to fix first</h2><ol>",
    ]
    for f in s.fix_first:
        html.append(
            f"<li><b>{escape(f.title)}</b> — {f.rows:,} failed rows ({f.share:.0%}) "
            f'<span class="muted">[{escape(f.source)}]</span><br>{escape(f.what)}</li>'
        )
    html.append("</ol>")
    html += ["<h2>Causes</h2>", _bars(s.by_cause)]
    html += ["<h2>Failures per day</h2>", _columns(s.by_day, s.spike_days)]
    if s.spike_days:
        spikes = ", ".join(f"{escape(d.key)} ({d.count:,})" for d in s.spike_days)
        html.append(f"<p>Spike days: {spikes}</p>")
    html += ["<h2>Error codes</h2>", _bars(s.by_code)]
    html += ["<h2>Senders</h2>", '<p class="muted">Phone numbers masked.</p>', _bars(s.by_sender)]
    html.append("<h2>Top failing templates</h2>")
    html.append(
        '<p class="muted">Digits, names, links, emails and phone numbers masked; '
        + ("one real example body per template." if include_bodies else "no message bodies.")
        + "</p><table><tr><th>Rows</th><th>Share</th><th>Top cause</th><th>Template</th></tr>"
    )
    for t in s.templates:
        example = (
            f'<br><span class="muted">e.g. {escape(t.example)}</span>'
            if include_bodies and t.example
            else ""
        )
        html.append(
            f'<tr><td class="n">{t.count:,}</td><td class="n">{t.share:.1%}</td>'
            f"<td>{escape(t.top_cause)}</td><td><code>{escape(t.template)}</code>{example}</td></tr>"
        )
    html.append("</table></body></html>")
    return "\n".join(html)
