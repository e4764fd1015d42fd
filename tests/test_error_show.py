"""Coverage, shown: ``sms-diagnose code`` (--coverage, --list, any provider name) and the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diagnose.app_support import coverage_rows, reading_rows
from diagnose.cli import main
from diagnose.cli.common import EXIT_BAD_INPUT, EXIT_OK
from diagnose.errors import all_error_codes, normalise_error, provider_coverage, totals
from diagnose.message import Provider

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_coverage_counts_every_row_once() -> None:
    cover = provider_coverage()
    total = totals(cover)
    assert total is not None and total.rows == len(all_error_codes())
    assert {c.provider for c in cover} == set(Provider)  # every provider id has rows
    for c in cover:
        assert 0 < c.codes <= c.rows <= c.texts


def test_cli_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, ["code", "--coverage"])
    assert status == EXIT_OK
    assert "Africa's Talking" in out and "total" in out and "not covered" in out
    status, out, _ = run(capsys, ["code", "--coverage", "--format", "json"])
    assert {row["provider"] for row in json.loads(out)} == {p.value for p in Provider}


def test_cli_lists_one_providers_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, ["code", "--list", "--provider", "plivo"])
    assert status == EXIT_OK and "Spam Detected" in out and "450" in out
    status, out, _ = run(capsys, ["code", "--list", "--provider", "Nexmo", "--format", "json"])
    assert status == EXIT_OK and {r["provider"] for r in json.loads(out)} == {"vonage"}


def test_cli_says_plainly_when_a_provider_is_not_covered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, ["code", "--list", "--provider", "msg91"])
    assert status == EXIT_BAD_INPUT and "msg91 is not covered" in err
    status, _, err = run(capsys, ["code", "--list"])
    assert status == EXIT_BAD_INPUT and "--provider" in err
    status, out, _ = run(capsys, ["code", "UserInBlacklist", "--provider", "msg91"])
    assert status == EXIT_OK and "not covered" in out and "opted_out_recipient" in out
    status, out, err = run(capsys, ["code", "406", "--provider", "msg91"])
    assert status == EXIT_BAD_INPUT and "listed for" in out


def test_cli_reads_what_was_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, ["code", "carrier violation"])
    assert status == EXIT_OK and "30007" in out and "Verdict:   filtered" in out
    status, out, _ = run(capsys, ["code", "9"])
    assert status == EXIT_OK and "Readings (best first):" in out


def test_reading_and_coverage_rows() -> None:
    rows = reading_rows(normalise_error("9").readings)
    assert len(rows) >= 5 and rows[0]["score"] >= rows[-1]["score"] and rows[0]["evidence"]
    cover = coverage_rows()
    assert cover[-1]["provider"] == "Total"
    assert cover[-1]["rows"] == sum(r["rows"] for r in cover[:-1])


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.switch_page("app_pages/error_codes.py").run()
    assert not at.exception
    return at


def test_page_shows_coverage_and_readings() -> None:
    at = _page()
    assert any(e.label == "Coverage by provider" for e in at.expander)
    assert len(at.dataframe) == 2  # the coverage and the whole table
    at.text_input(key="codes_query").input("9").run()
    assert not at.exception
    assert len(at.dataframe) == 3 and any("Readings" in m.value for m in at.markdown)


def test_page_reads_an_uncovered_provider_by_its_words() -> None:
    at = _page()
    at.selectbox(key="codes_provider").select("other").run()
    at.text_input(key="codes_provider_name").input("msg91").run()
    at.text_input(key="codes_query").input("UserInBlacklist").run()
    assert not at.exception
    assert any("not covered" in i.value for i in at.info)
    assert any("opted_out_recipient" in m.value for m in at.markdown)


def test_the_readme_coverage_table_is_the_tables() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    lines = {ln.split("|")[2].strip(" `"): ln for ln in readme.splitlines() if ln.count("|") == 6}
    cover = provider_coverage()
    for c in cover:
        assert f"| {c.rows} | {c.codes} | {c.texts} |" in lines[c.provider.value], c.provider
    total = totals(cover)
    assert total is not None
    assert f"| **{total.rows}** | **{total.codes}** | **{total.texts}** |" in readme
