"""The common causes in other languages (``data/cause_words.tsv``) read as their cause.

The round-trip property of the phrase table: every phrase, pasted alone, in each spelling
it is matched in (with and without accents), reads as the cause its row names. A phrase
that another cause's words capture first fails here, naming both.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.languages import CauseWord, cause_words, spellings
from diagnose.errors.words import normalise_text

ROWS = cause_words()


def test_the_table_is_loaded_and_well_formed() -> None:
    assert len(ROWS) > 1000
    assert len({r.phrase for r in ROWS}) == len(ROWS), "a phrase is listed twice"
    assert len({r.language for r in ROWS}) >= 30
    for row in ROWS:
        assert row.phrase == row.phrase.strip() and row.phrase, row
        assert row.cause is not Cause.UNKNOWN, row


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.language}-{r.cause.value}")
def test_every_phrase_reads_as_its_cause(row: CauseWord) -> None:
    for text in spellings(row.phrase):
        err = normalise_error(text, None)
        assert err.category is row.cause, (text, err.category, err.note)


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        # Pasted as a gateway shows them: capitals, accents dropped, inside a status line.
        ("STATO: NUMERO NON VALIDO", Cause.INVALID_DESTINATION),
        ("Error: Numero de telefono no valido", Cause.INVALID_DESTINATION),
        ("status=failed; reason=Abonent niedostepny", Cause.UNREACHABLE_HANDSET),
        (
            "Nachricht konnte nicht zugestellt werden: Teilnehmer nicht erreichbar",
            Cause.UNREACHABLE_HANDSET,
        ),
        ("ΑΠΟΤΥΧΙΑ: ΜΗ ΕΓΚΥΡΟΣ ΑΡΙΘΜΟΣ", Cause.INVALID_DESTINATION),
        ("İLETİ GÖNDERİLEMEDİ: YETERSİZ BAKİYE", Cause.ACCOUNT_OR_CONFIGURATION),
        ("发送失败：手机号码格式错误", Cause.INVALID_DESTINATION),
        ("สถานะ: เครดิตไม่เพียงพอ", Cause.ACCOUNT_OR_CONFIGURATION),
        ("Status: Ugyldig nummer (feilkode 5)", Cause.INVALID_DESTINATION),
        # A status line with its reason after it, the noun before the adjective.
        ("Zustellstatus: fehlgeschlagen – Empfänger unbekannt", Cause.INVALID_DESTINATION),
        ("Durum: Başarısız - Numara geçersiz", Cause.INVALID_DESTINATION),
        ("Estado: fallido - saldo agotado", Cause.ACCOUNT_OR_CONFIGURATION),
        ("Status: gagal - nomor diblokir", Cause.RECIPIENT_BLOCKED),
    ],
)
def test_phrases_are_read_inside_a_paste(text: str, cause: Cause) -> None:
    assert normalise_error(text, None).category is cause


def test_a_phrase_is_not_read_inside_an_unrelated_english_sentence() -> None:
    # "spam" is the trade's English word too; "numero" alone names nothing.
    assert normalise_error("numero 5 was sent", None).category is not Cause.INVALID_DESTINATION


def test_turkish_capital_i_folds_to_a_plain_i() -> None:
    assert normalise_text("İZİN") == "izin"


def test_every_phrase_reads_the_same_inside_a_webhook_body() -> None:
    # a reason arrives wrapped: in a webhook's JSON, or a form body's field
    wrappers = ('{{"status": "failed", "reason": "{p}"}}', "status=undelivered&error_message={p}")
    failed = [
        (row.language, row.phrase, w)
        for row in ROWS
        for w in wrappers
        if normalise_error(w.format(p=row.phrase)).category is not row.cause
    ]
    assert not failed, failed[:20]
