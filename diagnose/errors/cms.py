"""A GSM modem's ``+CMS ERROR: <n>`` and ``+CME ERROR: <n>``: the codes every phone, modem
and SMS gateway built on one (Gammu, SMS Server Tools, Android's RIL) reports when a send
fails.

``+CMS ERROR`` 0-127 are the network's RP-cause for the submission (3GPP TS 24.011, table
8.4; modems also report its CP-causes there, 17 and 22), 128-255 the SMS centre's TP-FCS
(TS 23.040, 9.2.3.22), 300-511 the modem's own (TS 27.005, 3.2.5), 512 and above the
manufacturer's. ``+CME ERROR`` is the equipment's (TS 27.007, 9.2.1): the SIM, the modem's
memory, the text or number it was given, its network service. None is a provider's code:
read as the cause it names, without a provider, and a value not listed here names no cause
(it is still the modem's, not another table's code). The sender here is the modem: a
barred or unregistered subscriber is the sending SIM.

Sources: https://www.etsi.org/deliver/etsi_ts/124000_124099/124011/ (RP- and CP-cause),
https://www.etsi.org/deliver/etsi_ts/127000_127099/127005/ (+CMS ERROR),
https://www.etsi.org/deliver/etsi_ts/127000_127099/127007/ (+CME ERROR).
"""

from __future__ import annotations

from diagnose.causes import Cause

C = Cause

#: ``+CMS ERROR`` value -> the cause it names.
CMS_ERRORS: dict[int, Cause] = {
    # RP-cause (network)
    1: C.INVALID_DESTINATION,  # unassigned (unallocated) number
    8: C.SENDER_BLOCKED,  # operator determined barring
    10: C.SENDER_BLOCKED,  # call barred
    17: C.CARRIER_OR_NETWORK_FAILURE,  # network failure (CP-cause)
    21: C.CARRIER_OR_NETWORK_FAILURE,  # short message transfer rejected
    22: C.CARRIER_OR_NETWORK_FAILURE,  # congestion (CP-cause)
    27: C.CARRIER_OR_NETWORK_FAILURE,  # destination out of service
    28: C.ACCOUNT_OR_CONFIGURATION,  # unidentified subscriber (the sending SIM)
    29: C.CARRIER_OR_NETWORK_FAILURE,  # facility rejected
    30: C.ACCOUNT_OR_CONFIGURATION,  # unknown subscriber (the sending SIM)
    38: C.CARRIER_OR_NETWORK_FAILURE,  # network out of order
    41: C.CARRIER_OR_NETWORK_FAILURE,  # temporary failure
    42: C.CARRIER_OR_NETWORK_FAILURE,  # congestion
    47: C.CARRIER_OR_NETWORK_FAILURE,  # resources unavailable
    50: C.ACCOUNT_OR_CONFIGURATION,  # requested facility not subscribed
    69: C.ACCOUNT_OR_CONFIGURATION,  # requested facility not implemented
    96: C.ACCOUNT_OR_CONFIGURATION,  # invalid mandatory information
    111: C.CARRIER_OR_NETWORK_FAILURE,  # protocol error
    # TP-FCS (SMS centre)
    144: C.CONTENT_TOO_LONG_OR_ENCODING,  # data coding scheme not supported
    192: C.CARRIER_OR_NETWORK_FAILURE,  # SC busy
    193: C.ACCOUNT_OR_CONFIGURATION,  # no SC subscription
    194: C.CARRIER_OR_NETWORK_FAILURE,  # SC system failure
    195: C.INVALID_DESTINATION,  # invalid SME address
    196: C.RECIPIENT_BLOCKED,  # destination SME barred
    # the modem's own
    300: C.ACCOUNT_OR_CONFIGURATION,  # ME failure
    302: C.ACCOUNT_OR_CONFIGURATION,  # operation not allowed
    303: C.ACCOUNT_OR_CONFIGURATION,  # operation not supported
    304: C.ACCOUNT_OR_CONFIGURATION,  # invalid PDU mode parameter
    305: C.ACCOUNT_OR_CONFIGURATION,  # invalid text mode parameter
    310: C.ACCOUNT_OR_CONFIGURATION,  # SIM not inserted
    311: C.ACCOUNT_OR_CONFIGURATION,  # SIM PIN required
    313: C.ACCOUNT_OR_CONFIGURATION,  # SIM failure
    330: C.ACCOUNT_OR_CONFIGURATION,  # SMSC address unknown
    331: C.CARRIER_OR_NETWORK_FAILURE,  # no network service
    332: C.CARRIER_OR_NETWORK_FAILURE,  # network timeout
}
#: Values that report a failure and no cause: interworking unspecified, unspecified TP
#: errors, the modem's "unknown error".
UNEXPLAINED = frozenset({95, 127, 143, 159, 175, 255, 500})

#: ``+CME ERROR`` value -> the cause it names (the sending equipment's own errors).
CME_ERRORS: dict[int, Cause] = {
    0: C.ACCOUNT_OR_CONFIGURATION,  # phone failure
    1: C.ACCOUNT_OR_CONFIGURATION,  # no connection to phone
    3: C.ACCOUNT_OR_CONFIGURATION,  # operation not allowed
    4: C.ACCOUNT_OR_CONFIGURATION,  # operation not supported
    10: C.ACCOUNT_OR_CONFIGURATION,  # SIM not inserted
    11: C.ACCOUNT_OR_CONFIGURATION,  # SIM PIN required
    12: C.ACCOUNT_OR_CONFIGURATION,  # SIM PUK required
    13: C.ACCOUNT_OR_CONFIGURATION,  # SIM failure
    14: C.ACCOUNT_OR_CONFIGURATION,  # SIM busy
    15: C.ACCOUNT_OR_CONFIGURATION,  # SIM wrong
    16: C.ACCOUNT_OR_CONFIGURATION,  # incorrect password
    17: C.ACCOUNT_OR_CONFIGURATION,  # SIM PIN2 required
    18: C.ACCOUNT_OR_CONFIGURATION,  # SIM PUK2 required
    20: C.ACCOUNT_OR_CONFIGURATION,  # memory full (the modem's)
    21: C.ACCOUNT_OR_CONFIGURATION,  # invalid index
    23: C.ACCOUNT_OR_CONFIGURATION,  # memory failure
    24: C.CONTENT_TOO_LONG_OR_ENCODING,  # text string too long
    25: C.CONTENT_TOO_LONG_OR_ENCODING,  # invalid characters in text string
    26: C.INVALID_DESTINATION,  # dial string too long
    27: C.INVALID_DESTINATION,  # invalid characters in dial string
    30: C.CARRIER_OR_NETWORK_FAILURE,  # no network service
    31: C.CARRIER_OR_NETWORK_FAILURE,  # network timeout
    32: C.CARRIER_OR_NETWORK_FAILURE,  # network not allowed, emergency calls only
}


def cause_patterns() -> list[tuple[Cause, str]]:
    """One pattern per cause over normalised words ("+CMS ERROR: 38" -> "cms error 38").

    Example:
        >>> dict(cause_patterns())[Cause.RECIPIENT_BLOCKED]
        'cms error (?:196)'
    """
    by_cause: dict[Cause, list[int]] = {}
    for value, cause in CMS_ERRORS.items():
        by_cause.setdefault(cause, []).append(value)
    by_cause.setdefault(Cause.UNKNOWN, []).extend(sorted(UNEXPLAINED))
    cme: dict[Cause, list[int]] = {}
    for value, cause in CME_ERRORS.items():
        cme.setdefault(cause, []).append(value)
    out = [
        (cause, "cms error (?:" + "|".join(str(v) for v in sorted(values)) + ")")
        for cause, values in by_cause.items()
    ]
    out += [
        (cause, "cme error (?:" + "|".join(str(v) for v in sorted(values)) + ")")
        for cause, values in cme.items()
    ]
    # Any other value is still the modem's (a manufacturer's 512 and up): no cause, and no
    # provider's code either. Last, so a listed value is read first.
    out.append((Cause.UNKNOWN, r"cm[se] error [0-9]{1,4}"))
    return out
