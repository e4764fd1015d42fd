"""The links a body's views share (``diagnose.text.link_cache``) are exactly ``find_urls``'s,
whether found by ``links`` itself or handed in by the batch rule runner's contexts."""

from __future__ import annotations

import pytest

from diagnose.batch.formats import recognise
from diagnose.batch.mask import mask_links
from diagnose.batch.synthetic import generate_rows
from diagnose.batch.vectorised import BatchDiagnoser
from diagnose.text import link_cache
from diagnose.text.link_cache import links
from diagnose.text.links import find_urls

_ODD = [
    "See https://example.com/a?b=1. Thanks!",
    "bit.ly/x and www.acme.co.uk/deals, or 192.168.0.1/login",
    "no link here, just a.b",
    "Reply STOP. Visit acme.com.",
    "mail me: a@b.com",
    "",
    "é.a x.ı İ.K",
]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    link_cache._KNOWN.clear()


def test_links_handed_in_by_the_rule_runner_are_find_urls() -> None:
    cols = generate_rows(3000, seed=7)
    cols["body"][: len(_ODD)] = [b or "x" for b in _ODD]  # a body must not be blank
    d = BatchDiagnoser(recognise(list(cols)))
    for start in range(0, 3000, 1000):
        part = {k: v[start : start + 1000] for k, v in cols.items()}
        d.run_chunk(part, list(range(start, start + 1000)))
    assert link_cache._KNOWN  # the runner did hand links in
    for body in set(cols["body"]) | set(_ODD):
        assert links(body) == find_urls(body), body
        assert mask_links(body) == _plain_mask_links(body), body


def _plain_mask_links(text: str) -> str:
    out, last = [], 0
    for u in find_urls(text):
        out += [text[last : u.start], "<link>"]
        last = u.end
    return "".join([*out, text[last:]])


def test_the_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link_cache, "MAX_BODIES", 50)
    for i in range(500):
        assert links(f"see acme{i}.com") == find_urls(f"see acme{i}.com")
        assert len(link_cache._KNOWN) <= 50
