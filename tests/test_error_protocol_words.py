"""Wordings no one provider owns: SMPP's status names, SDK error shapes, the trade's words.

Each class is checked against published texts (URL beside each, none of them a frozen
outside case): SMPP ``command_status`` names as gateways log them, a delivery receipt's
expiry, money with a word between "insufficient" and "balance", India's DLT template id,
a report that no final status came back, AWS's botocore error shape and Pinpoint's send
results, a pasted HTTP response whose ``Content-Length`` header names no cause.
"""

from __future__ import annotations

import pytest

from diagnose.causes import Cause
from diagnose.errors import normalise_error
from diagnose.errors.smpp import COMMAND_STATUS, UNEXPLAINED, cause_patterns
from diagnose.message import Provider

C = Cause
SMPP_SPEC = "https://smpp.org/SMPP_v3_4_Issue1_2.pdf"
SMSPORTAL_SMPP = "https://docs.smsportal.com/docs/smpp-error-codes.md"
SINCH_SMPP = "https://developers.sinch.com/docs/sms/smpp/error-codes.md"
EIGHT_X_EIGHT = "https://developer.8x8.com/connect/docs/delivery-receipts-error-codes"
SKYCORE = "https://www.skycore.com/help/status-error-codes/"
PINPOINT = (
    "https://docs.aws.amazon.com/pinpoint/latest/apireference/apps-application-id-messages.html"
)
BOTOCORE = "https://boto3.amazonaws.com/v1/documentation/api/latest/guide/error-handling.html"

WORDINGS: list[tuple[str, Cause, str]] = [
    # SMPP command status names, as a gateway's log line or a table row shows them
    ("submit_sm_resp: command_status=ESME_RTHROTTLED", C.RATE_OR_VOLUME_LIMIT, SMPP_SPEC),
    (
        "ESME_RINVDSTADR 0x0000000B Invalid Destination Address",
        C.INVALID_DESTINATION,
        SMSPORTAL_SMPP,
    ),
    ("ESME_RMSGQFUL 0x00000014 Message Queue Full", C.RATE_OR_VOLUME_LIMIT, SMSPORTAL_SMPP),
    (
        "ESME_RINVSRCADR 0x0000000A Invalid Source Address",
        C.ACCOUNT_OR_CONFIGURATION,
        SMSPORTAL_SMPP,
    ),
    (
        "ESME_RINVMSGLEN 0x00000001 Message Length is invalid",
        C.CONTENT_TOO_LONG_OR_ENCODING,
        SMSPORTAL_SMPP,
    ),
    ("ESME_RBINDFAIL 0x0000000D Bind Failed", C.ACCOUNT_OR_CONFIGURATION, SMSPORTAL_SMPP),
    ("ESME_RSYSERR 0x00000008 System Error", C.CARRIER_OR_NETWORK_FAILURE, SMSPORTAL_SMPP),
    ("[status:ERROR/CommandStatus.ESME_RINVDSTNPI]", C.INVALID_DESTINATION, SMPP_SPEC),
    ("ESME_RX_P_APPN 0x00000065 ESME Receiver Permanent App Error Code", C.UNKNOWN, SMSPORTAL_SMPP),
    # the validity period ran out before the handset took it
    ("EXPIRED 3 Message validity period has expired", C.UNREACHABLE_HANDSET, SINCH_SMPP),
    ("36 SMS expired", C.UNREACHABLE_HANDSET, EIGHT_X_EIGHT),
    (
        "The handset did not retrieve the message before the message expiration time.",
        C.UNREACHABLE_HANDSET,
        SKYCORE,
    ),
    # money, with a word between
    ("Insufficient SMS credit balance on your account", C.ACCOUNT_OR_CONFIGURATION, EIGHT_X_EIGHT),
]


def test_every_smpp_status_has_one_pattern_and_none_is_a_provider() -> None:
    named = {c for c, _ in cause_patterns()}
    assert named == set(COMMAND_STATUS.values()) | {C.UNKNOWN}
    assert not set(COMMAND_STATUS) & UNEXPLAINED
    for name, cause in COMMAND_STATUS.items():
        err = normalise_error(f"ESME_R{name}")
        assert err.category is cause and err.provider is None, (name, err.note)


def test_the_esme_word_alone_is_still_a_gateway_failure() -> None:
    # "ESME" outside a status name keeps its old reading: the SMS gateway's link failed.
    assert normalise_error("ESME bind error").category is C.CARRIER_OR_NETWORK_FAILURE


@pytest.mark.parametrize(
    "text",
    [
        "Message status unknown, no delivery receipt received",
        "No DLR received from the operator",
    ],
)
def test_no_final_status_is_unknown_not_a_gateway_failure(text: str) -> None:
    # "SMSC" or "operator" beside it does not make it the network's failure.
    assert normalise_error(text + " (SMSC)").category is C.UNKNOWN


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        (
            "An error occurred (Throttling) when calling the Publish operation: Rate exceeded",
            C.RATE_OR_VOLUME_LIMIT,
        ),
        (
            "botocore.errorfactory.InvalidParameterException: An error occurred (InvalidParameter) "
            "when calling the Publish operation: Invalid phone number",
            C.INVALID_DESTINATION,
        ),
    ],
)
def test_botocores_shape_is_aws(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert err.provider is Provider.AWS and err.category is cause, (BOTOCORE, err.note)


@pytest.mark.parametrize(
    ("status", "cause"),
    [
        ("THROTTLED", C.RATE_OR_VOLUME_LIMIT),
        ("PERMANENT_FAILURE", C.UNKNOWN),
        ("TEMPORARY_FAILURE", C.CARRIER_OR_NETWORK_FAILURE),
    ],
)
def test_pinpoints_send_results(status: str, cause: Cause) -> None:
    err = normalise_error(f'{{"Address": "+15555550123", "DeliveryStatus": "{status}"}}')
    assert err.category is cause, (PINPOINT, err.note)
    # THROTTLED is also Vonage's and ClickSend's word: a tie that names no one, same cause.
    assert err.provider is (None if status == "THROTTLED" else Provider.AWS), err.note


def test_an_opt_out_hyphenated_is_no_pinpoint_status() -> None:
    # "Opt-out" in a review finding is the English word, not AWS's OPT_OUT send result.
    err = normalise_error("Opt-out message must contain brand name.")
    assert err.provider is not Provider.AWS


def test_a_pasted_responses_content_length_header_names_no_cause() -> None:
    text = (
        'Response: {{"HTTP/1.1",500,"ERROR"}, [{"content-length","385"}, {"connection","close"}]}'
    )
    assert normalise_error(text).category is not C.CONTENT_TOO_LONG_OR_ENCODING
    assert (
        normalise_error("Content length exceeds the limit").category
        is C.CONTENT_TOO_LONG_OR_ENCODING
    )


def test_a_provider_marked_but_absent_from_its_table_keeps_the_words() -> None:
    # AWS marks the paste; Twilio and Sinch rows share "invalid parameter": the words win,
    # credited to AWS.
    text = (
        "InvalidParameterException: An error occurred (InvalidParameter) when calling the "
        "Subscribe operation: Invalid SMS endpoint: +15555550123"
    )
    err = normalise_error(text)
    assert err.provider is Provider.AWS and err.category is C.INVALID_DESTINATION, err.note


TS_24_011 = (
    "https://www.etsi.org/deliver/etsi_ts/124000_124099/124011/16.00.00_60/ts_124011v160000p.pdf"
)
SEEME = "https://seememobile.com/knowhow/documentation/sms-gateway-response-codes"
REACHWARE = "https://docs.reachware.com/reference/status-code"
INTELLISMS = (
    "https://intellisms.atlassian.net/wiki/pages/diffpages.action?originalId=37824&pageId=37827"
)
LOX24 = "http://support.lox24.eu/en/support/solutions/articles/98962-was-bedeuten-die-zustellberichte-statusberichte-dlr"

MORE_WORDINGS: list[tuple[str, Cause, str]] = [
    # SMPP statuses logged as numbers (jsmpp's NegativeResponseException, PDU dumps)
    ("Negative response 00000014 found", C.RATE_OR_VOLUME_LIMIT, SMPP_SPEC),
    ("submit_sm_resp command_status: 0x00000058", C.RATE_OR_VOLUME_LIMIT, SMPP_SPEC),
    ("Negative response 00000045 found", C.UNKNOWN, SMPP_SPEC),
    # a vendor's own value (0x400-0x4FF): refused, for a reason the specification cannot name
    ("Negative response 00000401 found", C.UNKNOWN, SMPP_SPEC),
    # JavaScript and Python libraries print the status as a decimal integer (node-smpp's
    # command_status 13 is ESME_RBINDFAIL, 0x0D); hexadecimal only after 0x or padded to 8
    ("Persistent command_status 13 when I try to connect", C.ACCOUNT_OR_CONFIGURATION, SMPP_SPEC),
    ("submit_sm_resp command_status 88", C.RATE_OR_VOLUME_LIMIT, SMPP_SPEC),
    ("command_status: 0x13", C.UNKNOWN, SMPP_SPEC),
    ("command_status 1025", C.UNKNOWN, SMPP_SPEC),
    # the network's RP-causes, as a modem's +CMS ERROR or a receipt table prints them
    # the interface to the destination, not the number (TS 24.011 annex E)
    ("+CMS ERROR: 27 Destination out of service", C.CARRIER_OR_NETWORK_FAILURE, TS_24_011),
    ("+CMS ERROR: 1 Unassigned (unallocated) number", C.INVALID_DESTINATION, TS_24_011),
    ("+CMS ERROR: 38 Network out of order", C.CARRIER_OR_NETWORK_FAILURE, TS_24_011),
    ("+CMS ERROR: 29 Facility rejected", C.CARRIER_OR_NETWORK_FAILURE, TS_24_011),
    ("13 Illegal subscriber or equipment", C.INVALID_DESTINATION, EIGHT_X_EIGHT),
    # uncovered gateways' own sentences
    (
        "7 Your current balance is 3, which is not sufficient for the sending of this message.",
        C.ACCOUNT_OR_CONFIGURATION,
        SEEME,
    ),
    ("11 Your credit line is not enough to send the message.", C.ACCOUNT_OR_CONFIGURATION, SEEME),
    ("3 The number must be in international format", C.INVALID_DESTINATION, SEEME),
    ("8 Invalid receiver", C.INVALID_DESTINATION, REACHWARE),
    ("7 Empty receiver", C.INVALID_DESTINATION, REACHWARE),
    ("6 Invalid sender", C.ACCOUNT_OR_CONFIGURATION, REACHWARE),
    ("-201 User disabled", C.ACCOUNT_OR_CONFIGURATION, INTELLISMS),
    # what a mangled text looked like, as threads describe it: the alphabet, not the network
    (
        "The phone receives special characters incorrectly. é is received as AC.",
        C.CONTENT_TOO_LONG_OR_ENCODING,
        "https://github.com/praekeltfoundation/vumi/issues/582",
    ),
    (
        "some characteres are remplaced by ? unless there is a ç in the body",
        C.CONTENT_TOO_LONG_OR_ENCODING,
        "https://github.com/twilio/twilio-ruby/issues/170",
    ),
    (
        "Some of the strings in Sepedi are coming through malformed.",
        C.CONTENT_TOO_LONG_OR_ENCODING,
        "https://github.com/grassrootza/grassroot-platform/issues/20",
    ),
    (
        "Characters ! and | replaced by @ when receiving messages using coding 0",
        C.CONTENT_TOO_LONG_OR_ENCODING,
        "https://github.com/python-smpplib/python-smpplib/issues/261",
    ),
    (
        "I have a problem with the SMS encoding. The K??RER should be KØRER.",
        C.CONTENT_TOO_LONG_OR_ENCODING,
        "https://github.com/phpservermon/phpservermon/issues/349",
    ),
    # German
    (
        "DELIVERY_EXPIRED = 8: Ihre SMS ist abgelaufen, weil der Empfänger nicht erreichbar war "
        "(kein Netz, Handy ausgeschaltet)",
        C.UNREACHABLE_HANDSET,
        LOX24,
    ),
]


@pytest.mark.parametrize(("text", "cause", "source"), WORDINGS + MORE_WORDINGS)
def test_a_wording_reads_as_its_cause(text: str, cause: Cause, source: str) -> None:
    err = normalise_error(text)
    assert err.category is cause, (source, err.note)


def test_a_review_finding_in_common_words_is_the_registrys() -> None:
    # Bandwidth words an "Invalid Call To Action" rejection too; the campaign's words make it
    # a 10DLC vetting finding, whoever relays it.
    text = (
        "Invalid Call to Action: the campaign does not show how subscribers opt in. "
        "Resubmit the campaign with the opt-in flow."
    )
    err = normalise_error(text)
    assert err.provider is Provider.TCR and err.category is C.SENDER_NOT_REGISTERED, err.note


def test_the_words_around_a_shared_sentence_pick_its_code() -> None:
    # Twilio documents "You have attempted to send a SMS with a ..." for several codes; the
    # rest of what was pasted says which cause, so which of them.
    start = "You have attempted to send a SMS with a 'To' number."
    err = normalise_error(start + " The recipient cannot receive SMS.")
    assert err.provider is Provider.TWILIO and err.category is C.INVALID_DESTINATION, err.note
    err = normalise_error(start + " Your account is suspended.")
    assert err.category is C.ACCOUNT_OR_CONFIGURATION, err.note
    # Alone, the shared start stays a tie between the codes.
    assert normalise_error(start).status == "ambiguous"


def test_a_status_number_in_passing_yields_to_an_error_read_beside_it() -> None:
    # "status == 400" in a code diff is no delivery status; the words are the error.
    text = 'if e.status == 400 and messages[0]["text"] == "Phone number does not exist":'
    err = normalise_error(text)
    assert err.status == "known" and err.category is C.INVALID_DESTINATION, err.note


TS_27_005 = "https://www.etsi.org/deliver/etsi_ts/127000_127099/127005/"


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("+CMS ERROR: 38", C.CARRIER_OR_NETWORK_FAILURE),  # network out of order
        ('AT+CMGS="+15555550123" > hello +CMS ERROR: 10', C.SENDER_BLOCKED),  # call barred
        ("+CMS ERROR: 310", C.ACCOUNT_OR_CONFIGURATION),  # SIM not inserted
        ("+CMS ERROR: 331", C.CARRIER_OR_NETWORK_FAILURE),  # no network service
        ("+CMS ERROR: 196", C.RECIPIENT_BLOCKED),  # destination SME barred
        ("+CMS ERROR: 500", C.UNKNOWN),  # unknown error
    ],
)
def test_a_modems_cms_error_reads_as_its_cause(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert err.category is cause and err.provider is None, (TS_27_005, err.note)


def test_every_cms_value_has_its_pattern() -> None:
    from diagnose.errors.cms import CMS_ERRORS
    from diagnose.errors.cms import UNEXPLAINED as CMS_UNEXPLAINED

    for value, cause in CMS_ERRORS.items():
        assert normalise_error(f"+CMS ERROR: {value}").category is cause, value
    for value in CMS_UNEXPLAINED:
        assert normalise_error(f"+CMS ERROR: {value}").category is C.UNKNOWN, value


def test_every_cme_value_has_its_pattern() -> None:
    from diagnose.errors.cms import CME_ERRORS

    for value, cause in CME_ERRORS.items():
        err = normalise_error(f"+CME ERROR: {value}")
        assert err.category is cause and err.provider is None, value


def test_an_unlisted_modem_value_beside_words_takes_their_cause() -> None:
    err = normalise_error("+CMS ERROR: 515 when the message is over 160 characters")
    assert err.category is C.CONTENT_TOO_LONG_OR_ENCODING and err.provider is None


@pytest.mark.parametrize("value", ["22", "512", "531", "999"])
def test_a_modem_value_no_table_lists_is_still_the_modems(value: str) -> None:
    # a manufacturer's +CMS ERROR 512 is not Telesign's 512, nor 22 Vonage's: each is the
    # modem's, read for no cause unless this module lists it (22: congestion)
    from diagnose.errors.cms import CMS_ERRORS

    err = normalise_error(f'AT+CMGS="+15555550123"\n+CMS ERROR: {value}')
    assert err.provider is None
    assert err.code is None
    assert err.category is CMS_ERRORS.get(int(value), C.UNKNOWN)


@pytest.mark.parametrize(
    "text",
    [
        # request-promise's error class names the HTTP status it carries
        'StatusCodeError: 400 - {"urns":{"0":["Invalid URN: tel:+15555550123."]}}',
        # the status named after its number
        "the gateway responds with a 200 status code even when the send fails",
        # an uncovered gateway named beside it (arcturial/clickatell#30)
        "You check status code but clickatell response 200 status code.",
        "got a 503 HTTP status code from the API",
    ],
)
def test_an_http_status_named_so_is_never_a_code(text: str) -> None:
    err = normalise_error(text)
    assert err.code not in {"200", "400", "503"}, err.note
    assert err.provider is None, err.note


def test_an_http_error_status_no_table_holds_here_is_the_responses() -> None:
    # s12v/sns#42: SNS answered 400; AWS lists no code 400, so it is the HTTP status.
    text = 'Publishing an SMS with the SNS API I get an error 400 with "TopicArn is required"'
    err = normalise_error(text)
    assert err.code is None, err.note
    # A covered provider's own code of the same shape is still its code.
    assert normalise_error("error 30007").code == "30007"


def test_sdk_and_modem_words() -> None:
    err = normalise_error("InvalidAction : Could not find operation Publish for version 2010-03-31")
    assert err.provider is Provider.AWS and err.category is C.ACCOUNT_OR_CONFIGURATION, err.note
    # gammu's log numbers its lines; the modem's tool is no covered provider.
    err = normalise_error('gammu-smsd[11511]: gammu: 1 "AT+CMGS=36"\ngammu: 3 "ERROR"')
    assert err.provider is None and err.code is None, err.note
    err = normalise_error('{"code": 20404, "message": "The requested resource was not found"}')
    assert err.provider is Provider.TWILIO and err.code == "20404", err.note


def test_a_long_code_sender_is_accepted() -> None:
    # Engineers say "international long code"; refusing the message lost the diagnosis.
    from diagnose import FailedMessage, SenderType

    msg = FailedMessage.from_dict(
        {"error": "30007", "provider": "twilio", "sender_type": "long_code"}
    )
    assert msg.sender_type is SenderType.LONG_CODE


#: Wordings written here, not quoted, each pinning one class the sourced tables above stand
#: for, in words no source gave (so a phrase cannot just match its one quoted example).
CLASSES: list[tuple[str, Cause]] = [
    # a message refused for what it says, whoever's standards it is measured against
    ("Not delivered: content that may violate compliance standards", C.SPAM_LIKE_CONTENT),
    ("The contents of this SMS violate the messaging policy", C.SPAM_LIKE_CONTENT),
    ("Your handset does not support SMS", C.INVALID_DESTINATION),
    # a mangled alphabet, in the words people use for it
    ("On the handset the text shows as ???? ????", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("recipients see weird symbols instead of the accents", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Greek text shows up as Chinese characters", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Error: template variable length limit", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Long messages are never delivered, short ones are", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Why does this fail??? error 30007", C.SPAM_LIKE_CONTENT),
    # "carrier error" as the label a code is given under: the code says what happened
    ("Unverified sends fail with carrier error 30032", C.SENDER_NOT_REGISTERED),
    ("Text undelivered: carrier error 21610", C.OPTED_OUT_RECIPIENT),
    # the carrier's own opt-out and limit, written as identifiers; a region not enabled
    ("delivery failed: CarrierOptOut", C.OPTED_OUT_RECIPIENT),
    ("status=failed reason=CarrierRateLimited", C.RATE_OR_VOLUME_LIMIT),
    ("error_code=UNSUPPORTED_LOCATION", C.ACCOUNT_OR_CONFIGURATION),
    # a status line that names no cause, with the reason beside it
    (
        "Failed to Deliver SMS. Reason: the handset is incapable of receiving texts",
        C.INVALID_DESTINATION,
    ),
    ("UNDELIVERABLE: ungültige Empfängernummer", C.INVALID_DESTINATION),
    # gateways' and help desks' own words for common causes
    ("Delivery report: blocked recipient", C.RECIPIENT_BLOCKED),
    ("Message blocked: number not registered for 10DLC", C.SENDER_NOT_REGISTERED),
    ("The number is not valid for SMS", C.INVALID_DESTINATION),
    ("Result: number OOS", C.INVALID_DESTINATION),
    ("Rejected: blacklisted URL in the message", C.URL_OR_LINK_FILTERING),
    ("Not delivered: the recipient has a full SIM", C.UNREACHABLE_HANDSET),
    ("Your messaging privileges were suspended for non-compliant traffic", C.SENDER_BLOCKED),
    ("Statut : destinataire blacklisté", C.OPTED_OUT_RECIPIENT),
    ("Estado: el destinatario no acepta mensajes", C.RECIPIENT_BLOCKED),
    ("Estado: SMS caducado", C.UNREACHABLE_HANDSET),
    ("Die Nachricht ist abgelaufen", C.UNREACHABLE_HANDSET),
    ("Statut : abonné inconnu", C.INVALID_DESTINATION),
    ("登録拒否: オプトインがありません", C.SENDER_NOT_REGISTERED),
    ("Error: SMS provider not found", C.ACCOUNT_OR_CONFIGURATION),
    ("Sending is disabled for this region", C.ACCOUNT_OR_CONFIGURATION),
    ("SmsManager result: no default SMS app", C.ACCOUNT_OR_CONFIGURATION),
    ("errmsg: the text does not match any approved template", C.SENDER_NOT_REGISTERED),
    ("模板不匹配", C.SENDER_NOT_REGISTERED),
    ("Code: MESSAGE_CONTENT_ILLEGAL", C.PROHIBITED_CONTENT),
    ("Undelivered: the number is disconnected", C.INVALID_DESTINATION),
    ("Toll-free verification was rejected", C.SENDER_NOT_REGISTERED),
    ("The contact never actually opted in", C.NO_CONSENT),
    ("New number: ramping up sending limits", C.RATE_OR_VOLUME_LIMIT),
    ("SMS sending access was revoked for complaints", C.SENDER_BLOCKED),
    ("Your account was temporarily disabled", C.ACCOUNT_OR_CONFIGURATION),
    # a status field's value read by its words when no table holds it
    ('"status": "NUMBER_NOT_MOBILE"', C.INVALID_DESTINATION),
    ('"status": "VOIP_NUMBER"', C.INVALID_DESTINATION),
    ('"status": "NUMBER_BLOCKED"', C.RECIPIENT_BLOCKED),
    ("Error: AUTH_FAILED", C.ACCOUNT_OR_CONFIGURATION),
    ("Rejected: NDNC registered number", C.RECIPIENT_BLOCKED),
    ("Your sender number is blocked", C.SENDER_BLOCKED),
    ('{"error": "the destination is not an MMS enabled phone number"}', C.INVALID_DESTINATION),
    ("Failed: the number did not include a country code", C.INVALID_DESTINATION),
    ("Campaign status: failed vetting", C.SENDER_NOT_REGISTERED),
    ("Invalid parameter: originator", C.ACCOUNT_OR_CONFIGURATION),
    # the common causes in Polish, Russian, Turkish, Vietnamese, Japanese, Chinese
    ("Odbiorca jest na czarnej liście", C.OPTED_OUT_RECIPIENT),
    ("Błąd: nieprawidłowa nazwa nadawcy", C.SENDER_NOT_REGISTERED),
    ("Номер в чёрном списке", C.OPTED_OUT_RECIPIENT),
    ("Отправитель не зарегистрирован", C.SENDER_NOT_REGISTERED),
    ("Сообщение содержит запрещённые слова", C.PROHIBITED_CONTENT),
    ("Hata: mesaj başlığı hatalı", C.SENDER_NOT_REGISTERED),
    ("Günlük limit aşımı", C.RATE_OR_VOLUME_LIMIT),
    ("Thuê bao từ chối nhận tin nhắn", C.OPTED_OUT_RECIPIENT),
    ("Lỗi: chưa khai báo brandname", C.SENDER_NOT_REGISTERED),
    # Japan's reception refusal is a handset's or carrier's setting (three outside pastes)
    ("理由: 受信拒否", C.RECIPIENT_BLOCKED),
    ("错误: 签名未报备", C.SENDER_NOT_REGISTERED),
    ("短信内容含有超链接", C.URL_OR_LINK_FILTERING),
    ("状态: 关键字拦截", C.PROHIBITED_CONTENT),
    # a sender, not a recipient, on the black list; a request sent twice; an absent handset
    ("Rejected: sender is in the black list", C.SENDER_BLOCKED),
    ("Duplicate request: the same request was sent twice", C.RATE_OR_VOLUME_LIMIT),
    ("Temporary absence of the subscriber", C.UNREACHABLE_HANDSET),
    ("The message does not include your company name", C.MISSING_BRAND_IDENTIFICATION),
    # more languages: Chinese, Russian, Vietnamese, Polish, Czech, Spanish, Portuguese,
    # Turkish, Indonesian, Japanese, Korean
    ("错误: 超过日发送上限", C.RATE_OR_VOLUME_LIMIT),
    ("错误: 账号业务停机", C.ACCOUNT_OR_CONFIGURATION),
    ("回执: 用户关机", C.UNREACHABLE_HANDSET),
    ("营销短信缺少退订方式", C.MISSING_OPT_OUT_LANGUAGE),
    ("短信缺少签名", C.MISSING_BRAND_IDENTIFICATION),
    ("号码在黑名单中", C.OPTED_OUT_RECIPIENT),
    ("模板未审批", C.SENDER_NOT_REGISTERED),
    ("Подпись не зарегистрирована", C.SENDER_NOT_REGISTERED),
    ("Текст не соответствует шаблону", C.SENDER_NOT_REGISTERED),
    ("Номер заблокирован", C.RECIPIENT_BLOCKED),
    ("Lỗi: sai template", C.SENDER_NOT_REGISTERED),
    ("Tài khoản không đủ số dư", C.ACCOUNT_OR_CONFIGURATION),
    ("Błąd: nieprawidłowe pole nadawcy", C.SENDER_NOT_REGISTERED),
    ("Zpráva nedoručena: neplatné telefonní číslo", C.INVALID_DESTINATION),
    ("Error: no se ha encontrado operador", C.INVALID_DESTINATION),
    ("Erro: credenciais inválidas", C.ACCOUNT_OR_CONFIGURATION),
    ("Gönderici adınız tanımlı değil", C.SENDER_NOT_REGISTERED),
    ("Gagal: password salah", C.ACCOUNT_OR_CONFIGURATION),
    ("送信エラー: 権限がありません", C.ACCOUNT_OR_CONFIGURATION),
    ("요청이 너무 많음", C.RATE_OR_VOLUME_LIMIT),
    ("Rejected: sending number has been blacklisted", C.SENDER_BLOCKED),
    ("Campaign on hold: vetting score too low", C.SENDER_NOT_REGISTERED),
    ("Delivery failed: no active subscription for this number", C.NO_CONSENT),
    ("Not sent: an active blocking rule applies", C.RECIPIENT_BLOCKED),
    ("Error: number not assigned to this account", C.ACCOUNT_OR_CONFIGURATION),
    ("Temporary account restriction in place", C.ACCOUNT_OR_CONFIGURATION),
    ("SMS containing a link never arrives", C.URL_OR_LINK_FILTERING),
    ("The link in my text was replaced with a placeholder", C.URL_OR_LINK_FILTERING),
    ("Gateway log: connection closed by the SMSC", C.CARRIER_OR_NETWORK_FAILURE),
    ("Accents are not shown correctly on the handset", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("The text is cut off at the ampersand", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Send fails only for long messages", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Blocked: message promotes a dispensary", C.PROHIBITED_CONTENT),
    ("Code: SMS_TEMPLATE_ILLEGAL", C.SENDER_NOT_REGISTERED),
    # platforms' status words
    ("Failed (phone cannot receive texts)", C.INVALID_DESTINATION),
    ("Status: failed - device not capable", C.INVALID_DESTINATION),
    ("Result: unknown carrier", C.INVALID_DESTINATION),
    ("Status: BLACKLIST", C.OPTED_OUT_RECIPIENT),
    ("Failed: recipient is out of credit", C.RECIPIENT_BLOCKED),
    ("Please make sure you have consent before texting", C.NO_CONSENT),
    ("Contact is not marked as opted in to SMS", C.NO_CONSENT),
    ("Brand registration status: submitted", C.SENDER_NOT_REGISTERED),
    ("Texting requires the Plus plan", C.ACCOUNT_OR_CONFIGURATION),
    ("Campaign lacks a reply STOP line", C.MISSING_OPT_OUT_LANGUAGE),
    ("Daily message cap reached for 10DLC", C.RATE_OR_VOLUME_LIMIT),
    # the text as it arrived, quoted
    ('Handset shows "Caf? au lait"', C.CONTENT_TOO_LONG_OR_ENCODING),
    ('Customers see "Â£5" instead of "£5"', C.CONTENT_TOO_LONG_OR_ENCODING),
    # a quoted phone number is an address, not the text as it arrived
    ('Failed: the message sent to "+15555550123" bounced (invalid number)', C.INVALID_DESTINATION),
    ("The pound sign is not encoded correctly", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Number not yet registered for messaging", C.SENDER_NOT_REGISTERED),
    ("Error: messaging volume violation", C.RATE_OR_VOLUME_LIMIT),
    # Persian, Indonesian, Dutch, Arabic, Korean, Japanese, German, Polish, Romanian,
    # French, Ukrainian, Portuguese
    ("وضعیت: گوشی گیرنده خاموش است", C.UNREACHABLE_HANDSET),
    ("شماره در لیست سیاه است", C.OPTED_OUT_RECIPIENT),
    ("پیام حاوی لینک است", C.URL_OR_LINK_FILTERING),
    ("خطا: کمبود اعتبار", C.ACCOUNT_OR_CONFIGURATION),
    ("Pesan berisi kata sensitif", C.PROHIBITED_CONTENT),
    ("Fout: ongeldig telefoonnummer", C.INVALID_DESTINATION),
    ("Onvoldoende saldo op uw account", C.ACCOUNT_OR_CONFIGURATION),
    ("Fout: bericht te lang", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("الرصيد غير كاف", C.ACCOUNT_OR_CONFIGURATION),
    ("المحتوى يحتوي على كلمات ممنوعة", C.PROHIBITED_CONTENT),
    ("결과: 결번", C.INVALID_DESTINATION),
    ("결과: 스팸 차단", C.SPAM_LIKE_CONTENT),
    ("エラー: 許可されていないIPです", C.ACCOUNT_OR_CONFIGURATION),
    ("Status: Empfänger nicht im Netz", C.UNREACHABLE_HANDSET),
    ("Telefon był wyłączony", C.UNREACHABLE_HANDSET),
    ("Eroare: credit insuficient", C.ACCOUNT_OR_CONFIGURATION),
    ("Expéditeur non autorisé", C.SENDER_NOT_REGISTERED),
    ("Le message comporte trop de caractères", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Ім'я відправника не погоджено", C.SENDER_NOT_REGISTERED),
    ("Перевищено ліміт повідомлень", C.RATE_OR_VOLUME_LIMIT),
    ("O número do celular está incorreto", C.INVALID_DESTINATION),
    ("Not delivered: the customer's carrier blocks texts from short codes", C.RECIPIENT_BLOCKED),
    ("This contact does not accept text messages", C.RECIPIENT_BLOCKED),
    ("Blocked after a burst of outbound texts", C.RATE_OR_VOLUME_LIMIT),
    ("Texts with a tinyurl link are not arriving", C.URL_OR_LINK_FILTERING),
    ("Messages with a Dropbox share link never arrive", C.URL_OR_LINK_FILTERING),
    ("Filtered: message in all caps", C.SPAM_LIKE_CONTENT),
    ("Phone was out of network coverage", C.UNREACHABLE_HANDSET),
    ("Le fournisseur est indisponible", C.CARRIER_OR_NETWORK_FAILURE),
    ("Handset not accepting messages", C.UNREACHABLE_HANDSET),
    ("Receipt: no subscriber memory", C.UNREACHABLE_HANDSET),
    ("This contact is not contactable via SMS", C.OPTED_OUT_RECIPIENT),
    ("Ошибка: аккаунт не активен", C.ACCOUNT_OR_CONFIGURATION),
    ("Kein Zugriff auf die SIM-Karte", C.ACCOUNT_OR_CONFIGURATION),
    ("错误: IP地址限制", C.ACCOUNT_OR_CONFIGURATION),
    ("Превышено количество сообщений", C.RATE_OR_VOLUME_LIMIT),
    ("Текст содержит запрещённые фрагменты", C.PROHIBITED_CONTENT),
    ("Not sent: contact is Do Not Contact", C.OPTED_OUT_RECIPIENT),
    ("DLR failed: consent filter", C.NO_CONSENT),
    ("Rejected by message text filter", C.SPAM_LIKE_CONTENT),
    ("MMS rejected: the subject contains an emoji", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Accents were stripped on the handset", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Long texts arrive split into separate chunks", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Sending stopped after about 300 requests per hour", C.RATE_OR_VOLUME_LIMIT),
    ("The provider limit has been reached", C.RATE_OR_VOLUME_LIMIT),
    ("Message state: failed - blocked", C.RECIPIENT_BLOCKED),
    ("Messaging is blocked for this contact", C.RECIPIENT_BLOCKED),
    ("The emoji turned into a blank square on the phone", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Undelivered: handset not able to receive SMS", C.INVALID_DESTINATION),
    ("Blocked: carrier block was requested by the subscriber", C.RECIPIENT_BLOCKED),
    ("Brand registration status: in review", C.SENDER_NOT_REGISTERED),
    ("Texts stop going out after the first 500 per day", C.RATE_OR_VOLUME_LIMIT),
    ("Auto-reply is missing the required language for HELP and STOP", C.MISSING_OPT_OUT_LANGUAGE),
    # India's DLT template id
    ("Without DLT template id the message cannot be sent", C.SENDER_NOT_REGISTERED),
    ("Error: DLT_TEMPLATE_ID is missing", C.SENDER_NOT_REGISTERED),
    ("Invalid template id for the header", C.SENDER_NOT_REGISTERED),
    ("DLT template id is null in the request", C.SENDER_NOT_REGISTERED),
    # permissions, trials, credentials, an empty balance
    ("Your account is not authorized to send SMS to this country", C.ACCOUNT_OR_CONFIGURATION),
    ("Check your Geo Permissions settings for the destination", C.ACCOUNT_OR_CONFIGURATION),
    ("Your free trial has expired", C.ACCOUNT_OR_CONFIGURATION),
    ("The API token has expired", C.ACCOUNT_OR_CONFIGURATION),
    ("Your account balance is empty, so sending is suspended", C.ACCOUNT_OR_CONFIGURATION),
    # a matched stop word, typos of a limit, consent never recorded
    ("Twilio Proxy: Message Matched Stop Word", C.OPTED_OUT_RECIPIENT),
    (
        "submit_sm failed: Throtling error, ESME has exceeded allowed message limits",
        C.RATE_OR_VOLUME_LIMIT,
    ),
    ("Cannot text this contact: no SMS opt-in recorded", C.NO_CONSENT),
    # what arrived, quoted, is the alphabet; a verdict is no rendering
    ('Greek text displayed as "??????" on the handset', C.CONTENT_TOO_LONG_OR_ENCODING),
    ('received as "Caf&eacute;"', C.CONTENT_TOO_LONG_OR_ENCODING),
    ("message received as spam", C.SPAM_LIKE_CONTENT),
    # the link is the difference between what arrives and what does not
    (
        "texts with a URL are not delivered to AT&T customers, the same text without it is",
        C.URL_OR_LINK_FILTERING,
    ),
    # a size limit is the message's, not the rate's "limit exceeded"
    ("Error 11751: MMS message size limit exceeded", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Attachment exceeds the maximum size limit of the carrier", C.CONTENT_TOO_LONG_OR_ENCODING),
    ("Daily sending limit exceeded", C.RATE_OR_VOLUME_LIMIT),
    # a review's rule for the opt-out words is no recipient who opted out
    (
        "Opt-out language must include one of: STOP, END, CANCEL, UNSUBSCRIBE or QUIT.",
        C.MISSING_OPT_OUT_LANGUAGE,
    ),
    ("Short code messages not supported by the carrier", C.CARRIER_OR_NETWORK_FAILURE),
]


@pytest.mark.parametrize(("text", "cause"), CLASSES)
def test_a_class_reads_as_its_cause(text: str, cause: Cause) -> None:
    err = normalise_error(text)
    assert err.category is cause, err.note
