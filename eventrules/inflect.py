"""Compile-time word expansion: a rule word -> every inflected form it matches.

Run time never lemmatizes: the compiler turns each literal into a set of
surface forms once, and the matcher does set lookups.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Forms:
    """All surface forms of a word; its -ing and past-participle forms; `verb` if it can be a verb."""

    all: frozenset[str]
    ing: frozenset[str]
    verb: bool
    vbn: frozenset[str] = frozenset()


@functools.cache
def expand(word: str) -> Forms:
    """ship/ships/shipped -> {ship, ships, shipped, shipping}, for every lemma of the word."""
    # Imported here: only compiling needs lemminflect, and a cached rule set loads without it.
    from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas, getInflection

    w = word.lower()
    forms = {w}
    ing: set[str] = set()
    vbn: set[str] = set()
    lemmas = getAllLemmas(w)
    verb = "VERB" in lemmas or "AUX" in lemmas
    # Words lemminflect does not know (names, function words) match as written.
    pairs = [(lem, pos) for pos, lems in lemmas.items() for lem in lems]
    for lemma, pos in pairs:
        infl = getAllInflections(lemma, upos=pos)
        if not infl and pos in ("VERB", "NOUN"):
            infl = getAllInflectionsOOV(lemma, upos=pos)
        forms.add(lemma)
        for tag, words in infl.items():
            forms.update(words)
            if tag == "VBG":
                ing.update(words)
        if pos == "VERB":
            # getAllInflections leaves VBN out when it equals VBD ("shipped").
            vbn.update(getInflection(lemma, tag="VBN"))
    return Forms(frozenset(forms), frozenset(ing), verb, frozenset(vbn))


# Words a verb literal absorbs in front of it ("has dispatched", "is shipping",
# "has reportedly shipped"). Modals (will, may, could, ...) are left out on
# purpose: they change what the sentence asserts, so rules must spell them.
# "'s" is left out: in news text it is nearly always a possessive ("Russia's lifting of").
AUXILIARIES = frozenset("am is are was were be been being 're 'm has have had 've do does did".split())
BE_FORMS = frozenset("am is are was were be been being 's 're 'm".split())
ADVERBS = frozenset(
    """also reportedly allegedly already recently now again then just previously secretly
    quietly apparently officially finally first still even further formally publicly
    repeatedly openly reportedly initially subsequently later once effectively actually
    jointly swiftly quickly immediately likely""".split()
)
# -ly words that are not manner adverbs in a verb group.
_NOT_ADVERBS = frozenset("unlikely early family italy only july rally ally".split())


def is_adverb(lower: str) -> bool:
    return lower in ADVERBS or (len(lower) > 4 and lower.endswith("ly") and lower not in _NOT_ADVERBS)
