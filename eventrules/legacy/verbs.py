"""TABARI `.verbs` and PETRARCH-1 verb dictionaries -> eventrules rules.

Legacy syntax (both coders):

    &SYNSET            a word class; `+WORD` lines are its members (`+&OTHER` nests one)
    --- NAME [code] ---  (PETRARCH-1) a verb block: the verbs below share its patterns
    VERB [code] {FORMS}  a verb, its own code and its irregular forms (TABARI: one block each)
    +VERB_PHRASE {..}    another verb of the block (`+` marks the verb in a multi-word verb)
    - PRE * POST [code]  a pattern: `*` the verb, `$` source, `+` target, `%` compound actor,
                         `^` skip a word, `_` the next word follows at once (a space allows
                         words in between), `WORD~` any ending, `{A | B}` alternatives,
                         `&SYNSET` a class; codes `[c1:c2]` paired (c2 is target -> source),
                         `[---]` null (match, code nothing), `[###]` discard the sentence.

How they map: a synset is a class `@syn_<name>`; a block's verbs are a class `@verb_<name>`;
every pattern becomes a rule `ACTOR:source ... PRE ... @verb ... POST ... ACTOR:target` with the
source before everything and the target at the first place after the verb unless `$`/`+` say
otherwise. A null code becomes a rule coded `---` (it wins over the bare verb and codes nothing);
`[###]` becomes a sentence discard. Files declare `codes: any`, so legacy codes are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eventrules.legacy.common import Line, Report, lines
from eventrules.text import tokenize

GAP = 12  # words allowed between space-separated pattern words and between an actor and the verb
NULL_CODE = "---"
ENDINGS = ("", "s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "ness", "ment", "ments", "ion", "ions")
# TABARI matches a dictionary word as a stem unless it ends in `_` (RESTOR: restore, restored).
# eventrules has no prefix match, so a stem is spelled out with the endings English news uses.
STEM_ENDINGS = (
    *("", "e", "s", "es", "ed", "d", "ing", "er", "ers", "ion", "ions", "ation", "ations", "ment", "ments"),
    *("al", "ly", "n", "ns", "an", "ans", "ian", "ians", "ese", "i", "is", "ite", "ites", "ist", "ists"),
)


# Words the rule grammar reads as keywords inside a pattern or guard: always quoted.
RESERVED = frozenset({"within", "preceded", "followed", "mentions", "negated", "hedged", "unless"})


def stem_forms(stem: str) -> list[str]:
    forms = [stem + e for e in STEM_ENDINGS]
    if len(stem) > 2 and stem[-1] in _DOUBLING and stem[-2] in "aeiou" and stem[-3] not in "aeiou":
        # A stem matches as a prefix in TABARI: REGRET also codes "regretted", "regretting".
        forms += [stem + stem[-1] + e for e in ("ed", "ing", "er", "ers")]
    return forms


_DOUBLING = frozenset("bdfglmnprstz")  # final consonants English doubles before -ed/-ing


@dataclass
class Synset:
    name: str
    entries: list[str]
    line: Line


@dataclass
class Verb:
    phrase: str  # legacy spelling, e.g. BREAK_DOWN or WIRE_+TAP
    forms: list[str]
    code: str | None
    line: Line


@dataclass
class Pattern:
    text: str
    code: str
    line: Line


@dataclass
class Block:
    name: str
    code: str | None
    line: Line
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDict:
    synsets: dict[str, Synset] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


class Unconvertible(Exception):
    pass


_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")


def _code(text: str) -> tuple[str, str | None]:
    """(text without its [code], the code or None)."""
    m = _CODE.search(text)
    if m is None:
        return text.strip(), None
    return (text[: m.start()] + text[m.end() :]).strip(), m.group(1).strip()


def parse(path: str | Path, report: Report, rewrite: Callable[[str], str] | None = None) -> VerbDict:
    """Synsets and verb blocks of a verb file; `rewrite` maps each pattern to PETRARCH-1 syntax first."""
    d = VerbDict()
    petrarch = any(ln.text.startswith("---") for ln in lines(path))
    syn: Synset | None = None
    block: Block | None = None
    section = ""
    for ln in lines(path):
        t = ln.text
        low = t.lower()
        if t.startswith("<") and t.endswith(">"):
            tag = low.strip("</>").strip()
            section = "" if t.startswith("</") else tag
            if tag not in ("synsets",):
                if not t.startswith("</"):
                    report.skip(ln, "section", f"the <{tag.upper()}> section has no eventrules equivalent")
            continue
        if section and section != "synsets":
            report.skip(ln, "section line", f"inside <{section.upper()}>: not converted")
            continue
        if t.startswith("&"):
            name = t[1:].split()[0].strip("_").upper()
            syn = Synset(name, [], ln)
            d.synsets[name] = syn
            block = None if section == "synsets" or not petrarch else block
            continue
        if t.startswith("+") and syn is not None:
            syn.entries.append(t[1:].strip())
            continue
        syn = None
        if t.startswith("---"):
            body = t.strip("-").strip()
            body, code = _code(body)
            block = Block(body.strip("_= "), code, ln)
            d.blocks.append(block)
            continue
        if t.startswith("-"):
            body, code = _code(t[1:])
            if block is None:
                report.skip(ln, "pattern", "pattern outside a verb block")
                continue
            if code is None:
                report.skip(ln, "pattern", "pattern without a [code]")
                continue
            if rewrite is not None:
                try:
                    body = rewrite(body)
                except Unconvertible as e:
                    report.skip(ln, "pattern", str(e))
                    continue
            block.patterns.append(Pattern(body, code, ln))
            continue
        if t.startswith("{") and block is not None and block.verbs:
            block.verbs[-1].forms += _forms(t)
            continue
        # a verb line
        body, code = _code(t)
        forms: list[str] = []
        m = _FORMS.search(body)
        if m is not None:
            forms = _forms(m.group(0))
            body = (body[: m.start()] + body[m.end() :]).strip()
        body = body.lstrip("+").strip()
        if not body:
            report.skip(ln, "verb", "no verb on the line")
            continue
        if block is None or not petrarch:
            block = Block(body.strip("_= "), code, ln)
            d.blocks.append(block)
        block.verbs.append(Verb(body, forms, code, ln))
    return d


def _forms(text: str) -> list[str]:
    return [f.lstrip("+") for f in text.strip("{} ").split() if f.strip("+")]


# ---------------------------------------------------------------- pattern text -> eventrules pattern


def _class_name(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^a-z0-9_]", "_", name.lower()).strip("_")


def quoted(word: str) -> str:
    """An exact word as our tokenizer splits it: didn't -> "did" "n't" (one quoted token each)."""
    return " ".join(f'"{t}"' for t, _, _ in tokenize(word) if '"' not in t) or f'"{word}"'


def word_pattern(word: str, stems: bool = False) -> str:
    """One legacy word as an eventrules pattern element (`stems`: TABARI's stem matching)."""
    w = word.strip()
    exact = w.endswith("_")
    w = w.strip("_")
    if not w:
        raise Unconvertible("empty word")
    if w.endswith("~"):
        stem = w[:-1].lower()
        return "(" + " | ".join(f'"{stem}{e}"' for e in ENDINGS) + ")"
    low = w.lower()
    if '"' in low:
        raise Unconvertible(f"a quote in word {word!r}")
    plain = re.fullmatch(r"[a-z][a-z0-9]*", low) is not None and low not in RESERVED
    if stems and not exact and low.isalpha() and len(low) > 2:
        return "(" + " | ".join([low if plain else quoted(low), *(f'"{f}"' for f in stem_forms(low)[1:])]) + ")"
    if exact or not plain:
        return quoted(low)
    return low


@dataclass
class _Elem:
    kind: str  # word, verb, source, target, compound, skip, class, alt
    text: str = ""
    options: list[list[_Elem]] = field(default_factory=list)
    joined: bool = False  # follows the previous element at once (`_`)


def _tokens(text: str) -> list[_Elem]:
    """Split a pattern into elements; `_` joins an element to the one before."""
    out: list[_Elem] = []
    i, n = 0, len(text)
    joined = False
    while i < n:
        c = text[i]
        if c.isspace():
            joined = False
            i += 1
            continue
        if c == "_":
            joined = bool(out)
            i += 1
            continue
        if c == "{":
            close = text.find("}", i)
            if close < 0:
                raise Unconvertible("unclosed {")
            options = [_tokens(part) for part in text[i + 1 : close].split("|")]
            if any(not o for o in options):
                raise Unconvertible("an empty {} alternative")
            out.append(_Elem("alt", options=options, joined=joined))
            i = close + 1
            joined = False
            continue
        kinds = {"*": "verb", "$": "source", "+": "target", "%": "compound", "^": "skip"}
        if c in kinds:
            out.append(_Elem(kinds[c], joined=joined))
            i += 1
            joined = False
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in "_{}*$+%^|":
            j += 1
        if j == i:
            raise Unconvertible(f"unexpected {c!r}")
        if j < n and text[j] == "_" and (j + 1 >= n or text[j + 1].isspace() or text[j + 1] in "}|"):
            word = text[i : j + 1]  # a trailing `_`: the exact word
            j += 1
        else:
            word = text[i:j]
        if word.startswith("&"):
            out.append(_Elem("class", word[1:].strip("_").upper(), joined=joined))
        else:
            out.append(_Elem("word", word, joined=joined))
        i = j
        joined = False
    return out


def _render(
    elems: list[_Elem], synsets: dict[str, Synset], gap: int, roles: dict[str, str], stems: bool = False
) -> str:
    parts: list[str] = []
    for k, e in enumerate(elems):
        if k > 0 and not e.joined:
            parts.append(f"...{gap}")
        if e.kind == "word":
            parts.append(word_pattern(e.text, stems))
        elif e.kind == "class":
            if e.text not in synsets:
                raise Unconvertible(f"unknown synset &{e.text}")
            parts.append("@" + _class_name("syn_", e.text))
        elif e.kind == "alt":
            parts.append("(" + " | ".join(_render(o, synsets, gap, roles, stems) for o in e.options) + ")")
        elif e.kind == "skip":
            parts.append(roles.get("skip", "...1"))
        elif e.kind in roles:
            parts.append(roles[e.kind])
        else:
            raise Unconvertible(f"{e.kind} marker in an unexpected place")
    return " ".join(parts)


BE_PASSIVE = '("was" | "were" | "been" | "being")'
# A subordinate clause starts right before the verb: its subject is not the sentence's source.
SUBORDINATE = '("after" | "when" | "because" | "before" | "while" | "since" | "although" | "though" | "until")'
CLAUSE_GUARD = f"preceded by {SUBORDINATE} within 3"


@dataclass(frozen=True, slots=True)
class RulePlan:
    pattern: str
    symmetric: bool
    passive: str | None = None  # "Y was opposed by X" for a bare verb: coded X -> Y
    guards: tuple[str, ...] = ()  # keep the active pattern off passives and subordinate clauses
    skipping: str | None = None  # `^` as an actor it skips, tried before `^` as any one word


def plan(text: str, verb_ref: str, synsets: dict[str, Synset], gap: int = GAP, stems: bool = False) -> RulePlan:
    """The eventrules pattern of one legacy pattern (`*` stands for `verb_ref`).

    TABARI's `^` skips the next actor or word: a pattern with `^` is also planned with an
    actor slot there, which is more specific and so wins when an actor is there to skip
    ("warned at the Gondor of the Prince": the target is the Prince, not Gondor)."""
    rp = _plan(text, verb_ref, synsets, gap, stems, "...1")
    if "^" not in text:
        return rp
    skipping = _plan(text, verb_ref, synsets, gap, stems, "ACTOR:skip").pattern
    counter = iter(range(1, 1000))
    skipping = re.sub(r"ACTOR:skip\b", lambda _: f"ACTOR:skip{next(counter)}", skipping)
    return RulePlan(rp.pattern, rp.symmetric, rp.passive, rp.guards, skipping)


def _plan(text: str, verb_ref: str, synsets: dict[str, Synset], gap: int, stems: bool, skip: str) -> RulePlan:
    elems = _tokens(text)
    verbs = [k for k, e in enumerate(elems) if e.kind == "verb"]
    if len(verbs) != 1:
        raise Unconvertible("a pattern needs exactly one `*`")
    v = verbs[0]
    kinds = [e.kind for e in elems]
    for mark in ("source", "target"):
        if kinds.count(mark) > 1:
            raise Unconvertible(f"more than one {'$' if mark == 'source' else '+'}")
    symmetric = False
    compound = [k for k, e in enumerate(elems) if e.kind == "compound"]
    if len(compound) > 1:
        raise Unconvertible("more than one %")
    if compound:
        # `%` is a compound actor: the source before the verb, else the target.
        k = compound[0]
        if k < v and "source" not in kinds:
            elems[k].kind = "source"
            symmetric = "target" not in kinds
        elif k > v and "target" not in kinds:
            elems[k].kind = "target"
        else:
            raise Unconvertible("% beside explicit $ and +")
    kinds = [e.kind for e in elems]
    roles = {"source": "ACTOR:source", "target": "ACTOR:target", "verb": verb_ref, "skip": skip}
    guards: tuple[str, ...] = ()
    passive = None
    if "source" not in kinds:
        elems.insert(0, _Elem("source"))
        v += 1
        guards = (CLAUSE_GUARD,)
        if v == 1:
            # The subject right before the verb: a passive form is not this active pattern.
            guards = (f"preceded by {BE_PASSIVE} within 2", CLAUSE_GUARD)
            if v == len(elems) - 1 and not symmetric:
                passive = f'ACTOR:target ...3 {BE_PASSIVE} ...2 {verb_ref} ...3 "by" ACTOR:source'
    kinds = [e.kind for e in elems]
    if "target" in kinds or symmetric:
        return RulePlan(_render(elems, synsets, gap, roles, stems), symmetric, passive, guards)
    # The target is the first actor after the verb: try each place after it, nearest first.
    head, tail = elems[: v + 1], elems[v + 1 :]
    cuts = [k for k in range(len(tail) + 1) if k == len(tail) or not tail[k].joined]
    alts = []
    for k in cuts:
        branch = [*tail[:k], _Elem("target"), *tail[k:]]
        if k < len(tail):
            nxt = branch[k + 1]
            branch[k + 1] = _Elem(nxt.kind, nxt.text, nxt.options, joined=False)
        lead = "" if branch[0].joined else f"...{gap} "
        alts.append(lead + _render(branch, synsets, gap, roles, stems))
    body = _render(head, synsets, gap, roles, stems)
    return RulePlan(f"{body} ({' | '.join(alts)})", False, passive, guards)


def discard_pattern(text: str, verb_ref: str, synsets: dict[str, Synset], gap: int = GAP) -> str:
    """A `[###]` pattern as a discard: its words in order, the actor markers dropped."""
    elems = [e for e in _tokens(text) if e.kind not in ("source", "target", "compound")]
    return _render(elems, synsets, gap, {"verb": verb_ref})


# ---------------------------------------------------------------- classes and rules


def entry_words(member: str, synsets: dict[str, Synset], depth: int = 0) -> list[list[str]]:
    """A synset member as one or more word lists (`&NESTED` members are spelled out)."""
    if depth > 5:
        raise Unconvertible("synsets nest too deep")
    out: list[list[str]] = [[]]
    for w in re_words(member):
        if w.startswith("&"):
            name = w[1:].strip("_").upper()
            if name not in synsets:
                raise Unconvertible(f"unknown synset &{name}")
            subs = [ws for m in synsets[name].entries for ws in entry_words(m, synsets, depth + 1)]
            out = [o + sub for o in out for sub in subs]
        else:
            out = [[*o, w] for o in out]
    return [o for o in out if o]


def re_words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s_]+", phrase.replace("~", "")) if w and w != "$"]


def class_entry(words: list[str], inflect_first: bool = True) -> str:
    """Class entry text: plain lowercase words inflect, the others are quoted (exact)."""
    out = []
    for k, w in enumerate(words):
        low = w.lower()
        plain = re.fullmatch(r"[a-z][a-z0-9]*", low) is not None
        if plain and (k == 0 or inflect_first is False):
            out.append(low)
        else:
            out.append(quoted(low.replace('"', "")))
    return " ".join(out)


def verb_entries(v: Verb, stems: bool = False) -> list[str]:
    """The class entries of one verb: its phrase (the `+`-marked or first word inflects) and its forms."""
    words = [w for w in re.split(r"[\s_]+", v.phrase) if w]
    mark = next((k for k, w in enumerate(words) if w.startswith("+")), 0)
    entries = []
    parts = []
    for k, w in enumerate(words):
        low = w.lstrip("+").rstrip("=").lower()
        plain = re.fullmatch(r"[a-z][a-z0-9]*", low) is not None
        parts.append(low if (k == mark and plain and not v.phrase.endswith("_") and not stems) else quoted(low))
    entries.append(" ".join(parts))
    verb = words[mark].lstrip("+").rstrip("=").lower()
    if stems and verb.isalpha():
        # TABARI: a bare verb is a stem, `VERB_` takes the regular endings, `VERB=` doubles
        # its last consonant (BAN=: bans, banned, banning).
        if words[mark].endswith("="):
            forms = [verb + "s", *(verb + verb[-1] + e for e in ("ed", "ing", "er", "ers"))]
        elif v.phrase.endswith("_") and mark == len(words) - 1:
            forms = [verb + e for e in ("s", "es", "ed", "d", "en", "ing")]
        else:
            forms = stem_forms(verb)[1:]
        for f in forms:
            entries.append(" ".join(f'"{f}"' if k == mark else p for k, p in enumerate(parts)))
    for f in v.forms:
        fw = [w.lstrip("+").lower() for w in re.split(r"[\s_]+", f) if w.strip("+")]
        if fw:
            entries.append(" ".join(f'"{w}"' for w in fw))
    return entries


def _rule_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "verb"
    rid, k = base, 1
    while rid in taken:
        k += 1
        rid = f"{base}-{k}"
    taken.add(rid)
    return rid


def _codes(code: str) -> list[tuple[str, bool]]:
    """(code, reversed) pairs of a legacy code: `c1:c2` is two events, c2 from target to source."""
    parts = [c.strip() for c in code.split(":")]
    out = []
    for k, c in enumerate(parts[:2]):
        if c in ("+++",):
            c = NULL_CODE
        out.append((c, k == 1))
    return out


def _swap(pattern: str) -> str:
    return (
        pattern.replace("ACTOR:source", "ACTOR:@@")
        .replace("ACTOR:target", "ACTOR:source")
        .replace("ACTOR:@@", "ACTOR:target")
    )


def convert(
    d: VerbDict, report: Report, gap: int = GAP, null_verbs: bool = True, stems: bool = False
) -> dict[str, object]:
    """The rule file (as YAML data) for a parsed verb dictionary."""
    classes: dict[str, list[str]] = {}
    for name, syn in d.synsets.items():
        try:
            found: set[str] = set()
            for m in syn.entries:
                for ws in entry_words(m, d.synsets):
                    found.add(class_entry(ws))
                    last = ws[-1].lower()
                    if stems and not m.rstrip().endswith("_") and last.isalpha() and len(last) > 2:
                        found.update(class_entry([*ws[:-1], f]) for f in stem_forms(last)[1:])
            members = sorted(found)
        except Unconvertible as e:
            report.skip(syn.line, "synset", str(e))
            continue
        if not members:
            report.skip(syn.line, "synset", "a synset without members")
            continue
        classes[_class_name("syn_", name)] = members
        report.ok("synset")
    rules: list[dict[str, object]] = []
    discards: list[dict[str, object]] = []
    taken: set[str] = set()
    bare: list[dict[str, object]] = []
    for block in d.blocks:
        cname = _class_name("verb_", block.name) or "verb_x"
        k = 1
        while cname in classes:
            k += 1
            cname = f"{_class_name('verb_', block.name)}_{k}"
        entries: list[str] = []
        for v in block.verbs:
            entries += verb_entries(v, stems)
        if not entries:
            report.skip(block.line, "verb", "a verb block without verbs")
            continue
        classes[cname] = sorted(set(entries))
        ref = "@" + cname
        for v in block.verbs:
            code = v.code or block.code
            report.ok("verb")
            if code is None or (code.strip() in (NULL_CODE, "+++") and not null_verbs):
                # PETRARCH finds verbs in the parse: a null verb is no verb and hides no later one.
                # TABARI takes the first verb it knows, so a null verb there stops the search.
                continue
            own = v.code is not None and v.code != block.code
            vref = "(" + " | ".join(verb_entries(v, stems)) + ")" if own else ref
            if own or v is block.verbs[0]:
                _emit(bare, discards, taken, block.name, "*", code, vref, d, report, v.line, gap, True, stems)
        for p in block.patterns:
            if _emit(rules, discards, taken, block.name, p.text, p.code, ref, d, report, p.line, gap, False, stems):
                report.ok("pattern")
    out: dict[str, object] = {"codes": "any", "precedence": "position", "classes": classes, "rules": rules + bare}
    if discards:
        out["discards"] = discards
    return out


def _emit(
    rules: list[dict[str, object]],
    discards: list[dict[str, object]],
    taken: set[str],
    name: str,
    text: str,
    code: str,
    ref: str,
    d: VerbDict,
    report: Report,
    line: Line,
    gap: int,
    bare: bool = False,
    stems: bool = False,
) -> bool:
    what = "verb" if bare else "pattern"
    try:
        if code.strip() == "###":
            discards.append({"pattern": discard_pattern(text, ref, d.synsets, gap), "scope": "sentence"})
            return True
        rp = plan(text, ref, d.synsets, gap, stems)
    except Unconvertible as e:
        report.skip(line, what, str(e))
        if bare:
            report.skipped["verb"] += 0
        return False
    codes = _codes(code)
    for c, rev in codes:
        if rev and (rp.symmetric or codes[0][0] != NULL_CODE):
            continue  # coded by the forward rule: symmetric, or its `reverse_code`
        if not c or any(ch.isspace() for ch in c):
            report.skip(line, what, f"bad code {code!r}")
            return False
        rule: dict[str, object] = {
            "id": _rule_id(f"{name}-{c}" if not rev else f"{name}-{c}-rev", taken),
            "code": c,
            "description": f"{line.path.rsplit('/', 1)[-1]}:{line.number}: {line.raw.strip()}",
        }
        if not rev and len(codes) > 1 and not rp.symmetric and codes[1][0] != NULL_CODE:
            rule["reverse_code"] = codes[1][0]
        patterns = [p for p in (rp.passive, rp.skipping, rp.pattern) if p]
        patterns = [_swap(p) if rev else p for p in patterns]
        if len(patterns) == 1:
            rule["pattern"] = patterns[0]
        else:
            rule["patterns"] = patterns
        if rp.guards:
            rule["unless"] = list(rp.guards)
        if rp.symmetric:
            rule["symmetric"] = True
        rules.append(rule)
    return True
