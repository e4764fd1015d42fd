"""Prefilters and gates are necessary conditions: a rule that yields anything (a hit or a
request for context) has its prefilter match and its gate hold.

Prefilters are checked in both engines that run them (Python ``re`` here and in tests, RE2
through ``pyarrow.compute`` in batch triage), over every YAML case, the real corpora when
present, and generated text built to hit the rules' own vocabulary and Unicode corners.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnose.message import Consent, FailedMessage, Origin, Provider
from diagnose.rules import registry
from diagnose.rules.base import Rule
from diagnose.rules.content import _BAIT, _BRAND_DOMAINS, _LEXICON
from diagnose.rules.context import RuleContext
from diagnose.rules.links import SHORTENERS
from diagnose.rules.optout_text import _NONSTANDARD_RE
from diagnose.rules.prefilters import superset
from diagnose.rules.spam import _PRIZE_TERMS
from diagnose.text.links import lower_keep_offsets, utf8_encodable
from diagnose.text.promotional import _CUES

FILTERED = [r for r in registry.RULES if r.prefilter is not None]
GATED = [r for r in registry.RULES if r.gate is not None]
CASES_DIR = Path(registry.__file__).parent / "cases"
DATA_DIR = Path("/work/shared/data")


def _contexts(body: str) -> list[FailedMessage]:
    """The body as sent with nothing known, and with context that wakes the context rules."""
    return [
        FailedMessage(body=body),
        FailedMessage(
            body=body,
            origin=Origin.PROACTIVE,
            consent=Consent.NONE,
            brand="Zyx",
            provider=Provider.PLIVO,
            first_message=True,
        ),
    ]


def _yields(rule: Rule, message: FailedMessage) -> bool:
    return any(True for _ in rule.check(RuleContext(message)))


def _check(messages: Iterable[FailedMessage]) -> None:
    """Every (rule, body) where the rule yields: the prefilter matches, in re and in RE2, and
    the gate holds."""
    fired: dict[str, set[str]] = {r.id: set() for r in FILTERED}
    for message in messages:
        for r in GATED:
            if _yields(r, message):
                assert r.gate is not None and r.gate(RuleContext(message)), (r.id, message)
        for r in FILTERED:
            # Bodies with lone surrogates cannot reach RE2: batch triage runs every rule
            # on them, so prefilters are only promised for encodable text.
            if utf8_encodable(message.body) and _yields(r, message):
                fired[r.id].add(_seen_by(r, message.body))
    for r in FILTERED:
        assert r.prefilter is not None
        bodies = sorted(fired[r.id])
        pattern = re.compile(r.prefilter)
        missed = [b for b in bodies if not pattern.search(b)]
        assert not missed, (r.id, missed[:3])
        if bodies:
            matched = pc.match_substring_regex(pa.array(bodies), r.prefilter).to_pylist()
            missed = [b for b, ok in zip(bodies, matched, strict=True) if not ok]
            assert not missed, (r.id, "RE2", missed[:3])


def _seen_by(rule: Rule, body: str) -> str:
    """The text ``rule``'s prefilter is matched against."""
    return body if rule.prefilter_cased else lower_keep_offsets(body)


def test_rules_that_need_links_non_ascii_or_terms_are_gated() -> None:
    assert {r.id for r in GATED} >= {
        *(f"LNK00{i}" for i in range(1, 7)),
        *(f"CNT00{i}" for i in range(1, 9)),
        "SPM004",
        "OBF001",
        "OBF002",
    }


def test_most_body_rules_have_a_prefilter() -> None:
    # Rules that fire on an absence (OPT001, BRD001/002) or on context alone cannot.
    assert {r.id for r in FILTERED} >= {
        "SPM001",
        "OPT002",
        "CNS002",
        "CNS003",
        *(f"CNT00{i}" for i in range(1, 9)),
        *(f"LNK00{i}" for i in range(1, 7)),
        "SPM002",
        "SPM003",
        "SPM004",
        "OBF001",
        "OBF002",
        "OBF003",
        *(f"LEN00{i}" for i in range(1, 6)),
    }


@pytest.mark.parametrize("rule", FILTERED, ids=lambda r: r.id)
def test_prefilter_compiles_in_re_and_re2(rule: Rule) -> None:
    assert rule.prefilter is not None
    re.compile(rule.prefilter)
    pc.match_substring_regex(pa.array(["x", ""]), rule.prefilter)


def test_yaml_cases() -> None:
    messages = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for table in data.values():
            for case in [*(table.get("pass") or []), *(table.get("fail") or [])]:
                raw = case["message"] if isinstance(case, dict) and "message" in case else case
                message = FailedMessage.from_dict(raw)
                messages += [message, *_contexts(message.body)]
    _check(messages)


@pytest.mark.skipif(not DATA_DIR.is_dir(), reason="no shared corpora")
def test_real_corpora() -> None:
    bodies: set[str] = set()
    for path in sorted(DATA_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            bodies.update(row["text"] for row in csv.DictReader(f) if row.get("text"))
    if not bodies:
        pytest.skip("corpora have no text column")
    _check(m for b in sorted(bodies) for m in _contexts(b))


# Generated text: the rules' own vocabulary (lexicon terms, cue words, opt-out phrasing,
# links) glued with separators and the Unicode characters where re and RE2 disagree.
_WORDS = sorted(
    {w for _, t in (*_LEXICON.terms, *_PRIZE_TERMS.terms) for w in re.findall(r"[a-z]+", t)}
    | set(re.findall(r"[a-z]+", _CUES.pattern))
    | set(
        [
            "reply",
            "text",
            "stop",
            "to",
            "2",
            "stop2quit",
            "end=x",
            "opt",
            "out",
            "bit.ly/x",
            "1.2.3.4/x",
            "www.a.com",
            "http://x.top/y",
            "paypa1.com",
            "$5",
            "50%",
            "c.a.s.h",
            "ACME",
            "WIN",
            "BIG",
            "NOW",
            "!!",
            "??",
            "$$",
            "🎉",
            "🇺🇸",
            "й",
            "Аpple",
        ]
    )
    | {"F R E E"}
)
_ODD = "İıſKé٣\u00a0\u2003\u200b\u00ad\ufeff\x00\x1c\t\n’“”—…ΒΟÉЖΩ"
# Link hosts from the link rules' own tables: shorteners, brands and bait words (spelled
# as given, with digits for letters, "rn" for "m", "vv" for "w"), IPs in any digits.
_SWAPS = str.maketrans("olestbg", "0157789")
_HOST_WORDS = sorted(
    {*SHORTENERS, *_BRAND_DOMAINS, *_BAIT, "www", "x", "secure-login", "app1e", "rnicrosoft"}
    | {w.translate(_SWAPS) for w in _BRAND_DOMAINS}
    | {w.replace("w", "vv").replace("m", "rn") for w in _BRAND_DOMAINS}
)
_HOSTS = st.tuples(
    st.sampled_from(["", "http://", "https://", "www.", "HTTP://", "/"]),
    st.lists(
        st.tuples(st.sampled_from(_HOST_WORDS), st.sampled_from([".", "-", "", "İ", "\u212a"])),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["com", "ly", "co", "xyz", "top", "c0m", "", "LY"]),
    st.sampled_from(["", "/x", ":80/a", "5", ".", "x"]),
).map(lambda h: h[0] + "".join(w + s for w, s in h[1]) + "." + h[2] + h[3])
_IPS = st.lists(
    st.integers(0, 300).map(str) | st.sampled_from(["٣", "2٣", "0"]), min_size=4, max_size=5
).map(".".join)
# Whole phrases generated from the rules' own regexes (Unicode whitespace and digits too).
_PHRASE_REGEXES = sorted(
    {
        p.pattern
        for _, p in (*_LEXICON.patterns(), *_PRIZE_TERMS.patterns())
        if "(?<" not in p.pattern
    }
    | {_CUES.pattern, _NONSTANDARD_RE.pattern}
)
_PIECES = st.one_of(
    st.sampled_from(_PHRASE_REGEXES).flatmap(lambda p: st.from_regex(p, fullmatch=True)),
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from(list(_ODD)),
    st.text(max_size=6),
    _HOSTS,
    _HOSTS.map(str.upper),
    _IPS,
    _IPS.map(lambda ip: "http://" + ip + "/x"),
)
_SEPS = st.sampled_from([" ", "  ", "\n", ". ", ", ", "-", "", "\u00a0", "\u2003", "é"])
_BODIES = st.lists(st.tuples(_PIECES, _SEPS), max_size=40).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BODIES, min_size=1, max_size=8), st.integers(0, 2))
def test_generated_text(bodies: list[str], repeat: int) -> None:
    # Long bodies for the length rules: the same text several times over.
    _check(m for b in bodies for m in _contexts(b * (1 + 12 * repeat)))


def test_superset_widens_unicode_classes_and_drops_lookarounds() -> None:
    widened = superset(r"\bfoo(?<!x)\d+(?=bar)\s[\w-]")
    assert re.fullmatch(widened, "foo٣\u2003é")
    assert pc.match_substring_regex(pa.array(["foo٣\u2003é"]), widened).to_pylist() == [True]
    with pytest.raises(ValueError):
        superset(r"(a)\1")
    with pytest.raises(ValueError):
        superset(r"[^\d]")
