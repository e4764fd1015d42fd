"""The trained model: both heads, explanations with spans, artifact verification on load."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from diagnose.causes import Cause
from diagnose.engine import diagnose
from diagnose.errors.normalise import normalise_error
from diagnose.learn.features import (
    ModelInput,
    body_text,
    cause_features,
    describe,
    feature_spans,
    model_input,
    to_tokens,
)
from diagnose.learn.generator import generate, to_messages
from diagnose.learn.model import (
    MANIFEST_FILE,
    MODEL_DIR,
    MODEL_DIR_ENV,
    MODEL_FILE,
    CauseModel,
    ModelLoadError,
    fit_model,
    inputs_for,
    load_default_model,
    load_model,
    read_manifest,
    save_model,
)
from diagnose.message import FailedMessage, Provider
from diagnose.rules.context import RuleContext
from diagnose.rules.engine import run_rules
from diagnose.rules.registry import RULES

HAM = ["ok see you at 5", "can you pick up milk", "running late sorry", "love you, call me"] * 5
SPAM = [
    "WINNER!! claim your free prize now call 09061234567",
    "URGENT verify your account at bit.ly/x",
] * 10


@pytest.fixture(scope="module")
def model() -> CauseModel:
    df = generate(540, seed=3)
    df = df[df["split"] == "train"]
    inputs = inputs_for(to_messages(df))
    risky = [int(c in ("spam_like_content", "prohibited_content")) for c in df["cause"]]
    return fit_model(
        inputs,
        df["cause"].tolist(),
        risky,
        HAM + SPAM,
        [0] * 20 + [1] * 20,
        seed=0,
        version="test-model",
    )


def _explain(model: CauseModel, msg: FailedMessage):  # type: ignore[no-untyped-def]
    findings, _ = run_rules(RULES, RuleContext(msg))
    return model.explain_one(msg, findings, normalise_error(msg.error, msg.provider)), findings


def test_explain_one_gives_a_model_block(model: CauseModel) -> None:
    msg = FailedMessage(body="FREE prize!!! claim now at bit.ly/abc", error="30007")
    block, _ = _explain(model, msg)
    assert block.version == "test-model"
    assert set(block.probabilities) == set(Cause)
    assert sum(block.probabilities.values()) == pytest.approx(1.0)
    assert 0.0 <= block.content_risk <= 1.0
    assert block.top_features
    for f in block.top_features:
        assert f.weight > 0 and f.description
        for start, end in f.spans:
            assert 0 <= start < end <= len(msg.body)
    assert block.to_dict()["version"] == "test-model"


def test_code_decides_transport_causes(model: CauseModel) -> None:
    msg = FailedMessage(body="Acme: your order shipped.", error="30034", provider=Provider.TWILIO)
    block, _ = _explain(model, msg)
    best = max(block.probabilities, key=lambda c: block.probabilities[c])
    assert best is Cause.SENDER_NOT_REGISTERED


def test_the_model_reads_the_history_before_the_send() -> None:
    """A STOP that arrived after the send did not block it (as OPT003 has it): the model's
    input is the same as without it, and a STOP before the send still counts."""

    def message(at: str) -> FailedMessage:
        return FailedMessage.from_dict(
            {
                "body": "Your order shipped",
                "error": "30007",
                "sent_at": "2024-05-01T12:00:00Z",
                "history": [{"direction": "inbound", "body": "STOP", "at": at}],
            }
        )

    def context_of(m: FailedMessage) -> tuple[str, ...]:
        return model_input(m, [], normalise_error(m.error)).context

    after, before = message("2024-05-01T12:05:00Z"), message("2024-05-01T11:55:00Z")
    assert "history_stop_keyword" not in context_of(after)
    assert "history_stop_keyword" in context_of(before)
    assert context_of(after) == context_of(dataclasses.replace(after, history=()))


@pytest.mark.parametrize(
    ("inbound", "token"),
    [
        (["STOP"], "history_stop_keyword"),
        (["STOP", "START"], None),  # opted back in: OPT003 does not fire either
        (["please stop texting me"], "history_informal_opt_out"),
        (["STOP", "UNSTOP", "stop texting me please"], "history_informal_opt_out"),
    ],
)
def test_history_tokens_follow_the_opt_out_state(inbound: list[str], token: str | None) -> None:
    message = FailedMessage.from_dict(
        {"body": "Hi", "history": [{"direction": "inbound", "body": b} for b in inbound]}
    )
    context = model_input(message, [], normalise_error(None)).context
    assert [t for t in context if t.startswith("history_")] == ([token] if token else [])


def test_batch_matches_single(model: CauseModel) -> None:
    msgs = to_messages(generate(36, seed=11))
    proba, risk = model.predict_many(msgs)
    assert proba.shape == (36, len(model.classes)) and risk.shape == (36,)
    block, _ = _explain(model, msgs[5])
    single = np.array([block.probabilities[c] for c in model.classes])
    np.testing.assert_allclose(proba[5], single, rtol=1e-6)


def test_repeated_bodies_share_their_columns(model: CauseModel) -> None:
    inputs = inputs_for(to_messages(generate(36, seed=13)))
    # The same bodies again with other errors/contexts, and in another order.
    mixed = inputs + [ModelInput(d.body, (), ("has_history",), ()) for d in inputs[::-1]]
    fast = model._transform(mixed).toarray()
    np.testing.assert_allclose(fast, model.features.transform(mixed).toarray())


def test_content_risk_fast_path_matches_the_pipeline(model: CauseModel) -> None:
    inputs = inputs_for(to_messages(generate(36, seed=12)))
    _, risk = model.predict_inputs(inputs)
    expected = model.content_pipeline.predict_proba(inputs)[:, 1]
    np.testing.assert_allclose(risk, expected, rtol=1e-9)


def test_diagnose_with_model(model: CauseModel) -> None:
    d = diagnose(FailedMessage(body="Hi", error="30007", first_message=True), model=model)
    assert d.mode == "rules+model" and d.model is not None
    out = d.to_dict()["model"]
    assert set(out) == {"version", "probabilities", "content_risk", "top_features"}


def test_pickles(model: CauseModel) -> None:
    again = pickle.loads(pickle.dumps(model))
    msg = FailedMessage(body="Reply STOP to opt out", error="21610")
    a, _ = _explain(model, msg)
    b, _ = _explain(again, msg)
    assert a.probabilities == b.probabilities


def test_feature_names_flow_through(model: CauseModel) -> None:
    names = set(map(str, model.feature_names))
    assert {"body__shortener_link", "body__caps_words", "error__generic_filter"} <= names
    assert any(n.startswith("rules__") for n in names)
    assert any(n.startswith("words__") for n in names)
    assert any(n.startswith("chars__") for n in names)


@pytest.mark.parametrize(
    ("feature", "body", "expected"),
    [
        ("body__shortener_link", "see bit.ly/x9 now", ["bit.ly/x9"]),
        ("body__caps_words", "URGENT: act NOW, Reply STOP", ["URGENT", "NOW"]),
        ("words__verify", "Please Verify your acct", ["Verify"]),
        ("words__call 0", "call 0800123 today", ["call 0800123"]),
        ("body__verify_near_link", "verify at x.com/a", ["verify"]),
        ("error__generic_filter", "anything", []),
    ],
)
def test_feature_spans(feature: str, body: str, expected: list[str]) -> None:
    assert [body[a:b] for a, b in feature_spans(feature, body)] == expected
    assert describe(feature)


# --- vectorised features equal their definitions ------------------------------------------

ODD_BODIES = [
    "",
    "   ",
    "a",
    "a" * 161,
    "a" * 400,
    "€" * 90,
    "{[x]}" * 40,
    "hi 😀 " * 20,
    "x\ud800y",  # a lone surrogate
    "ÉCOLE FREE WINNER!!! fr33 cl\u200bick bit.ly/abc ... . . . .",
    "Reply STOP to opt out. Txt 2 to stop",
    "Visit http://192.168.0.1/login to verify your account NOW",
    "Ｆｕｌｌ ｗｉｄｔｈ ١٢٣٤٥ digits 𝟏𝟐𝟑𝟒𝟓 and कुछ हिंदी",
    "Acme: your code is 123456\r\n\tThanks\u00a0from Acme Team",
    "ł" * 150,  # UCS-2, three segments
    "Привет! Ваш заказ готов. " * 6,
    "Cafe\u0301 " * 30,  # a combining accent: one cluster, two code points
    "{" * 158 + "a",  # extension characters past one segment
    "👍🏽 ok " * 30,
    "x" * 69 + "📦",  # one astral character: 71 UTF-16 units, two segments
]


def test_body_feature_matrix_equals_per_message_functions() -> None:
    from diagnose.learn.features import BODY_FEATURES, body_feature_matrix

    bodies = [m.body for m in to_messages(generate(300, seed=8))] + HAM + SPAM + ODD_BODIES
    column = body_feature_matrix(bodies)
    for i, body in enumerate(bodies):
        expected = [f(body)[0] for _, f in BODY_FEATURES.values()]
        np.testing.assert_allclose(column[i], expected, err_msg=repr(body))


def test_link_scan_equals_find_urls() -> None:
    from diagnose.learn.corpus import default_data_dir, load_corpora
    from diagnose.learn.features import _urls
    from diagnose.text.links import find_urls

    bodies = [m.body for m in to_messages(generate(300, seed=9))] + SPAM + ODD_BODIES
    bodies += [
        "go to\thttp://a.co/x?y=1,then www.b.com.\nor (c.io/z) or 10.0.0.1:80/p",
        "x.com\u00a0y.org\u2028https://k.uk/p…",
        "e.g. Mr.Smith a.b.c.d.e.f.g.com/x/y.z ...stop.now",
    ]
    if default_data_dir().is_dir():
        bodies += load_corpora()["text"].tolist()[:3000]
    for body in bodies:
        assert _urls(body) == find_urls(body), body


def _docs(texts: list[str]) -> list[ModelInput]:
    return [ModelInput(t, (), (), ()) for t in texts]


def test_word_ngrams_match_sklearn_counts() -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    from diagnose.learn.features import WordNgrams, merge_repeats

    texts = [m.body for m in to_messages(generate(120, seed=4))] + ODD_BODIES
    ours = WordNgrams(ngram_range=(1, 2), min_df=2, max_features=100_000).fit(_docs(texts))
    ref = CountVectorizer(
        preprocessor=body_text, ngram_range=(1, 2), min_df=2, token_pattern=r"(?u)\b\w+\b"
    ).fit(_docs(texts))
    assert sorted(map(str, ours.get_feature_names_out())) == sorted(ref.get_feature_names_out())
    # Same terms in each row (the values are tf-idf, the reference counts).
    X = merge_repeats(ours.transform(_docs(texts)))
    R = ref.transform(_docs(texts))
    names, ref_names = ours.get_feature_names_out(), ref.get_feature_names_out()
    for i in range(len(texts)):
        got = {str(names[j]) for j in X[i].indices}
        assert got == {str(ref_names[j]) for j in R[i].indices}, texts[i]


def test_char_ngrams_stay_inside_words() -> None:
    from diagnose.learn.features import CharNgrams, merge_repeats

    vec = CharNgrams(ngram_range=(2, 3), min_df=1, max_features=10_000)
    vec.fit(_docs(["ab cd", "abc", "x"]))
    names = set(map(str, vec.get_feature_names_out()))
    assert {" a", "ab", "b ", " ab", "ab ", "abc", " x", "x "} <= names
    assert not {n for n in names if " " in n.strip()}  # nothing spans two words
    X = merge_repeats(vec.transform(_docs(["ab ab", "", "zz", "cd"])))
    assert X.shape[0] == 4 and X[1].nnz == 0 and X[2].nnz == 0
    assert {str(vec.get_feature_names_out()[j]) for j in X[3].indices} == {
        " c",
        "cd",
        "d ",
        " cd",
        "cd ",
    }
    # Rows are unit length when no term repeats; a repeated body keeps the same direction.
    np.testing.assert_allclose(np.sqrt(X[3].multiply(X[3]).sum()), 1.0)
    once = vec.transform(_docs(["ab"])).toarray()[0]
    twice = X[0].toarray()[0]
    np.testing.assert_allclose(twice / np.linalg.norm(twice), once)


def test_describe_is_plain_words() -> None:
    assert describe("body__shortener_link") == "link to a public URL shortener"
    assert describe("words__verify") == "the word 'verify'"
    assert "opted out" in describe("context__recipient_opted_out=true")


def test_body_text_folds_digits() -> None:
    assert body_text(ModelInput("Code 12345 NOW", (), (), ())) == "code 0 now"


def test_unfitted_union_has_all_groups() -> None:
    names = [n for n, _ in cause_features().transformer_list]
    assert names == ["words", "chars", "body", "error", "context", "rules"]


def test_model_input_context_flags() -> None:
    msg = FailedMessage.from_dict(
        {
            "body": "x",
            "error": "30007",
            "first_message": True,
            "history": [{"direction": "inbound", "body": "STOP"}],
        }
    )
    inp = model_input(msg, [], normalise_error(msg.error, None))
    assert "first_message=true" in inp.context and "history_stop_keyword" in inp.context
    assert "generic_filter" in inp.error_tokens


@pytest.mark.parametrize(
    "to",
    [
        "+1 (555) 010-0134",
        "555-1234",
        "+44 7911 123456 ext 1234567",
        "١٢٣٤٥٦٧٨٩٠١",  # Arabic-Indic digits count as digits
        "+１５５５０１００１３４",  # fullwidth
        "555²123",
        "",
    ],
)
def test_to_tokens_count_every_kind_of_digit(to: str) -> None:
    digits = sum(ch.isdigit() for ch in to)
    assert to_tokens(to) == (("to_odd_length",) if digits < 10 or digits > 15 else ())


# --- artifact -----------------------------------------------------------------------------


@pytest.fixture()
def saved(model: CauseModel, tmp_path: Path) -> Path:
    save_model(model, {"seed": 0}, tmp_path)
    return tmp_path


def test_save_and_load_roundtrip(saved: Path) -> None:
    manifest = json.loads((saved / MANIFEST_FILE).read_text())
    assert len(manifest["sha256"]) == 64 and "scikit-learn" in manifest["versions"]
    assert load_model(saved).version == "test-model"


def test_tampered_artifact_is_refused(saved: Path) -> None:
    with (saved / MODEL_FILE).open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelLoadError, match="does not match its manifest"):
        load_model(saved)


def test_sklearn_version_mismatch_is_reported(saved: Path) -> None:
    path = saved / MANIFEST_FILE
    manifest = json.loads(path.read_text())
    manifest["versions"]["scikit-learn"] = "0.0.1"
    path.write_text(json.dumps(manifest))
    with pytest.raises(ModelLoadError, match=r"scikit-learn 0\.0\.1"):
        load_model(saved)


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="run `sms-diagnose train`"):
        load_model(tmp_path)


def test_the_default_model_is_the_shipped_one_and_loads_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    load_default_model.cache_clear()
    try:
        model, problem = load_default_model()
        assert problem is None and model is not None, problem  # fails, never skips
        assert model.version == read_manifest(MODEL_DIR)["version"]
        assert load_default_model()[0] is model  # cached: loaded once per process
    finally:
        load_default_model.cache_clear()


def test_the_default_model_says_why_it_is_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    load_default_model.cache_clear()
    try:
        model, problem = load_default_model()
        assert model is None and problem is not None
        assert f"no model manifest at {tmp_path}" in problem
    finally:
        load_default_model.cache_clear()


def _split_cases(model: CauseModel) -> list[ModelInput]:
    inputs = inputs_for(to_messages(generate(300, seed=21)))
    # Bodies repeated with other errors, contexts and rules; rows without any token.
    repeats = [
        ModelInput(d.body, e.error_tokens, c.context, r.rules)
        for d, e, c, r in zip(inputs, inputs[1:], inputs[2:], inputs[3:], strict=False)
    ]
    bare = [ModelInput(d.body, (), (), ()) for d in inputs[:20]]
    return inputs + repeats + bare + inputs[:50]


def _plain_predict(model: CauseModel, inputs: list[ModelInput]) -> tuple[np.ndarray, np.ndarray]:
    X = model.features.transform(inputs)
    return model.cause_clf.predict_proba(X), model._content_risk(X)


def _check_split_is_bit_exact(model: CauseModel, inputs: list[ModelInput]) -> None:
    split = model._predict_split(inputs)
    assert split is not None
    proba, risk = _plain_predict(model, inputs)
    assert np.array_equal(split[0], proba) and np.array_equal(split[1], risk)
    fast = model.predict_inputs(inputs)
    assert np.array_equal(fast[0], proba) and np.array_equal(fast[1], risk)


def test_split_prediction_is_bit_exact(model: CauseModel) -> None:
    assert model._split
    _check_split_is_bit_exact(model, _split_cases(model))
    _check_split_is_bit_exact(model, _split_cases(model)[:1])


def test_split_prediction_is_bit_exact_with_the_shipped_model() -> None:
    from diagnose.batch.synthetic import generate_rows

    shipped = load_model(MODEL_DIR)  # the shipped model must load here: a failure, not a skip
    assert shipped._split
    rows = generate_rows(3000, seed=8, recipients=500)
    messages = [
        FailedMessage(body=b, error=e or None, provider=Provider(p), to=t, from_=f)
        for b, e, p, t, f in zip(
            rows["body"], rows["error"], rows["provider"], rows["to"], rows["from"], strict=True
        )
    ]
    _check_split_is_bit_exact(shipped, inputs_for(messages) + _split_cases(shipped))


def test_split_prediction_steps_aside_for_a_repeated_token(model: CauseModel) -> None:
    inputs = _split_cases(model)[:10]
    doubled = [ModelInput(d.body, d.error_tokens * 2, d.context, d.rules) for d in inputs]
    assert model._predict_split(doubled) is None
    proba, risk = _plain_predict(model, doubled)
    fast = model.predict_inputs(doubled)
    assert np.array_equal(fast[0], proba) and np.array_equal(fast[1], risk)
