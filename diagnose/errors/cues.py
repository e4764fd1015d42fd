"""What a pasted error says besides its codes: whose it is, and the cause it names in words.

``providers_in`` finds the providers a paste names ("Twilio", "Nexmo", "Africa's Talking")
or shows by a mark only one of them leaves (``TwilioRestException``, AWS's
``providerResponse``, Vonage's ``err-code`` field, a link to a provider's site).
``cause_phrases`` reads the cause a sentence names in the industry's common words
("opted out", "absent subscriber", "invalid phone number", "queue is full") when no table
row matches: what an engineer pastes from a provider the table does not cover, or from a
provider's wording the table does not hold. Each phrase is a regex over the normalised
words (see ``diagnose.errors.words``); the first match wins within a cause, and causes are
ranked by how specific they are.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from diagnose.causes import Cause
from diagnose.errors.android import cause_patterns as android_patterns
from diagnose.errors.cms import cause_patterns as cms_patterns
from diagnose.errors.languages import language_patterns
from diagnose.errors.smpp import cause_patterns as smpp_patterns
from diagnose.errors.words import ARABIC_LETTERS
from diagnose.message import Provider

# Names (and former names) people use for each provider in pasted text, matched as words
# case-insensitively. Names that are also English words are in _CAPITALISED instead.
_NAMES: dict[str, Provider] = {
    "twilio": Provider.TWILIO,
    # as people misspell it in tickets and forums ("Neither Vetspire nor Twillio can ...")
    "twillio": Provider.TWILIO,
    "twillo": Provider.TWILIO,
    "twilo": Provider.TWILIO,
    "message bird": Provider.BIRD,
    "telnyx": Provider.TELNYX,
    "vonage": Provider.VONAGE,
    "nexmo": Provider.VONAGE,
    "plivo": Provider.PLIVO,
    "sinch": Provider.SINCH,
    "messagebird": Provider.BIRD,
    "infobip": Provider.INFOBIP,
    "aws": Provider.AWS,
    "amazon": Provider.AWS,
    "pinpoint": Provider.AWS,
    "sns": Provider.AWS,
    "end user messaging": Provider.AWS,
    "azure": Provider.AZURE,
    "azure communication services": Provider.AZURE,
    "commio": Provider.COMMIO,
    "thinq": Provider.COMMIO,  # its name until 2021
    "africa's talking": Provider.AFRICAS_TALKING,
    "africas talking": Provider.AFRICAS_TALKING,
    "africastalking": Provider.AFRICAS_TALKING,
    "textmagic": Provider.TEXTMAGIC,
    "clicksend": Provider.CLICKSEND,
    "telesign": Provider.TELESIGN,
    "zendesk": Provider.ZENDESK,
    "hubspot": Provider.HUBSPOT,
    "salesforce": Provider.SALESFORCE,
    "marketing cloud": Provider.SALESFORCE,
    "mobileconnect": Provider.SALESFORCE,
    "campaign registry": Provider.TCR,
    "tcr": Provider.TCR,
    "google voice": Provider.GOOGLE_VOICE,
}
# Provider names that are also ordinary words ("gladly", "bird", "bandwidth", "intercom"):
# only capitalised, as a name is written.
_CAPITALISED: dict[str, Provider] = {
    "Gladly": Provider.GLADLY,
    "Bird": Provider.BIRD,
    "Bandwidth": Provider.BANDWIDTH,
    "BANDWIDTH": Provider.BANDWIDTH,
    "Intercom": Provider.INTERCOM,
}
# Marks only one provider's messages carry: exception classes, field names, hosts.
_MARKS: tuple[tuple[str, Provider], ...] = (
    # Twilio's SDKs: "Services_Twilio_RestException" (PHP 4), "[HTTP 400] Unable to create
    # record: ..." (every SDK since 2017 prefixes a failed create so).
    (
        r"TwilioRestException|Services_Twilio|Twilio\\Exceptions|com\.twilio|twilio\.base"
        r"|\btwilio\.com|Unable to create record:|(?i:twiliorest\w*|unable-to-create-record)"
        # Its status callback's fields, which only Twilio's resource ids are named like.
        r"|\b(?:SmsSid|MessageSid|AccountSid|MessagingServiceSid)\b|\bMessageStatus="
        # Twilio's webhook field; as a bare name ("SmsStatus" enum) it is anyone's
        r"|\bSmsStatus(?=[\"']?\s*[=:])"
        # Its resource ids: two letters and 32 hex digits (SM/MM a message, AC an account,
        # MG a Messaging Service, BN a brand registration, PN a number); its A2P resources.
        r"|\b(?:SM|MM|AC|MG|BN|PN|QE|HS)[0-9a-f]{32}\b|\bBrandRegistrations?\b|\bTrust ?Hub\b"
        r"|\bUsAppToPerson\b|\bMessaging Service SID\b|\bAuthy\b|\bProgrammable Messaging\b"
        # an application's class named for it ("TwilioMobilePhoneService")
        r"|\bTwilio[A-Z][a-z]\w*",
        Provider.TWILIO,
    ),
    # Amazon SNS's validation wording ("Invalid parameter: PhoneNumber Reason: ... is not
    # valid to publish to") and its SMS attributes.
    (
        r"providerResponse|OptedOutException|arn:aws:|sms-voice|amazonaws\.com"
        r"|Invalid parameter: \w+ Reason:|InvalidParameter: Invalid parameter: \w+"
        r"|not valid to publish to|MonthlySpendLimit"
        # botocore's ClientError: "An error occurred (Throttling) when calling the Publish
        # operation: Rate exceeded".
        r"|An error occurred \(\w+\) when calling the \w+ operation|\bPinpoint\w*"
        r"|ParamValidationError|Could not find operation \w+ for version \d{4}-\d\d-\d\d"
        # Cognito, the AWS user pools that send sign-in codes through SNS.
        r"|\bCognito\w*|\bAWSCognito\w*|\b[Uu]ser [Pp]ools?\b"
        # End User Messaging's own terms for a sender and its registration.
        r"|\b(?i:origination identit(?:y|ies))\b|\bOriginationIdentity\b|\bSenderId(?:Arn)?\b",
        Provider.AWS,
    ),
    (
        r"\berr-code\b|message-timestamp|network-code|error-text|message-count|nexmo\.com"
        r"|remaining-balance|message-price|\bclient-ref\b|vonage\.com",
        Provider.VONAGE,
    ),
    (r"failure\.(?:source\.)?code|messagebird\.com|\bbird\.com", Provider.BIRD),
    # Its message ids begin "ATXid_".
    (r"SMSMessageData|failureReason|africastalking\.com|\bATXid_", Provider.AFRICAS_TALKING),
    # Azure Communication Services' SMS SDKs by package and namespace, and the label its
    # SDK repositories file SMS issues under ("[Communication - SMS] SmsClient ...").
    (
        r"DeliveryStatusDetails|Microsoft\.Communication|@azure/communication-sms"
        r"|azure-communication-sms|[Aa]zure\.[Cc]ommunication\.[Ss]ms|\[Communication - SMS\]"
        r"|communication-sms/|\bSmsClient\.send\b",
        Provider.AZURE,
    ),
    # Infobip's API error envelope: {"requestError": {"serviceException": {...}}}.
    (
        r"\bgroupName\b|\bgroupId\b|infobip\.com|\brequestError\b|\b(?:service|policy)Exception\b",
        Provider.INFOBIP,
    ),
    (r"\bSFMC\b|MobileConnect|\bJourney Builder\b|\bDigital Engagement\b", Provider.SALESFORCE),
    # ... and its 10DLC campaign statuses ("TELNYX_FAILED", "TELNYX_ACCEPTED").
    (
        r"telnyx\.com|\bmessaging_profile_id\b|\bmessage\.finalized\b|\bTELNYX_[A-Z]+\b",
        Provider.TELNYX,
    ),
    (r"plivo\.com|\bmessage_uuid\b", Provider.PLIVO),
    # Its v1 API was "Catapult" (api.catapult.inetwork.com), whose events carry a
    # deliveryState beside a deliveryCode.
    (
        r"bandwidth\.com|[\"']message-failed[\"']|catapult\.inetwork\.com|\binetwork\.com"
        r"|\bdeliveryState\b[\s\S]{0,200}\bdeliveryCode\b|\bdeliveryCode\b[\s\S]{0,200}\bdeliveryState\b",
        Provider.BANDWIDTH,
    ),
    (r"clicksend\.com|\brecipientcount\b", Provider.CLICKSEND),
    # Sinch's SMS REST API is "XMS" (``/xms/v1/{plan}/batches``); CLX was its former name.
    (r"sinch\.com|/xms/v1/|\bclxcommunications\b|\bCLX Communications\b", Provider.SINCH),
    # The prefixes a mobile carrier's own service texts carry ("Free Msg: Unable to send
    # message - Message Blocking is active", "NETWORK MSG: You replied with the word stop").
    (r"\bFree Msg\b|\bNETWORK MSG\b|رسالة مجانية", Provider.CARRIER),
    # Azure's SmsSendResult: an HttpStatusCode field beside a Successful flag.
    (r"\bHttpStatusCode\b[\s\S]{0,120}\bSuccessful\b", Provider.AZURE),
)
# A character of a word written in Latin letters. A name is a word of its own, but the
# scripts written without spaces run it into the next word ("Zendeskアカウント"), so only
# Latin letters and digits next to it make it part of another word.
_IN_WORD = "A-Za-z0-9_\u00c0-\u024f"
_NAME_RE = re.compile(
    rf"(?<![{_IN_WORD}'])("
    + "|".join(sorted(map(re.escape, _NAMES), key=len, reverse=True))
    + rf")(?![{_IN_WORD}])",
    re.IGNORECASE,
)
_CAPITALISED_RE = re.compile(
    rf"(?<![{_IN_WORD}])(" + "|".join(_CAPITALISED) + rf")(?![{_IN_WORD}])"
)
_MARKS_RE = [(re.compile(pattern), provider) for pattern, provider in _MARKS]


# SMS providers the table does not cover, with the names and website domains a paste shows
# them by: their numbers are their own, never a covered provider's code. Names that are also
# ordinary words ("Semaphore", "Exotel" is not) are matched only as written, capitalised.
UNCOVERED_PROVIDERS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Textlocal", ("textlocal",), ("textlocal.in", "textlocal.com")),
    ("Netgsm", ("netgsm",), ("netgsm.com.tr",)),
    ("Clickatell", ("clickatell",), ("clickatell.com",)),
    ("MSG91", ("msg91",), ("msg91.com",)),
    ("Kaleyra", ("kaleyra",), ("kaleyra.com", "kaleyra.io")),
    ("Brevo", ("brevo", "sendinblue"), ("brevo.com", "sendinblue.com")),
    ("OVHcloud", ("ovh", "ovhcloud"), ("ovh.com", "ovh.net", "ovhcloud.com")),
    ("MessageMedia", ("messagemedia",), ("messagemedia.com",)),
    ("SMSPortal", ("smsportal",), ("smsportal.com", "smsportal.co.za")),
    ("Inteltech", ("inteltech",), ("inteltech.com.au",)),
    ("Tencent Cloud", ("tencent cloud", "tencentcloud"), ("tencentcloud.com", "cloud.tencent.com")),
    ("SMSAPI", ("smsapi",), ("smsapi.pl", "smsapi.com", "smsapi.io")),
    (
        "LINK Mobility",
        ("LINK Mobility", "Link Mobility", "linkmobility"),
        ("linkmobility.com", "linkmobility.eu"),
    ),
    ("Esendex", ("esendex",), ("esendex.com", "esendex.co.uk")),
    ("Termii", ("termii",), ("termii.com",)),
    ("Exotel", ("exotel",), ("exotel.com", "exotel.in")),
    ("Unifonic", ("unifonic",), ("unifonic.com",)),
    ("RingCentral", ("ringcentral",), ("ringcentral.com",)),
    ("SignalWire", ("signalwire",), ("signalwire.com",)),
    ("8x8", ("8x8 sms", "8x8 cpaas", "8x8 connect"), ("8x8.com",)),
    ("BudgetSMS", ("budgetsms",), ("budgetsms.net",)),
    ("Semaphore", ("Semaphore",), ("semaphore.co",)),
    ("Mailjet", ("mailjet",), ("mailjet.com",)),
    ("SMSGlobal", ("smsglobal",), ("smsglobal.com",)),
    ("Routee", ("routee",), ("routee.net",)),
    ("Gupshup", ("gupshup",), ("gupshup.io",)),
    ("Karix", ("karix",), ("karix.io",)),
    ("Route Mobile", ("route mobile", "routemobile"), ("routemobile.com",)),
    ("EZ Texting", ("ez texting", "eztexting"), ("eztexting.com",)),
    ("SimpleTexting", ("simpletexting",), ("simpletexting.com",)),
    ("Aerialink", ("aerialink",), ("aerialink.net",)),
    ("Lox24", ("lox24",), ("lox24.eu",)),
    ("CM.com", ("cm.com",), ("cm.com",)),
    ("Smsmode", ("smsmode",), ("smsmode.com",)),
    ("Mobivate", ("mobivate",), ("mobivate.com",)),
    ("Pindo", ("pindo",), ("pindo.io",)),
    ("Kannel", ("kannel",), ("kannel.org",)),
    ("Gammu", ("gammu", "gammu-smsd"), ("wammu.eu",)),
    ("SMS Server Tools", ("smstools", "sms server tools", "smsd"), ("smstools3.kekekasvi.com",)),
    ("Jasmin", ("jasmin sms", "jasmin gateway", "jookies"), ("jasminsms.com",)),
    ("SMS.ru", ("sms.ru", "smsru"), ("sms.ru",)),
    ("Hubtel", ("hubtel",), ("hubtel.com",)),
    ("Messente", ("messente",), ("messente.com",)),
    ("MailUp", ("mailup",), ("mailup.com",)),
    ("Clockwork", ("clockworksms", "clockwork sms"), ("clockworksms.com", "mediaburst.co.uk")),
    ("TNZ", ("tnz group",), ("tnz.co.nz",)),
    ("Zenvia", ("zenvia",), ("zenvia.com",)),
    ("JiGuang", ("jiguang", "jpush"), ("jiguang.cn",)),
    ("Telstra", ("telstra",), ("telstra.com", "dev.telstra.com")),
    ("Textbelt", ("textbelt",), ("textbelt.com",)),
    ("5centsms", ("5centsms",), ("5centsms.com.au",)),
    ("TextAnywhere", ("textanywhere",), ("textanywhere.net", "textanywhere.com")),
    ("BulkSMS", ("bulksms",), ("bulksms.com",)),
    ("Telerivet", ("telerivet",), ("telerivet.com",)),
    ("46elks", ("46elks",), ("46elks.com",)),
    ("Mitto", ("mitto",), ("mitto.ch",)),
    ("Tyntec", ("tyntec",), ("tyntec.com",)),
    ("Syniverse", ("syniverse",), ("syniverse.com",)),
    # Odoo's SMS goes through its In-App Purchase (IAP) service and credits.
    ("Odoo", ("odoo", "IAP account"), ("odoo.com",)),
)


def _uncovered_pattern() -> re.Pattern[str]:
    names: list[str] = []
    domains: list[str] = []
    for _, said, sites in UNCOVERED_PROVIDERS:
        for n in said:
            word = re.escape(n).replace(r"\ ", r"[\s_-]?")
            names.append(word if n[:1].isupper() else "(?i:" + word + ")")
        domains.extend("(?i:" + re.escape(d) + ")" for d in sites)
    # A site is named inside a host too ("api.ovh.com"); a name is a word of its own.
    return re.compile(
        rf"(?<![{_IN_WORD}-])(?:" + "|".join(domains) + rf")(?![{_IN_WORD}-])"
        # A name is a dotted path's segment too ("homeassistant.components.clickatell.notify").
        # ... and the first part of a snake_case identifier ("tencentcloud_sms::SmsError").
        rf"|(?<![{_IN_WORD}-])(?:" + "|".join(names) + rf")(?:(?![{_IN_WORD}-])|(?=_[a-z]))"
    )


_UNCOVERED_RE = _uncovered_pattern()
_UNCOVERED_BY_KEY = {
    " ".join(n.lower().split()): label
    for label, names, domains in UNCOVERED_PROVIDERS
    for n in (*names, *domains)
}


def uncovered_named(text: str) -> str | None:
    """The first SMS provider the table does not cover that the text names, or None.

    Example:
        >>> uncovered_named('{"code": 400, "msg": "Error sending sms: missing Textlocal sender"}')
        'Textlocal'
        >>> uncovered_named("POST https://api.ovh.com/1.0/sms/") is None
        False
    """
    m = _UNCOVERED_RE.search(text)
    if m is None:
        return None
    key = " ".join(re.sub(r"[_-]", " ", m.group(0).lower()).split())
    return _UNCOVERED_BY_KEY.get(key) or next(
        (
            label
            for k, label in _UNCOVERED_BY_KEY.items()
            if k.replace(" ", "") == key.replace(" ", "")
        ),
        m.group(0),
    )


# Mobile network operators by the names their notices and policies go by. A paste that
# names one and no SMS provider is the carrier's own word: its rule, its outage, its block.
_OPERATORS_RE = re.compile(
    r"(?<![\w-])(?:T-Mobile|AT&T|Verizon(?: Wireless)?|Sprint|U\.?S\.? Cellular|Rogers Wireless"
    r"|Bell Mobility|Telus|Vodafone|BT/EE|Reliance Jio|Jio|Airtel|Safaricom|MTN|9mobile|Telstra"
    r"|Optus|Movistar|Telcel|Swisscom|Deutsche Telekom|Digicel|Etisalat|Ooredoo|Globe Telecom"
    # Korea's and Japan's three each, as their notices and help pages write them
    r"|SKT|SK Telecom|LG U\+|LG유플러스|LGT|NTT docomo|docomo|SoftBank|KDDI|Rakuten Mobile)"
    r"(?![\w-])"
)


def operator_named(text: str) -> str | None:
    """The first mobile network operator the text names, or None.

    Example:
        >>> operator_named("T-Mobile experienced a voice and text issue")
        'T-Mobile'
        >>> operator_named("a mobile operator") is None
        True
    """
    m = _OPERATORS_RE.search(text)
    return m.group(0) if m else None


def provider_mentions(text: str) -> list[tuple[int, Provider]]:
    """Where the text names a provider (or shows its mark), in order; a mark's place is -1."""
    named: list[tuple[int, Provider]] = []
    for m in _NAME_RE.finditer(text):
        key = " ".join(m.group(1).lower().replace("’", "'").split())
        named.append((m.start(), _NAMES[key]))
    named.extend((m.start(), _CAPITALISED[m.group(1)]) for m in _CAPITALISED_RE.finditer(text))
    named.sort(key=lambda t: t[0])
    named.extend((-1, p) for pattern, p in _MARKS_RE if pattern.search(text))
    return named


def providers_in(text: str) -> tuple[Provider, ...]:
    """Providers the text names, in order of first mention, then those its marks show.

    Example:
        >>> [p.value for p in providers_in("Nexmo err-code 9; see Africa's Talking")]
        ['vonage', 'africas_talking']
    """
    return tuple(dict.fromkeys(p for _, p in provider_mentions(text)))


class CausePhrase(NamedTuple):
    """A cause named in words: the cause, the words that name it, and where they are."""

    cause: Cause
    words: str
    start: int
    end: int


# A registration form's field the review found wrong: the contact is not a real person of the
# business, its email or the website does not match the business, the legal name or EIN does
# not match the tax records, the website does not work, its privacy policy or terms are
# missing. Brand and campaign reviews word these so (RallyCorp, GoDaddy, Kyrios, Twilio pages).
_MATCH = r"(?:does not|doesn t|did not|do not|must) (?:exactly )?(?:match|align with)"
_REGISTRATION_FORM = (
    r"contact (?:name|email|e ?mail|phone(?: number)?|person|information) (?:provided|submitted"
    r"|listed|given|entered|on file)|first and last name|authori[sz]ed (?:business )?representative"
    r"|" + _MATCH + r" (?:the |your )?(?:business|brand|company|organi[sz]ation|tax|irs|carrier"
    r"|public(?:ly available)?)(?: \w+){0,2} (?:information|info|records?|name|details|domain)"
    r"|(?:legal )?(?:business|company) name (?:and or ein )?(?:mismatch|" + _MATCH + r")"
    r"|(?:\bein\b|tax ?id|tax identification number)(?: or tax id)? (?:mismatch|(?:is |was )?"
    r"(?:invalid|incorrect|not valid)|" + _MATCH + r"|(?:could not|cannot|can t) be verified)"
    r"|(?:invalid|incorrect|mismatched) (?:\bein\b|tax ?id)|without an ein|\bcp ?575\b"
    r"|(?:brand |business |company )?(?:website|web site)(?: url)?(?: provided| submitted| listed)?"
    r" (?:is |was )?(?:could not be (?:verified|reached|accessed|loaded)|cannot be (?:verified"
    r"|reached|accessed)|not (?:working|functional|functioning|accessible|reachable|live|loading"
    r"|active)|non ?functioning|inaccessible|unreachable|under construction|password protected"
    r"|(?:does not|doesn t) (?:work|load|resolve)|" + _MATCH + r")"
    r"|(?:terms (?:of service|and conditions)|privacy policy)(?: and (?:terms (?:of service|and "
    r"conditions)|privacy policy))? (?:is |are )?(?:not (?:present|found|provided|available"
    r"|acceptable|accessible|compliant)|missing)|(?:no|missing) (?:privacy policy|terms (?:of "
    r"service|and conditions))|campaign description (?:" + _MATCH + r"|is (?:unclear|vague|missing)"
    r"|lacks)"
)


# A reviewer's finding written as an identifier (``SAMPLE_NO_BRAND``, ``DESC_VAGUE``,
# ``OPT_IN_MISSING``), read as its words (``diagnose.errors.words.plain_words``): the
# sample-message, description and opt-in checks a campaign review runs (Swivel CRM's TCR
# troubleshooting guide lists them so).
_REVIEW_LABELS = (
    r"samples? (?:no|generic|only|missing|use case)|desc (?:vague|boilerplate|tech centric"
    r"|third person|multi purpose|no trigger)|opt ?in (?:missing|not|insufficient|unclear|vague"
    r"|implied|forced|form|url|message|msg|confirmation)"
)


# A registration review's finding in its own words: the campaign or brand was rejected, the
# opt-in, call to action, sample messages or privacy policy fell short. Reviewers write these
# (The Campaign Registry's vetting, a toll-free verifier); providers relay them.
_REVIEW = (
    # (not a modem's registration on the mobile network: "Network registration: DENIED")
    r"(?:campaign|brand|(?<!network )registration|vetting|verification) (?:was |has been )?"
    r"(?:rejected"
    r"|rejection|declined|denied|denial|failed)|(?:campaign|content) attributes?"
    r"|age gate (?:attribute|is not)"
    r"|sample messages? (?:do|does|don t|doesn t|is|are|must|need|missing|lacks?|contains?"
    r"|has|have|needs|should|was not|were not)|(?:no|not a|invalid) (?:valid )?sample "
    r"messages?|use ?case (?:mismatch"
    r"|description|and)|inconsistency between|inaccurate registration|opt ?in (?:process"
    r"|workflow|flow|description|language|message) (?:is |was )?(?:not|insufficient|missing"
    r"|must|unclear)|non ?compliant opt ?in|privacy policy (?:is )?(?:missing|required|must)"
    r"|opt ?out (?:details|message|language) (?:are |is )?(?:unclear|missing)"
    r"|(?:insufficient|inadequate|implied) (?:opt ?in|call to action|cta)|subscriber help"
    r"|(?:failed|rejected|declined|denied) (?:\w+ )?(?:review|vetting)|brand address"
    r"|call to action|\bcta\b|online presence|campaign submission|brand (?:details"
    r"|inconsistenc(?:y|ies))|" + _REGISTRATION_FORM + r"|" + _REVIEW_LABELS
)
# What a review is of when it is not a 10DLC brand or campaign: a toll-free number's
# verification, a short code's, a sender ID's or an Indian DLT header's.
_NOT_TEN_DLC = r"toll ?free|\btfn\b|\btfv\b|short ?codes?|sender ?id|\bdlt\b"
_REVIEW_RE = re.compile(r"(?<![a-z0-9])(?:" + _REVIEW + r")(?![a-z0-9])")
_NOT_TEN_DLC_RE = re.compile(r"(?<![a-z0-9])(?:" + _NOT_TEN_DLC + r")(?![a-z0-9])")


def review_words(norm: str) -> str | None:
    """The words of any registration review's finding (10DLC, toll-free, sender ID), or None.

    Example:
        >>> review_words("toll free verification rejected url issues")
        'verification rejected'
    """
    m = _REVIEW_RE.search(norm)
    return m.group(0) if m else None


def registry_finding(norm: str) -> str | None:
    """The words of a 10DLC vetting finding in the normalised text, or None.

    A registration review's words ("campaign rejected", "opt-in process not compliant")
    with nothing saying the review was of a toll-free number, a short code or a sender ID:
    The Campaign Registry's vetting, whichever provider relayed it.

    Example:
        >>> registry_finding("non compliant opt in opt in process not compliant")
        'non compliant opt in'
        >>> registry_finding("toll free verification rejected") is None
        True
    """
    m = _REVIEW_RE.search(norm)
    if m is None or _NOT_TEN_DLC_RE.search(norm):
        return None
    return m.group(0)


# The cause each common phrase names, over normalised words. Specific before generic: an
# "opted out" beats a "failed". Phrases quote no provider's table; they are the trade's words.
_PHRASES: tuple[tuple[Cause, str], ...] = (
    # SMPP's command status names (``ESME_RTHROTTLED``): exact, so before any phrase.
    *smpp_patterns(),
    # A GSM modem's "+CMS ERROR: 38": the network's, the SMS centre's or the modem's cause.
    *cms_patterns(),
    # An Android phone's SmsManager result ("RESULT_ERROR_NO_SERVICE"), as handset gateways
    # pass it on: nobody's code either.
    *android_patterns(),
    (
        # A report that no final status came back ("Message status unknown, no status
        # update received from SMSC after 72 hours"): nothing says what happened, so not
        # the gateway's failure either.
        Cause.UNKNOWN,
        r"(?:message |delivery |final )?status (?:is )?unknown|no (?:final |delivery )?(?:status"
        r"|delivery report|delivery receipt|dlr)(?: update)? (?:was )?(?:received|returned"
        r"|available)",
    ),
    # The rule the first text breaks, as a platform states it ("must be given instructions in
    # the first text ... of how they can opt out", "include one of the following STOP words
    # in your initial text message"): before the opted-out words' "stop keyword".
    (
        Cause.MISSING_OPT_OUT_LANGUAGE,
        r"instructions? (?:\w+ ){0,8}(?:how|on how) (?:they|to|you|recipients|customers|contacts"
        r"|leads) (?:can |may )?opt ?out"
        r"|(?:include|add|contain|use|put)s? (?:one of )?(?:the )?(?:following |an? )?stop "
        r"(?:words?|keywords?|language) (?:\w+ ){0,2}(?:in|to) (?:your |the |each )?(?:first "
        r"|initial|opening)"
        # Korea's free opt-out line an advertising text must carry, not provided ("무료수신거부
        # 조치를 취하지 않고 ..."); not a recipient who opted out through it
        r"|무료 ?수신 ?거부 (?:조치를 취하지|번호(?:를|가)? (?:누락|미기재|기재하지|표기하지|없))",
    ),
    # A sender's list of numbers that opted out ("added this number to the stop list").
    # Or a platform's suppression list ("Contact is suppressed").
    (
        Cause.OPTED_OUT_RECIPIENT,
        r"stop ?list(?:ed)?|suppression (?:list|table|group)"
        r"|suppressed (?:phone )?(?:number|contact|recipient|subscriber)s?"
        r"|(?:contact|recipient|number|subscriber|phone) (?:is "
        r"|was |has been )?suppressed",
    ),
    (
        Cause.OPTED_OUT_RECIPIENT,
        # the STOP auto-reply's way back ("Text back RESUME to unblock your number")
        r"(?:text|reply|send)(?: back)? (?:resume|start|unstop|unblock) to (?:unblock|resubscribe"
        r"|re ?subscribe|opt (?:back )?in|start receiving|receive)|"
        r"opted out|opt(?:ed)? ?out list|(?:has|have|had|was|were|is|been) unsubscribed"
        r"|unsubscribed (?:recipient|user|number|contact|from)|(?:number|recipient|user|subscriber"
        # whoever the business texts: tenants, clients, patients, parents, donors...
        r"|contact|customer|client|patient|tenant|member|parent|guest|student|donor|lead|resident"
        r"|person|people|employee|caller)s? (?:who |that )?(?:has |have |had )?opt(?:s|ed)? out"
        # a request to opt out ("If an individual requests to opt-out of future messages")
        r"|(?:requests?|requested|asks?|asked|chooses?|chose|elects?|elected) to opt ?out"
        # the STOP reply said done ("replies STOP", 'Sent in "STOP"', "texts STOP"); the
        # imperative ("Reply STOP") is an instruction, not a recipient who opted out
        r"|(?:repl(?:ies|ied)|sen(?:ds|t)|text(?:s|ed)|respond(?:s|ed))(?: in| back)?"
        r"(?: with)?(?: the)?(?: word| keyword)? stop(?! \w+ing\b)|stop (?:keyword|request|message)"
        r"|user ?in ?black ?list|black ?ist(?:ed)?\b"
        r"|(?<!sender )(?<!sender is )(?:in|at|on) (?:the |a )?(?:black|block) ?list"
        r"|black ?listed (?:number|user"
        r"|recipient|destination)|(?<!from )(?<!sender )(?<!sending )(?<!source )"
        r"(?:number|recipient|user) (?:is |may become |has become |became |was )?blacklisted"
        r"|unsubscribed|(?<!to )unsubscribes?"
        r"|method of unsubscribing"
        r"|стоп ?лист|отписал(?:ся|ась)?|abgemeldet|désinscrit|désabonné|dado de baja"
        # Not the unsubscribe wording a template must carry ("退订内容不符合规定").
        r"|(?<!缺少)退订(?!内容|语|方式|提示|文案)"
        # not a sender's signature on a blacklist, nor blacklisted keywords
        r"|(?<!签名)(?<!簽名)黑名[单單](?!关键|關鍵)"
        r"|stop on phone ?number|in opt ?out (?:state|status|list)|opt ?out state"
        r"|(?:matched|matches|contains?) (?:a |the )?stop (?:word|keyword)"
        r"|no esta suscrito|not a subscriber"
        # pl, ru, vi, ja: on the black list, refused to receive, delivery stopped.
        r"|czarnej li[sś]cie|czarna lista|(?:в )?ч[её]рном списке|ч[её]рный список"
        # not the opt-out guidance a text must carry ("受信拒否案内メッセージがない")
        r"|từ chối nhận tin|配信停止(?!案内)|수신 ?거부(?! ?안내)"
        # fa, ro
        r"|لیست غیر فعال|بلکلیست|لیست سیاه|optat pentru a nu primi"
        # Opted out at the carrier, not with the sender ("CarrierOptOut").
        r"|(?:carrier|network|operator) opt(?:ed)? ?out"
        r"|(?:numéro|destinataire) blacklisté|liste noire|lista negra|lista nera"
        r"|not contactable (?:on|via|by) (?:the )?(?:sms|text)|do not contact"
        r"|^(?:\w+ )?(?:status )?blacklist(?:ed)?$"
        # a phone number a gateway answers for ("256700555012:BLACKLISTED")
        r"|\d{8,15} blacklist(?:ed)?\b",
    ),
    # The words of a registration review (10DLC campaign vetting, toll-free verification):
    # whatever the finding, the sender stays unregistered until it is fixed.
    (Cause.SENDER_NOT_REGISTERED, _REVIEW + r"|拒否の理由|登録(?:が)?拒否|オプトインがありません"),
    # A caller number to register in advance (Korea's pre-registration of sender numbers):
    # before the destinations' "invalid numbers".
    (
        Cause.SENDER_NOT_REGISTERED,
        r"pre ?registration of (?:the )?(?:sender |sending |caller )?numbers?"
        r"|not registered (?:at|as) (?:a |the )?sender number"
        # a registration's use case refused ("use-case-denied", "The use case requested has
        # been denied for this brand"), a number that cannot join a campaign, shared short
        # codes the carriers no longer take
        r"|use case (?:requested )?(?:has been |was |is )?(?:denied|rejected|declined|not "
        r"approved)|(?:fail(?:ed)? to|cannot|can t|could not|unable to|may fail to) (?:be )?"
        r"assign(?:ed)?(?: \w+)? to (?:a |the |this )?campaign"
        r"|shared short ?codes? (?:are|is) (?:not|no longer)"
        r"|(?:sender ?id|sid) (?:registration|protection registry)"
        r"|(?:might|may|will|would|now) requires? (?:a |prior )?registration"
        # "All UK alpha sender IDs now require a registration application approval"
        r"|sender ?ids? (?:\w+ )?(?:now )?requires? (?:a |prior )?(?:registration|approval)"
        r"|(?:need to|needs to|must|required to|either) (?:first )?register (?:a |the |your |their "
        r"|its )?(?:alphanumeric )?sender ?ids?"
        # a sender ID refused or never registered ("Sender ID rejected", "Allo rejected the
        # sender ID", "All non-registered Sender IDs will be marked as Likely-SCAM"), or
        # swapped for another ("the sender id I set isn't used")
        r"|sender ?id (?:was |has been |is |been )?(?:rejected|declined|refused|denied)"
        r"|(?:rejected|declined|refused|denied) (?:the|your|their|my) sender ?id"
        r"|non ?registered (?:alphanumeric |alpha )?sender ?ids?"
        r"|sender ?id (?:i |we |you )?(?:set|specified|chose|chosen|configured)? ?(?:\w+ ){0,3}"
        r"(?:isn t|is not|wasn t|was not) (?:being )?(?:used|displayed|shown)"
        # toll-free numbers not verified, before the fraud and spam words a rule gives as why
        r"|unverified toll ?free (?:numbers?|senders?|traffic)"
        r"|toll ?free verification is (?:a |an )?(?:\w+ ){0,2}requirement"
        r"|submit an application (?:and|to) (?:get|be) approved"
        r"|non (?:10 ?dlc )?registered (?:phone )?numbers"
        r"|(?:campaigns?|brands?|registrations?) (?:\w+ ){0,3}(?:will not|won t|cannot|can t|would "
        r"not) be approved",
    ),
    # Consent asked for and not given ("have yet to reply with Yes", "invalid optin user").
    (
        Cause.NO_CONSENT,
        r"(?:yet to|not yet|has not|have not|hasn t|haven t) (?:replied|reply|responded|respond"
        r"|confirmed|confirm)(?: \w+){0,3} (?:yes|opt ?in)|pending opt ?in"
        r"|opt ?in (?:is |still )?pending|invalid opt ?in",
    ),
    (
        Cause.NO_CONSENT,
        r"no consent|without (?:prior )?consent|unconsented|unsolicited|never (?:\w+ )?opted in"
        r"|consent filter"
        r"|not (?:set|marked|flagged) (?:to|as) opt(?:ed)? ?in|no (?:valid |active )?subscription"
        r"|(?:ensure|make sure) (?:that )?you have (?:\w+ )?consent"
        r"|(?:must|needs? to|has to|have to) be (?:opted in|subscribed to (?:the )?(?:sms|text))"
        r"|(?:did not|didn t|does not|doesn t) opt ?in|no (?:sms |text )?consent"
        r"|must (?:first )?(?:have|get|obtain) (?:their |explicit |express )?(?:permission"
        r"|consent) (?:from|of) (?:each|every|the) (?:person|recipient|contact|customer)"
        r"|(?:has not|have not|hasn t|haven t|did not|didn t|never) (?:given|provided|granted) "
        r"(?:their |its |his |her |any )?(?:sms |text )?consent"
        r"|not subscribed to (?:sms|text messages|texts|text|mobile messages)"
        r"|(?:gained|obtained|collected) consent from"
        r"|consent (?:was )?(?:not (?:given|obtained|found)"
        r"|missing)|(?:has|have|had) not opted in|not opted in|never opted in|no opt ?in"
        # A review's words for consent never collected ("no mention of a written opt-in",
        # "requires prior express written consent").
        r"|(?:no|without|missing|lacks?) (?:mention of )?(?:a |any )?(?:prior )?(?:express )?"
        r"(?:written )?(?:consent|opt ?in)|requires? (?:prior )?express (?:written )?consent"
        r"|no (?:sms |text )?opt ?in|opt ?in notice",
    ),
    # A platform that found no opt-out words in the text ("a STOP clause is not detected").
    (
        Cause.MISSING_OPT_OUT_LANGUAGE,
        r"(?:stop|opt ?out|unsubscribe) (?:clause|language|text|line|keyword|instructions?)s? "
        r"(?:is |was |are )?(?:not (?:detected|found|included|present)|missing)"
        # a rule that the texts carry them ("Promotional messages must carry the opt out
        # instructions")
        r"|(?:must|should|need to|needs to|have to|has to|are required to|is required to) "
        r"(?:carry|include|contain|have)(?: out)? (?:the |an |a |clear )?(?:\w+ ){0,3}opt ?out "
        r"(?:instructions?"
        r"|language|message|text|keywords?)"
        # the STOP mention a route requires ('the mention "STOP au XXXXX" is mandatory')
        r"|(?:mention|wording|instruction|notice)s? (?:of )?(?:the )?stop(?: \w+){0,3} "
        r"(?:is |are )?(?:mandatory|required|compulsory|obligatory)",
    ),
    (
        Cause.MISSING_OPT_OUT_LANGUAGE,
        r"(?:missing|no|without|lacking) (?:\w+ )?unsubscri(?:be|ption) keywords?"
        r"|(?:missing|no|without) opt ?out (?:language|instructions?|text|keywords?|info"
        r"|information|details)|missing opt ?out\b(?! confirmation)"
        r"|opt ?out (?:language|instructions?) (?:is )?(?:missing|required)|缺少退订"
        r"|(?:no|missing|without|lacks?|lacking) (?:an? |the )?(?:\w+ ){0,2}(?:reply )?stop (?:to "
        r"\w+ )?"
        r"(?:line|language|text|instructions?|footer|keyword)"
        r"|(?:lacks?|lacking|missing|without) (?:the )?(?:required )?(?:wording|language|text"
        r"|words)(?: \w+){0,3} (?:help|stop)"
        r"|opt ?out (?:language|instructions?) (?:should|must|needs? to) (?:incorporate|include"
        r"|contain|have)"
        r"|stop (?:mention|wording|instruction|keyword)s?(?: \w+){0,4} (?:is |are )?missing"
        # "No opt-out mechanism provided"
        r"|(?:no|missing|without|lacks?|lacking) (?:an? |the )?opt ?out (?:mechanism|option|method"
        r"|instructions?|language|link|keyword|message)s?",
    ),
    (
        Cause.MISSING_BRAND_IDENTIFICATION,
        r"(?:does not|doesn t|did not) (?:include|contain|identify|mention) (?:the |your )?"
        r"(?:originator|sender|brand|company|business)|缺少签名"
        r"|(?:brand|company|business|originator|sender) name (?:is )?"
        r"(?:missing|not included|required)|(?:missing|no) (?:brand|company|business) name"
        r"|(?:missing|no|without) (?:the )?brand\b|must (?:include|contain|state|name|identify) "
        r"(?:the |your |a )?(?:brand|business|company)(?: name)?"
        # the rule as a guide states it ("subscribers must always know who is texting them",
        # "Always start with your business name")
        r"|(?:start|begin|open)s? (?:\w+ )?with (?:your |the )?(?:business|company|brand) name"
        r"|know who is (?:texting|messaging|contacting|sending)",
    ),
    # A sender ID ("mask" in South Asia, a source address) the provider blocked: before
    # a status that is only "blocked", which reads as the recipient's.
    (
        Cause.SENDER_BLOCKED,
        r"(?:sender )?mask (?:is |was |has been )?blocked|blocked mask"
        r"|(?:src|source|sender) (?:addr|address) (?:\w+ )?black ?(?:list|lst)\w*"
        # India's DLT: the registered telemarketer (the sending entity) blacklisted.
        r"|telemarketer (?:is |was |has been )?(?:black ?listed|blocked|barred)"
        # a sender ID a rule refuses ("SMSs sent using Generic Sender IDs ... will be
        # blocked"), one an operator deletes, a campaign a network suspended
        r"|sender ?ids?(?: \w+){0,12} (?:will be|are|is|were|was|get) blocked"
        r"|(?:delete|deactivate|suspend|revoke)s? (?:your |the )?sender ?ids?"
        r"|campaign (?:\w+ ){0,2}suspended on (?:the )?\w+(?: wireless)? network"
        # The sending number itself ("The From number has been suspended", "Sending number
        # has been blocked by the carrier"); not "your number", which an app's notice to its
        # user says of the recipient's. Before the recipient's "number is blocked".
        r"|(?:from|sending|sender s|originating|source) (?:phone )?number (?:is |was "
        r"|has been )?(?:temporarily |permanently )?(?:blocked|suspended|banned|deactivated)"
        # ... unless the recipient blocked it ("From number is blocked by the end user").
        r"(?! by (?:the |this |an? )?(?:end )?(?:users?|recipients?|receivers?|subscribers?"
        r"|customers?|contacts?|persons?))",
    ),
    # Requests blocked for how they behave ("we have blocked all your requests from this
    # device due to unusual activity"): before the credentials' "authentication failed".
    (
        Cause.FRAUD_PROTECTION_BLOCK,
        r"sim ?(?:card )?(?:change|swap)(?:ped)? (?:check|detected|protection)|sim ?swap|"
        r"(?:unusual|suspicious|abnormal|anomalous) (?:activity|traffic|behaviou?r|requests)",
    ),
    # A check of the sender's own request ("Invalid Captcha Token") and a destination
    # country the account has not switched on ("Country Inactive. Contact Administrator to
    # activate country."): before the recipient's "DND" a route's name may hold.
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"(?:invalid|missing|expired|wrong) (?:re ?)?captcha(?: token)?"
        r"|(?:re ?)?captcha (?:token )?(?:failed|invalid|expired|verification failed)"
        r"|country (?:is )?(?:inactive|not (?:activated|enabled|active))|activate (?:the |this )?"
        r"country",
    ),
    # A modem not let onto the mobile network ("Network registration: DENIED", "+CREG: 2,3").
    (
        Cause.CARRIER_OR_NETWORK_FAILURE,
        r"network registration (?:is |was )?(?:denied|failed|lost|rejected)|creg(?: [0-9])? 3",
    ),
    # A sending window the sender set ("Rejected because of DND" in a campaign's DND hours,
    # "QuietHoursSendSkip"): the sender's own setting, not a registry's block.
    # An SMPP session refused at login ("bind_transceiver_resp: 0x0D Bind Failed", SMPP's
    # ESME_RBINDFAIL; a "bind error" may be the link's), a receipt's "stat:NOCRED".
    # Credentials and the request's own identity ("Invalid password", "STATUS_INVPASWD",
    # "Invalid or missing api_id", "The IP address is temporarily blocked"): before the
    # destination's "invalid".
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"(?:invalid|wrong|incorrect|bad) (?:login |user )?password|password (?:is )?"
        r"(?:invalid|wrong|incorrect)|inv ?pas?swd|(?:invalid|missing|wrong|incorrect)"
        r"(?: or (?:invalid|missing|incorrect))? (?:\w+ )?api (?:id|key|token)|api (?:id|key|token)"
        r" (?:is )?(?:either )?(?:invalid|missing|incorrect)"
        # a request missing what it must name ("must specify topicArn, targetArn, or phone
        # number"), credits run out ("No more communication credits available")
        r"|must specify|no (?:more )?(?:sms |communication |message |text |messaging )?credits?"
        # an IAM role the service may not assume (Cognito's InvalidSmsRoleTrustRelationship)
        r"|(?:sms )?role trust relationship|(?:sms )?role access policy|trust relationship allowing"
        r"(?! card)"
        r"|ip (?:address )?(?:is )?(?:temporarily )?(?:blocked|banned|not allowed|not whitelisted)"
        # An account still in trial ("Can't send to this recipient when service is in trial
        # mode"): the trial is why, not the recipient it names.
        r"|(?:service|account|project|app) (?:is )?(?:still )?in (?:a )?(?:trial|sandbox) mode"
        # A sending number not set up in the account ("The from number ... is not assigned
        # to a messaging profile", "not associated with a Messaging Service").
        r"|not (?:assigned|attached|associated|linked|added) (?:to|with) (?:a |any |the |an "
        r"|your )?(?:messaging (?:profile|service)|sending pool|application|sender pool)"
        # A sender ID longer than a sender ID may be ("From field is longer than the maximum
        # alphanumeric length of 11"): the request's setup, not the text's length.
        r"|(?:from|sender|sender id|originator|source address|alpha(?:numeric)? sender(?: id)?)"
        r"(?: field| address| name| value)? (?:is |was )?(?:longer than|too long|exceeds)"
        r"|from exceeds max|(?:from|sender|sender id|originator) (?:parameter|field|value|address)"
        r"(?: \w+){0,3} (?:does not|doesn t|did not) (?:obey|follow|meet|comply with|match) "
        r"(?:these |the |our )?(?:rules|requirements|format)"
        # A restriction of the account to its own numbers ("SMS can only be sent to the
        # account holder number"): a trial or unverified account.
        r"|can only (?:be )?sen[dt] (?:sms |messages |texts )?to (?:the |your )?(?:account "
        r"holder|verified|registered|own|account s)"
        # A spending cap the account set or was given ("exceeds your spending quota", "the
        # Spend Limit being reached"): before the rates' "quota" and "limit".
        r"|spend(?:ing)? (?:limit|quota|cap|threshold)|monthly spend"
        # A trial account's own numbers ("Sending is limited to your own number", "You can
        # only send test messages to your own mobile number").
        r"|(?:sending|messaging|texting) is (?:limited|restricted) to your own (?:mobile |phone )?"
        r"numbers?|only send (?:\w+ )?(?:messages |sms |texts )?to your own (?:mobile |phone "
        r"|verified )?numbers?"
        # A sending number that is not the account's ("Sending a message from a number not
        # associated with your account").
        r"|from a (?:phone )?number (?:that is )?not (?:associated with|in|owned by|part of|on) "
        r"(?:your|the|this) account"
        # A sender type that reaches only its own country ("does not support sending messages
        # to phone numbers located outside of United States").
        r"|(?:does not|doesn t|do not|don t|cannot|can t) (?:support )?send(?:ing)? (?:messages "
        r"|sms |texts )?to (?:phone )?numbers (?:located )?outside"
        # An integration not connected ("Cloud is not connected", "This instance is not
        # connected to Grafana Cloud OnCall").
        r"|(?:account|instance|integration|cloud|app|workspace|plugin) (?:is |was )?not (?:yet )?"
        r"connected"
        # An API request's signature or parameters refused ("Specified signature is not matched
        # with our calculation", "Params must be [a-zA-Z0-9]").
        r"|signature (?:is |was )?not matched|signature does ?not match|params? (?:must|should) be"
        # An account not switched on yet ("Account not activated").
        r"|account (?:is |has )?not (?:yet )?(?:been )?(?:activated|active|enabled)"
        # A service the account has not switched on, a callback address it set wrong.
        r"|(?:sms |messaging |text )?(?:service|feature|product|channel) (?:is |has )?not (?:yet )?"
        r"(?:been )?(?:activated|enabled)|(?:webhook|callback|status callback|dlr) url (?:is )?"
        r"(?:invalid|not valid|malformed|missing|unreachable|not reachable)",
    ),
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"bind (?:failed|failure|refused)|(?:smpp )?login (?:failed|refused)|nocred",
    ),
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"(?:dnd|do not disturb|quiet) (?:hours?|window|time|period|time ?span|schedule)s?"
        r"|(?:cannot|can t|can not|not allowed to) send (?:at|during|in) (?:this|these|that) "
        r"(?:hours?|time)",
    ),
    # A block the line's owner set (an adult or parental lock, a DLT preference the message
    # does not match), or the recipient's own refusal; not a refusal by its carrier.
    # Words of the text blocked ("KEYWORD_BLOCKED"): before a status that is only "blocked".
    (Cause.PROHIBITED_CONTENT, r"(?:keywords?|words?) (?:is |was |were )?blocked"),
    # A line its operator suspended or that may not receive while roaming.
    (
        # The recipient's own network barring the line ("the network has put a block on the
        # number, for example, due to unpaid bills").
        Cause.RECIPIENT_BLOCKED,
        r"(?:network|carrier|operator) has (?:put|placed) a (?:block|bar) on (?:the |this )?"
        r"(?:number|line|subscriber)|(?:unpaid|outstanding|overdue) bills?",
    ),
    (
        Cause.RECIPIENT_BLOCKED,
        r"(?<!account )(?:number|line|subscriber|msisdn) (?:is |was |has been )?suspended"
        r"|suspended (?:number|line|subscriber)|roaming (?:is )?not (?:allowed|permitted)",
    ),
    (
        Cause.RECIPIENT_BLOCKED,
        r"receiver (?:is |has been )?(?:blocked|barred)|receiver (?:is )?(?:black|block) ?listed"
        # a carrier's auto-reply when the subscriber blocked the sender ("You have been blocked
        # from originating messages to this subscriber")
        # Japan's 受信拒否 (a handset's or its carrier's setting refusing SMS, not an opt-out
        # from one sender), a gateway's "disable list"
        r"|受信拒否(?!案内)|disable ?list(?:ed)?|(?:in )?barring status|subscriber (?:is )?barred"
        r"|destination (?:mobile |phone )?number (?:is |was |has been )?blocked(?! by)"
        r"|blocked from (?:originating|sending) (?:\w+ )?(?:messages|texts|sms) to (?:this|the)"
        r" (?:subscriber|number|recipient|customer)",
    ),
    (
        Cause.RECIPIENT_BLOCKED,
        r"parent(?:al)? (?:lock|control)s?|adult (?:parent )?lock|preference not matched"
        r"|(?:rejected|refused|declined) by (?:the )?(?:recipient|receiver|subscriber)"
        r"(?! s| carrier| network| operator| handset)",
    ),
    (
        Cause.RECIPIENT_BLOCKED,
        r"do not disturb|\bdnd\b|\bndnc\b|\bncpr\b"
        r"|message blocking (?:is )?(?:active|enabled|on|turned on)"
        r"|call barred|number barred|barring (?:the )?(?:reception|receipt) of (?:sms|texts?"
        r"|messages)"
        r"|block on (?:receiving )?(?:short ?codes?|premium (?:sms|messages)|texts?|sms)"
        r"|(?:carrier )?block (?:was )?requested|carrier block (?:on|placed)"
        # "the number is blocked", or a status that is only that ("NUMBER_BLOCKED"); not "a
        # text to a UK number blocked", where the message is what was blocked.
        r"|(?<!sender )(?<!from )(?<!sending )(?<!same )(?:number|msisdn) (?:is|has been|was) "
        r"blocked(?! for \d)|^(?:status |error )?(?:number|msisdn) blocked$"
        # A number blocked from receiving ("Blocked Number", Spanish "No acepta SMS").
        r"|(?:carrier|operator|network) s? black ?list"
        # A message's status that is only "Blocked" ("Delivery Status: Failed: Blocked"): kept
        # from its recipient, by the carrier or the recipient's own block.
        r"|(?:status|failed|result|state)(?: (?!sender|from|originator|source|header|mask)\w+)"
        r"{0,2} blocked$|messaging (?:is )?blocked"
        r"|(?:plan|account|carrier|phone|handset|line) blocks? (?:\w+ )?(?:texts?|sms|messages)"
        r"|(?:does not|doesn t|do not|don t) (?:permit|allow|accept) (?:sms|texts?|text messages)"
        r"|(?:subscriber|recipient|handset|destination) (?:is |has )?(?:out of|no|insufficient) "
        r"(?:credit|balance|airtime)"
        r"|(?:номер )?адресат\w* (?:\w+ )?заблокирован|номер заблокирован|(?:active )?blocking rule"
        r"|blocked (?:phone )?(?:number|recipient|destination|contact)s?(?! (?:not|is|was|has"
        r"|must|needs|does))|no acepta (?:sms|mensajes)"
        r"|prepaid (?:\w+ ){0,3}(?:out of|without|with no|no) (?:credit|balance|funds)"
        r"|(?:recipient|subscriber|destination|handset) (?:has |is )?blocked|barred"
        r"|call bar(?:ring)? service|blocked by the end user|(?:black|block) ?listed msisdn"
        r"|msisdn (?:is )?(?:black|block) ?listed"
        r"|blocked by (?:the )?(?:recipient|subscriber|user)"
        # "The destination number you are trying to reach is blocked from receiving this message"
        r"|(?:number|destination|recipient|subscriber|sim)(?: \w+){0,6} (?:is |was |are )?blocked "
        r"from receiving"
        r"|premium (?:sms|messages?) (?:are )?blocked"
        r"|short ?codes? (?:texting )?(?:is |are |may be )?blocked"
        # A destination the owner, a regulator or the provider's list bars ("302: Destination
        # address blocked", "SMS delivery to the number is restricted due to a request by the
        # owner or WASPA", SMPP 0x040C "Destination address blocked").
        r"|destination (?:address|number|msisdn) (?:is |has been )?(?:blocked|barred|restricted)"
        r"|delivery to (?:the |this )?(?:number|recipient|subscriber|msisdn|destination) "
        r"(?:is |has been )?(?:restricted|blocked|barred)",
    ),
    # Consent not given on the form ("SMS steps skip when marketing consent was unchecked").
    (
        Cause.NO_CONSENT,
        r"(?:marketing |sms |text )?consent (?:was |is |box (?:was |is )?)?(?:unchecked|not checked"
        r"|not given|not granted|declined)|without (?:marketing |sms )?consent",
    ),
    # A number that cannot take texts ("not a number that can receive text messages").
    (
        Cause.INVALID_DESTINATION,
        r"not (?:a |an )?(?:number|phone|line) that can (?:receive|accept) (?:text messages|texts"
        r"|sms|messages)|unrecogni[sz]ed (?:recipient|destination|msisdn|mobile number)"
        r"|(?<!sender )(?<!from )(?<!source )(?<!originating )(?<!origination )number (?:is )?not "
        r"recogni[sz]ed by",
    ),
    # A number judged invalid ("a phone number is recognized as invalid", "identified as
    # invalid"): before the spam words' "flagged".
    (
        Cause.INVALID_DESTINATION,
        r"(?:number|recipient|destination|msisdn)s? (?:is |are |was |were |has been |have been )?"
        r"(?:recogni[sz]ed|identified|detected|flagged|marked|considered|determined|classified"
        r"|reported) as (?:an? )?invalid",
    ),
    # Identifiers' short forms and a gateway's format words ("InvalidRecp", "MOBILE_NUMBER_
    # ILLEGAL", "DESTINATION_FORMAT_ERROR", "Number prefix not supported").
    # A number of the wrong length ("txtNUMBER_TOO_SHORT"): before a message "too long".
    (
        # A number that cannot take texts at all ("doesn't support text messaging"), a
        # landline, a number written wrong.
        Cause.INVALID_DESTINATION,
        r"(?:doesn t|does not|don t|do not|cannot|can t|unable to) (?:support|receive) (?:text "
        r"messag\w*|sms(?: messages)?|texts?)(?! from)|landlines?|fixed ?lines?|fixed line "
        r"number|(?:number|recipient) is "
        r"(?:incorrect|wrong)|(?:incorrect|wrong) (?:phone |mobile )?numbers?",
    ),
    (
        Cause.INVALID_DESTINATION,
        r"(?:number|msisdn|destination|phone(?: number)?|recipient) (?:is )?too (?:short|long)",
    ),
    (
        Cause.INVALID_DESTINATION,
        r"(?:recipient|receiver|subscriber|destination|msisdn|user|phone) (?:number )?"
        r"(?:does not|doesn t|did not|not) exist",
    ),
    (
        Cause.INVALID_DESTINATION,
        r"invalid (?:recp|rcpt|rcp|recip|num|mob|msisdn|phone|mobile)(?! provider)"
        r"|(?:mobile|phone) ?(?:number )?illegal"
        r"|illegal (?:mobile|phone) ?number|(?:destination|number|phone|msisdn|recipient) "
        r"format (?:error|invalid|incorrect)|(?:number )?prefix (?:is )?not supported"
        r"|unsupported (?:number )?prefix|invalid (?:number )?prefix"
        r"|(?:unsupported|invalid|bad|wrong) (?:cell|cellphone|cell phone|handset) ?numbers?"
        r"|(?:all|every) (?:the )?(?:destinations?|recipients?|numbers) (?:are|is|were|was) "
        r"(?:incorrect|invalid|wrong)",
    ),
    (
        Cause.INVALID_DESTINATION,
        r"invalid contact address|(?:contact|destination|recipient) address (?:is |was )?invalid",
    ),
    (
        Cause.INVALID_DESTINATION,
        r"(?:invalid|wrong|bad|malformed|incorrect|empty|missing) (?:phone |mobile |destination "
        r"|recipient |to )?(?:numbers?|msisdns?|destinations?|recipients?|receivers?)"
        r"|(?:must be|is not|not) in (?:the )?(?:international|e 164|e164) format"
        r"|(?:not (?:represent |appear to be )?|must be |should be )a valid (?:phone |mobile "
        r"|destination |recipient )?number"
        r"|landline|(?:destination|recipient|to) (?:phone )?(?:address|number) (?:contains|has) "
        r"(?:non numeric|non digit|invalid|illegal)|not valid to publish to"
        r"|(?:destination|recipient|to) (?:phone |mobile )?(?:number|address) (?:is )?(?:invalid"
        r"|not valid|not numeric)|destination is not numeric"
        r"|(?<!from )phone ?number (?:is )?invalid"
        r"|(?:destination|recipient) (?:phone )?number not found"
        r"|unknown subscriber|number (?:does not|doesn t) exist|unallocated|deactivated"
        r"|not sms capable|cannot receive (?:sms|texts?)|can t receive (?:sms|texts?)|not a mobile"
        r"|not an? (?:[a-z]{2,3} |local |domestic |valid [a-z]{2,3} )mobile(?: phone)? number"
        r"|no valid (?:recipients?|numbers?|destinations?|phone numbers?|mobile numbers?)"
        r"|(?:number|phone number) (?:is |was )?no longer active"
        r"|number you re sending to (?:isn t|is not) (?:correct|valid)"
        # numbers a route does not take ("Twilio rejects some VOIP / fax / non-routable numbers")
        r"|(?:rejects?|does not support|doesn t support|cannot send to) (?:some |most )?"
        r"(?:voip|fax)"
        r"|non ?routable (?:\w+ )?numbers?"
        # a recipient's number of the wrong length ("Receiver number must be at least 9 digits")
        r"|(?<!from )(?<!sender )(?<!sending )(?:receiver|recipient|destination|mobile|phone|to)"
        r" (?:phone )?(?:number|msisdn) (?:must|should|has to) (?:be|have|contain) (?:at least "
        r"|at most |exactly )?\d+ digits"
        r"|device (?:is )?not capable|not capable of (?:receiving )?(?:sms|texts?)"
        r"|unknown (?:carrier|operator|network)"
        r"|(?:unable|not able) to receive (?:sms|texts?|text messages|messages)"
        r"|(?:device|number|line) (?:is |was |has been )?disconnected"
        r"|disconnected (?:number|line|phone)|incapable of receiving (?:sms|texts?|messages)"
        r"|not (?:an? )?(?:mms|sms|text) (?:enabled|capable)(?: phone)?(?: number)?"
        r"|(?:did not|didn t|does not|doesn t|do not|don t) (?:include|contain|have) (?:a |the )?"
        r"country code|(?:missing|without|no) (?:a |the )?country code"
        r"|not valid for (?:sms|texts?|messaging)|(?:number|phone|msisdn|destination) (?:is )?not "
        r"(?:a )?mobile|voip (?:number|line|phone)s?"
        r"|number (?:is )?(?:oos|out of service)|abonné inconnu|numéro (?:est )?(?:inactif"
        r"|invalide)|ungültige (?:msisdn|empfängernummer|zielnummer)"
        r"|non mobile|invalid msisdn|no such (?:number|subscriber)|(?:not|no longer) in service"
        r"|invalid (?:sms |phone |mobile )endpoint|msisdn (?:is )?not valid"
        r"|(?:gsm|msisdn|number|recipient|destination) (?:\w+ )?is not a (?:valid )?number"
        r"|could not determine the destination(?: country)?|(?:mobile )?number not covered"
        r"|invalid (?:value for )?(?:param(?:eter)? )?(?:to|dest|destination|recipient|msisdn"
        r"|number)|not a valid msisdn|numara (?:formatı )?hatalı|geçersiz numara"
        r"|invalid urn(?: tel)?|(?:phone )?numbers? (?:must |should )?(?:contain|include) "
        r"(?:a |the |their )?country codes?"
        r"(?: parameter)?|(?:cannot|can t|unable to) send (?:sms |messages? )?to (?:\w+ )?"
        r"(?:recipients?|numbers?)"
        # The network's own causes (GSM 04.11 RP-cause, MAP errors in a receipt's table).
        r"|unidentified subscriber|unindentified subscriber|unassigned (?:unallocated )?number"
        r"|teleservice not provisioned|not equipped to support sms"
        r"|illegal (?:subscriber|equipment|device)"
        # Other languages' words for a bad number (de, fr, es/pt, ru, zh).
        r"|ungültige (?:telefon|handy|mobil|ruf)?nummer|(?:telefon|handy|mobil|ruf)?nummer ist "
        r"ungültig|numéro (?:de téléphone )?(?:invalide|incorrect|non valide)"
        r"|número (?:de teléfono |de telefone )?(?:inválido|no válido|incorrecto)"
        r"|(?:неверный|некорректный|неправильный) номер|номер не существует"
        r"|号码(?:格式)?(?:错误|无效|不正确|不存在)|空号"
        r"|neplatn\w* telefonn\w* čísl\w*|no se ha encontrado (?:ningún )?operador"
        r"|bestemming (?:te kort|ongeldig)|ongeldig (?:tele)?(?:foon)?nummer|잘못된 번호|결번"
        r"|비가입자"
        r"|número (?:do |de )?(?:telefone )?(?:celular )?(?:está |é )?incorret[oa]"
        r"|unknown (?:handset|msisdn|destination|recipient|number)|(?:handset|msisdn|destination) "
        r"unknown|invalid (?:dst|dest|destination address|dest address)|bad (?:dst|destination)"
        # An internal extension is no SMS address ("Sending SMS from/to extension numbers is
        # not available").
        r"|extension numbers? (?:is |are )?not (?:available|supported|allowed|sms capable)"
        r"|(?:sms|texts?|messages?) (?:from to |to |from )(?:an? )?extensions?(?: numbers?)?"
        # A destination that takes no texts at all ("The destination carrier or handset does
        # not support messaging").
        r"|(?:handset|number|device|phone|destination|recipient)s? (?:does not|doesn t|do not"
        r"|don t|cannot|can not) (?:support|accept) (?:sms|text|messaging|messages)",
    ),
    # A destination network the sender's route does not reach ("Receiver's operator is not
    # supported"): before the configuration words, whose "not supported" it also holds.
    # A number moved to another carrier, the route not yet following it.
    (
        Cause.CARRIER_OR_NETWORK_FAILURE,
        r"(?:number|msisdn) (?:was |has been |is )?ported|ported (?:number|msisdn)|^ported$"
        r"|portability (?:error|issue|failure)",
    ),
    (
        Cause.CARRIER_OR_NETWORK_FAILURE,
        r"(?:operator|carrier|network)s? (?:is |are )?not supported"
        r"|not a supported (?:carrier|operator|network)|unsupported (?:carrier|operator|network)",
    ),
    (
        # The carrier having trouble ("the carrier themselves are experiencing issues"), and
        # the email-to-SMS gateways carriers are closing ("carriers have discontinued
        # support for email-to-SMS gateways"): the route, not the message.
        Cause.CARRIER_OR_NETWORK_FAILURE,
        r"(?:carrier|operator|network)s? (?:\w+ ){0,2}(?:is |are )?(?:currently )?experiencing "
        r"(?:an? )?(?:\w+ )?(?:issues?|problems?|difficulties|outages?|delays?|disruptions?"
        r"|congestion|errors?)"
        r"|e ?mail (?:to )?(?:sms|text|mms) (?:gateways?|addresses|address|service)"
        r"|destination network (?:is )?(?:unavailable|not available|unreachable|down)",
    ),
    (
        # The carrier itself, not the handset, cannot be reached (AWS "Phone carrier is
        # currently unreachable/unavailable", Telnyx "Recipient's carrier server down"):
        # before the handset's "unreachable".
        Cause.CARRIER_OR_NETWORK_FAILURE,
        r"(?:phone |mobile |destination |recipient s? |wireless )?carriers? (?:server |network )?"
        r"(?:is |are )?"
        r"(?:currently |temporarily )?(?:unavailable|unreachable|not available|not reachable|down)",
    ),
    (
        # The recipient's phone itself ("HANDSET-ERR: Problem with Handset", "Inbox of
        # receiving phones are full", "mobile device not being reached").
        Cause.UNREACHABLE_HANDSET,
        r"(?:problem|issue|fault|trouble)s? (?:with|on|in) (?:the )?(?:recipient s |receiving "
        r"|destination |subscriber s |customer s )?(?:handset|phone|device|mobile)(?! number)"
        r"|inbox(?:es)? (?:of (?:the )?(?:\w+ ){0,2}(?:phones?|handsets?|devices?|recipients?"
        r"|subscribers?) )?(?:is |are )?(?:full|out of space)"
        r"|(?:device|handset|phone|mobile)s? (?:could not|couldn t|cannot|can not|was not|were not"
        r"|is not|not) (?:be )?(?:being )?reached"
        # the handset never answered the network ("NoResponseFromSme") or did not take the
        # message ("the mobile handset did not receive the message"); not a "soft bounce",
        # which marketing tools also use for a spam refusal
        r"|no response from (?:the )?(?:sme|handset|mobile|phone|device|ms|subscriber)"
        r"|(?:mobile |recipient s )?(?:handset|phone|device) (?:did not|didn t|could not"
        r"|couldn t|failed to) receive",
    ),
    (
        # Retried until the message's validity ran out: the handset never came back in reach.
        Cause.UNREACHABLE_HANDSET,
        r"(?:could not|couldn t|unable to|not) (?:be )?deliver(?:ed)? (?:\w+ ){0,3}within "
        r"(?:the |its )?validity(?: period| time)?"
        r"|validity (?:period |time )?(?:has )?(?:expired|elapsed|exceeded|ran out)",
    ),
    (
        Cause.UNREACHABLE_HANDSET,
        r"(?:insufficient|not enough|low|no) (?:storage|memory)(?: space)?|storage (?:is )?full"
        r"|handset (?:error|failure|fault)|(?:device|handset|phone) (?:is )?(?:not available"
        r"|unavailable|not reachable|unreachable|offline|switched off|turned off|powered off"
        r"|power(?:ed)? off|off)",
    ),
    (Cause.UNREACHABLE_HANDSET, r"(?:handset|sim|inbox|phone) (?:memory )?(?:is )?full"),
    (
        Cause.UNREACHABLE_HANDSET,
        r"absent subscriber|(?:temporary )?absence error|temporary absence"
        r"|unreachable (?:handset|phone|subscriber|device)|handset (?:is )?(?:off"
        r"|unavailable|unreachable)|phone (?:is )?(?:off|switched off|unreachable)|switched off"
        r"|out of (?:network )?(?:coverage|range)|memory (?:capacity )?(?:full|exceeded)"
        r"|inbox (?:is )?full|not accepting messages|(?:no|insufficient) subscriber memory"
        r"|subscriber (?:is )?(?:absent|unavailable|unreachable|busy)|(?:recipient|destination) "
        r"(?:is )?(?:temporarily )?unavailable|not reachable|unreachable|mem ?exc(?:eeded|d)?"
        r"|sim (?:card )?(?:memory |storage )?(?:is )?full|no (?:network )?coverage"
        r"|roaming subscriber|empfänger (?:war |ist )?nicht erreichbar|handy (?:war |ist )?"
        r"ausgeschaltet|(?:full|filled) sim|gültigkeitsdauer|(?:mensaje|sms) caducad[oa]"
        r"|关机|(?<!业务)停机|无法接通|不在服务区|手機未開|受訊範圍外|未开机|przedawnion\w*"
        r"|niedostępnoś\w* numeru|vypršení pla\w*|zpráva expirovala|vypnutý telefon"
        r"|خاموش|در دسترس (?:نبودن|نیست)|전원 ?꺼짐|일시정지|nicht im netz|telefon był wyłączony"
        r"|delivery expired"
        r"|(?:nachricht|sms) (?:ist )?abgelaufen|message expiré"
        # The validity period ran out before the handset took the message (a receipt's
        # "stat:EXPIRED", "TTL expired", "could not retrieve the message before the expiry").
        r"|(?:delivery |message |sms )?(?:ttl|validity(?: period)?) (?:has |had )?(?:expired"
        r"|elapsed|exceeded)|(?:message|sms|text) (?:has |had )?expired|stat expired"
        r"|before (?:reaching |the end of )?(?:the |its )?(?:message )?(?:expiry|expiration"
        r"|validity)"
        r"|subscriber (?:is )?roaming|(?:handset|ms|mobile|phone) (?:is )?busy"
        r"|powered off|turned off|in roaming",
    ),
    # Link shorteners a carrier refuses, whatever the reason it gives ("Fully blocks public
    # link shorteners due to fraud and phishing risks"): before the fraud words.
    (
        Cause.URL_OR_LINK_FILTERING,
        r"(?:wrong|invalid|bad|forbidden|prohibited) content in (?:the )?links?|"
        r"(?:blocks?|blocking|prohibits?|bans?|filters?|rejects?) (?:\w+ ){0,2}(?:url|link) "
        r"shorteners?",
    ),
    (
        # A list of what may not be sent ("prohibited from sending SMS messages related to
        # financial marketing, gambling, fraud..."): the content rule, not a fraud block.
        Cause.PROHIBITED_CONTENT,
        r"(?:prohibited|forbidden|banned|not allowed|not permitted) (?:from |to )?(?:send|sending)"
        r" (?:\w+ ){0,4}(?:related to|relating to|about|containing|that contain|concerning)",
    ),
    (
        Cause.FRAUD_PROTECTION_BLOCK,
        r"fraud|sms pumping|traffic pumping|artificially inflated|suspicious activity|risk score"
        # AWS's protect configuration ("DestinationPhoneNumberBlockedByProtectNumberOverride")
        r"|blocked by (?:a |the )?protect(?: number)?(?: override| configuration)?"
        # a verification product's block of a suspect request ("verification_blocked")
        r"|verification (?:was |is |has been )?blocked"
        r"|sim (?:card )?(?:replacement|swap(?:ped)?)"
        r"|(?:number|destination|recipient) (?:is )?temporarily blocked|temporarily blocked for "
        r"\d+ (?:minutes|mins|hours)",
    ),
    # Content a route or operator does not carry ("SMS content is restricted over this
    # Network/ Route Type"), abusive content held back.
    (
        Cause.PROHIBITED_CONTENT,
        r"(?:sms |message |text )?content (?:is |was )?(?:restricted|not allowed|not permitted"
        r"|prohibited|banned) (?:on|over|by|for|in|to)|abusive (?:content|language|messages?"
        r"|words?|texts?)",
    ),
    # Shortened links a platform will not send ("You cannot send images, shortened URLs").
    # Links a platform finds dead before sending ("Some links in SMS are not available
    # (invalid)").
    (
        Cause.URL_OR_LINK_FILTERING,
        r"shortened (?:urls?|links?|web addresses)|(?:links?|urls?) (?:in (?:the |your )?(?:sms"
        r"|message|text) )?(?:is |are )?(?:not available|unavailable|invalid|broken|dead)",
    ),
    # A sender's words for links refused ("not allowing me to send a URL", "blocked by the
    # carrier due to URL content").
    (
        Cause.URL_OR_LINK_FILTERING,
        r"(?:sending|send|including|include|contain\w*) (?:urls?|links?) in (?:the |your )?"
        r"(?:messages?|sms|texts?)",
    ),
    (
        Cause.URL_OR_LINK_FILTERING,
        r"(?:not allowing|doesn t allow|does not allow|won t allow|will not allow|won t let)"
        r"(?: \w+){0,4} (?:urls?|links?)|(?:blocked|filtered|rejected|flagged)(?: \w+){0,5} "
        r"(?:due to|because of) (?:the |a )?(?:urls?|links?)",
    ),
    (
        Cause.URL_OR_LINK_FILTERING,
        r"(?:link|url) shorteners?|(?:prohibited|forbidden|not allowed|disallowed) (?:to )?(?:use "
        r"|usage )?(?:of )?"
        r"(?:urls?|links?)|(?:malicious|phishing) (?:urls?|links?|domains?)"
        r"|(?:urls?|links?|domains?) (?:is |was )?(?:flagged as )?malicious"
        r"|(?:url|link) shorteners? (?:\w+ )?(?:are |is )?(?:blocked|not allowed|prohibited|banned"
        r"|not permitted|filtered)",
    ),
    (
        Cause.URL_OR_LINK_FILTERING,
        r"(?:param )?not support(?:ed)? (?:urls?|links?)|unsupported (?:urls?|links?)"
        r"|(?:urls?|links?) (?:are |is )?not (?:supported|allowed|permitted)",
    ),
    (
        Cause.URL_OR_LINK_FILTERING,
        r"(?:url|link) shortener|shortened (?:url|link)|\bbit ly\b|\btinyurl\b"
        r"|(?:disallowed|prohibited|forbidden"
        r"|banned|blacklisted|unapproved|unallowed|not allowed) (?:urls?|links?|domains?)"
        r"|(?:contains?|含有) (?:a )?(?:hyper ?links?|超链接)|超链接|حاوی لینک|لینک مجاز نمی"
        r"|(?:url|link|domain) (?:is )?(?:blocked"
        r"|blacklisted|block ?listed|on a deny list)"
        # A verification reviewer's words about the links in the samples: a free or shared
        # public domain, a plain-http link (Twilio 30449, toll-free reviews).
        r"|(?:free|shared) public (?:domain |url )?(?:links?|urls?|domains?)|public domain links?"
        r"|(?:insecure|non ?secure|unsecure|unsecured) (?:urls?|links?|websites?)"
        r"|only secure (?:urls?|links?)|(?:url|link) issues?|public (?:url|link) shortening"
        r"|(?:sms|messages?|texts?) (?:with|containing) (?:a |an )?(?:\w+ ){0,2}(?:links?|urls?)"
        r"(?: \w+){0,4} (?:not|never) (?:delivered|received|arriving|arrives?)"
        r"|(?:url|link)s?(?: \w+){0,4} replaced (?:by|with)"
        r"|(?:content|messages?|texts?|sms) containing (?:urls?|links?) (?:\w+ ){0,3}(?:delivery "
        r"issues|issues|problems|blocked|filtered|rejected)"
        r"|link not permitted|(?:url|link) (?:that )?is not (?:on )?(?:our |the )?(?:\w+ )?"
        r"(?:whitelist|allow ?list)|contains a (?:url|link) (?:that is )?not",
    ),
    (
        Cause.PROHIBITED_CONTENT,
        r"prohibited content|disallowed content|shaft|cannabis|\bcbd\b|gambling|firearms"
        # a business a review found in a category carriers do not carry
        r"|(?:prohibited|disallowed|restricted|ineligible) (?:business |content |industry )?"
        r"(?:categor(?:y|ies)|industr(?:y|ies)|verticals?)"
        r"|dispensar(?:y|ies)|pre ?rolls?|\bthc\b|marijuana"
        r"|bad words|sensitive (?:characters|words|content)|(?:message|content) (?:is )?"
        r"(?:forbidden|prohibited)|сообщение запрещено"
        # Not an HTTP status line before a header ("403 Forbidden\nContent-Type: ...").
        r"|illegal substances?|(?:sensitive|forbidden|banned|blocked|restricted|prohibited"
        r"|disallowed|illegal) "
        r"(?:words?|keywords?|content(?! type| length| encoding| disposition))|illegal content"
        r"|(?:sms |message )?content (?:is )?illegal"
        r"|запрещ[её]нн\w* фрагмент\w*|内容非法|内容违规|敏感词|关键[词字]拦截"
        r"|黑名[单單]关键[字词]|黑名單關鍵[字詞]|关键[字词]黑名单|關鍵[字詞]黑名單"
        # the text, not a number, on a blacklist ("Text blocked by black list")
        r"|(?:text|content|message text|message content|body) (?:is |was )?(?:blocked|rejected)"
        r" by (?:a |the )?(?:black|block) ?list"
        r"|запрещ[её]нн\w* слов|キーワードフィルタリング"
        r"|yasaklı kelime|kata(?: kata)? sensitif|كلم(?:ة|ات) ممنوع|محتوى ممنوع",
    ),
    # A registered sender ID misused (another brand's name in it): the sender is blocked.
    (
        Cause.SENDER_BLOCKED,
        r"misuse of (?:a |the |your )?(?:registered )?sender (?:id|name)s?",
    ),
    # A platform's rule that nothing goes out before registration ("must be registered with
    # carriers", "Messages will not deliver until registration is approved").
    (
        Cause.SENDER_NOT_REGISTERED,
        # a sender name the gateway has not opened for the account ("The sender not available
        # (if user have no opened sender)")
        r"(?:sender|sender ?name|sender ?id) (?:is )?not (?:available|opened|activated)"
        r"|(?:cannot|can ?t|not allowed to|may not) use (?:the |this |that )?(?:specified |given )?"
        r"(?:sender ?(?:id|name)|signature)|register (?:all |the |your |a )?(?:sender )?signatures?"
        r"|no "
        r"(?:opened|activated|approved) sender|"
        r"(?:must|need to|needs to|has to|have to) be registered with (?:the |mobile |wireless )?"
        r"carriers?|(?:verification|registration) is (?:a )?(?:mandatory|required|compulsory)"
        # "registering for 10DLC ... is mandatory", "Without registration, your messages will
        # be blocked", "A2P registration must be approved and active", "must be verified with
        # US mobile carriers"
        r"|registering (?:for |with )?(?:10 ?dlc|a2p|toll ?free)(?: \w+){0,5} is (?:now )?"
        r"(?:mandatory|required|compulsory)|without (?:10 ?dlc |a2p |brand |campaign )?"
        r"registration|(?:registration|campaign|brand) must be (?:approved|active|verified"
        r"|completed)|(?:must|need to|needs to|has to|have to) be verified with (?:the )?"
        r"(?:us |u s )?(?:mobile |wireless )?carriers?"
        # a sender name the account has none of ("ApplicationSenderId not found for ...
        # senderName: Movescrow")
        r"|(?:application )?sender ?id not found"
        # a sender not switched on for sending yet ("The sender is not activated")
        r"|sender(?: id| name| number)? (?:is |has )?not (?:yet )?(?:been )?(?:activated|active"
        r"|enabled)"
        # a sender ID no register holds, shown so to the recipient (Australia's register)
        r"|unverified (?:sender|alpha(?:numeric)? sender)(?: ids?| names?)?"
        r"|sender (?:id |name )?(?:shows?|displays?|displayed|appears?|shown) as (?:an? )?"
        r"unverified|(?:shows?|displays?|displayed|shown) (?:the |your |our )?sender(?: id| name)? "
        r"as (?:an? )?unverified"
        # a sender name the gateway has no record of ("Message header (sender name) is not
        # defined in the system")
        r"|(?:sender name|sender id|message header|header|originator)(?: \w+){0,3} (?:is |are )?"
        r"not defined"
        r"|(?:not|won t|will not|cannot|can t|can not|do not|don t) (?:be )?"
        r"(?:deliver(?:ed)?|sen[dt]|go out) until (?:\w+ ){0,3}(?:registration|registered"
        r"|verification|verified|approved|approval)",
    ),
    # A registration or compliance step not approved yet ("its registration isn't approved",
    # "compliance ... is still pending approval").
    # A toll-free number not (yet) verified, in any short form ("TFN not verified").
    (
        # A campaign's opt-in made a condition of something else ("agreeing to receive
        # messages must be optional"), a carrier's status list rejecting it, a toll-free
        # verification still pending, a pre-approval a high-volume sender must get.
        Cause.SENDER_NOT_REGISTERED,
        r"(?:agreeing to receive|consent (?:to|for) (?:receive )?(?:messag\w*|sms|texts?))"
        r"(?: \w+){0,3} (?:must be optional|cannot be (?:part of|a condition|required|bundled))"
        r"|mno ?status (?:list )?(?:\w+ ){0,3}(?:rejected|suspended)"
        r"|sender (?:title|header) (?:is )?(?:not valid|invalid|not registered|not approved)"
        r"|(?:not|never) (?:yet )?(?:been )?(?:approved|provisioned)"
        r"(?: or (?:approved|provisioned))? (?:the |your |this )?(?:sending|sender|originating"
        r"|from) (?:phone )?number"
        r"|(?:sending|sender|originating) (?:phone )?number (?:is |has )?not (?:been )?(?:approved"
        r"|provisioned|registered)"
        r"|brand ?name(?: \w+){0,3} (?:does not exist|not found|is not registered)"
        r"|not (?:linked|associated|connected|attached) (?:to|with) (?:a |an |any )?(?:registered"
        r"|verified|approved) (?:toll ?free(?: number)?|sender(?: id)?|number|campaign|brand)"
        # a number that belongs to no campaign at all ("Number not associated with a campaign")
        # a verification or registration held up ("Our toll-free verification application
        # ... appears to be stalled", "status shows Update Requested")
        r"|(?:toll ?free|tfn|10 ?dlc|a2p|brand|campaign|sender id) (?:number )?(?:verification"
        r"|registration|vetting)(?: \w+){0,4} (?:stalled|stuck|pending|delayed|on hold|not "
        r"(?:approved|verified|completed)|in review|under review|rejected|declined|denied)"
        r"|(?:status|verification) (?:\w+ ){0,2}update requested"
        # a campaign's status that failed its review ("Campaign status: TELNYX_FAILED")
        r"|campaign (?:status|state) (?:\w+ )?(?:failed|rejected|suspended|expired|declined)"
        r"|not (?:linked|associated|attached|assigned) (?:to|with) (?:a |an |any )?(?:active )?"
        r"(?:a2p )?(?:10dlc )?campaign"
        r"|verification (?:form|request|submission) (?:is )?(?:pending|under review|in review"
        r"|being reviewed)|received your verification (?:form|request)|(?:tfn|toll ?free"
        r"(?: number)?) (?:cannot|can t|may not) be used|(?:seek|require[sd]?|need|obtain) pre ?"
        r"approval",
    ),
    (
        Cause.SENDER_NOT_REGISTERED,
        r"sender (?:is |was )?not (?:allowed|permitted|authori[sz]ed)"
        r"|(?:unauthori[sz]ed|disallowed) sender"
        # 'Sender ID - "from". Must be approved by an administrator.'
        r"|(?:sender(?: id| name)?|originator)(?: \w+){0,3} (?:must|needs? to|has to|should) be "
        r"(?:approved|registered|whitelisted|pre ?registered)",
    ),
    (
        Cause.SENDER_NOT_REGISTERED,
        r"(?:tfn|toll ?free(?: number)?|tf number)s? (?:is |was |are )?(?:not (?:yet )?verified"
        r"|unverified)|unverified (?:tfn|toll ?free)",
    ),
    (
        Cause.SENDER_NOT_REGISTERED,
        r"(?:registration|campaign|brand|compliance|sender ?id|sender|10dlc)(?: \w+){0,3} "
        r"(?:is not|isn t|was not|wasn t|has not|hasn t|not|not yet|still) (?:been )?"
        r"(?:approved|agreed|confirmed|pending approval|completed)"
        r"|pending (?:registration |compliance |campaign "
        r"|brand )?approval|awaiting (?:registration |campaign |brand )?approval",
    ),
    (
        Cause.SENDER_NOT_REGISTERED,
        r"unregistered|not (?:yet |fully |properly |correctly )?registered"
        r"|registration (?:is )?(?:required|pending|rejected|failed)"
        r"|(?:rejects?|declines?|denies) (?:your|the|their|its) (?:\w+ )?(?:registration"
        r"|application|campaign|brand)"
        r"|registration status (?:is )?(?:pending|rejected|failed|declined|in review|unverified"
        r"|processing|submitted|under review|in progress)"
        r"|(?:tcr |brand )?(?:trust|vetting) score"
        r"|rejected toll ?free(?: number| verification)?|toll ?free (?:number |verification )?"
        r"(?:was |is |has been )?rejected"
        r"|campaign (?:is )?(?:not|suspended|rejected|inactive|declined)|toll free "
        r"(?:number )?(?:is )?(?:not |un)verified|(?:not |un)verified toll free|verification "
        r"(?:is )?(?:required|pending|rejected)|sender id (?:is )?(?:not registered|required)"
        r"|\bdlt\b|(?:invalid|unregistered|unapproved|unknown) sender ?id|sender ?id (?:is )?"
        r"(?:invalid|not approved|not whitelisted|not allowed)"
        r"|(?:campaign|brand) (?:has been |is |was )?(?:marked (?:as )?)?dormant"
        r"|dormant (?:campaign|brand)|(?:unknown|invalid|missing) (?:campaign|brand) ?id"
        r"|(?:unknown|invalid) (?:campaign|brand)|(?:template|header) "
        r"(?:is )?not (?:registered|approved)"
        # India's DLT: every message carries its registered template's id ("Without template
        # id message can't be sent", "TEMPLATE_ID_MISSING", "invalid template id").
        r"|(?:without|missing|no|invalid|unregistered|wrong) (?:a |the |dlt )*(?:content )?"
        r"template ?ids?|template ?ids? (?:is |are )?(?:null|empty|none|missing|required|invalid"
        r"|mismatch|not (?:found|registered|approved|matched|matching))"
        r"|(?:message |dlt )?template(?: \w+){0,2} (?:is )?not (?:picked|found|matched|mapped)"
        # No approved template matches the text (China's and India's template regimes).
        r"|template (?:not match|mismatch|does not match|doesn t match)|(?:does not|doesn t"
        r"|did not|didn t) match (?:any |an |the )?(?:approved |registered |saved )?templates?"
        r"|(?:no|not) (?:\w+ )?"
        r"matching (?:\w+ )?templates?|not matching (?:any |a |the )?(?:saved |approved )?"
        r"templates?|未找到匹配的模板|模板不匹配|模板未审核|(?:not have|no such) (?:this )?tpl ?id"
        # China's SMS signatures (the sender's name, approved in advance: Tencent Cloud,
        # Alibaba Cloud, Huawei Cloud); "invalid signature" alone is an API request's, not this.
        r"|(?:sms )?signature (?:is )?(?:incorrect or )?(?:unapproved|not approved|not registered"
        r"|pending approval|under review|not exist|does not exist)|(?:unapproved|unregistered) "
        r"(?:sms )?signature|sms sign(?:ature)? (?:name )?(?:is )?(?:illegal|invalid|incorrect)"
        r"|sign ?name (?:is )?illegal"
        r"|(?:header|sender ?id|sender name|alpha ?name)(?: \w+){0,2} (?:is )?not (?:available "
        r"for use|allotted|certified|approved|allowed|permitted)|no sender ?id (?:is )?allotted"
        r"|unauthori[sz]ed sender ?id|sender (?:is )?not certified|wrong alpha ?name"
        r"|custom sender ?id(?: \w+){0,4} not (?:sent|delivered|working|received)"
        # pl, ru, tr, vi, zh: a sender name not registered or not approved.
        r"|nieprawid[lł]owa nazwa nadawcy|(?:имя )?отправител[яь] не (?:согласован\w*|зарегистр\w*"
        r"|одобрен\w*)|başlı[gğ]\w* (?:\w+ )?hatalı|chưa khai báo brandname|签名未报备|签名不存在"
        r"|与报备过的模板|模板格式|模板未审批|模板未审核|内容不匹配|template (?:is )?illegal"
        r"|模板(?:内容|参数)"
        r"|подпис\w* не (?:разрешен|зарегистр|одобрен)\w*|зарегистрировать (?:все )?подписи"
        r"|не соответствует (?:\w+ )?шаблону|sai template|chưa được đăng ký"
        r"|nieprawid[lł]owe pole nadawcy|(?:gönderici adı\w*|başlığınız)(?: \w+){0,3} tanımlı değil"
        r"|발신번호(?: \w+){0,4} (?:등록|사전등록)|شماره فرستنده(?: \w+){0,4} ثبت نشده"
        r"|احراز هویت ثبت نشده|(?:changement d )?exp[ée]diteur(?: \w+){0,3} (?:non|pas) autoris[ée]"
        r"|відправника не погоджено",
    ),
    (
        Cause.SENDER_BLOCKED,
        r"sender (?:id |number )?(?:is )?(?:blocked|blacklisted|banned)|(?:from|source|sending) "
        r"(?:number|address) (?:is )?(?:blocked|blacklisted)|account (?:is )?(?:temporarily )?"
        r"(?:blocked|restricted) from (?:sending|calling)"
        # The sender's header or originator (India DLT "HEADER_BLACKLISTED", "Originator
        # blocked"): the sending identity itself, not a recipient.
        r"|sender (?:long code|short code|number) (?:is )?(?:temporarily )?(?:blocked"
        r"|blacklisted|suspended)"
        r"|(?:header|originator|sender name|sender ?id) (?:is )?(?:blocked|blacklisted|banned"
        r"|block ?listed)|(?:black|block) ?listed (?:sender|header|originator)"
        r"|sender (?:is )?in (?:the |a )?(?:black|block) ?list|blocked sender|sign ?blocked"
        r"|(?:from|sender|sending|source) number (?:is |was |has been )?(?:black|block) ?listed"
        r"|签名异常|번호 ?도용"
        # a signature (the sender name China requires) blocked or blacklisted
        r"|[签簽]名(?:已)?被\w{0,10}?(?:屏蔽|拉黑|封禁|封鎖)|[签簽]名黑名[单單]|屏蔽(?:此|该|該)[签簽]名"
        # The sender's texting switched off for how it messaged ("temporarily suspended SMS
        # capabilities ... due to non-compliant messaging activity").
        r"|(?:suspended|disabled|revoked|paused) (?:\w+ )?(?:sms|texting|messaging) "
        r"(?:capabilit(?:y|ies)|privileges?|access|sending)|(?:sms|texting|messaging) "
        r"(?:sending )?(?:capabilit(?:y|ies)|privileges?|access) (?:were |was |has been |have been "
        r"|is |are )?"
        r"(?:suspended|disabled|revoked|paused)",
    ),
    # A switch the account's own admin set ("Your admin has block the ability to send
    # International SMS"), a test key or sandbox that sends nothing, a plan not active.
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"(?:admin|administrator|account owner|owner)s? (?:has |have )?(?:block(?:ed|s)?|disabled"
        r"|restricted|turned off|not enabled|switched off)"
        r"|(?:using|used|with) (?:a |the |your )?test (?:api )?(?:key|credentials?|token)"
        # the client's own connection settings ("The older URL uses an outdated SSL connection")
        # and a request to a path the API does not have ("Cannot POST /messages/v3/send")
        r"|(?:outdated|old|expired|invalid|self signed|untrusted) (?:ssl|tls)(?: certificate"
        r"| connection| version)?|(?:ssl|tls|certificate) (?:verify|verification|handshake) "
        r"failed|cannot (?:post|put|patch|delete) (?:api|v\d+|messages?|sms)\b"
        # the sender's server refused ("401 - IP is blacklisted from Dev API section")
        r"|ip (?:address )?(?:is |was |has been )?(?:black ?listed|blocked|banned|not white ?listed"
        r"|not allowed|not authori[sz]ed)"
        # credentials the integration was never given ("when Twilio credentials are missing")
        r"|(?:credentials?|api ?keys?|key|auth(?:entication)? tokens?|account sid|secret)"
        r" (?:are |is )?(?:missing|not set|not configured|not provided|empty)"
        r"|missing (?:the )?(?:\w+ )?(?:credentials|api ?key|auth token|account sid)"
        r"|test (?:api )?key (?:used|in use)|sandbox mode|in (?:the )?sandbox"
        r"|only active (?:subscriptions?|plans?|accounts?)|(?:inactive|lapsed|expired) "
        r"(?:subscription|plan)",
    ),
    # A network the account's route does not cover ("Targeted network is not covered on
    # specific account").
    # A configuration the integration rejected ("Invalid config for [notify.twilio_sms]"),
    # a sender name longer than a network takes.
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"invalid config(?:uration)?|config(?:uration)? (?:is )?(?:error|invalid)"
        r"|sender (?:name|id) (?:is )?(?:too long|(?:longer|larger) th[ae]n)",
    ),
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"network (?:is )?not ?covered|not covered (?:on|by|for) (?:the |this |your |specific )"
        r"?account",
    ),
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"misconfigur\w*|personali[sz]ation (?:failed|error)|(?:credits?|balance|funds) "
        r"(?:have |has )?(?:run|ran) out|balance exception|(?:supplied |provided )?"
        r"(?:authentication|auth) (?:is |was )?invalid|invalid authentication"
        r"|(?:only )?(?:pre ?)?verified (?:destinations?|numbers?|recipients?) (?:are )?"
        r"(?:allowed|permitted)|not (?:allow|white) ?listed",
    ),
    (
        # Money, before the limits below: a "spend limit reached" is the account's, not a rate.
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"insufficient (?:\w+ ){0,2}(?:balance|funds|credits?)|(?:low|no|out of|zero"
        r"|negative) (?:account |wallet )?(?:balance|credits?|funds)"
        r"|(?:not|no) enough (?:money|credits?|balance|funds)|credit insufficiency"
        r"|lack of (?:funds|balance|credits?|money)"
        r"|(?:lacks?|lacking|without|(?:does|do) not have|(?:doesn|don) t have) (?:sufficient"
        r"|enough) (?:\w+ )?(?:balance|funds|credits?|money)"
        r"|(?:balance|credit) (?:is )?(?:too low|insufficient|exhausted|depleted|empty|zero)"
        r"|(?:balance|credits?|credit line|funds)(?: \w+){0,6} (?:is |are )?(?:not (?:sufficient"
        r"|enough)|insufficient)|not sufficient (?:funds|balance|credits?)"
        r"|ran out of (?:funds|credits?|money)|spend(?:ing)? limit"
        r"|end of (?:your |the )?(?:message |sms )?credits?|(?:purchase|buy|top up|add) (?:more "
        r")?(?:message |sms )?credits?"
        # de, fr, es/pt, ru, zh.
        r"|(?:nicht genügend|unzureichendes|kein) guthaben|guthaben (?:reicht nicht|ist "
        r"aufgebraucht|zu niedrig)|(?:crédit|solde) insuffisant|vide de crédit|plus de crédit"
        r"|rachète des crédits|crédits insuffisants|(?:saldo|crédito) insuficiente|sin saldo"
        r"|no tiene credito|(?:error )?crediting the account|credit ?hold|lack of (?:available )?"
        r"(?:account )?credit|do not have enough credits|don t have enough credits"
        r"|(?:no|don t have an|do not have an) international contract|account limitations"
        r"|недостаточно (?:средств"
        r"|денег)|余额不足|欠费|业务停机|không đủ số dư|số dư không đủ"
        r"|no hay (?:dinero|saldo) suficiente|credenciais inválidas|(?:chave|segredo)(?: \w+){0,4} "
        r"(?:estão |está )?(?:incorret|inválid)\w*|geçersiz kullanıcı adı"
        r"|(?:userkey|passkey|password|kata sandi) (?:\w+ )?salah|権限がありません"
        r"|аккаунт не активен|не оплачен\w*|kein zugriff auf die sim|číslo sms centra|ip地址限制"
        r"|ip (?:address )?restrict\w*|권한이 없습니다|鉴权失败|认证失败|کمبود اعتبار|شارژ حساب"
        r"|onvoldoende (?:credits|saldo|tegoed)"
        r"|لا يوجد (?:ائتمان|رصيد)|(?:ال)?رصيد غير كاف|credit insuficient|許可されていない ?ip"
        r"|テンプレート(?:\w+ ){0,3}一致しない",
    ),
    # A sender ID over its length ("The sender cannot be longer than 11 characters"): the
    # request's, before the message's length below.
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"sender(?: ?id| name)? (?:cannot|can ?t|must not|may not|should not) be (?:longer|more)"
        r" than",
    ),
    # A text that went out as several segments or arrived with stray characters, in a
    # sender's words ("billed as 3 SMS units", "split into multiple messages").
    (
        Cause.CONTENT_TOO_LONG_OR_ENCODING,
        r"(?:billed|counted|charged|sent|went out|goes out|delivered|received|arrives?|arrived) as "
        r"(?:\d+|two"
        r"|three|four|several|multiple) (?:sms |text )?(?:segments|parts|units|messages|texts"
        r"|sms)|split (?:up )?into (?:\d+ |two |three |four |several |multiple )?(?:sms |text )?"
        r"(?:segments|parts|messages|texts|sms)|(?:extra|stray|weird|strange|odd|random) "
        r"(?:characters|symbols)",
    ),
    (
        Cause.CONTENT_TOO_LONG_OR_ENCODING,
        r"multipart (?:\w+ )?(?:rejected|not supported|not allowed|refused)|rejected multipart"
        r"|unsupported symbols?|emojis? (?:are |is )?not (?:allowed|supported|permitted)"
        # the text's own characters refused (not a sender ID's: that is the setup's)
        r"|(?:title|body|message|text|content|template|sms)(?: \w+){0,3} characters (?:that are "
        r"|which are )?not (?:allowed|supported|permitted)"
        # The text's shape on the wire: its header, its parts, its alphabet.
        r"|(?:invalid|bad|wrong|malformed) udh|udh (?:is )?(?:invalid|malformed)"
        r"|too many (?:segments|message parts|parts)"
        r"|(?:unsupported|invalid|unknown|wrong) (?:character )?(?:encoding|data ?coding|dcs"
        r"|charset|character set|codification)"
        # over a count of parts, as gateways' maps spell it ("SMS Text Grater that 6 part")
        r"|(?:greater|grater|more|longer) th(?:an|en|at) \d+ (?:sms )?(?:parts?|segments?)"
        r"|(?:encoding|data ?coding|charset) (?:is )?not supported",
    ),
    # A count of sends used up ("has already received the maximum number of invitation text
    # messages", "reached the maximum number of verification codes"): not characters.
    (
        Cause.RATE_OR_VOLUME_LIMIT,
        r"(?:reached|received|exceeded|hit|sent|used) (?:the |its |your |their )?(?:maximum|max"
        r"|daily|hourly|monthly|allowed) (?:number |amount |count |limit )?of (?:\w+ ){0,2}"
        r"(?:messages|texts|sms|invitations?|invites|codes|otps|verifications?|attempts|requests"
        r"|sends|reminders|notifications)"
        # a cool-down between codes ("you can only send one code in 60s", "wait 60 seconds
        # before requesting another code"), a quota asked to be raised
        r"|(?:only|just) (?:send|request|get) (?:one|a|an|1|\d+) (?:\w+ )?(?:codes?|messages?|sms"
        r"|texts?|otps?) (?:in|per|every|each|within) (?:\d+ ?(?:s|secs?|seconds?|mins?|minutes?"
        r"|hours?)|an? (?:minute|second|hour))"
        r"|(?:try|retry) again in (?:a few|a couple of|\d+) (?:s|secs?|seconds|mins?|minutes)"
        r"|(?:send|sent|sending|request|requested|requesting) (?:\w+ ){0,2}too (?:frequently|often)"
        r"|wait (?:\d+ ?(?:s|secs?|seconds?|mins?|minutes?) )?before (?:requesting|sending"
        r"|resending|asking for)"
        r"|increase (?:the |my |our |your )?(?:\w+ )?(?:request count|quota|rate limit|sending "
        r"limit|daily limit)"
        # a cap stated as a count per period ("you can still send up to 750 messages daily")
        r"|(?:send|sending) (?:up to |at most |only |a maximum of |no more than )?\d[\d,.]* "
        r"(?:\w+ )?(?:messages|texts|sms|segments)(?: a| per| each| every)? (?:day|daily|week"
        r"|weekly|month|monthly|hour|hourly|minute|second)",
    ),
    (
        # A size limit, before the rate limits' "limit exceeded" ("Media (MMS) message size
        # limit exceeded").
        Cause.CONTENT_TOO_LONG_OR_ENCODING,
        r"(?:size|length|file|media|character|segment) limits? (?:\w+ )?(?:exceeded|reached)"
        # "sms longer than 160 chars"
        r"|(?:sms|messages?|texts?|body) (?:\w+ )?(?:longer|over|more) than \d+ "
        r"(?:chars|characters)"
        # "Short message exceeds maximum"; not a count of recipients or sends
        r"|(?:short |text |sms )?message (?:body |text |length )?exceeds? (?:the )?(?:max(?:imum)?"
        r"|limit)(?! (?:number|amount|rate|count) of (?:recipients|messages|sends|requests))"
        # "exceeded the maximum number of characters allowed"
        r"|(?:maximum|max|allowed) (?:number |amount |count )?of characters|too many characters"
        r"|(?:maximum|max|standard) (?:\w+ ){0,2}character (?:count|limit)"
        r"|exceeds? (?:the )?(?:\w+ ){0,2}(?:size|length) limit",
    ),
    (
        # A number or route busy with traffic ("experiencing high message volume").
        Cause.RATE_OR_VOLUME_LIMIT,
        # Not the product: RingCentral's "High Volume SMS", a "high volume campaign".
        r"(?:experiencing|under|due to|because of|with) (?:a |the )?(?:very )?high (?:message "
        r"|sms |traffic )?volumes?(?! sms| messaging| campaign| program| numbers?| senders?)",
    ),
    (
        Cause.RATE_OR_VOLUME_LIMIT,
        r"frequency cap(?:ping|ped)?|(?:sms )?capping(?: limit| event)?",
    ),
    (
        Cause.RATE_OR_VOLUME_LIMIT,
        # a cap stated as a count per period ("can be requested at most 5 times per minute"),
        # a rate's limit exceeded (not a length's: "content exceed limit")
        r"(?:at most|no more than|up to|maximum of|max) \d+ (?:times|requests|messages|sms"
        r"|texts|calls) (?:per|a|an|every|each) (?:second|minute|hour|day)|exceed(?:ing|ed|s)? "
        r"(?:the |its |your )?(?:rate|request|call|frequency|sending|daily|hourly) limits?|"
        r"rate limit(?:ed)?|too many (?:requests|messages|sms|texts|text messages|sends"
        r"|attempts)|throttl(?:e|ed|ing)?|throughput"
        r"|queue (?:is )?full|queues? overflow(?:ed)?|messages? per (?:second|minute)"
        r"|(?:send|sending) (?:sms |messages )?faster than|(?:at )?a rate (?:higher|faster) than"
        r"|(?:daily|monthly|sending|message|volume) (?:limit|cap|quota)|quota (?:exceeded|reached)"
        r"|over (?:the )?quota|(?:limit|cap|quota|max|maximum) (?:\w+ )?per (?:day|hour|minute"
        r"|month|second|number|recipient)"
        r"|(?:plan|tier|subscription) limits?"
        # a platform's own spacing of messages ("received another message from you too
        # recently", "Smart Sending", "Safe Send"), a quota used up
        r"|too (?:recently|quickly|soon)|smart sending|safe send|quota (?:is |was )?(?:exhausted"
        r"|used up)"
        r"|(?:sending|message|messaging|sms) volume (?:exceeds|exceeded|is over|went over)"
        r"|limit (?:exceeded|reached)|exceeded (?:the )?(?:limit|quota)|volumetric"
        r"|(?:anti )?flood(?:ing|ed)?|ramp(?:ed|ing)?(?: up)? (?:sending|limits?|volume|throughput)"
        r"|threshold|(?:api|request|send|sending) limit(?:ation)?s?|over (?:the )?limit"
        r"|(?:reached|hit|exceeded) (?:the |your |its |a )?(?:\w+ )?limit"
        r"|gedrosselt|drosselung|limite de débit|límite de velocidad|превышен лимит|频率限制"
        r"|too (?:frequent|often)|sending too (?:fast|frequently)|(?:too many|too may) identical"
        r"|rate exceeded|rate limiting|business limit control|流控|throttiling|throtling"
        r"|exce?e?ded (?:the |its |allowed |permitted )+(?:message |sending )?limits?"
        r"|same content can be sent|same message to the same recipient|mensaje duplicado"
        r"|发送频率|超过频率|same request (?:was )?(?:generated|sent|submitted|made) twice"
        # "一小时内下发短信超过4条", "验证码次数限制"
        r"|(?:超过|超出|超過)\d+条|(?:验证码|發送|发送)?次数(?:限制|超限|超过)|条数(?:超过|超限)"
        r"|(?:超过|超出)\w{0,6}(?:下发|发送)次数"
        r"|перевищено ліміт|превышено количество сообщений|более (?:одного|пяти) одинаковых"
        r"|(?:日|小时|分钟)?发送(?:限额|上限)"
        r"|(?:触发|超过)(?:\w{0,4})?(?:限额|上限)|요청이 너무 많"
        r"|duplicate request|(?:messaging )?volume violation|(?:a |sending a )?burst of"
        r"|(?:gönderim |mesaj )?(?:sınır|limit) aşımı"
        r"|(?:many|too many|a lot of|lots of|numerous) (?:text |sms )?messages (?:with)?in a short "
        r"(?:period of |amount of |span of )?time"
        r"|(?:after|beyond|over) (?:about |around )?(?:the first )?\d[\d ]* (?:messages |texts "
        r"|sms "
        r"|actions |requests )?(?:of the day|per day|a day|each day|daily|in the hour|per hour"
        r"|an hour|in an hour|hourly)|limit (?:has been |was |is )?(?:exceeded|reached|hit)",
    ),
    (
        # A size in bytes or characters a text went over ("each SMS should not exceed 140
        # bytes, but ... 142 bytes").
        Cause.CONTENT_TOO_LONG_OR_ENCODING,
        r"exceed(?:s|ed|ing)? (?:the |a )?(?:limit of |maximum of )?\d+ (?:bytes?|octets"
        r"|characters?|chars|septets)|(?:more|longer|larger) than \d+ (?:bytes|octets|septets)"
        r"|more than \d+ ?(?:characters?|chars)|(?:sent|delivered|split|going|arrives?|arriving"
        r"|received) (?:as |in )(?:\w+ )?(?:parts|pieces|segments)",
    ),
    (
        Cause.CONTENT_TOO_LONG_OR_ENCODING,
        # Not "content-length": the HTTP header of a pasted response names no cause.
        r"too long|longer than \d+ characters|(?:inhoud|bericht) te lang|trop de caract[èe]res"
        r"|karakter sayısını (?:geçti|aştı)\w*"
        r"|over \d+ characters|(?:message|body) length"
        r"|(?:content|message|body|text) length (?:can t|cannot|must not|should not|may not) "
        r"(?:be more than|exceed)|content length (?:exceeds|exceeded|is too|too|over"
        r"|above|limit|must|invalid)|(?:invalid|wrong|bad) (?:message |body |content )?length"
        r"|character limit"
        # What a mangled text looks like on the handset: the alphabet, not the network.
        r"|(?:received|shown|shows|displayed|arrives?|appears?|comes? through) as (?:a )?"
        r"(?:\?|question|garbage|garbled|boxes|squares|empty|blank)|question marks?|garbled"
        r"|mojibake|accent(?:ed|s)? (?:characters?|letters?)|special characters?"
        r"|(?:arrives?|received|delivered) empty|(?:html|xml) entit(?:y|ies)"
        r"|characters? (?:\w+ ){0,4}(?:are )?(?:not sent|rem?placed|missing|lost|dropped"
        r"|stripped)|not received correctly|characte?res? (?:\w+ ){0,4}(?:are )?rem?placed"
        r"|(?:sms |text |message |character )?encoding (?:problem|issue|error|bug)"
        r"|(?:^|(?:text|message|sms|body|characters?|letters?|emojis?) "
        r"(?:is |are |was |were |gets? )?)(?:received|displayed|shown) as "
        r"(?!spam|junk|mms|an? mms)\w+"
        r"|(?:random|strange|weird|odd|unreadable|wrong|funny|broken|garbage|corrupt(?:ed)?"
        r"|unknown|bad) (?:symbols|characters|chars|letters|signs|glyphs)|gibberish"
        r"|(?:symbols|characters|chars|letters|text) (?:\w+ ){0,3}(?:are |is )?(?:not readable"
        r"|unreadable|replaced by|replaced with|lost)"
        r"|(?:strange|wrong|weird|odd|incorrect) (?:charset|character set|encoding|codepage)"
        r"|(?:charset|character set|codepage) (?:problem|issue|error|bug)"
        r"|(?:displayed|displays|shown|shows|rendered|printed|arrives?) (?:incorrectly|wrong(?:ly)?"
        r"|broken)|(?:not|in)correctly encoded|not encoded (?:correctly|properly)"
        r"|encoded (?:incorrectly|wrongly)"
        r"|(?:signs?|symbols?) (?:are |is )?(?:missing|lost|dropped)"
        r"|received as altered text"
        r"|special letters|contains? (?:an? )?emojis?|accents? (?:are |were )?(?:stripped|removed"
        r"|dropped"
        r"|lost)|split into (?:separate |multiple )?(?:chunks|parts|pieces)|(?:not|never) "
        r"(?:displaying|displayed|shown|showing|rendered|rendering) "
        r"(?:correctly|properly|right)|(?:don t|doesn t|do not|does not) (?:display|show|render) "
        r"(?:correctly|properly|right)|(?:cut|truncated|stops?|cut off) (?:off )?at (?:the |an? )?"
        r"(?:apostrophe|quote|ampersand|special character|accent\w*)"
        r"|(?:only )?(?:for|with) long (?:messages|sms|texts)"
        r"|(?:appears?|appeared|shown|displayed|arrives?|arrived|show(?:s|ed)? up|come through)"
        r" as (?:\w+ ){0,3}(?:characters|symbols|glyphs|chinese|japanese|korean|asian)"
        r"|(?:param(?:eter)?|content|message|body|text|template|variable)s? length limit"
        r"|(?:long|longer|multi ?part|concatenated) (?:sms |text )?(?:messages?|sms|texts?) "
        r"(?:are |is )?(?:not|never) (?:being )?(?:sent|delivered|received)"
        r"|coming through (?:malformed|garbled|corrupted|broken)|(?:problem|issue|trouble)s? "
        r"with (?:the )?(?:sms |text |character )?encoding"
        r"|emojis? (?:\w+ ){0,4}(?:shows? up|appears?|arrives?|comes? through|turns? into|replaced"
        r"|rendered)|(?:as|into|with|by) (?:a )?(?:blank (?:space|square|box)|empty (?:box|square))"
        r"|emojis? (?:\w+ ){0,3}(?:received|shown|displayed|broken|missing|not (?:shown|displayed"
        r"|supported))"
        r"|exceeds the maximum (?:length"
        r"|size)|(?:message )?body is (?:required|empty)|empty (?:message|body)|invalid "
        r"(?:characters|encoding|message body)|unicode|media (?:size|too large|type)|too large",
    ),
    (
        # A request the sender's own setup got wrong: a missing sender, a bad parameter, no
        # SMS provider set up, a configuration not loaded, an SDK called wrongly ("Sms
        # handler for provider infobip-sms is not found", "'Auth' object has no attribute").
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"(?:from|sender|originator|source) (?:phone )?(?:number |address |id |name )?(?:is |are )?"
        r"(?:required|missing)"
        r"|invalid (?:from|sender|source|originator) (?:phone )?(?:number|address|id)"
        r"|specify (?:a |the )?(?:correct|valid) (?:from|sender|originator)"
        r"|invalid request|invalid parameters?|parameter (?:\w+ ){0,4}(?:is )?(?:not valid|invalid"
        r"|missing|required)|(?:missing|required) parameters?|authori[sz]ation (?:requirement"
        r"|required|failed|failure|error)|(?:sms |phone |messaging )?provider (?:is )?(?:disabled"
        r"|not (?:found|configured|set up|supported|enabled))|unsupported (?:sms |phone "
        r"|messaging )?provider|handler for provider|not specify (?:a |the )?(?:message )?"
        r"(?:sender )?(?:service )?provider|(?:failed to|cannot|could not|unable to) load (?:\w+ )"
        r"{0,2}config(?:uration)?|does not have (?:an? )?(?:\w+ ){0,2}configuration"
        r"|object has no attribute|not found in (?:your |the )?(?:inventory|account)"
        r"|sender (?:id |name )?(?:can|may|must) only (?:include|contain|use|be)"
        # A phone or modem sending on its own SIM: no SIM, or no SMS centre number set.
        r"|no sims? (?:card )?(?:found|detected|inserted|available)|sim (?:card )?(?:is )?not "
        r"(?:found|detected|inserted|present|ready)|empty ?smsc|smsc (?:number |address )?(?:is )?"
        r"(?:empty|not set|missing|unknown|wrong|incorrect)|(?:can t|cannot|cant) (?:find out "
        r"|find |get )the smsc",
    ),
    (
        Cause.ACCOUNT_OR_CONFIGURATION,
        r"not verified (?:phone )?number|(?:number|destination) (?:needs|must) (?:to )?be "
        r"verified|(?:make sure|ensure|check) (?:that )?the (?:phone |mobile )?number (?:\w+ ){0,4}"
        r"(?:is|has been) verified"
        r"|account (?:is )?(?:suspended|disabled|inactive|blocked|not active|closed)"
        r"|(?:blocked|suspended|disabled|locked|inactive|deactivated|banned) (?:user )?account"
        r"|credits? (?:is |are )?not available"
        r"|account (?:is |was |has been )?temporarily (?:suspended|disabled|blocked)"
        r"|requires? (?:a |the |an )?(?:\w+ )?(?:tier|plan|subscription|upgrade)"
        r"|temporary account restriction|(?:long ?code|number|did|sender|caller id) (?:is )?"
        r"not assigned to (?:that|this|your|the) account"
        r"|trial (?:account|period|mode|user)s?|(?:test|trial) (?:period|mode)|only send "
        r"(?:messages |sms )?to (?:verified|yourself)|unverified (?:numbers?|recipients?)"
        r"|not (?:yet )?verified for (?:this|your) account|permissions?|not enabled|not activated"
        # a request the sender built wrong: no text, a sender ID over its length
        r"|body without content|(?:empty|blank|missing) (?:message |sms )?(?:body|text)"
        r"|(?:message |sms )?body (?:is )?(?:empty|missing|required)"
        r"|not authori[sz]ed (?:to|for)|(?:trial|free trial|subscription|plan) (?:has |had )?"
        r"(?:expired|ended)|(?:api |access |auth )?(?:token|credentials?|api key) (?:has |had "
        r"|have )?expired"
        r"|geo ?permissions?|authenticate|auth(?:entication)? (?:failed|failure|error|required)"
        r"|(?:invalid|wrong|bad) (?:credentials|api key|auth token)|identification failed"
        r"|not (?:been )?provisioned for (?:this |that )?(?:region|country)|unprovisioned region"
        r"|unauthori[sz]ed|access denied|access (?:is )?forbidden|forbidden access"
        r"|ungültige (?:berechtigungsnachweise|anmeldedaten|zugangsdaten)|identifiants invalides"
        r"|invalid (?:user ?name|user|login)(?: \w+)? (?:password|combination)|ip lockdown"
        r"|ip (?:address )?(?:is )?not (?:allowed|whitelisted|permitted)"
        r"|invalid (?:parameter|param)s? (?:\w+ )?(?:sender ?id|origination|originator|from)"
        r"|not set up on this route"
        r"|la cuenta esta bloqueada|nieprawidłowe hasło|неверный пароль"
        r"|credenciales (?:inválidas|incorrectas)|неверный (?:логин|пароль|ключ)"
        # A sender type or feature offered only somewhere else ("SMS with toll-free numbers is
        # only available when sent from US or CA"), a sender ID in a format not accepted.
        r"|(?:is|are) only (?:available|supported) (?:when sent )?(?:from|in|for|to)"
        r"|only alphanumeric (?:characters? )?(?:are |is )?(?:allowed|permitted|accepted)"
        r"|sender ?id (?:must|should|can|may) (?:only )?contain only alphanumeric"
        r"|unsupported (?:location|region|country|destination country|geography)"
        r"|(?:sms )?provider (?:could not be|cannot be|can t be|was not|not) found"
        r"|no (?:sms )?provider (?:is )?(?:configured|set|enabled)|no default sms app"
        # a gateway that must be told which carrier or route to use ("No carrier specified")
        r"|no (?:sms )?(?:provider|carrier|gateway|route) (?:was |is )?(?:specified|selected"
        r"|given|chosen)"
        r"|disabled for (?:this|your|the) (?:country|region|destination)"
        r"|in (?:this|that|your|the) (?:country|region) (?:are |is )?not (?:currently |yet )?"
        r"(?:supported|available|allowed|enabled)|country (?:block|black ?listed|blocked)"
        r"|(?:country|region|destination) (?:is )?(?:not "
        r"(?:enabled|supported|allowed|permitted)|barred|blocked|forbidden)"
        r"|not (?:permitted|allowed) to send to (?:this |that )?(?:country|region)"
        # as a status's words: "NOT_ALLOWED_RECIPIENT_COUNTRY", "COUNTRY_NOT_SUPPORTED"
        r"|not (?:allowed|permitted|supported|enabled) (?:recipient |destination )?(?:country"
        r"|region)"
        r"|not (?:a )?(?:sms|message) capable "
        r"(?:sender|from)|(?:origin|originating|sender|sending|from|source)(?: \w+){0,3} "
        r"(?:number|address|channel)s? (?:is )?(?:unknown|not found|not recogni[sz]ed|not owned"
        r"|illegal)|(?:illegal|unknown|invalid) (?:sender|source|from|origin) (?:address|number)"
        r"|(?:invalid|empty|missing|wrong|incorrect|bad) (?:sender|source|originator)"
        r"(?: address| number)?"
        r"|user (?:account )?(?:is )?(?:disabled|suspended|deactivated|locked)"
        # The account itself held for a review before it may send (AWS's sandbox review).
        r"|could not find operation|(?:can ?t|cannot|can not) access (?:this|the) (?:route"
        r"|resource|endpoint)"
        r"|account (?:requires|needs|is pending|is under|awaits|awaiting) (?:an? )?(?:additional "
        r"|manual )?(?:review|verification|approval|activation)"
        r"|(?:bad|invalid|unverified) caller ?id|not (?:an? )?verified caller ?id"
        r"|(?:free )?trial (?:messaging|projects?|credits?)"
        r"|(?<!destination )(?<!recipient )phone ?number not "
        r"found|(?:number|sender|from) (?:that )?you (?:do not|don t) own"
        r"|not owned by (?:the |your |this )?(?:resource|account)"
        # No sending number on the account at all ("No numbers available in the account. Buy
        # a number to send SMS.").
        r"|no (?:phone |sending |sender |from |sms |virtual |long code )?numbers? (?:available "
        r"|found |assigned |configured |purchased )?(?:in|on|for) (?:the |your |this )?account"
        r"|(?:buy|purchase|rent|get) a (?:phone |sending |virtual |new )?number to send"
        r"|(?:account|you) (?:has|have|does not have|doesn t have|do not have|don t have) no "
        r"(?:phone |sending |sms )?numbers?|(?:does not|doesn t|do not|don t) have (?:a |any )"
        r"(?:phone |sending |sms |sms capable )?numbers?(?: \w+){0,2} (?:to send|in (?:the |your )"
        r"?account)",
    ),
    (
        Cause.SPAM_LIKE_CONTENT,
        r"spam|filtered|carrier violation|content (?:was )?(?:flagged|blocked|rejected)|flagged"
        r"|snowshoe(?:ing)?"
        r"|duplicated? (?:messages?|content|sms)|duplicates a recent message|(?:same|identical) "
        r"content"
        r"|carrier guidelines|acceptable use|스팸|all caps|exclamation (?:points|marks)"
        # A carrier's refusal under its own rules, with no other reason ("the carrier rejected
        # the message due to carrier regulations"): its content or compliance filter.
        r"|(?:due to|because of|under|per|violat\w*) (?:the )?(?:carrier|carriers|operator|network)"
        r" (?:regulations?|rules|policies|policy|requirements)"
        r"|(?:message|text) (?:text )?filter"
        r"|(?:carrier|carriers|operator|network|spam|sms) filter(?:s|ing)?"
        r"|blocked (?:due to|because of|for) (?:its |the |message |their |your )?content"
        # A message refused for what it says ("content that may violate ... standards").
        r"|content filter(?:s|ed|ing)?"
        r"|contents? (?:of (?:this |the |your )?(?:message|sms|text) )?(?:that |which )?(?:may "
        r"|might |could |appears to |seems to )?(?:violates?|violated|violating|breach(?:es|ed)?)"
        r"|non ?compliant (?:message )?content",
    ),
    (
        Cause.CARRIER_OR_NETWORK_FAILURE,
        r"network (?:error|failure|congestion|issues?|problems?|outage|difficulties)"
        r"|carrier (?:error|failure|congestion|outage)"
        r"|time ?out|timed out|no routes?|routing (?:error|failure)|system (?:failure|error)"
        r"|(?:could not|couldn t|unable to|cannot|can t|failed to) route"
        r"|internal (?:server )?error|service (?:is )?(?:currently |temporarily )?unavailable"
        r"|congestion|temporar(?:y|ily) "
        r"(?:failure|error|unavailable)|gateway error|upstream|\bsmsc\b|\besme\b"
        r"|connection (?:is |was )?(?:refused|reset|lost|failed|dropped|closed)"
        # the API's host not found from the sender's server ("cURL error 6: Could not resolve
        # host", "getaddrinfo ENOTFOUND", "Temporary failure in name resolution")
        r"|(?:could not|couldn t|cannot|can t|unable to|failed to) resolve (?:the )?(?:host"
        r"|hostname|domain)|getaddrinfo|failure in name resolution|name or service not known"
        r"|bind (?:failed|error)"
        r"|short message transfer rejected|network out of order|resources unavailable"
        # An SMPP receipt's final state when the network gave up on it ("stat:UNDELIV err:999"):
        # the SMSC's word for a failure of the route, whatever "err" number comes with it.
        r"|stat undeliv(?:ered|erable)?"
        r"|destination out of service|not routable|unroutable|not supported (?:by|on) (?:the |this "
        r"|that )?(?:carrier|operator|network)|(?:operator|carrier|network|gateway|smsc) "
        r"(?:service )?(?:is )?(?:temporarily )?(?:down|not responding|unresponsive)"
        r"|switching error|fournisseur (?:\w+ )?(?:ne peut pas être rejoint"
        r"|est indisponible)"
        r"(?: from (?:the )?operator)?"
        r"|facility rejected|(?:operator|carrier) (?:is )?(?:unavailable|not available)"
        # a phone with no network to send over ("SMS failed: NO_SERVICE")
        # (not "no service is available" to an app, which has no SMS at all)
        r"|(?<!sms )no service$|no (?:network|cellular|mobile) (?:service|coverage)"
        # a number moving between carriers ("in the process of being ported")
        r"|(?:being|is) ported|(?:number|phone number) (?:that )?is porting"
        r"|ss7 (?:error|failure)",
    ),
)


def _with_languages(
    phrases: tuple[tuple[Cause, str], ...],
) -> tuple[tuple[Cause, str], ...]:
    """The phrases with each cause's words in other languages (``diagnose.errors.languages``)
    joined to its last, most general entry: a foreign phrase ranks like the generic English
    words for its cause, never above a specific one."""
    foreign = language_patterns()
    last = {cause: i for i, (cause, _) in enumerate(phrases)}
    out = [
        (cause, f"{pattern}|{foreign[cause]}" if last[cause] == i and cause in foreign else pattern)
        for i, (cause, pattern) in enumerate(phrases)
    ]
    out += [(cause, pattern) for cause, pattern in foreign.items() if cause not in last]
    return tuple(out)


# Persian letters written as their Arabic twins, as pastes are normalised
# (``diagnose.errors.words.normalise_text``): the patterns' literals must be too.
_PHRASES = tuple((c, p.translate(ARABIC_LETTERS)) for c, p in _with_languages(_PHRASES))
_PHRASE_RE = [
    (cause, re.compile(r"(?<![a-z0-9])(?:" + p + r")(?![a-z0-9])")) for cause, p in _PHRASES
]
# Scripts written without spaces run a phrase into the Latin word before or after it
# ("API參數填寫錯誤", "SMS送信エラー"): there, a letter beside it is no part of it. These
# looser edges cost every search its fast start, so only text holding such a script uses them.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_HAS_CJK = re.compile(f"[{_CJK}]")
_PHRASE_CJK_RE = [
    (
        cause,
        re.compile(rf"(?:(?<![a-z0-9])|(?=[{_CJK}]))(?:" + p + rf")(?:(?![a-z0-9])|(?<=[{_CJK}]))"),
    )
    for cause, p in _PHRASES
]


# How many of a sender's recipients opt out ("If the daily opt-out rate ... is 10% or higher",
# "if too many people opt-out"): a measure of the sender, which the words around it say what
# befell (an account locked, a number suspended), not one recipient who opted out.
_OPT_OUT_RATE_RE = re.compile(
    r"(?<![a-z0-9])(?:opt ?out (?:rates?|ratios?|percentages?)|(?:too many|(?:a )?high (?:number"
    r"|volume|rate) of) (?:\w+ ){0,2}(?:opt(?:s|ed)? ?outs?|unsubscribes?|unsubscribed))"
    r"(?![a-z0-9])"
)


# A platform that unsubscribes a number after its messages fail ("Opted out of SMS due to
# failed SMS message", "unsubscribed after 3 failed deliveries"): the opt-out follows the
# failure, whose cause the words do not give; the recipient opted out of nothing.
_OPT_OUT_AFTER_FAILURE_RE = re.compile(
    r"(?<![a-z0-9])(?:opted ?out|opt ?out|unsubscribed|suppressed)(?: of \w+)? (?:due to|because"
    r" of|after|following) (?:\w+ ){0,3}(?:failed|failures?|undeliver\w*|bounced?|bounces"
    r"|errors?)(?![a-z0-9])"
)


def ruled_out(norm: str) -> frozenset[Cause]:
    """Causes the words themselves rule out: an opt-out *flow* or an opt-out *rate* is about
    the sender, and an opt-out *after failed messages* is the platform's, so no recipient
    opted out (the guess from words must not say so either).

    Example:
        >>> sorted(c.value for c in ruled_out("if the daily opt out rate is 10 or higher"))
        ['opted_out_recipient']
    """
    if (
        _OPT_OUT_FLOW_RE.search(norm)
        or _OPT_OUT_RATE_RE.search(norm)
        or _OPT_OUT_AFTER_FAILURE_RE.search(norm)
    ):
        return frozenset({Cause.OPTED_OUT_RECIPIENT})
    return frozenset()


def cause_phrases(norm: str) -> list[CausePhrase]:
    """Causes the normalised words name, most specific first (offsets into ``norm``).

    Words about a campaign's opt-out *flow* ("STOP MT missing brand", "opt-out confirmation
    must name the brand") are a registration finding, not a recipient who opted out: with
    them, the opt-out words name no opted-out recipient (see ``opt_out_flow``).

    Example:
        >>> [c.cause.value for c in cause_phrases("phone number is opted out")]
        ['opted_out_recipient']
        >>> [c.cause.value for c in cause_phrases("subscriber opt out stop mt missing brand")]
        ['missing_brand_identification', 'sender_not_registered']
    """
    flow = _OPT_OUT_FLOW_RE.search(norm)
    excluded = ruled_out(norm)
    out = []
    for cause, pattern in _PHRASE_CJK_RE if _HAS_CJK.search(norm) else _PHRASE_RE:
        if cause in excluded:
            continue
        m = pattern.search(norm)
        if m:
            out.append(CausePhrase(cause, m.group(0), m.start(), m.end()))
    if flow and not any(c.cause is Cause.SENDER_NOT_REGISTERED for c in out):
        # The finding itself: the registration stays rejected until the messages are fixed.
        out.append(
            CausePhrase(Cause.SENDER_NOT_REGISTERED, flow.group(0), flow.start(), flow.end())
        )
    return out


_PROTOCOL_RE = [
    (cause, re.compile(r"(?<![a-z0-9])(?:" + p + r")(?![a-z0-9])"))
    for cause, p in (*smpp_patterns(), *cms_patterns(), *android_patterns())
]


def protocol_phrase(norm: str) -> CausePhrase | None:
    """The cause an SMPP status, a modem's ``+CMS ERROR`` or an Android send result names,
    if the words hold one.

    A protocol's status is exact and nobody's code: its number (``+CMS ERROR: 310``) is not
    another provider's code 310.

    Example:
        >>> protocol_phrase("cms error 310").cause.value
        'account_or_configuration'
        >>> protocol_phrase("error 310") is None
        True
    """
    for cause, pattern in _PROTOCOL_RE:
        m = pattern.search(norm)
        if m:
            return CausePhrase(cause, m.group(0), m.start(), m.end())
    return None


# The messages of a program's opt-out and help flow, and what a review found wrong with one:
# the STOP reply ("STOP MT", "opt-out confirmation", "STOP keyword response") lacks the brand,
# "no further messages" or the HELP contact; a sample or opt-in message lacks opt-out words.
# A recipient who opted out is said otherwise ("replied STOP", "is unsubscribed").
_FLOW_MESSAGE = (
    r"(?:stop|opt ?out|unsubscribe|help)(?: keyword)? (?:mt|msg|message|messages|confirmation"
    r"|response|reply|auto ?reply|text|language|info|information|instructions?|keyword response)"
    # the same reply named the other way round ("Your automated response to STOP")
    r"|(?:automated |automatic |auto )?(?:response|reply|message|confirmation) (?:sent )?to "
    r"(?:a |the )?(?:stop|opt ?out|unsubscribe)(?: keyword| request| message)?"
)
_FLOW_FINDING = (
    r"missing|lacks?|must (?:include|contain|state|name|identify|have|be|explicitly)"
    r"|(?:does not|doesn t|did not|do not|don t) (?:clearly |explicitly )?(?:include|contain"
    r"|identify|state|name|mention)|not (?:compliant"
    r"|included|provided|present)|non ?compliant|requirements? not met|brand name|no brand"
    r"|rejection|rejected|sample|should (?:include|incorporate|contain|state|have|be)"
    r"|must incorporate|needs? to (?:include|incorporate|contain)"
)
_OPT_OUT_FLOW_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + _FLOW_MESSAGE
    + r")(?![a-z0-9])[\s\S]{0,60}?(?<![a-z0-9])(?:"
    + _FLOW_FINDING
    + r")(?![a-z0-9])|(?<![a-z0-9])(?:"
    + _FLOW_FINDING
    + r")(?![a-z0-9])[\s\S]{0,60}?(?<![a-z0-9])(?:"
    + _FLOW_MESSAGE
    + r")(?![a-z0-9])"
)


def opt_out_flow(norm: str) -> str | None:
    """The words of a review finding about the program's opt-out or help messages, or None.

    Example:
        >>> opt_out_flow("rejection subscriber opt out stop mt missing brand")
        'rejection subscriber opt out stop mt'
        >>> opt_out_flow("the recipient replied stop to this number") is None
        True
    """
    m = _OPT_OUT_FLOW_RE.search(norm)
    return m.group(0) if m else None


#: Causes a registration review names in its finding beside the registration itself: the
#: words decide the cause, the registration stays the reason the sender cannot send.
REVIEW_CAUSES = frozenset(
    {
        Cause.MISSING_BRAND_IDENTIFICATION,
        Cause.MISSING_OPT_OUT_LANGUAGE,
        Cause.URL_OR_LINK_FILTERING,
        Cause.PROHIBITED_CONTENT,
        Cause.NO_CONSENT,
    }
)

# The Campaign Registry's code as pasted: "TCR 5102", "TCR Code 6013:", "TCR error 601",
# "Campaign Registry code 3105", "TCR rejection code 5108".
_TCR_CODE_RE = re.compile(
    r"(?<![\w-])(?:TCR|The Campaign Registry|Campaign Registry)(?:[ \t]*[-:#]?[ \t]*(?:vetting"
    r"|rejection|error|reason|campaign)){0,2}(?:[ \t]*[-:#]?[ \t]*code)?[ \t]*[-:#]?[ \t]*"
    r"(\d{3,5}[A-Z]?)(?![\w-])",
    re.IGNORECASE,
)


def tcr_code(text: str) -> str | None:
    """The code a paste gives as The Campaign Registry's ("TCR Code 3105: ..."), or None.

    Example:
        >>> tcr_code("TCR Code 3105: Required Fields Missing")
        '3105'
        >>> tcr_code("tcr_campaign_id: null, code 30007") is None
        True
    """
    m = _TCR_CODE_RE.search(text)
    return m.group(1).upper() if m else None
