"""Template mining: one campaign is one template, whatever words each message personalises.

``mask_template`` hides what a pattern can find (links, numbers, digits, a name after a
greeting). What it cannot find (an agent's name, a city, a street) still splits a campaign
into as many "templates" as it has customers, and shows their words. Drain (He et al.,
ICWS 2017; the ``drain3`` package, made for log lines that share a template with variable
tokens) groups the masked bodies by length and leading words, then by token similarity, and
turns the tokens that differ into ``<*>``. Two passes then join what Drain keeps apart:
runs of ``<*>`` are read as one (a one-word city and a two-word one), and a smaller group
whose bodies fit a larger group's template (each ``<*>`` standing for one to three words)
joins it.

Drain is configured here in code (no ``drain3.ini`` is read, nothing is fetched or saved),
and fed in a fixed order (most rows first, then by text), so the result is a function of the
counts alone: the same whichever process or chunk counted them. It runs once per distinct
masked body at the end of a run (``SummaryBuilder.build``), not per row.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from drain3 import TemplateMiner
from drain3.template_miner_config import TemplateMinerConfig

#: Drain's similarity threshold: the share of a body's tokens that must equal the template's.
#: 0.6 keeps a 10-word campaign with three personalised words together (0.7) and two
#: different 6-word messages that share a greeting apart (0.33). Drain's default, 0.4, also
#: merges bodies whose two-word values shift the rest out of line into a template of mostly
#: ``<*>``: on ``synthetic.personalised_rows`` 0.5 split one campaign in two; 0.6 finds
#: each campaign once, and the 24 generating templates of ``synthetic.generate_rows``.
SIMILARITY = 0.6
#: Prefix-tree depth (Drain's default): the first ``DEPTH - 2`` tokens pick the branch.
DEPTH = 6
#: Children per tree node (Drain's default is 100): past it, further first words share one
#: branch, whose every group a new body is compared with. One-off free text (agent replies)
#: fills such branches: 5,000 random bodies took 0.69 s at 100 and 0.09 s at 1,000.
MAX_CHILDREN = 1_000
#: Distinct masked bodies mined, those with the most rows first; rarer ones stay templates
#: of their own. Drain compares a body with every group in its branch, so one-off text costs
#: quadratically: this bounds a run's mining at about a second (20,000 one-off bodies took
#: 27 s); personalised campaigns need far fewer (200,000 rows of three: 2,928).
MAX_MINED = 3_000
#: Share of equal tokens from which two groups of one length join (stricter than Drain's
#: own threshold, since the first words no longer have to agree).
CROSS_SIMILARITY = 0.7
#: A ``<*>`` may stand for this many words when a small group is joined to a larger one.
MAX_WILDCARD_WORDS = 3
#: Groups compared when joining (the largest): beyond, the tail is one-offs anyway.
MAX_JOIN_TARGETS = 300
WILDCARD = "<*>"
_RUN_RE = re.compile(r"<\*>(?: <\*>)+")


def _miner() -> TemplateMiner:
    config = TemplateMinerConfig()  # defaults in code; ``load`` (an .ini file) is never called
    config.drain_sim_th = SIMILARITY
    config.drain_depth = DEPTH
    config.drain_max_children = MAX_CHILDREN
    config.masking_instructions = []  # the bodies are masked already
    config.parametrize_numeric_tokens = True
    config.profiling_enabled = False
    return TemplateMiner(persistence_handler=None, config=config)


def collapse(template: str) -> str:
    """Runs of ``<*>`` read as one (a value of one word or of several).

    Example:
        >>> collapse("Hi <name>, this is <*> <*> from Acme")
        'Hi <name>, this is <*> from Acme'
    """
    return _RUN_RE.sub(WILDCARD, template)


def template_id(template: str) -> str:
    """A short stable id for a template (for ``sms-diagnose ticket --template``).

    Example:
        >>> template_id("Hi <name>, your code is <n>")
        'Td8de4d'
    """
    return "T" + hashlib.sha1(template.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def _span(template: str) -> tuple[int, int]:
    """Fewest and most words a body matching ``_pattern(template)`` can have."""
    tokens = template.split(" ")
    wild = tokens.count(WILDCARD)
    return len(tokens), len(tokens) + wild * (MAX_WILDCARD_WORDS - 1)


def _pattern(template: str) -> re.Pattern[str]:
    words = rf"\S+(?: \S+){{0,{MAX_WILDCARD_WORDS - 1}}}"
    parts = [words if t == WILDCARD else re.escape(t) for t in template.split(" ")]
    return re.compile(" ".join(parts))


def mine_templates(counts: Mapping[str, int]) -> dict[str, str]:
    """Each masked body (key of ``counts``, rows as value) -> the template of its group.

    Example:
        >>> bodies = {
        ...     "Hi <name>, this is Tom from Sunrise Realty about the home in Pasadena.": 2,
        ...     "Hi <name>, this is Ana from Sunrise Realty about the home in Glendale.": 1,
        ...     "Hi <name>, this is Wei from Sunrise Realty about the home in San Diego.": 1,
        ... }
        >>> set(mine_templates(bodies).values())
        {'Hi <name>, this is <*> from Sunrise Realty about the home in <*>'}
    """
    miner = _miner()
    cluster_of: dict[str, int] = {}
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    for text in ordered[:MAX_MINED]:
        # Drain splits on whitespace; an empty body is a group of its own.
        cluster_of[text] = miner.add_log_message(text)["cluster_id"] if text.strip() else -1
    clusters = miner.drain.id_to_cluster
    drained = {c: clusters[c].get_template() for c in set(cluster_of.values()) if c >= 0}
    drained[-1] = ""
    for k, text in enumerate(ordered[MAX_MINED:]):  # not mined: each its own template
        cluster_of[text] = -2 - k
        drained[-2 - k] = text
    sizes: dict[str, int] = {}
    for text, c in cluster_of.items():
        sizes[drained[c]] = sizes.get(drained[c], 0) + counts[text]
    joined = {t: collapse(u) for t, u in _join_same_length(sizes).items()}
    # Groups kept apart only by length now share their collapsed template ...
    rows: dict[str, int] = {}
    members: dict[str, list[str]] = {}
    for text, c in cluster_of.items():
        t = joined[drained[c]]
        rows[t] = rows.get(t, 0) + counts[text]
        members.setdefault(t, []).append(text)
    # ... and a smaller group whose every body fits a larger group's template joins it.
    order = sorted(rows, key=lambda t: (-rows[t], t))
    targets = [t for t in order[:MAX_JOIN_TARGETS] if WILDCARD in t]
    patterns = {t: _pattern(t) for t in targets}
    spans = {t: _span(t) for t in targets}
    lengths = {t: {len(m.split()) for m in members[t]} for t in order}
    final = {t: t for t in order}
    for t in order:
        for target in targets:
            if target == t or rows[target] < rows[t] or (rows[target] == rows[t] and target > t):
                continue
            if final[target] != target:
                continue
            low, high = spans[target]
            if not all(low <= n <= high for n in lengths[t]):
                continue  # cheap: no body of this length can fit the template
            if all(patterns[target].fullmatch(m) for m in members[t]):
                final[t] = target
                break
    return {text: final[joined[drained[c]]] for text, c in cluster_of.items()}


def _join_same_length(rows: Mapping[str, int]) -> dict[str, str]:
    """Each template -> the template of its join: templates of one token count whose tokens
    agree on at least ``CROSS_SIMILARITY`` of the positions join (most rows first), the
    positions that differ becoming ``<*>``."""
    groups: dict[int, list[list[str]]] = {}
    joined_to: dict[str, tuple[int, int] | None] = {}
    for rank, t in enumerate(sorted(rows, key=lambda t: (-rows[t], t))):
        tokens = t.split(" ") if t else []
        reps = groups.setdefault(len(tokens), [])
        need = CROSS_SIMILARITY * len(tokens)
        for k, rep in enumerate(reps):
            if tokens and sum(a == b for a, b in zip(rep, tokens, strict=True)) >= need:
                reps[k] = [a if a == b else WILDCARD for a, b in zip(rep, tokens, strict=True)]
                joined_to[t] = (len(tokens), k)
                break
        else:
            if rank < MAX_JOIN_TARGETS:  # only the largest groups gather others
                joined_to[t] = (len(tokens), len(reps))
                reps.append(tokens)
            else:
                joined_to[t] = None
    return {
        t: t if where is None else " ".join(groups[where[0]][where[1]])
        for t, where in joined_to.items()
    }
