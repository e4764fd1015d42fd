"""Does this message have to carry the first-message disclosures (brand, opt-out)?

Seed guide: the first reply to a customer (agent or auto-reply), the first message from an
automation partner or the API, and every proactive campaign message carry the company name
and opt-out language; later conversational replies need not.
"""

from __future__ import annotations

from diagnose.message import FailedMessage, Origin

_INITIAL_BY_DEFAULT = frozenset({Origin.AUTO_REPLY, Origin.API, Origin.AUTOMATION})


def needs_disclosures(message: FailedMessage) -> bool | None:
    """True: must carry them; False: need not; None: unknown without ``first_message``."""
    origin = message.origin
    if origin is None:  # the common case, decided without enum comparisons (they are slow)
        return message.first_message
    if origin in (Origin.PROACTIVE, Origin.IVR_TO_SMS):
        return True
    if message.first_message is not None:
        return message.first_message
    if origin in _INITIAL_BY_DEFAULT:
        return True
    return None
