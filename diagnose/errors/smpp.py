"""SMPP's command status names: the words every SMS gateway speaking SMPP logs.

Kannel, Jasmin, Restcomm, Melrose Labs and most aggregators' SMPP links report a refused
``submit_sm`` by the SMPP specification's names (``ESME_RINVDSTADR``, ``ESME_RTHROTTLED``);
they are no one provider's codes, so they name a cause and never a provider. A delivery
receipt's final ``stat:`` says how the message ended (``EXPIRED``: the handset was not
reached within the validity period).

Source: SMPP Protocol Specification v3.4, section 5.1.3 "command_status", and v5.0, section
4.7.6; appendix B for the delivery receipt's ``stat`` values.
https://smpp.org/SMPP_v3_4_Issue1_2.pdf
"""

from __future__ import annotations

from diagnose.causes import Cause

SOURCE_URL = "https://smpp.org/SMPP_v3_4_Issue1_2.pdf"

#: ``ESME_R`` + name -> the cause it names. Statuses about the request's own framing
#: (command length, an unknown optional parameter) are the sender's integration:
#: account_or_configuration. "Message Queue Full" is the SMSC's queue for the
#: destination, the rate a link can take.
COMMAND_STATUS: dict[str, Cause] = {
    "INVMSGLEN": Cause.CONTENT_TOO_LONG_OR_ENCODING,
    "INVCMDLEN": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVCMDID": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVBNDSTS": Cause.ACCOUNT_OR_CONFIGURATION,
    "ALYBND": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVPRTFLG": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVREGDLVFLG": Cause.ACCOUNT_OR_CONFIGURATION,
    "SYSERR": Cause.CARRIER_OR_NETWORK_FAILURE,
    "INVSRCADR": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVDSTADR": Cause.INVALID_DESTINATION,
    "INVMSGID": Cause.ACCOUNT_OR_CONFIGURATION,
    "BINDFAIL": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVPASWD": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVSYSID": Cause.ACCOUNT_OR_CONFIGURATION,
    "MSGQFUL": Cause.RATE_OR_VOLUME_LIMIT,
    "INVSERTYP": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVNUMDESTS": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVDLNAME": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVDESTFLAG": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVSUBREP": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVESMCLASS": Cause.ACCOUNT_OR_CONFIGURATION,
    "CNTSUBDL": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVSRCTON": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVSRCNPI": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVDSTTON": Cause.INVALID_DESTINATION,
    "INVDSTNPI": Cause.INVALID_DESTINATION,
    "INVSYSTYP": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVREPFLAG": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVNUMMSGS": Cause.ACCOUNT_OR_CONFIGURATION,
    "THROTTLED": Cause.RATE_OR_VOLUME_LIMIT,
    "INVSCHED": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVEXPIRY": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVDFTMSGID": Cause.ACCOUNT_OR_CONFIGURATION,
    "X_T_APPN": Cause.CARRIER_OR_NETWORK_FAILURE,
    "INVOPTPARSTREAM": Cause.ACCOUNT_OR_CONFIGURATION,
    "OPTPARNOTALLWD": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVPARLEN": Cause.ACCOUNT_OR_CONFIGURATION,
    "MISSINGOPTPARAM": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVOPTPARAMVAL": Cause.ACCOUNT_OR_CONFIGURATION,
    # SMPP v5.0.
    "SERTYPUNAUTH": Cause.ACCOUNT_OR_CONFIGURATION,
    "PROHIBITED": Cause.ACCOUNT_OR_CONFIGURATION,
    "SERTYPUNAVAIL": Cause.ACCOUNT_OR_CONFIGURATION,
    "SERTYPDENIED": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVDCS": Cause.CONTENT_TOO_LONG_OR_ENCODING,
    "INVSRCADDRSUBUNIT": Cause.ACCOUNT_OR_CONFIGURATION,
    "INVDSTADDRSUBUNIT": Cause.INVALID_DESTINATION,
}
#: Statuses that report a failure without its cause (permanent application error, rejected,
#: delivery failure, unknown): read, but as no cause.
UNEXPLAINED = frozenset(
    {"X_P_APPN", "X_R_APPN", "QUERYFAIL", "SUBMITFAIL", "DELIVERYFAILURE", "UNKNOWNERR"}
)


#: The status values (SMPP v3.4 section 5.1.3, v5.0 section 4.7.6), for a status logged as a
#: number ("Negative response 0000000b found", "command_status: 0x00000058").
VALUES: dict[str, int] = {
    "INVMSGLEN": 0x01, "INVCMDLEN": 0x02, "INVCMDID": 0x03, "INVBNDSTS": 0x04,
    "ALYBND": 0x05, "INVPRTFLG": 0x06, "INVREGDLVFLG": 0x07, "SYSERR": 0x08,
    "INVSRCADR": 0x0A, "INVDSTADR": 0x0B, "INVMSGID": 0x0C, "BINDFAIL": 0x0D,
    "INVPASWD": 0x0E, "INVSYSID": 0x0F, "CANCELFAIL": 0x11, "REPLACEFAIL": 0x13,
    "MSGQFUL": 0x14, "INVSERTYP": 0x15, "INVNUMDESTS": 0x33, "INVDLNAME": 0x34,
    "INVDESTFLAG": 0x40, "INVSUBREP": 0x42, "INVESMCLASS": 0x43, "CNTSUBDL": 0x44,
    "SUBMITFAIL": 0x45, "INVSRCTON": 0x48, "INVSRCNPI": 0x49, "INVDSTTON": 0x50,
    "INVDSTNPI": 0x51, "INVSYSTYP": 0x53, "INVREPFLAG": 0x54, "INVNUMMSGS": 0x55,
    "THROTTLED": 0x58, "INVSCHED": 0x61, "INVEXPIRY": 0x62, "INVDFTMSGID": 0x63,
    "X_T_APPN": 0x64, "X_P_APPN": 0x65, "X_R_APPN": 0x66, "QUERYFAIL": 0x67,
    "INVOPTPARSTREAM": 0xC0, "OPTPARNOTALLWD": 0xC1, "INVPARLEN": 0xC2,
    "MISSINGOPTPARAM": 0xC3, "INVOPTPARAMVAL": 0xC4, "DELIVERYFAILURE": 0xFE,
    "UNKNOWNERR": 0xFF, "SERTYPUNAUTH": 0x100, "PROHIBITED": 0x101,
    "SERTYPUNAVAIL": 0x102, "SERTYPDENIED": 0x103, "INVDCS": 0x104,
    "INVSRCADDRSUBUNIT": 0x105, "INVDSTADDRSUBUNIT": 0x106,
}  # fmt: skip
# The words before a status logged as a number: jsmpp's "Negative response 0000000b found",
# a PDU dump's "command_status: 0x0000000B", "submit_sm_resp status 0x58", node-smpp's and
# smpplib's "command_status 13". As normalised words ("command_status" -> "command status").
_NUMBERED = r"(?:negative response|command status|submit sm resp(?: status)?) "
# Hexadecimal when written so: after "0x", or zero-padded to the PDU's eight digits.
_HEX = r"(?:0x|(?=[0-9a-f]{8}(?![a-z0-9])))0*"
# Otherwise the number is decimal, as JavaScript and Python libraries print an integer.
_DECIMAL = r"(?!0x)(?![0-9a-f]{8}(?![a-z0-9]))"


def _alternation(names: list[str]) -> str:
    # Names as plain_words leaves them: "ESME_RX_T_APPN" -> "esme rx t appn".
    return "|".join(sorted((n.casefold().replace("_", " ") for n in names), key=len, reverse=True))


def cause_patterns() -> list[tuple[Cause, str]]:
    """One pattern per cause over normalised words (``esme r<name>``), for the trade's
    phrase list; the unexplained statuses map to ``Cause.UNKNOWN``.

    Example:
        >>> dict(cause_patterns())[Cause.RATE_OR_VOLUME_LIMIT].split("|")[:2]
        ['esme r(?:throttled', 'msgqful)']
    """
    by_cause: dict[Cause, list[str]] = {}
    for name, cause in COMMAND_STATUS.items():
        by_cause.setdefault(cause, []).append(name)
    by_cause[Cause.UNKNOWN] = sorted(UNEXPLAINED)
    out = []
    for cause, names in by_cause.items():
        numbers = [VALUES[n] for n in names if n in VALUES]
        pattern = f"esme r(?:{_alternation(names)})"
        if numbers:
            hexes = "|".join(sorted({f"{v:x}" for v in numbers}, key=len, reverse=True))
            decimals = "|".join(sorted({str(v) for v in numbers}, key=len, reverse=True))
            pattern += f"|{_NUMBERED}(?:{_HEX}(?:{hexes})|{_DECIMAL}(?:{decimals}))"
        out.append((cause, pattern))
    # Any other value logged so is a status the specification leaves to the SMSC's vendor:
    # a refusal without a cause this table can name.
    last = out.pop()
    out.append((last[0], last[1] + f"|{_NUMBERED}(?:{_HEX}[0-9a-f]{{1,8}}|{_DECIMAL}[0-9]{{1,4}})"))
    return out
