"""The app's pure helpers: history parsing, form validation, highlighting, payloads."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diagnose.app_support.catalogue import doc_sections, search_rules
from diagnose.app_support.examples import EXAMPLES
from diagnose.app_support.form import (
    form_state,
    message_from_form,
    parse_history,
    widget_key,
)
from diagnose.app_support.highlight import Mark, escape_markdown, highlight_html
from diagnose.app_support.payload import result_json
from diagnose.engine import diagnose
from diagnose.message import FailedMessage, InputError
from diagnose.rules.registry import RULES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("> STOP", [("inbound", "STOP")]),
        ("< Acme: hi\n\n>  yes please ", [("outbound", "Acme: hi"), ("inbound", "yes please")]),
        ("< line one\nline two", [("outbound", "line one\nline two")]),
        (">", [("inbound", "")]),
    ],
)
def test_parse_history(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(h.direction, h.body) for h in parse_history(text)] == expected


def test_parse_history_names_the_bad_line() -> None:
    with pytest.raises(InputError, match="line 2"):
        parse_history("\nno marker")


def test_form_maps_unknowns_to_none_and_tri_states_to_bools() -> None:
    m = message_from_form(
        {
            "body": "Hi",
            "error": " ",
            "provider": "",
            "first_message": "No",
            "recipient_opted_out": "Unknown",
            "recipient_initiated": "Yes",
            "history": "> hi",
        }
    )
    assert (m.error, m.provider, m.first_message) == (None, None, False)
    assert (m.recipient_opted_out, m.recipient_initiated) == (None, True)
    assert m.history[0].body == "hi"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.key)
def test_form_state_round_trips_every_example(example: object) -> None:
    msg = FailedMessage.from_dict(example.fields)  # type: ignore[attr-defined]
    state = form_state(msg)
    values = {k.removeprefix("dx_"): v for k, v in state.items()}
    assert message_from_form(values) == msg
    assert widget_key("body") in state


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(-5, 250), st.integers(-5, 250))))
def test_highlight_never_emits_user_markup(body: str, spans: list[tuple[int, int]]) -> None:
    html = highlight_html(body, [Mark(a, b, "<b>label</b>") for a, b in spans])
    # Only our own tags survive: every "<" from the body or the label is escaped.
    for tag in ("<b>", "<script", "<img"):
        assert tag not in html
    assert html.count("<mark") == html.count("</mark>")


def test_highlight_wraps_exactly_the_span_and_merges_overlaps() -> None:
    html = highlight_html("abc def", [Mark(0, 3, "one", "likely"), Mark(2, 5, "two", "blocker")])
    assert ">ab</mark>" in html and ">c</mark>" in html and "> d</mark>" in html
    assert 'title="two\none"' in html  # the overlap carries both labels, worst first


def test_highlight_cuts_long_bodies_and_says_so() -> None:
    html = highlight_html("a" * 50, [], limit=10)
    assert "40 more characters not shown" in html


def test_escape_markdown_neutralises_links_images_and_directives() -> None:
    out = escape_markdown("![i](http://x) :red[a] $x$ <b>")
    assert "![" not in out and ":red[" not in out and "$x$" not in out


def test_result_json_is_self_contained() -> None:
    msg = FailedMessage(body="Héllo", error="30007")
    data = json.loads(result_json(msg, diagnose(msg)))
    assert data["message"]["body"] == "Héllo"
    assert data["diagnosis"]["top_cause"]
    assert "Héllo" in result_json(msg, diagnose(msg))  # ensure_ascii off: evidence stays legible


def test_doc_sections_and_search() -> None:
    for r in RULES:
        sec = doc_sections(r.doc)
        assert {"What it does", "Why is this bad?", "Example", "Use instead"} <= sec.keys()
    assert [r.id for r in search_rules(RULES[0].id.lower(), RULES)] == [RULES[0].id]
    assert search_rules("zzzz-no-such-word", RULES) == []
    assert len(search_rules("", RULES)) == len(RULES)
