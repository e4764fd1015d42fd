"""A status name several providers publish, read without a provider.

"Expired" is one status with one sense that the providers' tables file under different
causes; when at least half the providers listing it mean one cause, the name is read as
that cause (still "ambiguous", the note says why). A bare number several providers use is a
coincidence and is never voted on.
"""

from __future__ import annotations

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.codes import lookup
from diagnose.message import Provider


def test_a_name_most_providers_file_under_one_cause_reads_as_it() -> None:
    err = normalise_error("Delivery status: EXPIRED", None)
    assert err.status == "ambiguous"
    assert err.category is Cause.UNREACHABLE_HANDSET
    assert "at least half" in err.note
    assert err.provider is None


def test_a_provider_given_decides() -> None:
    err = normalise_error("Expired", Provider.BIRD)
    assert err.provider is Provider.BIRD
    assert err.category is Cause.CARRIER_OR_NETWORK_FAILURE


def test_a_number_several_providers_use_is_not_voted_on() -> None:
    owners = {r.provider for r in lookup("2") if r.code == "2"}
    assert len(owners) > 2  # the premise: "2" is in several tables, with different causes
    err = normalise_error("error 2", None)
    assert err.status == "ambiguous"
    assert err.category is Cause.UNKNOWN
    assert "at least half" not in err.note


def test_names_that_mean_unknown_everywhere_stay_unknown() -> None:
    err = normalise_error("UNDELIVERABLE", None)
    assert err.category is Cause.UNKNOWN


def test_a_reason_beside_several_providers_status_names_no_provider() -> None:
    # "status=REJECTED" is Vonage's, Sinch's, Infobip's, Africa's Talking's and Textmagic's;
    # that Textmagic's happens to mean an opt-out does not make the paste Textmagic's.
    err = normalise_error("delivery: status=REJECTED\nreason=Recipient is on the opt-out list")
    assert err.category is Cause.OPTED_OUT_RECIPIENT
    assert err.provider is None
