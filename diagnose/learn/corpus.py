"""The two real SMS corpora (UCI SMS Spam Collection, Mishra & Soni SMS phishing), combined.

The files live outside the package (``../shared/data`` next to the repo, or wherever
``--data-dir`` / ``SMS_DIAGNOSE_DATA`` points) because of their size and licences. Mendeley
reuses most of UCI's text, so rows are deduplicated on ``id`` (a hash of the normalised
text).

The split is the published one made near-duplicate aware. The files' ``split=test`` rows
are a 20% sample of distinct *ids*, but templated spam that differs only in its numbers has
many ids, some on each side, so a test text's template could be fitted. Here each group of
near-duplicates (``diagnose.learn.near_duplicates``: same letters once digits, spaces and
punctuation are dropped, or a character 3-5-gram cosine >= 0.9, joined transitively) goes
to one side: to ``test`` when any of its texts is published as ``test``, else ``train``.
So no published test row is ever fitted (the data's terms), and a published train row is
held out as well when it is a near-duplicate of a test row. ``published_split`` keeps the
file's value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas loads with the corpora: `sms-diagnose check` never needs it
    import numpy as np
    import pandas as pd
    from numpy.typing import NDArray

#: Environment variable overriding where the corpora live.
DATA_ENV = "SMS_DIAGNOSE_DATA"
CORPUS_FILES = {
    "uci": "uci_sms_spam_collection.csv",
    "mendeley": "mendeley_sms_phishing.csv",
}
#: Which labels count as content a carrier filter would block (the ``content_risk`` target).
RISKY_LABELS = frozenset({"spam", "smishing"})
# Where a text is both "spam" and "smishing" the sharper label wins.
_LABEL_RANK = {"ham": 0, "spam": 1, "smishing": 2}


class CorpusNotFound(FileNotFoundError):
    """The real corpora are not where we looked; the message says where that was."""


def default_data_dir() -> Path:
    """``$SMS_DIAGNOSE_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    return repo.parent / "shared" / "data"


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    """Counts a data card reports about the loaded corpora."""

    rows_read: int
    unique: int
    by_label_split: dict[str, int]


def load_corpora(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Both corpora, one row per distinct ``id``.

    Columns ``id, text, label, risky, split, published_split, group, sources``. ``label`` is
    the sharpest label any file gave the text (smishing > spam > ham); ``split`` is the
    near-duplicate-aware split (see the module docstring), ``published_split`` the files'
    own, ``group`` the smallest ``id`` of the text's near-duplicate group; ``sources`` lists
    the files the text came from. Raises ``CorpusNotFound`` naming the directory searched.
    """
    import pandas as pd

    root = Path(data_dir) if data_dir is not None else default_data_dir()
    frames = []
    for name, filename in CORPUS_FILES.items():
        path = root / filename
        if not path.is_file():
            raise CorpusNotFound(
                f"{path} not found; pass --data-dir or set {DATA_ENV} to the folder holding "
                f"{', '.join(CORPUS_FILES.values())}"
            )
        df = pd.read_csv(path, keep_default_na=False, dtype=str)
        df = df[["id", "text", "label", "split"]].copy()
        df["source"] = name
        frames.append(df)
    both = pd.concat(frames, ignore_index=True)
    both["rank"] = both["label"].map(_LABEL_RANK)
    if both["rank"].isna().any():
        raise ValueError("unexpected label in corpus files")
    splits = both.groupby("id")["split"].nunique()
    if (splits > 1).any():
        raise ValueError("a text id is train in one file and test in the other")
    both = both.sort_values(["id", "rank", "source"], kind="stable")
    sources = both.groupby("id")["source"].agg(lambda s: "+".join(sorted(set(s))))
    out = both.drop_duplicates("id", keep="last").set_index("id")
    out["sources"] = sources
    out = out.reset_index().sort_values(["source", "id"], kind="stable")
    out = out.reset_index(drop=True)
    out["risky"] = out["label"].isin(RISKY_LABELS).astype(int)
    out["published_split"] = out["split"]
    number = _groups(tuple(out["text"]))
    out["group"] = out.groupby(number)["id"].transform("min")
    held_out = out["group"].isin(out.loc[out["published_split"] == "test", "group"])
    out["split"] = held_out.map({True: "test", False: "train"})
    columns = ["id", "text", "label", "risky", "split", "published_split", "group", "sources"]
    return out[columns]


@cache
def _groups(texts: tuple[str, ...]) -> NDArray[np.int64]:
    """``near_duplicates.groups``, once per process for the same texts (a few seconds)."""
    from diagnose.learn.near_duplicates import groups

    number = groups(texts)
    number.flags.writeable = False
    return number


def corpus_info(df: pd.DataFrame) -> dict[str, int]:
    """Distinct texts per ``label/split``, for the data card."""
    counts = df.groupby(["label", "split"]).size()
    return {f"{key[0]}/{key[1]}": int(n) for key, n in counts.items()}  # type: ignore[index]


def split_info(df: pd.DataFrame) -> dict[str, Any]:
    """How the near-duplicate-aware split differs from the published one, for the data card."""
    from diagnose.learn.near_duplicates import NGRAM_RANGE, THRESHOLD

    moved = df[(df["published_split"] == "train") & (df["split"] == "test")]
    sizes = df.groupby("group").size()
    return {
        "rule": (
            "near-duplicate groups (same letters once digits, spaces and punctuation are "
            f"dropped, or character {NGRAM_RANGE[0]}-{NGRAM_RANGE[1]}-gram tf-idf cosine >= "
            f"{THRESHOLD}, joined transitively) go to test when any text in them is published "
            "as test, else to train"
        ),
        "groups": len(sizes),
        "groups_with_more_than_one_text": int((sizes > 1).sum()),
        "largest_group": int(sizes.max()) if len(sizes) else 0,
        "published_train_moved_to_test": len(moved),
        "moved_by_label": {
            k: int(v) for k, v in moved["label"].value_counts().sort_index().items()
        },
        "published_test_moved_to_train": int(
            ((df["published_split"] == "test") & (df["split"] == "train")).sum()
        ),
    }
