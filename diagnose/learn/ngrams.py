"""Word and character n-gram tf-idf columns of the body, vectorised over the whole column.

The fitting and the lookup live here, free of scikit-learn and scipy: the pipeline's
transformers (``diagnose.learn.features.WordNgrams`` / ``CharNgrams``) inherit them and add
scikit-learn's estimator API, and the inference bundle (``diagnose.learn.bundle``) rebuilds
them from the arrays ``fitted_arrays`` gives. One copy of the feature logic for both.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from typing import Any

import numpy as np
from numpy.typing import NDArray

from diagnose.learn.inputs import _DIGITS, ModelInput, Rows

# scikit-learn's TfidfVectorizer counts n-grams one Python dict lookup at a time (~6k msgs/s
# for char n-grams). These transformers give the same kind of features (tf-idf, l2-scaled
# rows, a vocabulary picked by min_df and max_features, readable names) but encode every
# n-gram as an exact integer key and look the whole batch up at once in a numpy hash table.
# One difference: a term seen twice in a body is two entries of the CSR row (they add up
# in any product with weights), and the row scale is sqrt(sum of idf^2 over occurrences), so
# no sort is needed to merge repeats. ``merge_repeats`` merges them where a row is read
# entry by entry (explanations).

_TOKEN = re.compile(r"\w+")  # maximal runs: the same tokens as \b\w+\b, faster
#: Separates documents in one joined string; no document keeps one (see ``_fold_joined``).
_SEP = "\x00"
#: Between documents in the word tokeniser's input: digit runs fold to "0", so no body
#: yields the token "1".
_DOC_TOKEN = "1"
# Python's str.split() whitespace, for the char n-grams' word boundaries.
_SPACE_CODES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)
# Fibonacci hashing: the multiplier spreads keys over the high bits of the product.
_MULT = np.uint64(0x9E3779B97F4A7C15)

Triples = Iterable[tuple[int, NDArray[np.integer[Any]], NDArray[np.unsignedinteger[Any]]]]


def pack_strings(strings: Sequence[str]) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
    """Strings as one UTF-8 byte array and each one's end offset: arrays ``np.load`` reads
    without pickle (an object array would need it), whatever characters they hold."""
    encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
    ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(), ends


def unpack_strings(blob: NDArray[np.uint8], ends: NDArray[np.int64]) -> list[str]:
    """The strings ``pack_strings`` packed."""
    raw = blob.tobytes()
    starts = [0, *ends[:-1].tolist()]
    return [
        raw[a:b].decode("utf-8", "surrogatepass")
        for a, b in zip(starts, ends.tolist(), strict=True)
    ]


def _fold_joined(docs: Sequence[ModelInput]) -> tuple[str, int]:
    """``body_text`` of every document, joined by ``_SEP``, in one lower/sub pass.

    The words and chars transformers of one ``FeatureUnion.transform`` call get the same
    rows: the last result is kept and reused for the very same (immutable) rows.
    """
    last = _LAST_FOLD[0]
    if last is not None and len(last[0]) == len(docs) and all(map(operator.is_, last[0], docs)):
        return last[1]
    bodies = [d.body for d in docs]
    joined = _SEP.join(bodies)
    if joined.count(_SEP) != len(bodies) - 1:
        joined = _SEP.join(b.replace(_SEP, " ") for b in bodies)
    result = _DIGITS.sub("0", joined.lower()), len(bodies)
    _LAST_FOLD[0] = (tuple(docs), result)
    return result


_LAST_FOLD: list[tuple[tuple[ModelInput, ...], tuple[str, int]] | None] = [None]


class _KeyTable:
    """Open-addressing hash table (linear probing) from uint64 keys to column numbers."""

    def __init__(self, keys: NDArray[np.uint64]) -> None:
        self.bits = max(4, int(len(keys) * 4).bit_length())  # load factor <= 1/4
        size = 1 << self.bits
        self.keys = np.zeros(size, dtype=np.uint64)
        self.cols = np.full(size, -1, dtype=np.int64)
        self.probes = 1
        mask = size - 1
        for col, (key, slot) in enumerate(
            zip(keys.tolist(), self._slots(keys).tolist(), strict=True)
        ):
            probes = 1
            while self.cols[slot] >= 0:
                slot = (slot + 1) & mask
                probes += 1
            self.keys[slot], self.cols[slot] = key, col
            self.probes = max(self.probes, probes)

    def _slots(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        return ((keys * _MULT) >> np.uint64(64 - self.bits)).astype(np.int64)

    def lookup(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        """Column of each key, -1 when it is not in the table."""
        out = np.full(len(keys), -1, dtype=np.int64)
        slots = self._slots(keys)
        todo = np.arange(len(keys))
        mask = len(self.cols) - 1
        for _ in range(self.probes):
            if not len(todo):
                break
            s = slots[todo]
            cols = self.cols[s]
            hit = (self.keys[s] == keys[todo]) & (cols >= 0)
            out[todo[hit]] = cols[hit]
            todo = todo[~hit & (cols >= 0)]
            slots[todo] = (slots[todo] + 1) & mask
        return out

    def keys_in_column_order(self) -> NDArray[np.uint64]:
        """The keys it was built from, in their order (column 0 first)."""
        live = self.cols >= 0
        out = np.zeros(int(live.sum()), dtype=np.uint64)
        out[self.cols[live]] = self.keys[live]
        return out


class _DirectTable:
    """Key -> column through an array indexed by the key (keys below ``space``)."""

    def __init__(self, keys: NDArray[np.uint64], space: int) -> None:
        dtype = np.int16 if len(keys) < 1 << 15 else np.int32
        self.cols: NDArray[np.signedinteger[Any]] = np.full(space, -1, dtype=dtype)
        self.cols[keys.astype(np.int64)] = np.arange(len(keys), dtype=dtype)

    def lookup(self, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
        """Column of each key, -1 when it is not in the table."""
        return self.cols[keys.astype(np.intp)].astype(np.int64)

    def keys_in_column_order(self) -> NDArray[np.uint64]:
        """The keys it was built from, in their order (column 0 first)."""
        live = np.flatnonzero(self.cols >= 0)
        out = np.zeros(len(live), dtype=np.uint64)
        out[self.cols[live]] = live.astype(np.uint64)
        return out


def _table(keys: NDArray[np.uint64], space: int) -> _KeyTable | _DirectTable:
    """The lookup table of one n-gram length: direct when its key space is small."""
    return _DirectTable(keys, space) if space <= 1 << 22 else _KeyTable(keys)


class NgramTfidf:
    """Shared fit and lookup; subclasses turn folded texts into (n, doc, key) triples.

    Fitted state: ``tables_`` (per length, the vocabulary's keys in a lookup table and the
    first column of that length), ``idf_`` and ``names_``, plus what a subclass's key
    encoding needs (``_state_arrays``). ``fitted_arrays`` / ``from_arrays`` carry it in
    plain arrays for the inference bundle; the tables are rebuilt from their keys by the
    same ``_table`` that fit uses.
    """

    def __init__(
        self, *, ngram_range: tuple[int, int] = (1, 2), min_df: int = 2, max_features: int = 10000
    ) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def _keys(self, joined: str, n_docs: int) -> Triples:
        raise NotImplementedError

    def _names(self, features: list[tuple[int, int]]) -> list[str]:
        raise NotImplementedError

    def _prepare_fit(self, joined: str) -> None:
        """Hook: state the key encoding needs before ``_keys`` runs in fit."""

    def _key_space(self, n: int) -> int:
        """How many distinct keys n-grams of length n can have (small: a direct table)."""
        return 1 << 64

    def fit(self, X: Sequence[ModelInput], y: Any = None) -> NgramTfidf:
        joined, n_docs = _fold_joined(X)
        self._prepare_fit(joined)
        found: list[tuple[int, int, int, int]] = []  # (-count, n, key, df)
        for n, docs, keys in self._keys(joined, n_docs):
            uniq, counts = np.unique(keys, return_counts=True)
            pairs = np.unique(np.stack([keys, docs.astype(np.uint64)]), axis=1)
            k_df, df = np.unique(pairs[0], return_counts=True)
            keep = df >= self.min_df
            count_of = dict(zip(uniq.tolist(), counts.tolist(), strict=True))
            for key, d in zip(k_df[keep].tolist(), df[keep].tolist(), strict=True):
                found.append((-count_of[key], n, key, d))
        # Most frequent first (ties by n, then key: deterministic), like max_features.
        found.sort()
        chosen = sorted(found[: self.max_features], key=lambda t: (t[1], t[2]))
        self.tables_: dict[int, tuple[_KeyTable | _DirectTable, int]] = {}
        for n in range(self.ngram_range[0], self.ngram_range[1] + 1):
            cols = [j for j, t in enumerate(chosen) if t[1] == n]  # contiguous, by key
            keys = np.array([chosen[j][2] for j in cols], dtype=np.uint64)
            self.tables_[n] = (_table(keys, self._key_space(n)), cols[0] if cols else 0)
        df_all = np.array([t[3] for t in chosen], dtype=np.float64)
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + df_all)) + 1.0
        self.names_ = np.asarray(self._names([(t[1], t[2]) for t in chosen]), dtype=object)
        return self

    def _entries(self, joined: str, n_docs: int) -> tuple[NDArray[np.integer], NDArray[np.integer]]:
        """(doc, column) of every vocabulary n-gram occurrence, ordered by doc."""
        rows, cols = [], []
        for n, docs, keys in self._keys(joined, n_docs):
            table, first = self.tables_[n]
            col = table.lookup(keys)
            hit = col >= 0
            rows.append(docs[hit])
            cols.append(col[hit] + first)
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        doc = np.concatenate(rows)
        order = np.argsort(doc, kind="stable")  # a few sorted runs: a cheap merge
        return doc[order], np.concatenate(cols)[order]

    def rows(self, X: Sequence[ModelInput]) -> Rows:
        """The tf-idf rows of ``X``: each row's entries by length, then position (a term
        seen twice is two entries), l2-scaled."""
        joined, n_docs = _fold_joined(X)
        doc, col = self._entries(joined, n_docs)
        val = self.idf_[col]
        per_doc = np.bincount(doc, minlength=n_docs)
        scale = np.sqrt(np.bincount(doc, weights=val * val, minlength=n_docs))
        val /= np.repeat(np.where(scale > 0, scale, 1.0), per_doc)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(per_doc, out=indptr[1:])
        return Rows(val, col, indptr, len(self.idf_))

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        return np.asarray(self.names_, dtype=object)

    def fitted_arrays(self) -> dict[str, NDArray[Any]]:
        """The fitted state as plain arrays (no objects): see ``from_arrays``."""
        out: dict[str, NDArray[Any]] = {
            "ngram_range": np.asarray(self.ngram_range, dtype=np.int64),
            "idf": np.asarray(self.idf_, dtype=np.float64),
        }
        for n, (table, first) in self.tables_.items():
            out[f"keys{n}"] = table.keys_in_column_order()
            out[f"first{n}"] = np.asarray(first, dtype=np.int64)
        out.update(self._state_arrays())
        return out

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, NDArray[Any]], names: Sequence[str]) -> Any:
        """A fitted instance from ``fitted_arrays`` (and the feature names, kept apart)."""
        lo, hi = (int(v) for v in arrays["ngram_range"])
        self = cls.__new__(cls)
        self.ngram_range = (lo, hi)
        self.min_df = self.max_features = 0  # fit-time settings, not needed to transform
        self._load_state(arrays)
        self.tables_ = {
            n: (
                _table(np.asarray(arrays[f"keys{n}"], np.uint64), self._key_space(n)),
                int(arrays[f"first{n}"]),
            )
            for n in range(lo, hi + 1)
        }
        self.idf_ = np.asarray(arrays["idf"], dtype=np.float64)
        self.names_ = np.asarray(list(names), dtype=object)
        return self

    def _state_arrays(self) -> dict[str, NDArray[Any]]:
        """Hook: the key encoding's fitted state as arrays."""
        return {}

    def _load_state(self, arrays: Mapping[str, NDArray[Any]]) -> None:
        """Hook: restore what ``_state_arrays`` gave."""


class WordNgramKeys(NgramTfidf):
    """Word 1-2 grams (``\\b\\w+\\b`` tokens) of the folded body; a key is two token ids."""

    def _prepare_fit(self, joined: str) -> None:
        if self.ngram_range[1] > 2:
            raise ValueError("WordNgrams encodes at most two tokens per key")
        tokens = sorted(set(_TOKEN.findall(joined.replace(_SEP, " "))))
        self.tokens_ = {t: i for i, t in enumerate(tokens)}
        self.tokens_[_DOC_TOKEN] = -2  # never a body token (see _DOC_TOKEN)

    def _keys(self, joined: str, n_docs: int) -> Triples:
        found = _TOKEN.findall(joined.replace(_SEP, f" {_DOC_TOKEN} "))
        ids = np.fromiter(map(self.tokens_.get, found, repeat(-1)), np.int64, count=len(found))
        is_sep = ids == -2
        docs = np.cumsum(is_sep)
        known = ids >= 0
        uids = ids.astype(np.uint64)
        if self.ngram_range[0] <= 1:
            yield 1, docs[known], uids[known]
        if self.ngram_range[1] >= 2 and len(ids) > 1:
            ok = known[:-1] & known[1:]
            yield 2, docs[:-1][ok], (uids[:-1][ok] << np.uint64(32)) | uids[1:][ok]

    def _key_space(self, n: int) -> int:
        return len(self.tokens_) if n == 1 else 1 << 64

    def _state_arrays(self) -> dict[str, NDArray[Any]]:
        by_id = sorted((i, t) for t, i in self.tokens_.items() if i >= 0)
        assert [i for i, _ in by_id] == list(range(len(by_id)))
        blob, ends = pack_strings([t for _, t in by_id])
        return {"tokens": blob, "token_ends": ends}

    def _load_state(self, arrays: Mapping[str, NDArray[Any]]) -> None:
        tokens = unpack_strings(arrays["tokens"], arrays["token_ends"])
        self.tokens_ = {t: i for i, t in enumerate(tokens)}
        self.tokens_[_DOC_TOKEN] = -2

    def _names(self, features: list[tuple[int, int]]) -> list[str]:
        by_id = {i: t for t, i in self.tokens_.items() if i >= 0}
        return [
            by_id[key] if n == 1 else f"{by_id[key >> 32]} {by_id[key & 0xFFFFFFFF]}"
            for n, key in features
        ]


class CharNgramKeys(NgramTfidf):
    """Character n-grams (up to 3) inside words (each word padded by a space), like ``char_wb``.

    Characters are numbered in a 7-bit alphabet fitted on the training text (space, then the
    126 most frequent characters; the rest share one "other" code, shown as U+FFFD in names),
    so a 3-gram key is 21 bits and the vocabulary is a direct-address table.
    """

    _BITS = 7

    def _prepare_fit(self, joined: str) -> None:
        if self.ngram_range[1] > 3:
            raise ValueError("CharNgrams encodes at most three characters per key")
        raw = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        raw = raw[(raw <= 0xFFFF) & ~np.isin(raw, _SPACE_CODES) & (raw != 0)]
        chars, counts = np.unique(raw, return_counts=True)
        top = chars[np.lexsort((chars, -counts))][: (1 << self._BITS) - 2]
        alphabet = np.zeros(0x10000, dtype=np.uint8)  # 0: other
        alphabet[_SPACE_CODES] = 1
        alphabet[top] = np.arange(2, len(top) + 2, dtype=np.uint8)
        self.alphabet_ = alphabet

    def _key_space(self, n: int) -> int:
        return 1 << (self._BITS * n)

    def _state_arrays(self) -> dict[str, NDArray[Any]]:
        return {"alphabet": np.asarray(self.alphabet_, dtype=np.uint8)}

    def _load_state(self, arrays: Mapping[str, NDArray[Any]]) -> None:
        self.alphabet_ = np.asarray(arrays["alphabet"], dtype=np.uint8)

    def _keys(self, joined: str, n_docs: int, aligned: bool = False) -> Triples:
        """Per length: (n, doc, key); ``aligned``: one slot per position, -1-free offsets
        into the combined table with misses pointing at an empty slot."""
        if not n_docs:
            return
        # Each text as " text ", then the separator (a space of the next doc): no n-gram
        # crosses it, since an n-gram holds a space only at its ends.
        padded = " " + joined.replace(_SEP, f" {_SEP} ") + " "
        raw = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        sep = raw == 0
        docs = np.cumsum(sep, dtype=np.int32)
        codes = self.alphabet_[np.minimum(raw, 0xFFFF)].astype(np.uint32)
        codes[raw > 0xFFFF] = 0
        codes[sep] = 1
        space = codes == 1
        lo, hi = self.ngram_range
        size = len(codes)
        for n in range(lo, hi + 1):
            m = size - n + 1
            if m <= 0:
                continue
            # No space inside the n-gram (only at its ends), not all spaces, one doc.
            ok = docs[:m] == docs[n - 1 :]
            for k in range(1, n - 1):
                ok &= ~space[k : k + m]
            if n <= 2:
                ok &= ~(space[:m] & space[n - 1 :])
            key = codes[:m].copy()
            for k in range(1, n):
                key = (key << np.uint32(self._BITS)) | codes[k : k + m]
            if not aligned:
                yield n, docs[:m][ok], key[ok]
                continue
            # Every length gets ``size`` slots; invalid ones point at the combined table's
            # last slot, which is always empty.
            full = np.full(size, self._offset(hi + 1), dtype=np.uint32)
            full[:m] = np.where(ok, key + np.uint32(self._offset(n)), full[:m])
            yield n, docs, full

    def _entries(self, joined: str, n_docs: int) -> tuple[NDArray[np.integer], NDArray[np.integer]]:
        # All lengths at once, interleaved by position, so the entries come out in doc order
        # without a sort: key spaces of each length are stacked in one direct table.
        if not hasattr(self, "_by_key"):
            self._by_key = self._combined_table()
        parts = list(self._keys(joined, n_docs, aligned=True))
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        docs = parts[0][1]
        keys = np.stack([k for _, _, k in parts], axis=1).ravel()
        col = self._by_key[keys]
        hit = np.flatnonzero(col >= 0)
        return docs[hit // len(parts)], col[hit]

    def _combined_table(self) -> NDArray[np.int32]:
        lo, hi = self.ngram_range
        out = np.full(self._offset(hi + 1) + 1, -1, dtype=np.int32)  # + the empty slot
        for n in range(lo, hi + 1):
            table, first = self.tables_[n]
            assert isinstance(table, _DirectTable)
            live = table.cols >= 0
            out[self._offset(n) : self._offset(n + 1)][live] = table.cols[live] + first
        return out

    def _offset(self, n: int) -> int:
        """Where length-n keys start in the combined table (1- and 2-grams first)."""
        return sum(self._key_space(k) for k in range(self.ngram_range[0], n))

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = dict(super().__getstate__())  # type: ignore[call-overload]
        state.pop("_by_key", None)  # rebuilt on first use; keeps the pickle small
        return state

    def _names(self, features: list[tuple[int, int]]) -> list[str]:
        char_of = {int(i): chr(c) for c, i in enumerate(self.alphabet_.tolist()) if i > 1}
        char_of[1] = " "
        mask = (1 << self._BITS) - 1
        out = []
        for n, key in features:
            ids = [(key >> (self._BITS * (n - 1 - k))) & mask for k in range(n)]
            out.append("".join(char_of.get(i, "\ufffd") for i in ids))
        return out
