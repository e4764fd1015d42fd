"""Placeholder until this family lands."""

from diagnose.rules.base import Rule

RULES: tuple[Rule, ...] = ()
