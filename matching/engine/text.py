"""Offline text helpers: tokenising, a light stemmer and TF-IDF weights.

No hosted model: a mentee's goal text is compared with a mentor's skills and bio by how much
of the goal (weighted by TF-IDF, so rare words count more) appears among the mentor's
lightly stemmed words. Cheap, deterministic and explainable: the shared words are the reason.
This module only finds and weighs words; what a reason says about them is `wording`'s.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable

_APOSTROPHE = "\u2019"
# A word, with its apostrophe ("co-op's") and hyphens ("start-up", "community-led").
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?(?:-[^\W_]+(?:['\u2019][^\W_]+)?)*")
# A hyphenated word is read as its parts ("community-led": community, led) unless a part is
# too short to be a word on its own ("co-op", "start-up", "e-mail"): then as one word.
SHORTEST_PART = 3
# Spellings of one word that stemming does not bring together (stem -> stem).
SAME_WORD = {"cooperativ": "coop"}
_DOUBLED = re.compile(r"([b-df-hj-km-np-rtv-y])\1$")

# Function words and the filler of goal sentences ("we want help to ...").
STOPWORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    get getting got had has have having he her here hers him his how i if in into is it its
    just me more most my no nor not now of off on once only or other our ours out over own
    same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours us
    want wants wanted need needs needed help helping like looking hope hoping
    able make making set new better good first next year years thing things way ways really
    lot lots bit start started try trying use using
    """.split()  # noqa: SIM905 - a word list reads better as text
)


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Strip a common English ending so "accounts", "accounting" and "account" agree."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("s", "")):
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            break
        word = word[: len(word) - len(suffix)] + replacement
        if suffix in ("ing", "ed"):
            # "planning" -> "plann" -> "plan"
            word = _DOUBLED.sub(r"\1", word)
        break
    if len(word) > 4 and word.endswith("e"):
        # "manage"/"managed" and "share"/"shares" meet at "manag"/"shar".
        word = word[:-1]
    return word


def words(text: str) -> list[tuple[str, str]]:
    """(stem, word as written) for each meaningful word of text, in order.

    The word as written is what a reason shows, so a reader sees "co-op" or "Accounts", never
    a stem ("manag") or a fragment ("co", "op").
    """
    found = []
    for written in _WORD.findall(text):
        parts = written.split("-")
        if len(parts) > 1 and min(len(p) for p in parts) >= SHORTEST_PART:
            pieces = [(p, p) for p in parts]
        else:
            pieces = [("".join(parts), written)]
        for key, surface in pieces:
            term = _term(key.casefold())
            if term:
                found.append((term, re.sub(r"['\u2019]s$", "", surface)))
    return found


@functools.lru_cache(maxsize=1 << 16)
def _term(surface: str) -> str:
    """The stem of a word, or "" for words that carry no meaning here."""
    word = surface.replace(_APOSTROPHE, "'")
    if word in STOPWORDS or len(word) < 2 or word.isdigit():
        return ""
    term = stem(word.removesuffix("'s"))
    return SAME_WORD.get(term, term)


def stems(text: str) -> list[str]:
    """The stems of the meaningful words of text."""
    return [s for s, _ in words(text)]


def term_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each stem occurs across texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(stems(text))
    return counts


def idf(document_frequency: int, documents: int) -> float:
    """Smoothed inverse document frequency; never zero, so a lone mentor still matches."""
    return math.log((1 + documents) / (1 + document_frequency)) + 1.0


def weigh(counts: Counter[str], weights: dict[str, float], default: float) -> dict[str, float]:
    """A unit-length TF-IDF vector from term counts (sublinear term frequency).

    Terms missing from weights get the default weight: they still lengthen the vector, so
    words no mentor uses dilute a goal's similarity instead of being ignored.
    """
    raw = {t: (1.0 + math.log(c)) * weights.get(t, default) for t, c in counts.items()}
    norm = math.sqrt(math.fsum(v * v for v in raw.values()))
    if norm == 0.0:
        return {}
    return {t: v / norm for t, v in raw.items()}
