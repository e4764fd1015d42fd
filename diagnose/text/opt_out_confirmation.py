"""Is a body the sender's confirmation of an opt-out ("You have been unsubscribed ...")?

After a STOP the sender may send one message: the confirmation that the opt-out took
(CTIA Short Code Monitoring Handbook A.1: "Acknowledge opt-out requests"; Twilio's and
Zendesk's default reply "You have successfully been unsubscribed. You will not receive any
more messages from this number. Reply START to resubscribe."). It is the reply a STOP
triggers, not a message sent in spite of it; and carriers vet it like any sample: "Opt-out
message must contain brand name and indicate that no further messages will be sent" (TCR
rejection 611, as Telnyx documents it; TCR 5102 "Opt-out Missing Confirmation Text" rejects
"Ok, we stopped.").

A confirmation states that the opt-out happened; an opt-out *instruction* ("Reply STOP and
you will no longer receive texts") or a condition ("If you unsubscribe, you will not
receive ...") says what would happen, and is not one.
"""

from __future__ import annotations

import re

#: What the messages are called after "you will no longer receive ...".
_MESSAGES = r"(?:messages|texts|text\s+messages|msgs|sms|alerts|notifications|updates)"
_YOU_WILL = r"(?:(?:you\s+will|you['’]ll)\s+(?:no\s+longer|not|never)|you\s+won['’]?t)"
_CONFIRMS = re.compile(
    # "You have (successfully) been unsubscribed / opted out", "you're unsubscribed from ..."
    r"\byou(?:['’]ve|\s+have|['’]re|\s+are|\s+were)?(?:\s+now)?(?:\s+successfully)?"
    r"(?:\s+been)?(?:\s+successfully)?\s+(?:unsubscribed|opted[\s-]?out)\b"
    r"|\byou(?:['’]ve|\s+have)(?:\s+been)?\s+removed\s+from\b"
    # "You will not receive any more messages", "you'll no longer get texts from Acme"
    rf"|\b{_YOU_WILL}\s+(?:receive|get|be\s+sent)"
    rf"(?:\s+[\w'’-]+){{0,3}}?\s+{_MESSAGES}\b"
    r"|\b(?:you\s+will|you['’]ll)\s+(?:receive|get)\s+no\s+(?:more|further|other)\b"
    rf"|\bno\s+(?:more|further)\s+(?:[\w'’-]+\s+){{0,2}}?{_MESSAGES}\s+will\s+be\s+sent\b"
    # "Ok, we stopped.", "We've stopped your texts", "Your messages have been stopped"
    r"|\bwe(?:['’]ve|\s+have)?\s+stopped(?=\s*(?:[.!,;]|$)|\s+(?:sending|texting|messaging"
    rf"|all|(?:your\s+|the\s+|these\s+)?{_MESSAGES}\b))"
    rf"|\b{_MESSAGES}\s+(?:have\s+been|has\s+been|are|were)\s+(?:stopped|cancell?ed|turned\s+off)\b"
    r"|\bopt[\s-]?out\s+(?:confirmed|received|processed|successful)\b"
    r"|^\W*(?:unsubscribed|opted\s+out)\W*$"
)
#: Words that make a clause a condition or an instruction rather than a statement of fact.
_CONDITION = re.compile(r"\b(?:if|once|when|whenever|unless|until)\b")
#: At least one of these words is in every confirmation the pattern finds (a fast path: most
#: bodies hold none).
CONFIRMATION_WORDS = frozenset(
    {"unsubscribed", "opted", "removed", "receive", "get", "sent", "stopped", "cancelled",
     "canceled", "off", "opt"}
)  # fmt: skip
_CLAUSE_START = re.compile(r"[.!?\n;]")


def confirms_opt_out(low: str, words: frozenset[str]) -> bool:
    """Whether lower-cased ``low`` (with its ``\\w+`` ``words``) confirms an opt-out.

    The caller rules out bodies that give opt-out instructions (they are not confirmations,
    even when they say what an opt-out does).

    Example:
        >>> body = "You have been unsubscribed and will receive no more messages."
        >>> confirms_opt_out(body.lower(), frozenset(re.findall(r"\\w+", body.lower())))
        True
        >>> confirms_opt_out("if you unsubscribe, you will not receive texts", frozenset(
        ...     {"if", "you", "unsubscribe", "will", "not", "receive", "texts"}))
        False
    """
    if words.isdisjoint(CONFIRMATION_WORDS):
        return False
    for m in _CONFIRMS.finditer(low):
        clause_start = 0
        for b in _CLAUSE_START.finditer(low, 0, m.start()):
            clause_start = b.end()
        if not _CONDITION.search(low, clause_start, m.start()):
            return True
    return False
