"""Opt-out rules: STOP means stop, and first messages say how to stop.

Source: the seed guide (Gladly, SMS Consent and Compliance Guidelines) and
compliance-rules.md section A.
"""

from __future__ import annotations

from diagnose.causes import Cause
from diagnose.message import Origin
from diagnose.rules.base import CheckResult, Hit, NeedContext, Rule, Scope, Severity, rule
from diagnose.rules.context import RuleContext
from diagnose.rules.initial import needs_disclosures
from diagnose.rules.optout_text import _NONSTANDARD_RE
from diagnose.rules.prefilters import superset
from diagnose.text.keywords import OptOutKind, OptOutState, opt_out_state

_FIX_FOOTER = "Append a standard opt-out instruction such as 'Reply STOP to opt out.'"


def says_how_to_opt_out(ctx: RuleContext) -> bool:
    """Whether the body gives opt-out instructions, standard or not: all OPT001 reads of the
    body (batch triage runs it once per distinct body, ``diagnose.batch.column_forms``)."""
    return bool(ctx.opt_out_instruction or ctx.nonstandard_opt_outs)


def opt_out_evidence(ctx: RuleContext) -> tuple[bool, bool]:
    """Whether the body says how to opt out and, when it does not, whether it reads as
    marketing: all OPT001 reads of the body (batch triage runs it once per distinct body,
    ``diagnose.batch.column_forms``)."""
    says = says_how_to_opt_out(ctx)
    return says, not says and bool(ctx.promotional)


def gives_standard_opt_out(ctx: RuleContext) -> bool:
    """Whether the body gives a standard opt-out instruction: all OPT005 reads of the body."""
    return ctx.opt_out_instruction is not None


def confirms_this_opt_out(ctx: RuleContext, state: OptOutState | None) -> bool:
    """Whether the body is the confirmation of the opt-out in force (``state``, or the
    platform's flag when the history shows none): the one reply a STOP allows (CTIA Short
    Code Monitoring Handbook A.1, "Acknowledge opt-out requests"; TCR: "Opt-out message must
    contain brand name and indicate that no further messages will be sent"), so not a
    message sent in spite of the opt-out. A second one is: an outbound message after the
    STOP in the history means the confirmation went already."""
    if state is not None:
        later = ctx.message.history_before_send[state.index + 1 :]
        if any(h.direction == "outbound" for h in later):
            return False
    return ctx.opt_out_confirmation


@rule(
    id="OPT001",
    name="missing-opt-out-language",
    cause=Cause.MISSING_OPT_OUT_LANGUAGE,
    severity=Severity.LIKELY,
    source="Seed guide (GL-C): initial reply, automation/API and proactive messages; "
    "compliance-rules.md OPTOUT-INITIAL, GLADLY-INITIAL-REPLY; TW-FILT",
    fix=_FIX_FOOTER,
    scope=Scope.CONTEXT,
)
def missing_opt_out_language(ctx: RuleContext) -> CheckResult:
    """First, automated and proactive messages must say how to opt out.

    ## What it does
    Checks that a message which must carry the first-message disclosures (the first reply
    in a conversation, an auto-reply, the first message from an automation partner or the
    API, every proactive campaign message) contains opt-out instructions that name a
    standard keyword such as STOP. Later conversational replies are not checked. When it is
    not known whether the message is a first one, a body that reads as marketing ("50% off
    everything") is still flagged, as advisory: marketing is what a business sends
    unprompted, as a campaign, and every proactive message needs the opt-out (seed guide).

    ## Why is this bad?
    Regulators and carrier filters look for opt-out language in the first message; the
    seed guide makes it a requirement ("You must always include an opt-out language in the
    initial reply"). Messages without it are filtered more often (Twilio 30007, Bandwidth
    4770, Gladly "carrier violation").

    ## Example
        Thanks for contacting Retalé. How can we assist you today?

    ## Use instead
        Thanks for contacting Retalé. How can we assist you today? Reply STOP to opt out.
    """
    if ctx.message.origin == Origin.IVR_TO_SMS:
        return  # OPT005 owns the IVR case.
    required = needs_disclosures(ctx.message)
    if required is False:
        return
    says, marketing = opt_out_evidence(ctx)
    if says:
        return
    if required is None:
        yield NeedContext(
            "first_message",
            "the body has no opt-out language, which only matters for a first message",
        )
        if marketing:
            yield Hit(
                "This message reads as marketing, which a business sends as a campaign, "
                "and has no opt-out instructions (e.g. 'Reply STOP to opt out').",
                # No spans: the batch tree shares this result across bodies (column form).
                severity=Severity.ADVISORY,
            )
    elif required:
        what = "proactive message" if ctx.message.origin == Origin.PROACTIVE else "first message"
        yield Hit(f"This {what} has no opt-out instructions (e.g. 'Reply STOP to opt out').")


@rule(
    id="OPT002",
    name="non-standard-opt-out-keyword",
    cause=Cause.MISSING_OPT_OUT_LANGUAGE,
    severity=Severity.LIKELY,
    source="compliance-rules.md OPTOUT-KEYWORD-STANDARD; TW-FILT; CTIA universal keywords",
    fix="Name a standard keyword as its own word: 'Reply STOP to opt out.'",
    prefilter=superset(_NONSTANDARD_RE.pattern),
)
def non_standard_opt_out_keyword(ctx: RuleContext) -> CheckResult:
    """Opt-out instructions must use a standard keyword, as its own word.

    ## What it does
    Finds opt-out instructions that ask for something other than a standard keyword
    ("Text 2 to stop", "reply N to unsubscribe") or glue the keyword to other text
    ("stop2quit", "STOP=END"), when no standard instruction is present as well.

    ## Why is this bad?
    Carriers and providers act on STOP, END, CANCEL, UNSUBSCRIBE and QUIT (and a few more)
    as whole words. Other replies are not processed as opt-outs, so filters treat the
    message as lacking opt-out language, and recipients who follow it are not opted out.

    ## Example
        Acme deals this week! Text 2 to stop.

    ## Use instead
        Acme deals this week! Reply STOP to opt out.
    """
    if ctx.opt_out_instruction:
        return
    spans = ctx.nonstandard_opt_outs
    if spans:
        said = ctx.body[spans[0].start : spans[0].end]
        yield Hit(f"'{said}' is not a standard opt-out keyword instruction.", spans)


@rule(
    id="OPT003",
    name="recipient-opted-out",
    cause=Cause.OPTED_OUT_RECIPIENT,
    severity=Severity.BLOCKER,
    source="Seed guide (GL-O: STOP opts out until they re-subscribe); compliance-rules.md "
    "OPTOUT-RECIPIENT, OPTOUT-KEYWORDS-HONORED; TW-OPT; AWS-KW; FCC-REV",
    fix="Do not send to this recipient until they text START (or UNSTOP / YES) to this number.",
    scope=Scope.CONTEXT,
    requires=("history", "recipient_opted_out"),
    # The body only exempts (the opt-out confirmation): with none known, the opt-out stands.
    reads_body=False,
)
def recipient_opted_out(ctx: RuleContext) -> CheckResult:
    """Never message a recipient who opted out and has not opted back in.

    ## What it does
    Fires when the platform flags the recipient as opted out, or when the conversation
    history holds an inbound opt-out keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END,
    QUIT, REVOKE, OPTOUT, REMOVE, ARRET, TD; case, spaces and punctuation ignored) that
    no later START, UNSTOP or YES undid. History entries dated after ``sent_at`` are left
    out: a STOP that arrived after the send did not block it. The message that confirms
    the opt-out ("You have been unsubscribed. You will receive no more messages.") is not
    flagged: it is the one reply a STOP allows (CTIA), unless the history shows an outbound
    message after the STOP already (the confirmation went).

    ## Why is this bad?
    STOP means stop: providers refuse the send (Twilio 21610, Bandwidth 4775, Telnyx
    40300) and the sender is exposed under the TCPA. Only the recipient can re-subscribe.

    ## Example
        (history: inbound "STOP") Hi Chip, your order is ready for pickup.

    ## Use instead
        (history: inbound "STOP", then inbound "START") Hi Chip, your order is ready.
    """
    msg = ctx.message
    state = opt_out_state(msg.history_before_send)
    if state is not None and state.kind is OptOutKind.KEYWORD:
        if not confirms_this_opt_out(ctx, state):
            yield Hit(
                f"The recipient replied '{state.text}' (history entry {state.index + 1}) "
                "and has not opted back in."
            )
    elif msg.recipient_opted_out and not confirms_this_opt_out(ctx, None):
        yield Hit("The recipient is flagged as opted out of messages from this sender.")


@rule(
    id="OPT004",
    name="informal-opt-out-ignored",
    cause=Cause.OPTED_OUT_RECIPIENT,
    severity=Severity.BLOCKER,
    source="compliance-rules.md OPTOUT-NATURAL-LANGUAGE, GLADLY-OPTOUT-SINGLE-WORD; FCC-REV "
    "(47 CFR 64.1200(a)(10)); GL-O",
    fix="Treat the request as an opt-out: suppress the number on every sender and stop messaging.",
    scope=Scope.CONTEXT,
    requires=("history",),
    reads_body=False,
)
def informal_opt_out_ignored(ctx: RuleContext) -> CheckResult:
    """A plain-language request to stop is an opt-out, even without the keyword.

    ## What it does
    Finds inbound messages in the history such as "please stop texting me", "remove me
    from this list" or "STOP PLEASE", not followed by an opt-in keyword.

    ## Why is this bad?
    Platforms (Twilio, Gladly) auto-block only exact single-word keywords, so these
    requests slip through; the FCC's revocation rule says any reasonable request to stop
    revokes consent. Continuing to message draws complaints and carrier blocks. Confirming
    the opt-out is not continuing (see OPT003).

    ## Example
        (history: inbound "please stop texting me") Reminder: your appointment is tomorrow.

    ## Use instead
        (no further messages until the recipient opts back in)
    """
    state = opt_out_state(ctx.message.history_before_send)
    if (
        state is not None
        and state.kind is OptOutKind.NATURAL_LANGUAGE
        and not confirms_this_opt_out(ctx, state)
    ):
        yield Hit(
            f"The recipient asked to stop in plain words (history entry {state.index + 1}); "
            "keyword filters miss this, but it is an opt-out."
        )


@rule(
    id="OPT005",
    name="ivr-to-sms-without-opt-out",
    cause=Cause.MISSING_OPT_OUT_LANGUAGE,
    severity=Severity.LIKELY,
    source="Seed guide (GL-C, IVR to SMS); compliance-rules.md CONSENT-IVR-TO-SMS, GLADLY-IVR",
    fix=_FIX_FOOTER,
    scope=Scope.CONTEXT,
    requires=("origin",),
)
def ivr_to_sms_without_opt_out(ctx: RuleContext) -> CheckResult:
    """The first SMS after an IVR "continue by text" offer must carry opt-out language.

    ## What it does
    For messages whose origin is ``ivr_to_sms``, checks for opt-out instructions with a
    standard keyword.

    ## Why is this bad?
    The caller agreed by pressing a key, not by texting; the seed guide requires the
    confirming SMS to include opt-out language (and the company name).

    ## Example
        Thanks for calling Retalé. An agent will text you here shortly.

    ## Use instead
        Thanks for calling Retalé. An agent will text you here shortly. Reply STOP to opt out.
    """
    if ctx.message.origin != Origin.IVR_TO_SMS:
        return
    if not gives_standard_opt_out(ctx):
        yield Hit("This IVR-to-SMS message has no opt-out instructions.")


RULES: tuple[Rule, ...] = (
    recipient_opted_out,
    informal_opt_out_ignored,
    missing_opt_out_language,
    non_standard_opt_out_keyword,
    ivr_to_sms_without_opt_out,
)
