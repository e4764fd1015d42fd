"""What a rule sees: the message plus derived views computed once and shared by all rules."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

from diagnose.message import FailedMessage
from diagnose.rules.optout_text import nonstandard_opt_out_in, standard_opt_out_in
from diagnose.text.lexicon import keys_of, words
from diagnose.text.links import UrlMatch, find_urls, lower_keep_offsets
from diagnose.text.opt_out_confirmation import confirms_opt_out
from diagnose.text.promotional import may_be_promotional, promotional_spans_lower
from diagnose.text.segments import SegmentInfo, segment_info
from diagnose.text.spans import Span

_T = TypeVar("_T")


class view(Generic[_T]):
    """``functools.cached_property`` without its per-instance lock (Python < 3.12 takes one
    on every first access); a context belongs to one thread, and its views are the hot path
    of every diagnosis."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> view[_T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> view[_T] | _T:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.compute(obj)
        return value


class RuleContext:
    """The message under check, with lazily derived views (computed once per message)."""

    def __init__(self, message: FailedMessage) -> None:
        self.message = message
        self.body = message.body or ""
        self._shared: dict[Callable[[RuleContext], Any], Any] = {}

    def shared(self, compute: Callable[[RuleContext], _T]) -> _T:
        """A value several rules of a family derive from this message, computed once."""
        try:
            return self._shared[compute]  # type: ignore[no-any-return]
        except KeyError:
            value = self._shared[compute] = compute(self)
            return value

    @view
    def lower(self) -> str:
        """The body lower-cased with every offset unchanged (see ``lower_keep_offsets``)."""
        return lower_keep_offsets(self.body)

    @view
    def words(self) -> frozenset[str]:
        """The distinct lower-cased words (``\\w+`` runs) of the body."""
        return words(self.lower)

    @view
    def word_keys(self) -> frozenset[str]:
        """The lexicon keys of the body's words (shared by every term scan)."""
        return keys_of(self.words)

    @view
    def urls(self) -> tuple[UrlMatch, ...]:
        return find_urls(self.body)

    @view
    def non_ascii(self) -> bool:
        """Whether the body holds any character beyond ASCII (emoji, look-alikes, ...)."""
        return not self.body.isascii()

    @view
    def opt_out_instruction(self) -> Span | None:
        """The first standard opt-out instruction ("Reply STOP to opt out"), if any."""
        return standard_opt_out_in(self.lower, self.words)

    @view
    def nonstandard_opt_outs(self) -> tuple[Span, ...]:
        return nonstandard_opt_out_in(self.lower, self.words)

    @view
    def opt_out_confirmation(self) -> bool:
        """Whether the body is the sender's confirmation of an opt-out ("You have been
        unsubscribed ..."): the one reply a STOP allows. A body that says how to opt out is
        an instruction, not a confirmation."""
        return (
            confirms_opt_out(self.lower, self.words)
            and self.opt_out_instruction is None
            and not self.nonstandard_opt_outs
        )

    @view
    def promotional(self) -> tuple[Span, ...]:
        """Where the body reads as marketing."""
        if not may_be_promotional(self.lower, self.words, self.word_keys):
            return ()
        return promotional_spans_lower(self.lower)

    @view
    def segments(self) -> SegmentInfo:
        return segment_info(self.body)


#: Rule gates (``Rule.gate``) over the views above: C-level attribute reads, cheaper than
#: calling a check that would return at once.
has_links = attrgetter("urls")
has_non_ascii = attrgetter("non_ascii")
