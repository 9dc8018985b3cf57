"""COORD annotator: the first of two coordinated verb phrases, so the second keeps its subject.

"Russia condemned the strike and recalled its ambassador": the span "condemned the strike and"
is marked COORD. The compiler lets a subject ACTOR be followed by one COORD, so any rule of the
form `ACTOR verb ...` also codes "recalled its ambassador" with Russia as its subject. COORD is
internal to the engine: rules cannot name it.

A span qualifies only when it starts with a finite verb (after auxiliaries and adverbs), holds
no clause boundary (sentence punctuation, a relative or subordinate word, a verb of saying: the
words after "said" have their own subject), and ends with "and" before another finite verb.
"""

from __future__ import annotations

import functools

from eventrules.annotate.base import Annotation
from eventrules.inflect import AUXILIARIES, is_adverb
from eventrules.text import Sentence

COORD = "COORD"
MAX_COORD = 14  # longest first conjunct, in tokens
_STOP = frozenset(
    """. ; : ! ? ( ) [ ] " \u201c \u201d that which who whom whose where when while whereas after before because
    since if unless although though until as but or nor than so""".split()
)
_SAY = frozenset("say says said tell tells told claim claims claimed report reports reported warn warns warned".split())


@functools.cache
def is_finite_verb(lower: str) -> bool:
    """A past or third-person present form of a verb ("condemned", "recalls", "sent")."""
    from lemminflect import getAllInflections, getAllLemmas  # only when a sentence has "and"

    for lemma in getAllLemmas(lower).get("VERB", ()):
        infl = getAllInflections(lemma, upos="VERB")
        if lower in infl.get("VBD", ()) or lower in infl.get("VBZ", ()):
            return True
    return False


def _verb_group_at(lowers: tuple[str, ...], i: int) -> bool:
    """Does a finite verb group ("condemned", "has also recalled", "then expelled") start at i?"""
    j = i
    while j < len(lowers) and j - i < 4:
        w = lowers[j]
        if w in AUXILIARIES and j == i:
            return True  # "has recalled", "was expelled": the auxiliary is finite
        if is_finite_verb(w):
            return True
        if not is_adverb(w) and w != "then":
            return False
        j += 1
    return False


def find_coordinations(sent: Sentence) -> list[Annotation]:
    lowers = sent.lowers
    n = len(lowers)
    ands = [k for k, w in enumerate(lowers) if w == "and" and 0 < k < n - 1]
    if not ands:
        return []
    out: list[Annotation] = []
    for i in range(1, ands[-1]):
        if lowers[i] in _SAY or not _verb_group_at(lowers, i):
            continue
        for k in range(i + 1, min(n - 1, i + MAX_COORD + 1)):
            w = lowers[k]
            if w in _STOP or w in _SAY:
                break
            if w == "and" and k > i + 1 and _verb_group_at(lowers, k + 1):
                out.append(Annotation(COORD, i, k + 1))
    return out
