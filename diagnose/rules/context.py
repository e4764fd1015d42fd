"""What a rule sees: the message plus derived views computed once and shared by all rules."""

from __future__ import annotations

from functools import cached_property

from diagnose.message import FailedMessage
from diagnose.text import UrlMatch, find_urls


class RuleContext:
    """The message under check, with lazily derived views (computed once per message)."""

    def __init__(self, message: FailedMessage) -> None:
        self.message = message
        self.body = message.body

    @cached_property
    def lower(self) -> str:
        """The body lower-cased with offsets preserved (``str.lower`` keeps length for most
        scripts; where it would not, the original is used so spans stay valid)."""
        low = self.body.lower()
        return low if len(low) == len(self.body) else self.body

    @cached_property
    def urls(self) -> tuple[UrlMatch, ...]:
        return find_urls(self.body)
