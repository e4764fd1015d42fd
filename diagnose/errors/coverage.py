"""What the error table covers, per provider: rows, codes and documented texts.

A row is one code in one of a provider's namespaces; ``codes`` counts the distinct codes
(Vonage's ``err-code 9`` and ``status 9`` are two rows, one code); ``texts`` counts the
documented texts a paste can be matched against: names, aliases and messages, plus codes
that are text (``TEXT_SPAM``, "Delivery Failed").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from diagnose.errors.codes import ErrorCodeInfo, all_error_codes, code_key
from diagnose.message import Provider, parse_provider


@dataclass(frozen=True, slots=True)
class ProviderCoverage:
    """How much of one provider's error vocabulary the table holds."""

    provider: Provider
    rows: int
    codes: int
    texts: int
    messages: int
    kinds: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "provider": self.provider.value,
            "rows": self.rows,
            "codes": self.codes,
            "texts": self.texts,
            "messages": self.messages,
            "kinds": list(self.kinds),
        }


def texts_of(info: ErrorCodeInfo) -> list[str]:
    """The documented texts of a row a paste can be matched against."""
    out = [info.name, *info.aliases]
    if info.message:
        out.append(info.message)
    if not info.code.isdigit():
        out.append(info.code)
    return [t for t in dict.fromkeys(out) if t]


def provider_coverage(rows: Sequence[ErrorCodeInfo] | None = None) -> list[ProviderCoverage]:
    """Coverage of every provider with rows, in ``Provider`` order.

    Example:
        >>> twilio = next(c for c in provider_coverage() if c.provider is Provider.TWILIO)
        >>> twilio.rows > 500 and twilio.texts > twilio.rows
        True
    """
    rows = all_error_codes() if rows is None else rows
    out = []
    for provider in Provider:
        mine = [r for r in rows if r.provider is provider]
        if not mine:
            continue
        out.append(
            ProviderCoverage(
                provider=provider,
                rows=len(mine),
                codes=len({code_key(r.code) for r in mine}),
                texts=sum(len(texts_of(r)) for r in mine),
                messages=sum(1 for r in mine if r.message),
                kinds=tuple(dict.fromkeys(r.kind for r in mine)),
            )
        )
    return out


def totals(cover: Sequence[ProviderCoverage]) -> ProviderCoverage | None:
    """The sums over ``cover`` (``provider`` is the first one's; None when empty)."""
    if not cover:
        return None
    return ProviderCoverage(
        provider=cover[0].provider,
        rows=sum(c.rows for c in cover),
        codes=sum(c.codes for c in cover),
        texts=sum(c.texts for c in cover),
        messages=sum(c.messages for c in cover),
        kinds=(),
    )


def provider_rows(name: str) -> tuple[Provider | None, list[ErrorCodeInfo]]:
    """The provider a name means and its rows; ``(None, [])`` for a provider not covered.

    Example:
        >>> provider, rows = provider_rows("Nexmo")
        >>> provider.value, len(rows) > 50
        ('vonage', True)
        >>> provider_rows("msg91")
        (None, [])
    """
    provider = parse_provider(name)
    if provider is None:
        return None, []
    return provider, [r for r in all_error_codes() if r.provider is provider]
