"""The error-code table against its curated source, and the normaliser against what people paste."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diagnose.causes import Cause
from diagnose.errors.codes import ErrorCodeInfo, all_error_codes, lookup, lookup_name
from diagnose.errors.normalise import NormalisedError, generic_filter, normalise_error
from diagnose.message import Provider

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "docs" / "reference" / "error-codes"

P = Provider


# --- the curated tables read independently of the build script -----------------------------


def _curated_rows() -> list[dict[str, str]]:
    out = []
    for path in sorted(CURATED.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            out.extend({"provider": path.stem, **row} for row in csv.DictReader(f))
    return out


CURATED_ROWS = _curated_rows()


def test_every_curated_table_is_a_provider() -> None:
    assert {r["provider"] for r in CURATED_ROWS} <= {p.value for p in Provider}
    assert len({r["provider"] for r in CURATED_ROWS}) >= 12


def test_table_holds_exactly_the_curated_rows() -> None:
    table = {(r.provider.value, r.kind, r.code): r for r in all_error_codes()}
    assert set(table) == {(r["provider"], r["kind"], r["code"]) for r in CURATED_ROWS}
    for row in CURATED_ROWS:
        info = table[row["provider"], row["kind"], row["code"]]
        assert _category_id(info) == row["category"]
        assert info.verdict.value == row["verdict"]
        assert info.name == row["name"] and info.message == row["message"]
        assert info.source_url == row["source_url"]


def _category_id(info: ErrorCodeInfo) -> str:
    return info.category.value if info.category else info.outcome


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_error_codes", ROOT / "scripts" / "build_error_codes.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_packaged_csv_is_regenerated_from_the_curated_tables() -> None:
    build = _build_script()
    expected = build.render_csv(build.build_rows(CURATED))
    packaged = (
        resources.files("diagnose.errors").joinpath("data/error_codes.csv").read_text("utf-8")
    )
    assert packaged == expected, "run: python scripts/build_error_codes.py"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("category", "spam", "unknown category"),
        ("verdict", "dropped", "unknown verdict"),
        ("retryable", "perhaps", "retryable"),
        ("who_can_act", "sender;nobody", "who_can_act"),
        ("source_url", "", "source_url is empty"),
        ("name", " Queue overflow", "surrounding spaces"),
    ],
)
def test_build_refuses_a_bad_row(column: str, value: str, message: str) -> None:
    build = _build_script()
    row = dict(next(r for r in CURATED_ROWS if r["provider"] == "twilio"))
    del row["provider"]
    row[column] = value
    with pytest.raises(build.ReferenceError_, match=message):
        build.check_row("twilio.csv:2", row)


# --- the table itself -------------------------------------------------------------------------


def test_rows_are_unique_per_provider_namespace() -> None:
    keys = [(r.provider, r.kind, r.code) for r in all_error_codes()]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "info", all_error_codes(), ids=lambda i: f"{i.provider}-{i.kind}-{i.code}"[:60]
)
def test_row_is_well_formed(info: ErrorCodeInfo) -> None:
    assert info.name and info.meaning
    assert info.confidence in ("P", "M", "S")
    assert info.source_url.startswith("https://") and "{" not in info.source_url
    if info.is_error:
        assert info.category is not None and info.who_can_act
        assert info.category not in info.also_category
    else:
        assert info.category is None and info.retryable is None and not info.who_can_act
    assert json.loads(json.dumps(info.to_dict()))["code"] == info.code


@pytest.mark.parametrize(
    ("provider", "code", "retryable"),
    [
        (P.TWILIO, "30003", True),  # unreachable handset
        (P.TWILIO, "30007", False),  # filter verdict: resending the same body won't help
        (P.TWILIO, "30008", None),  # unknown: maybe
        (P.TELNYX, "40300", False),  # "don't retry"
        (P.SINCH, "404", True),  # "can be retried"
        (P.SINCH, "408", False),  # unknown, but "retry gives same"
        (P.AZURE, "9999", True),  # unknown, but "retry"
        (P.INFOBIP, "581", True),  # recipient blocked, but "retry daily up to 7 days"
        (P.BANDWIDTH, "4702", True),  # "stored for retry" is not an instruction
    ],
)
def test_retryable_follows_category_and_meaning(
    provider: Provider, code: str, retryable: bool | None
) -> None:
    (info,) = [i for i in lookup(code, provider) if i.kind != "status"]
    assert info.retryable is retryable


def test_source_urls_resolve_per_key() -> None:
    (tw,) = lookup("30034", P.TWILIO)
    assert tw.source_url == "https://www.twilio.com/docs/api/errors/30034"
    (tf,) = lookup("30032", P.TWILIO)  # "TW-J M, TW-TF P": first key's page, best marker
    assert tf.source_key == "TW-J;TW-TF" and tf.confidence == "P"
    assert tf.source_url == "https://www.twilio.com/docs/api/errors/30032"
    (st_,) = lookup("30037", P.TWILIO)  # third-party map only: still the canonical page
    assert st_.confidence == "S" and st_.source_url.endswith("/errors/30037")
    (pl,) = lookup("450", P.PLIVO)
    assert pl.source_url == "https://docs.plivo.com/docs/faq/messaging/sms"
    (vg,) = [i for i in lookup("9", P.VONAGE) if i.kind == "dlr"]
    assert vg.source_key == "VG-DLR;VG-OPT" and "delivery-receipt" in vg.source_url


def test_lookup_normalises_codes_and_filters_by_provider() -> None:
    assert [i.code for i in lookup(" 030007 ")] == ["30007"]
    assert lookup("text_spam")[0].code == "TEXT_SPAM"
    assert lookup("delivery   failed!")[0].provider is P.GLADLY
    assert lookup("30007", P.BANDWIDTH) == []
    assert [i.kind for i in lookup("9", P.INFOBIP)] == ["status", "error"]
    assert lookup_name("REJECTED-SHORTENED-URL")[0].code == "4771"
    assert lookup("no such code") == []


def test_codes_listing_several_values_are_expanded_with_their_own_names() -> None:
    assert lookup("1010", P.VONAGE)[0].name == "Missing params"
    assert lookup("1020", P.VONAGE)[0].name == "Invalid params"
    assert lookup("502", P.INFOBIP)[0].name == "EC_NO_RESPONSE"
    # "Invalid / missing" is one label for both, not two names
    assert lookup("40313", P.TELNYX)[0].name == "Invalid / missing profile secret"
    assert {i.code for i in all_error_codes() if i.provider is P.AWS and not i.is_error} >= {
        "TEXT_QUEUED",
        "TEXT_PENDING",
        "TEXT_SENT",
        "TEXT_SUCCESSFUL",
        "TEXT_DELIVERED",
    }


def test_alias_and_second_categories_are_resolved() -> None:
    (gl,) = lookup(
        "We detected the contents of this message may violate carrier acceptable use policies"
    )
    assert gl.also_category[0] is Cause.MISSING_OPT_OUT_LANGUAGE
    (reg,) = lookup("30446", P.TWILIO)
    assert reg.registration and reg.also_category == (Cause.NO_CONSENT,)
    (http,) = [i for i in lookup("429", P.BANDWIDTH) if i.kind == "http"]
    assert http.api and http.category is Cause.RATE_OR_VOLUME_LIMIT


# --- the normaliser ---------------------------------------------------------------------------

K, U, A, N = "known", "unknown", "ambiguous", "none"
C = Cause

PASTED: list[tuple[str | None, Provider | None, str, Provider | None, str | None, Cause | None]] = [
    # text, provider given, status, provider, code, category
    ("30007", None, K, P.TWILIO, "30007", C.SPAM_LIKE_CONTENT),
    (" 30007\n", None, K, P.TWILIO, "30007", C.SPAM_LIKE_CONTENT),
    (
        "Twilio error 30034: US A2P 10DLC - Message from an Unregistered Number",
        None,
        K,
        P.TWILIO,
        "30034",
        C.SENDER_NOT_REGISTERED,
    ),
    ("Error 4770 destination-spam-detected", None, K, P.BANDWIDTH, "4770", C.SPAM_LIKE_CONTENT),
    ("ErrorCode=30007", None, K, P.TWILIO, "30007", C.SPAM_LIKE_CONTENT),
    ("SMSErrorCode: 21610", None, K, P.TWILIO, "21610", C.OPTED_OUT_RECIPIENT),
    (
        '{"ErrorCode": 30007, "Status": "undelivered"}',
        None,
        K,
        P.TWILIO,
        "30007",
        C.SPAM_LIKE_CONTENT,
    ),
    (
        '{"code": 4771, "description": "rejected-shortened-url"}',
        None,
        K,
        P.BANDWIDTH,
        "4771",
        C.URL_OR_LINK_FILTERING,
    ),
    (
        "Message failed with error code 30003 (Unreachable destination handset)",
        None,
        K,
        P.TWILIO,
        "30003",
        C.UNREACHABLE_HANDSET,
    ),
    (
        "Failed 3 times with 30005 since 2024-01-31",
        None,
        K,
        P.TWILIO,
        "30005",
        C.INVALID_DESTINATION,
    ),
    ("rejected-shortened-url", None, K, P.BANDWIDTH, "4771", C.URL_OR_LINK_FILTERING),
    ("unknown-error", None, K, P.BANDWIDTH, "5999", C.UNKNOWN),
    ("TEXT_SPAM", None, K, P.AWS, "TEXT_SPAM", C.SPAM_LIKE_CONTENT),
    ("event: text_carrier_blocked", None, K, P.AWS, "TEXT_CARRIER_BLOCKED", C.SPAM_LIKE_CONTENT),
    # a lifecycle status pasted as the error: not an error, so the cause is unknown
    ("TEXT_DELIVERED", None, K, P.AWS, "TEXT_DELIVERED", C.UNKNOWN),
    (
        "An error occurred (OptedOutException) when calling the Publish operation",
        None,
        K,
        P.AWS,
        "OptedOutException",
        C.OPTED_OUT_RECIPIENT,
    ),
    ("EC_SIGNALS_BLOCKED", None, K, P.INFOBIP, "608", C.FRAUD_PROTECTION_BLOCK),
    (
        '{"status": {"groupId": 5, "id": 87, "name": "SIGNALS_BLOCKED"}}',
        None,
        K,
        P.INFOBIP,
        "87",
        C.FRAUD_PROTECTION_BLOCK,
    ),
    ("Infobip error 9", None, K, P.INFOBIP, "9", C.RECIPIENT_BLOCKED),
    ("Infobip status 9", None, K, P.INFOBIP, "9", C.UNKNOWN),
    ("err-code 9", None, K, P.VONAGE, "9", C.OPTED_OUT_RECIPIENT),
    ('"err-code": "9"', None, K, P.VONAGE, "9", C.OPTED_OUT_RECIPIENT),
    ("status 7", None, K, P.VONAGE, "7", C.RECIPIENT_BLOCKED),
    ("Vonage status 9", None, K, P.VONAGE, "9", C.ACCOUNT_OR_CONFIGURATION),
    ("SMPP 15", None, K, P.SINCH, "15", C.SPAM_LIKE_CONTENT),
    ("failure.code 15001", None, K, P.BIRD, "15001", C.UNKNOWN),
    (
        "received_network_error",
        None,
        K,
        P.BIRD,
        "received network error",
        C.CARRIER_OR_NETWORK_FAILURE,
    ),
    ("Reason: Carrier Rejected", None, K, P.BIRD, "carrier rejected", C.UNKNOWN),
    ("Bandwidth HTTP 429", None, K, P.BANDWIDTH, None, C.RATE_OR_VOLUME_LIMIT),
    ("Azure 2000", None, K, P.AZURE, "2000", C.UNKNOWN),
    ("Telnyx 40002", None, K, P.TELNYX, "40002", C.SPAM_LIKE_CONTENT),
    ("Azure 4001", None, K, P.AZURE, "4001", C.ACCOUNT_OR_CONFIGURATION),
    ("Bandwidth: 9999", None, K, P.BANDWIDTH, "9999", C.UNKNOWN),
    ("Vonage 9", None, A, P.VONAGE, "9", C.UNKNOWN),
    ("Queue overflow", None, K, P.TWILIO, "30001", C.RATE_OR_VOLUME_LIMIT),
    # Gladly UI strings: any case, spacing or punctuation, and by a distinctive part;
    # "Delivery Failed" is Gladly's and Bird's words alike, so it names no provider
    ("Delivery Failed", None, A, None, "Delivery Failed", C.UNKNOWN),
    ("  delivery FAILED. ", None, A, None, "Delivery Failed", C.UNKNOWN),
    ("Gladly: Delivery Failed", None, K, P.GLADLY, "Delivery Failed", C.UNKNOWN),
    (
        "Gladly: An unknown error occurred",
        None,
        K,
        P.GLADLY,
        "An unknown error occurred",
        C.UNKNOWN,
    ),
    (
        "We detected the contents of this message may violate carrier acceptable use policies",
        None,
        K,
        P.GLADLY,
        None,
        C.SPAM_LIKE_CONTENT,
    ),
    (
        "Error: message may violate carrier acceptable use policies!",
        None,
        K,
        P.GLADLY,
        None,
        C.SPAM_LIKE_CONTENT,
    ),
    (
        "The destination number has disabled receiving messages from this number",
        None,
        K,
        P.GLADLY,
        None,
        C.OPTED_OUT_RECIPIENT,
    ),
    # provider given by the caller
    ("9", P.VONAGE, A, P.VONAGE, "9", C.UNKNOWN),
    ("err-code 9", P.VONAGE, K, P.VONAGE, "9", C.OPTED_OUT_RECIPIENT),
    ("error 9", P.INFOBIP, K, P.INFOBIP, "9", C.RECIPIENT_BLOCKED),
    ("1000", P.PLIVO, K, P.PLIVO, "1000", C.UNKNOWN),
    ("Telnyx 40002", P.TWILIO, U, P.TWILIO, "40002", C.UNKNOWN),  # the caller decides
    ("30007", P.GLADLY, K, P.TWILIO, "30007", C.SPAM_LIKE_CONTENT),  # Gladly carries others' codes
    # unknown and empty
    ("12345", None, U, P.TWILIO, "12345", C.UNKNOWN),
    ("40999", None, U, P.TELNYX, "40999", C.UNKNOWN),
    ("Error 4999", None, U, None, "4999", C.UNKNOWN),
    ("Bandwidth 30007", None, U, P.BANDWIDTH, "30007", C.UNKNOWN),
    ("TEXT_SOMETHING_NEW", None, U, P.AWS, "TEXT_SOMETHING_NEW", C.UNKNOWN),
    ("it didn't work", None, U, None, None, C.UNKNOWN),
    ("failed 3 times", None, U, None, None, C.UNKNOWN),
    ("sent to 555-123-4567 at 10:30 on 2024-01-31", None, U, None, None, C.UNKNOWN),
    ("twilio", None, U, P.TWILIO, None, C.UNKNOWN),
    ("", None, N, None, None, None),
    ("   \n", None, N, None, None, None),
    (None, P.TWILIO, N, P.TWILIO, None, None),
]


@pytest.mark.parametrize(
    ("text", "given_provider", "status", "provider", "code", "category"), PASTED
)
def test_pasted_text(
    text: str | None,
    given_provider: Provider | None,
    status: str,
    provider: Provider | None,
    code: str | None,
    category: Cause | None,
) -> None:
    err = normalise_error(text, given_provider)
    assert (err.status, err.provider, err.category) == (status, provider, category), err.note
    if code is not None:
        assert err.code == code
    assert err.raw == text
    assert err.note.endswith(".")


@pytest.mark.parametrize(
    ("text", "providers", "category"),
    [
        ("4001", {P.BANDWIDTH, P.AZURE}, C.ACCOUNT_OR_CONFIGURATION),  # both agree
        ("9999", {P.BANDWIDTH, P.AZURE}, C.UNKNOWN),
        ("900", {P.PLIVO, P.COMMIO}, C.ACCOUNT_OR_CONFIGURATION),
        (
            "9",
            {P.TWILIO, P.VONAGE, P.SINCH, P.BIRD, P.INFOBIP, P.TEXTMAGIC, P.CLICKSEND},
            C.UNKNOWN,
        ),
        ("100", {P.PLIVO, P.SINCH, P.INFOBIP}, C.UNKNOWN),  # AT's 100 is not an error
        ("1000", {P.VONAGE, P.PLIVO}, C.UNKNOWN),
        # a bare 400 is as likely an HTTP status: the HTTP rows agree, Sinch's "Queued" yields
        ("400", {P.BANDWIDTH, P.AZURE}, C.ACCOUNT_OR_CONFIGURATION),
        # a name, not a number, the three tables file under three causes: the trade's own
        # meaning (the validity period ran out while the handset was away) decides
        ("Message expired", {P.BANDWIDTH, P.TELNYX, P.PLIVO}, C.UNREACHABLE_HANDSET),
        ("2000", {P.AZURE, P.SALESFORCE}, C.UNKNOWN),  # neither is an error
    ],
)
def test_shared_codes_are_ambiguous(text: str, providers: set[Provider], category: Cause) -> None:
    err = normalise_error(text)
    assert err.status == "ambiguous"
    assert err.provider is None
    assert {c.provider for c in err.candidates} == providers
    assert err.category is category
    assert err.source_url is None


def test_ambiguous_note_says_how_to_decide() -> None:
    assert "give the provider" in normalise_error("1000").note
    assert "'err-code 9' or 'status 9'" in normalise_error("9", P.VONAGE).note
    assert "all mean account_or_configuration" in normalise_error("4001").note


def test_known_notes() -> None:
    assert normalise_error("30007").note.startswith("30007 is Twilio's generic filter code")
    assert "not an error" in normalise_error("2000", P.AZURE).note
    assert normalise_error("err-code 4").note.startswith("err-code 4 is Vonage's 'Call Barred")
    unknown = normalise_error("12345")
    assert unknown.note.startswith("Unknown code: 12345 is not in the reference table")
    assert "listed for Telnyx" in normalise_error("40002", P.TWILIO).note


def test_known_result_carries_the_row() -> None:
    err = normalise_error("Twilio 30034")
    assert err.info is not None and err.info.code == "30034"
    assert err.source_url == "https://www.twilio.com/docs/api/errors/30034"
    assert err.name == "US A2P 10DLC - Message from an Unregistered Number"
    assert err.retryable is False and err.candidates == ()
    d = err.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert d["category"] == "sender_not_registered" and d["info"]["confidence"] in "PM"


def test_same_label_rows_of_one_provider_are_known_with_candidates() -> None:
    err = normalise_error("message-send-failed")  # Bandwidth 5500 and 5501
    assert err.status == "known" and {c.code for c in err.candidates} == {"5500", "5501"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30007", True),
        ("Delivery Failed", True),
        ("it didn't work", True),
        ("30003", False),
        ("2000", True),  # delivered, per Azure: if it did not arrive, nobody knows why
        ("", False),
    ],
)
def test_generic_filter(text: str, expected: bool) -> None:
    assert generic_filter(normalise_error(text)) is expected


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=10_000), st.sampled_from([None, *Provider]))
def test_never_raises(text: str, provider: Provider | None) -> None:
    err = normalise_error(text, provider)
    assert isinstance(err, NormalisedError)
    # "words": the words' guess (diagnose.errors.guess), a status of its own
    assert err.status in ("known", "unknown", "ambiguous", "none", "words")
    if err.category is None:  # only "no error given", or lifecycle codes that are not errors
        rows = [err.info] if err.info else list(err.candidates)
        assert err.status == "none" or (rows and not any(r.is_error for r in rows))
    json.dumps(err.to_dict())


_CODEISH = st.lists(
    st.sampled_from(
        [
            "error",
            "code",
            "status",
            "err-code",
            " ",
            ":",
            "=",
            "-",
            "_",
            "9",
            "30007",
            "TEXT_",
            "EC_",
            "a",
            "\n",
            "'",
            '"',
        ]
    ),
    max_size=400,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(_CODEISH)
def test_never_raises_on_code_like_noise(text: str) -> None:
    json.dumps(normalise_error(text).to_dict())


@pytest.mark.parametrize(
    "text",
    [
        "error" + " " * 200_000 + "x",
        "a" * 200_000,
        "a-" * 100_000,
        "A_" * 100_000,
        "1" * 200_000,
        "1-" * 100_000,
        "error: " * 30_000,
        "the destination number has " * 20_000,
        "a" * 200_000 + "\\u00e9",
        "\\u00e9x: " * 30_000,
        "Delivery Failed: " * 20_000,
    ],
    ids=[
        "spaces",
        "letters",
        "kebab",
        "snake",
        "digits",
        "dashed-digits",
        "keywords",
        "phrase",
        "json-escape",
        "escaped-labels",
        "failure-labels",
    ],
)
def test_pathological_input_is_read(text: str) -> None:
    # How long these take is measured in benchmarks/bench_pathological.py (linear: about
    # 10x for 10x the text), not asserted here, where a loaded machine would make it flaky.
    json.dumps(normalise_error(text).to_dict())


def test_every_provider_has_a_label() -> None:
    from diagnose.errors import PROVIDER_LABELS

    assert set(PROVIDER_LABELS) == set(Provider)


# --- the interface the diagnosis reads ---------------------------------------------------------


def test_rows_and_readings_carry_a_verdict() -> None:
    from diagnose.verdict import Verdict

    (tw,) = lookup("30007", P.TWILIO)
    assert tw.verdict is Verdict.FILTERED and isinstance(tw.message, str)
    assert normalise_error("30007").verdict is Verdict.FILTERED
    assert normalise_error(None).verdict is Verdict.NONE
    assert normalise_error("it didn't work").verdict is Verdict.UNKNOWN
    err = normalise_error("30007")
    assert err.readings and err.readings[0].info is err.info
    assert json.loads(json.dumps(err.to_dict()))["verdict"] == "filtered"


def test_a_code_of_an_uncovered_provider_is_not_read_as_another_providers() -> None:
    err = normalise_error("406", provider_name="msg91")
    assert (err.status, err.provider, err.category) == ("unknown", None, C.UNKNOWN)
    assert "msg91 is not a provider" in err.note and "Sinch" in err.note
    # a covered provider given by name is used as the provider
    assert normalise_error("30007", provider_name="Twilio").provider is P.TWILIO
