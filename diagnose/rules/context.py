"""What a rule sees: the message plus derived views computed once and shared by all rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from diagnose.message import FailedMessage
from diagnose.text import UrlMatch, find_urls, lower_keep_offsets

if TYPE_CHECKING:
    from diagnose.rules.base import Span
    from diagnose.segments import SegmentInfo


_T = TypeVar("_T")


class RuleContext:
    """The message under check, with lazily derived views (computed once per message)."""

    def __init__(self, message: FailedMessage) -> None:
        self.message = message
        self.body = message.body
        self._shared: dict[Callable[[RuleContext], Any], Any] = {}

    def shared(self, compute: Callable[[RuleContext], _T]) -> _T:
        """A value several rules of a family derive from this message, computed once."""
        try:
            return self._shared[compute]  # type: ignore[no-any-return]
        except KeyError:
            value = self._shared[compute] = compute(self)
            return value

    @cached_property
    def lower(self) -> str:
        """The body lower-cased with every offset unchanged (see ``lower_keep_offsets``)."""
        return lower_keep_offsets(self.body)

    @cached_property
    def words(self) -> frozenset[str]:
        """The distinct lower-cased words (``\\w+`` runs) of the body."""
        from diagnose.lexicon import words

        return words(self.lower)

    @cached_property
    def word_keys(self) -> frozenset[str]:
        """The lexicon keys of the body's words (shared by every term scan)."""
        from diagnose.lexicon import keys_of

        return keys_of(self.words)

    @cached_property
    def urls(self) -> tuple[UrlMatch, ...]:
        return find_urls(self.body)

    # Views several rules share; imported lazily because they build on rules.base.
    @cached_property
    def opt_out_instruction(self) -> Span | None:
        """The first standard opt-out instruction ("Reply STOP to opt out"), if any."""
        from diagnose.rules.optout_text import KEYWORD_WORDS, standard_opt_out_lower

        if not (self.words & KEYWORD_WORDS):
            return None  # every standard instruction names a keyword as its own word
        return standard_opt_out_lower(self.lower)

    @cached_property
    def nonstandard_opt_outs(self) -> tuple[Span, ...]:
        from diagnose.rules.optout_text import nonstandard_opt_out_lower

        return nonstandard_opt_out_lower(self.lower)

    @cached_property
    def promotional(self) -> tuple[Span, ...]:
        """Where the body reads as marketing."""
        from diagnose.promotional import PROMO_WORD_KEYS, promotional_spans_lower

        if "%" not in self.lower and not (self.word_keys & PROMO_WORD_KEYS):
            return ()  # every cue holds "%" or a word starting with one of these keys
        return promotional_spans_lower(self.lower)

    @cached_property
    def segments(self) -> SegmentInfo:
        from diagnose.segments import segment_info

        return segment_info(self.body)
