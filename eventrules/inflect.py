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


# News verbs lemminflect knows only as nouns, or not at all ("Protesters torched the office").
# They inflect like the verb they end with (unfreeze: unfroze, unfrozen), else regularly.
VERB_GAPS = frozenset(
    """torch airdrop bankroll delist deregister firebomb nuke relaunch relegalize restitute
    teargas unban unfreeze""".split()
)


@functools.cache
def _gap_inflections(lemma: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas, getInflection

    for k in range(1, len(lemma) - 2):
        head, tail = lemma[:k], lemma[k:]
        if tail in getAllLemmas(tail).get("VERB", ()):
            infl = dict(getAllInflections(tail, upos="VERB"))
            infl["VBN"] = getInflection(tail, tag="VBN")
            return {tag: tuple(head + x for x in words) for tag, words in infl.items()}
    return dict(getAllInflectionsOOV(lemma, upos="VERB"))


def verb_lemmas(word: str) -> tuple[str, ...]:
    """The verb lemmas of a word, the gaps above included."""
    from lemminflect import getAllLemmas

    w = word.lower()
    return (w,) if w in VERB_GAPS else tuple(getAllLemmas(w).get("VERB", ()))


def verb_inflection(lemma: str, tag: str) -> tuple[str, ...]:
    """A verb lemma's forms for a Penn tag (VBD, VBZ, VBG, VBN), the gaps above included."""
    from lemminflect import getInflection

    if lemma in VERB_GAPS:
        return _gap_inflections(lemma).get(tag, ())
    return tuple(getInflection(lemma, tag=tag))


@functools.cache
def expand(word: str) -> Forms:
    """ship/ships/shipped -> {ship, ships, shipped, shipping}, for every lemma of the word."""
    # Imported here: only compiling needs lemminflect, and a cached rule set loads without it.
    from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas, getInflection

    w = word.lower()
    forms = {w}
    ing: set[str] = set()
    vbn: set[str] = set()
    lemmas = dict(getAllLemmas(w))
    if w in VERB_GAPS:
        lemmas["VERB"] = (w,)
    verb = "VERB" in lemmas or "AUX" in lemmas
    # Words lemminflect does not know (names, function words) match as written.
    pairs = [(lem, pos) for pos, lems in lemmas.items() for lem in lems]
    for lemma, pos in pairs:
        infl = _gap_inflections(lemma) if pos == "VERB" and lemma in VERB_GAPS else getAllInflections(lemma, upos=pos)
        if not infl and pos in ("VERB", "NOUN"):
            infl = getAllInflectionsOOV(lemma, upos=pos)
        forms.add(lemma)
        for tag, words in infl.items():
            forms.update(words)
            if tag == "VBG":
                ing.update(words)
        if pos == "VERB":
            # getAllInflections leaves VBN out when it equals VBD ("shipped").
            vbn.update(infl.get("VBN") or getInflection(lemma, tag="VBN"))
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
