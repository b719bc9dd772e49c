"""The memory's index: units in SQLite, found by exact text, segment ID, or shared rare words.

The index is a cache: it is built from the memory's inputs and can be thrown away at any
time.  Exact and context lookups use B-tree indexes on the normalised text; fuzzy lookups
ask an FTS5 full-text index for the units that share the query's rarest words (document
frequencies come from ``fts5vocab``), keep the units that share the most of them, and score
those few (at most :data:`SCORED`) with rapidfuzz.  A lookup therefore touches a bounded
number of units, however large the memory.

Scores are rapidfuzz's normalised Indel similarity of the two texts, in percent (0–100), the
usual measure of a fuzzy match in CAT tools.
"""

from __future__ import annotations

import heapq
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reply_i18n.memory.adapt import figure_free_words
from reply_i18n.memory.units import Unit

SCHEMA_VERSION = "2"
_TOKEN = re.compile(r"[^\W_]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
#: How many of a query's rarest words are asked of the full-text index.
RARE_WORDS = 6
#: How many units are scored, at the most: those sharing the most rare words.
SCORED = 24
#: How many units are read for one rare word, at the most.
POSTINGS = 200
#: How many candidates a fuzzy lookup returns.
CANDIDATES = 24

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    locale TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    segment TEXT NOT NULL,
    document TEXT NOT NULL,
    norm TEXT NOT NULL,
    words TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    norm, content='units', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS vocab USING fts5vocab(fts, 'row');
"""


def normalise(text: str) -> str:
    """The form texts are compared in: NFC, white space collapsed, emphasis kept."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _most_shared(item: tuple[int, int]) -> tuple[int, int]:
    """Order postings by how many rare words a unit shares, then by its position."""
    return -item[1], item[0]


def words_key(text: str) -> str:
    """The words of a text less its figures and month names, joined: texts that differ only
    in figures share this key (see :mod:`reply_i18n.memory.adapt`)."""
    return " ".join(figure_free_words(text))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A unit found for a query, with its similarity in percent."""

    unit: Unit
    score: float


class Index:
    """Units of a memory in an SQLite database (a file, or ``:memory:``)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._df: dict[str, int] | None = None
        # lookups read the index at random: keep it in memory-mapped pages and a large cache
        connection.execute("PRAGMA mmap_size = 67108864")
        connection.execute("PRAGMA cache_size = -32768")

    @classmethod
    def create(
        cls, connection: sqlite3.Connection, units: Iterable[Unit], *, fingerprint: str
    ) -> Index:
        """Fill an empty database with ``units``; ``fingerprint`` identifies the inputs."""
        db = connection
        db.execute("PRAGMA journal_mode = OFF")  # a cache built in a temporary file
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        with db:
            db.executemany(
                "INSERT INTO units "
                "(locale, source, target, origin, segment, document, norm, words) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        u.locale,
                        u.source,
                        u.target,
                        u.origin,
                        u.segment,
                        u.document,
                        normalise(u.source),
                        words_key(u.source),
                    )
                    for u in units
                ),
            )
            db.execute("INSERT INTO fts (rowid, norm) SELECT id, norm FROM units")
            db.execute("CREATE INDEX IF NOT EXISTS units_norm ON units (locale, norm)")
            db.execute("CREATE INDEX IF NOT EXISTS units_segment ON units (locale, segment)")
            db.execute("CREATE INDEX IF NOT EXISTS units_words ON units (locale, words)")
            db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [("schema", SCHEMA_VERSION), ("fingerprint", fingerprint)],
            )
        return cls(db)

    def fingerprint(self) -> str | None:
        """The fingerprint the index was built for, or None for an empty or foreign file."""
        try:
            row = self._db.execute(
                "SELECT (SELECT value FROM meta WHERE key = 'schema'), "
                "(SELECT value FROM meta WHERE key = 'fingerprint')"
            ).fetchone()
        except sqlite3.DatabaseError:
            return None
        if row is None or row[0] != SCHEMA_VERSION:
            return None
        return str(row[1]) if row[1] is not None else None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM units").fetchone()[0])

    def _units(self, sql: str, params: tuple[object, ...]) -> list[Unit]:
        rows = self._db.execute(
            "SELECT source, target, locale, origin, segment, document FROM units " + sql, params
        ).fetchall()
        return [Unit(*row) for row in rows]

    def exact(self, source: str, locale: str) -> list[Unit]:
        """Units whose English equals ``source`` (after normalisation), in insertion order."""
        return self._units("WHERE locale = ? AND norm = ? ORDER BY id", (locale, normalise(source)))

    def by_segment(self, segment: str, locale: str) -> list[Unit]:
        """Units stored under the segment ID ``segment``, in insertion order."""
        return self._units("WHERE locale = ? AND segment = ? ORDER BY id", (locale, segment))

    def same_words(self, source: str, locale: str) -> list[Unit]:
        """Units whose English has the same words as ``source`` once figures are taken out
        (candidates for a figure-adapted match), in insertion order."""
        return self._units(
            "WHERE locale = ? AND words = ? AND norm != ? ORDER BY id",
            (locale, words_key(source), normalise(source)),
        )

    def _frequencies(self) -> dict[str, int]:
        if self._df is None:
            self._df = {
                term: int(doc) for term, doc in self._db.execute("SELECT term, doc FROM vocab")
            }
        return self._df

    def _tokens(self, text: str) -> list[str]:
        """The query's distinct words as FTS5's unicode61 tokenizer sees them (case and
        diacritics folded)."""
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = _COMBINING.sub("", folded)
        return list(dict.fromkeys(_TOKEN.findall(folded)))

    def similar(
        self, source: str, locale: str, *, min_score: float, limit: int = CANDIDATES
    ) -> list[Candidate]:
        """Units whose English is at least ``min_score`` % similar to ``source``, best first.

        Only units sharing one of the query's :data:`RARE_WORDS` rarest words are scored.
        """
        df = self._frequencies()
        words = [w for w in self._tokens(source) if w in df]
        if not words:
            return []
        rare = sorted(words, key=lambda w: (df[w], w))[:RARE_WORDS]
        # units sharing the most of these rare words are the likeliest near-duplicates
        shared: Counter[int] = Counter()
        for word in rare:
            phrase = '"' + word.replace('"', '""') + '"'
            shared.update(
                row[0]
                for row in self._db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?", (phrase, POSTINGS)
                )
            )
        ids = [uid for uid, _n in heapq.nsmallest(SCORED, shared.items(), key=_most_shared)]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        texts = {
            uid: norm
            for uid, unit_locale, norm in self._db.execute(
                f"SELECT id, locale, norm FROM units WHERE id IN ({marks})", ids
            )
            if unit_locale == locale
        }
        order = sorted(texts)
        scored = process.extract(
            normalise(source),
            [texts[uid] for uid in order],
            scorer=fuzz.ratio,
            score_cutoff=min_score,
            limit=limit,
        )
        if not scored:
            return []
        score_of = {order[i]: score for _text, score, i in scored}
        best = sorted(score_of, key=lambda uid: (-score_of[uid], uid))
        marks = ",".join("?" * len(best))
        units = {
            row[0]: Unit(*row[1:])
            for row in self._db.execute(
                "SELECT id, source, target, locale, origin, segment, document FROM units "
                f"WHERE id IN ({marks})",
                best,
            )
        }
        found = [Candidate(units[uid], score_of[uid]) for uid in best]
        return found[:limit]
