"""Android's ``SmsManager`` send results: what an app that texts from a phone reports.

SMS gateways built on a handset (apps that turn a phone into an SMS API, alarm and
home-automation senders) pass on the ``resultCode`` Android's radio layer gave the send:
``RESULT_ERROR_GENERIC_FAILURE``, ``RESULT_ERROR_NO_SERVICE``, ``RESULT_RIL_SMS_SEND_FAIL_RETRY``.
They are nobody's provider codes: each names its cause, read without a provider. The sender
here is the phone: a radio switched off, a missing SIM or a barred SIM is the sending side's.

Source: https://developer.android.com/reference/android/telephony/SmsManager (the
``RESULT_*`` constants and their descriptions).
"""

from __future__ import annotations

from diagnose.causes import Cause

C = Cause

#: The constant's name after ``RESULT_`` and ``ERROR_``/``RIL_`` -> the cause it names.
ANDROID_RESULTS: dict[str, Cause] = {
    "GENERIC_FAILURE": C.CARRIER_OR_NETWORK_FAILURE,  # the network refused, no reason given
    "RADIO_OFF": C.ACCOUNT_OR_CONFIGURATION,  # the sending phone's radio turned off
    "NULL_PDU": C.CONTENT_TOO_LONG_OR_ENCODING,  # no PDU could be built from the text
    "NO_SERVICE": C.CARRIER_OR_NETWORK_FAILURE,  # no network service where the phone is
    "LIMIT_EXCEEDED": C.RATE_OR_VOLUME_LIMIT,  # Android's own sending limit
    "FDN_CHECK_FAILURE": C.ACCOUNT_OR_CONFIGURATION,  # fixed dialling numbers on the SIM
    "SHORT_CODE_NOT_ALLOWED": C.ACCOUNT_OR_CONFIGURATION,  # the user refused a short code
    "SHORT_CODE_NEVER_ALLOWED": C.ACCOUNT_OR_CONFIGURATION,
    "RADIO_NOT_AVAILABLE": C.CARRIER_OR_NETWORK_FAILURE,
    "NETWORK_REJECT": C.CARRIER_OR_NETWORK_FAILURE,
    "INVALID_ARGUMENTS": C.ACCOUNT_OR_CONFIGURATION,
    "INVALID_STATE": C.ACCOUNT_OR_CONFIGURATION,
    "NO_MEMORY": C.ACCOUNT_OR_CONFIGURATION,  # the sending phone's
    "INVALID_SMS_FORMAT": C.CONTENT_TOO_LONG_OR_ENCODING,
    "SYSTEM_ERROR": C.CARRIER_OR_NETWORK_FAILURE,
    "MODEM_ERROR": C.CARRIER_OR_NETWORK_FAILURE,
    "NETWORK_ERROR": C.CARRIER_OR_NETWORK_FAILURE,
    "ENCODING_ERROR": C.CONTENT_TOO_LONG_OR_ENCODING,
    "INVALID_SMSC_ADDRESS": C.ACCOUNT_OR_CONFIGURATION,  # the SIM's SMS centre setting
    "OPERATION_NOT_ALLOWED": C.ACCOUNT_OR_CONFIGURATION,
    "INTERNAL_ERROR": C.CARRIER_OR_NETWORK_FAILURE,
    "NO_RESOURCES": C.CARRIER_OR_NETWORK_FAILURE,
    "REQUEST_NOT_SUPPORTED": C.ACCOUNT_OR_CONFIGURATION,
    "NO_DEFAULT_SMS_APP": C.ACCOUNT_OR_CONFIGURATION,
    "SMS_BLOCKED_DURING_EMERGENCY": C.CARRIER_OR_NETWORK_FAILURE,
    "SMS_SEND_RETRY_FAILED": C.CARRIER_OR_NETWORK_FAILURE,
    # the radio interface layer's (RESULT_RIL_*)
    "SMS_SEND_FAIL_RETRY": C.CARRIER_OR_NETWORK_FAILURE,
    "REQUEST_RATE_LIMITED": C.RATE_OR_VOLUME_LIMIT,
    "INVALID_MODEM_STATE": C.CARRIER_OR_NETWORK_FAILURE,
    "NETWORK_NOT_READY": C.CARRIER_OR_NETWORK_FAILURE,
    "SIM_ABSENT": C.ACCOUNT_OR_CONFIGURATION,  # no SIM in the sending phone
    "ACCESS_BARRED": C.SENDER_BLOCKED,  # the network barred the sending SIM
    "BLOCKED_DUE_TO_CALL": C.CARRIER_OR_NETWORK_FAILURE,
    "SIMULTANEOUS_SMS_AND_CALL_NOT_ALLOWED": C.CARRIER_OR_NETWORK_FAILURE,
    "GENERIC_ERROR": C.CARRIER_OR_NETWORK_FAILURE,
    "MODEM_ERR": C.CARRIER_OR_NETWORK_FAILURE,
    "NETWORK_ERR": C.CARRIER_OR_NETWORK_FAILURE,
    "INTERNAL_ERR": C.CARRIER_OR_NETWORK_FAILURE,
    "SYSTEM_ERR": C.CARRIER_OR_NETWORK_FAILURE,
    "ENCODING_ERR": C.CONTENT_TOO_LONG_OR_ENCODING,
}
#: Results that report no cause: the send was cancelled.
UNEXPLAINED = ("CANCELLED",)


def _words(name: str) -> str:
    return name.lower().replace("_", " ")


def cause_patterns() -> list[tuple[Cause, str]]:
    """One pattern per cause over normalised words ("RESULT_ERROR_NO_SERVICE" ->
    "result error no service"; .NET's "SmsResultError.NoService" -> "sms result error no
    service").

    Example:
        >>> import re
        >>> p = dict(cause_patterns())[Cause.RATE_OR_VOLUME_LIMIT]
        >>> bool(re.fullmatch(p, "result ril request rate limited"))
        True
    """
    by_cause: dict[Cause, list[str]] = {}
    for name, cause in ANDROID_RESULTS.items():
        by_cause.setdefault(cause, []).append(_words(name))
    by_cause.setdefault(Cause.UNKNOWN, []).extend(_words(n) for n in UNEXPLAINED)
    prefix = r"(?:sms ?)?result (?:error |ril )?"
    return [
        (cause, prefix + "(?:" + "|".join(sorted(names, key=len, reverse=True)) + ")")
        for cause, names in by_cause.items()
    ]
