"""The two real SMS corpora (UCI SMS Spam Collection, Mishra & Soni SMS phishing), combined.

The files live outside the package (``../shared/data`` next to the repo, or wherever
``--data-dir`` / ``SMS_DIAGNOSE_DATA`` points) because of their size and licences. Mendeley
reuses most of UCI's text, so rows are deduplicated on ``id`` (a hash of the normalised
text) and the ``split`` column is kept as published: ``test`` rows are evaluation only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas loads with the corpora: `sms-diagnose check` never needs it
    import pandas as pd

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
    """Both corpora, one row per distinct ``id``: ``id, text, label, risky, split, sources``.

    ``label`` is the sharpest label any file gave the text (smishing > spam > ham); ``sources``
    lists the files it came from. Raises ``CorpusNotFound`` naming the directory searched.
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
    out["risky"] = out["label"].isin(RISKY_LABELS).astype(int)
    return out[["id", "text", "label", "risky", "split", "sources"]].reset_index(drop=True)


def corpus_info(df: pd.DataFrame) -> dict[str, int]:
    """Distinct texts per ``label/split``, for the data card."""
    counts = df.groupby(["label", "split"]).size()
    return {f"{key[0]}/{key[1]}": int(n) for key, n in counts.items()}  # type: ignore[index]
