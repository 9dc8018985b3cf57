"""End to end through the public API: the issue's minimal rule, both file forms, priorities."""

from __future__ import annotations

from pathlib import Path

import pytest

import eventrules

SENTENCE = "Iran {verb} 300 boxes of ammunition to Russia between March 3 and April 20, 2023."


MINIMAL = """rules:
  - id: ship-military-aid
    code: "072"
    pattern: ACTOR ships QUANTITY of ITEM to ACTOR between DATE and DATE
"""


@pytest.fixture(scope="module")
def yaml_rules(tmp_path_factory: pytest.TempPathFactory) -> eventrules.RuleSet:
    """The issue's minimal rule file, exactly as written there."""
    f = tmp_path_factory.mktemp("minimal") / "shipments.yaml"
    f.write_text(MINIMAL)
    return eventrules.load_rules(f)


def test_the_shipped_example_file_starts_with_the_minimal_rule(root: Path) -> None:
    assert (root / "rules/example/shipments.yaml").read_text().startswith(MINIMAL)


@pytest.mark.parametrize("verb", ["shipped", "is shipping", "ships", "has reportedly shipped", "has been shipping"])
def test_minimal_rule_codes_the_sentence(yaml_rules: eventrules.RuleSet, verb: str) -> None:
    events = yaml_rules.extract(SENTENCE.format(verb=verb), date="2023-10-13")
    assert len(events) == 1
    ev = events[0]
    assert ev["code"] == "072" and ev["root_code"] == "07"
    assert ev["source"]["code"] == "IRN" and ev["source"]["text"] == "Iran"
    assert ev["target"]["code"] == "RUS"
    q = ev["slots"]["quantity"]
    assert (q["value"], q["unit"], q["type"]) == (300, "boxes", "QUANTITY")
    assert ev["slots"]["item"]["text"] == "ammunition"
    assert ev["slots"]["start"]["value"] == "2023-03-03"
    assert ev["slots"]["end"]["value"] == "2023-04-20"
    assert ev["date"] == "2023-03-03"
    assert ev["rule"] == "ship-military-aid"
    assert ev["rule_source"].endswith("shipments.yaml:2")
    text = SENTENCE.format(verb=verb)
    assert text[ev["span"][0] : ev["span"][1]] == text.rstrip(".")
    assert text[slice(*ev["source"]["span"])] == "Iran"


@pytest.mark.parametrize("verb", ["did not ship", "was shipped", "never shipped"])
def test_minimal_rule_rejects_negation_and_passive(yaml_rules: eventrules.RuleSet, verb: str) -> None:
    assert yaml_rules.extract(SENTENCE.format(verb=verb), date="2023-10-13") == []


def test_dsl_form_gives_identical_events(root: Path) -> None:
    y = eventrules.load_rules(root / "rules/example/shipments.yaml")
    d = eventrules.load_rules(root / "examples/shipments.rules")
    text = " ".join(SENTENCE.format(verb=v) for v in ("shipped", "is shipping", "ships"))
    ey, ed = y.extract(text, date="2023-10-13"), d.extract(text, date="2023-10-13")
    assert len(ey) == 3
    for a, b in zip(ey, ed, strict=True):
        assert a.pop("rule_source").endswith(".yaml:2") and b.pop("rule_source").endswith(".rules:2")
        assert a == b


def _rules(tmp_path: Path, body: str) -> eventrules.RuleSet:
    f = tmp_path / "r.rules"
    f.write_text(body)
    return eventrules.load_rules(f)


def test_optional_part_classes_and_code_by_item(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        """class send = send, ship, hand over, deliver
class weapons = weapon, munition, artillery shell
class relief = food, medicine
rule send
  code 070
  pattern ACTOR @send (QUANTITY of)? ITEM to ACTOR (between DATE and DATE)?
  code 072 if item is @weapons
  code 073 if item is @relief
""",
    )
    cases = {
        "Egypt handed over 20 tonnes of food to Sudan.": ("073", "EGY", "SDN"),
        "France is delivering artillery shells to Ukraine between May 1 and May 9, 2024.": ("072", "FRA", "UKR"),
        "Japan sent engineers to Turkey.": ("070", "JPN", "TUR"),
    }
    for text, (code, src, tgt) in cases.items():
        [ev] = rs.extract(text, date="2024-06-01")
        assert (ev["code"], ev["source"]["code"], ev["target"]["code"]) == (code, src, tgt), text


def test_guards(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        """rule visit
  code 042
  pattern ACTOR ...3 visit ACTOR
  unless negated
  unless preceded by (plan | "may") within 2
  unless mentions football
""",
    )
    assert len(rs.extract("Germany's chancellor visited France.")) == 1
    assert rs.extract("Germany's chancellor did not visit France.") == []
    assert rs.extract("Germany's chancellor may visit France.") == []
    assert rs.extract("Germany's football team visited France.") == []


def test_priority_and_dedup(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        """rule generic
  code 070
  pattern ACTOR ship ITEM to ACTOR
rule specific
  code 072
  priority 5
  pattern ACTOR ship ITEM to ACTOR
rule twin
  code 072
  pattern ACTOR ship arms to ACTOR
""",
    )
    [ev] = rs.extract("Iran shipped arms to Russia.")
    assert (ev["code"], ev["rule"]) == ("072", "specific")


def test_roles_can_be_named(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule attacked\n  code 190\n  pattern ACTOR:target was attacked by ACTOR\n")
    [ev] = rs.extract("Ukraine was attacked by Russia on Friday.", date="2022-03-04")
    assert (ev["source"]["code"], ev["target"]["code"]) == ("RUS", "UKR")


def test_output_is_deterministic(yaml_rules: eventrules.RuleSet) -> None:
    text = " ".join(SENTENCE.format(verb=v) for v in ("shipped", "ships")) * 3
    assert yaml_rules.extract(text, date="2023-10-13") == yaml_rules.extract(text, date="2023-10-13")


def test_compound_actors_and_symmetric_rules(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        """rule condemn
  code 111
  pattern ACTOR condemn ACTOR
rule sign
  code 057
  symmetric
  pattern ACTOR sign ...3 (agreement | deal | treaty) (with ACTOR)?
""",
    )

    def triples(text: str) -> list[tuple[str, str, str]]:
        return [(e["code"], e["source"]["code"], e["target"]["code"]) for e in rs.extract(text)]

    assert triples("Russia and Iran condemned the US.") == [("111", "RUS", "USA"), ("111", "IRN", "USA")]
    assert triples("Egypt and Israel signed an agreement.") == [("057", "EGY", "ISR"), ("057", "ISR", "EGY")]
    assert triples("Egypt signed a treaty with Israel.") == [("057", "EGY", "ISR"), ("057", "ISR", "EGY")]
    ev = rs.extract("Russia and Iran condemned the US.")[1]
    assert ev["source"]["text"] == "Iran" and ev["slots"]["source"]["value"] == "IRN"


def test_passive_voice_keeps_roles(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "class attack = attack, strike, shell\nrule attack\n  code 190\n  pattern ACTOR @attack ACTOR (on DATE)?\n",
    )

    def pairs(text: str) -> list[tuple[str, str]]:
        return [(e["source"]["code"], e["target"]["code"]) for e in rs.extract(text, date="2022-03-10")]

    assert pairs("Russia attacked Ukraine on Friday.") == [("RUS", "UKR")]
    assert pairs("Ukraine was attacked by Russia on Friday.") == [("RUS", "UKR")]
    assert pairs("Ukraine has reportedly been shelled by Russia.") == [("RUS", "UKR")]
    assert pairs("Ukraine attacked by Russia.") == []  # no be-auxiliary: not a passive clause
    [ev] = rs.extract("Ukraine was attacked by Russia on Friday.", date="2022-03-10")
    assert ev["slots"]["date"]["value"] == "2022-03-04"


def test_inserted_clause_after_the_subject(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule ship\n  code 072\n  pattern ACTOR ships ITEM to ACTOR\n")
    [ev] = rs.extract("North Korea, which has denied the claims, shipped shells to Russia.")
    assert (ev["source"]["code"], ev["target"]["code"]) == ("PRK", "RUS")
    assert rs.extract("North Korea, which has denied the claims. Shipped shells to Russia.") == []


def test_reported_speech_is_coded_with_its_attribution(root: Path) -> None:
    rs = eventrules.load_rules(root / "examples/rules.yaml")
    [ev] = rs.extract("John Kirby said North Korea shipped arms to Russia.", date="2023-10-13")
    assert (ev["code"], ev["source"]["code"], ev["target"]["code"]) == ("072", "PRK", "RUS")
    assert ev["attribution"]["text"] == "John Kirby"
    [ev] = rs.extract("North Korea shipped arms to Russia, according to official sources.", date="2023-10-13")
    assert ev["attribution"] == {"code": None, "text": "official sources", "span": [49, 65]}
    [ev] = rs.extract("North Korea shipped arms to Russia, the White House said.", date="2023-10-13")
    assert ev["attribution"]["code"] == "USAGOV"
    [ev] = rs.extract("North Korea shipped arms to Russia.", date="2023-10-13")
    assert ev["attribution"] is None


def test_discards(tmp_path: Path) -> None:
    f = tmp_path / "d.yaml"
    f.write_text(
        """rules:
  - id: defeat
    code: "190"
    pattern: ACTOR beat ACTOR
discards:
  - {pattern: (football | soccer | cricket | rugby), scope: story}
  - {pattern: ACTOR beat ACTOR QUANTITY, scope: sentence}
"""
    )
    rs = eventrules.load_rules(f)
    assert len(rs.extract("Russia beat Ukraine in a night raid.")) == 1
    assert rs.extract("Russia beat Ukraine 3 goals to 1 in Moscow.") == []
    assert rs.extract("The football final was tense. Russia beat Ukraine in the second half.") == []
    d = tmp_path / "d.rules"
    d.write_text("rule defeat\n  code 190\n  pattern ACTOR beat ACTOR\ndiscard story football\n")
    assert eventrules.load_rules(d).extract("In football, Russia beat Ukraine.") == []


def test_hedged_guard(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule send\n  code 070\n  pattern ACTOR ...3 send ITEM to ACTOR\n  unless hedged\n")
    assert len(rs.extract("Iran sent rifles to Iraq.")) == 1
    for modal in ("may", "could", "will", "would soon"):
        assert rs.extract(f"Iran {modal} send rifles to Iraq.") == [], modal


def test_verb_groups_only_where_a_verb_stands(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "class deal = deal, memorandum\n"
        "rule sign\n  code 057\n  pattern ACTOR sign ...3 @deal with ACTOR\n"
        "rule threat\n  code 1384\n  pattern ACTOR threaten to attack ACTOR\n",
    )
    assert [e["code"] for e in rs.extract("Russia threatened to immediately attack Ukraine.")] == ["1384"]
    # "quietly" is not a verb group before the noun "memorandum": the target is kept.
    [ev] = rs.extract("Chile signed quietly memorandum with Peru.")
    assert ev["target"]["code"] == "PER"


def test_the_month_may_is_not_a_hedge(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule invade\n  code 192\n  pattern ACTOR ...3 invade ACTOR\n  unless hedged\n")
    assert len(rs.extract("In May, Russia invaded Ukraine.")) == 1
    assert len(rs.extract("Theresa May said Russia invaded Ukraine.")) == 1
    assert rs.extract("Russia may invade Ukraine.") == []


# ---- sentence phenomena (issue 5): each with sentences written for these tests


def _triples(rs: eventrules.RuleSet, text: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (e["code"], (e["source"] or {}).get("code"), (e["target"] or {}).get("code"))
        for e in rs.extract(text, date="2024-03-01")
    ]


def test_a_place_in_target_position_codes_its_country(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule shell\n  code 194\n  pattern ACTOR shell (ACTOR | LOCATION)\n"
        "rule protest\n  code 141\n  pattern ACTOR rally in LOCATION\n",
    )
    assert _triples(rs, "Russian artillery shelled Odesa before dawn.") == [("194", "RUSMIL", "UKR")]
    assert _triples(rs, "Russia shelled Gaza.") == [("194", "RUS", "PSE")]
    [ev] = rs.extract("Russia shelled Gaza.")
    assert ev["target"]["text"] == "Gaza" and ev["slots"]["location"]["value"] == "PSE"
    # An actor target still wins, and a place before the trigger is no target.
    assert _triples(rs, "Russia shelled Ukraine.") == [("194", "RUS", "UKR")]
    assert _triples(rs, "Farmers from Poland rallied in Warsaw.")[0][2] == "POLGOV"  # a protest: see below


def test_a_symmetric_rule_never_makes_a_place_the_source(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule clash\n  code 190\n  symmetric\n  pattern ACTOR clash (with ACTOR | in LOCATION)\n")
    assert _triples(rs, "Sudan's army clashed in Darfur.") == [("190", "SDNMIL", "SDN")]
    assert _triples(rs, "Sudan's army clashed with Chad.") == [("190", "SDNMIL", "TCD"), ("190", "TCD", "SDNMIL")]


def test_two_mentions_with_one_code_are_two_actors(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule arrest\n  code 173\n  pattern ACTOR arrest ACTOR\n")
    assert _triples(rs, "Kenyan police arrested Kenyan police officers.") == [("173", "KENCOP", "KENCOP")]


def test_a_second_verb_after_and_keeps_the_subject(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule condemn\n  code 111\n  pattern ACTOR condemn ACTOR\n"
        "rule recall\n  code 161\n  pattern ACTOR recall (its)? ambassador (from | to) ACTOR\n"
        "rule cut\n  code 1621\n  pattern ACTOR (suspend | cut) aid to ACTOR\n  unless negated\n",
    )
    assert _triples(rs, "Chile condemned the raid and recalled its ambassador from Peru.") == [("161", "CHL", "PER")]
    assert _triples(rs, "Sweden condemned Iran and has also recalled its ambassador to Tehran.") == [
        ("111", "SWE", "IRN"),
        ("161", "SWE", "IRN"),
    ]
    assert _triples(rs, "Norway, which hosts the talks, condemned the coup and suspended aid to Mali.") == [
        ("1621", "NOR", "MLI")
    ]
    assert _triples(rs, "Chile condemned the vote and did not cut aid to Peru.") == []
    # The words after a verb of saying, or after a new subject, have a subject of their own.
    assert _triples(rs, "Chile said the rebels struck and recalled their ambassador from Peru.") == []
    assert _triples(rs, "Chile condemned the vote and Peru recalled its ambassador from Bolivia.") == [
        ("161", "PER", "BOL")
    ]


def test_an_open_item_does_not_swallow_another_rules_trigger(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule condemn\n  code 111\n  priority 5\n  pattern ACTOR condemn ITEM from ACTOR\n"
        "rule recall\n  code 161\n  pattern ACTOR recall (its)? ambassador from ACTOR\n",
    )
    assert _triples(rs, "Chile condemned the raid and recalled its ambassador from Peru.") == [("161", "CHL", "PER")]
    assert _triples(rs, "Chile condemned the raid from Peru.") == [("111", "CHL", "PER")]


def test_a_place_fills_a_target_actor_slot(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule attack\n  code 190\n  pattern ACTOR attack ACTOR\n")
    assert _triples(rs, "Syria attacked Idlib overnight.") == [("190", "SYR", "SYR")]
    [ev] = rs.extract("Russia attacked Kharkiv.")
    assert ev["target"] == {"code": "UKR", "text": "Kharkiv", "span": [16, 23]}
    assert ev["slots"]["target"]["type"] == "LOCATION" and ev["slots"]["location"]["value"] == "UKR"
    assert _triples(rs, "Kharkiv attacked Russia.") == []  # a place is never the source


def test_a_demonym_before_nouns_stands_for_its_country(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule attack\n  code 190\n  pattern ACTOR attack ACTOR\n"
        "rule seize\n  code 1711\n  pattern ACTOR seize ACTOR\n"
        "rule hunger\n  code 1422\n  pattern ACTOR launch (a)? hunger strike\n",
    )
    assert _triples(rs, "Azerbaijan attacked Armenian border posts.") == [("190", "AZE", "ARM")]
    assert _triples(rs, "Peruvian missiles attacked Bolivian towns.") == [("190", "PER", "BOL")]
    assert _triples(rs, "Iran seized a Greek oil tanker.") == [("1711", "IRN", "GRC")]
    # An agent after the demonym still composes; a demonym inside a place phrase acts not.
    assert _triples(rs, "Iran seized Greek troops.") == [("1711", "IRN", "GRCMIL")]
    assert _triples(rs, "Inmates in Chilean jails launched a hunger strike.") == []


def test_rules_reading_one_target_two_ways_give_one_event(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule reject\n  code 120\n  pattern ACTOR reject ACTOR\n"
        "rule reject-mediation\n  code 126\n  priority 1\n  pattern ACTOR reject (a | an)? ACTOR offer to mediate\n",
    )
    assert _triples(rs, "Hamas rejected an Egyptian offer to mediate.") == [("126", "PSEREBHMS", "EGY")]


def test_a_counterpart_takes_the_subjects_role_in_its_own_country(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule meet\n  code 040\n  pattern ACTOR meet ACTOR\n")
    assert _triples(rs, "Peru's foreign minister met his Chilean counterpart.") == [("040", "PERGOV", "CHLGOV")]
    assert _triples(rs, "Peru's defence minister met her Chilean counterpart.") == [("040", "PERMIL", "CHLMIL")]
    assert _triples(rs, "Peru met its Chilean counterpart.") == [("040", "PER", "CHLGOV")]


def test_a_count_before_two_joined_nouns_has_no_unit(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "class drones = drone\nclass missiles = missile\n"
        "rule fire\n  code 190\n  pattern ACTOR fire QUANTITY? ITEM at ACTOR\n"
        "  code 1952 if item is @drones\n  code 195 if item is @missiles\n",
    )
    [ev] = rs.extract("Chile fired 40 drones and missiles at Peru.")
    assert ev["code"] == "1952" and ev["slots"]["item"]["text"] == "drones and missiles"
    assert (ev["slots"]["quantity"]["value"], ev["slots"]["quantity"]["unit"]) == (40, None)
    from eventrules.annotate.quantities import find_quantities
    from eventrules.text import make_sentence

    def units(text: str) -> list[str | None]:
        return [a.attrs["unit"] for a in find_quantities(make_sentence(text))]

    assert units("40 drones and missiles") == [None]
    assert units("40 boxes and 20 crates") == ["boxes", None, "crates", None]
    assert units("killed 20 people and wounded 30") == ["people", None, None]


def test_an_article_joins_the_actor_after_it(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule host\n  code 043\n  pattern (ACTOR:target (was | were))? hosted by ACTOR:source\n")
    [ev] = rs.extract("The talks were hosted by an Egyptian envoy.")
    assert ev["source"] == {"code": "EGYGOV", "text": "an Egyptian envoy", "span": [25, 42]}
    assert _triples(rs, "A Chilean delegation was hosted by a Peruvian minister.") == [("043", "PERGOV", "CHLGOV")]


def test_domestic_conventions_for_protests_and_administrative_sanctions(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule rally\n  code 141\n  pattern ACTOR rally (in LOCATION | against ACTOR)\n"
        "rule curfew\n  code 1723\n  pattern ACTOR impose ...2 curfew\n"
        "rule condemn\n  code 111\n  pattern ACTOR condemn ...2 curfew\n",
    )
    assert _triples(rs, "Chilean students rallied in Valparaiso.") == [("141", "CHLEDU", "CHLGOV")]
    assert _triples(rs, "Chilean students rallied against Peru.") == [("141", "CHLEDU", "PER")]
    [ev] = rs.extract("Chile's government imposed a nightly curfew.")
    assert ev["target"] == {"code": "CHL", "text": None, "span": None, "implied": True}
    assert _triples(rs, "Peru condemned the curfew.") == [("111", "PER", None)]  # only for those codes


def test_an_agent_after_its_or_their_belongs_to_the_nearest_actor(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule capture\n  code 192\n  pattern ACTOR capture ITEM\n")
    text = "Chile rejected Peru's claim that its troops captured two hills."
    assert _triples(rs, text) == [("192", "PERMIL", None)]
    assert _triples(rs, "Chile and Peru said troops captured two hills.") == [("192", "---MIL", None)]


def test_an_act_told_as_anothers_content_is_not_coded(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule condemn\n  code 111\n  pattern ACTOR condemn ACTOR\n"
        "rule accuse\n  code 112\n  pattern ACTOR accuse ACTOR\n"
        "rule urge\n  code 020\n  pattern ACTOR urge ACTOR\n"
        "rule invade\n  code 192\n  pattern ACTOR invade ACTOR\n  pattern ACTOR 's invasion of ACTOR\n"
        "rule attack\n  code 190\n  pattern ACTOR (attack | attacking) ACTOR\n"
        "rule allow\n  code 0863\n  pattern ACTOR (to)? allow aid into (ACTOR | LOCATION)\n",
    )
    assert _triples(rs, "Chile condemned Peru's invasion of Bolivia.") == [("111", "CHL", "PER")]
    assert _triples(rs, "Chile accused Peru of attacking Bolivia.") == [("112", "CHL", "PER")]
    assert _triples(rs, "Chile urged Peru to allow aid into Bolivia.") == [("020", "CHL", "PER")]
    # A new clause about the same actor is an act of its own.
    assert _triples(rs, "Chile condemned Peru after Peru invaded Bolivia.") == [
        ("111", "CHL", "PER"),
        ("192", "PER", "BOL"),
    ]
    assert _triples(rs, "Peru's invasion of Bolivia angered Chile.") == [("192", "PER", "BOL")]


def test_a_peoples_agent_in_a_place_belongs_to_its_country(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule demand\n  code 100\n  pattern ACTOR demand ...3 ACTOR\n")
    [ev] = rs.extract("Students in Valparaiso demanded talks with Peru.")
    assert ev["source"] == {"code": "CHLEDU", "text": "Students in Valparaiso", "span": [0, 22]}
    assert _triples(rs, "Students in Peru demanded talks with Chile.") == [("100", "PEREDU", "CHL")]
    # Soldiers "in" a country are as often foreign as not: they are left alone.
    assert _triples(rs, "Soldiers in Peru demanded talks with Chile.")[0][1] != "PERMIL"


def test_agents_without_a_country_take_the_storys_country() -> None:
    rules = eventrules.load_rules()
    story = "Kenya's opposition called for protests in Nairobi on Monday. Police arrested 40 protesters after clashes."
    (ev,) = rules.extract(story, "2024-06-01")
    assert (ev["code"], ev["source"]["code"], ev["target"]["code"]) == ("173", "KENCOP", "KENOPP")
    assert ev["source"]["country_from"] == "document"
    # Alone, the same sentence names no country: the agent stays without one.
    (alone,) = rules.extract("Police arrested 40 protesters after clashes.", "2024-06-01")
    assert alone["source"]["code"] == "---COP" and "country_from" not in alone["source"]
    # A sentence that names its own country keeps it, whatever the story said before.
    (own,) = rules.extract(story.replace("Police arrested", "In Uganda, police arrested"), "2024-06-01")
    assert own["source"]["code"] == "UGACOP"


def test_a_date_adverbial_between_subject_and_verb(tmp_path: Path) -> None:
    rs = _rules(
        tmp_path,
        "rule condemn\n  code 111\n  pattern ACTOR condemn ACTOR\n"
        "rule ship\n  code 072\n  pattern ACTOR ships ITEM to ACTOR\n",
    )
    assert _triples(rs, "Chile on Tuesday condemned Peru.") == [("111", "CHL", "PER")]
    assert _triples(rs, "Chile late on Tuesday condemned Peru.") == [("111", "CHL", "PER")]
    assert _triples(rs, "Chile earlier this week condemned Peru.") == [("111", "CHL", "PER")]
    assert _triples(rs, "Belarus last month shipped rifles to Serbia.") == [("072", "BLR", "SRB")]
    assert _triples(rs, "Chile on Tuesday night condemned Peru.") == [("111", "CHL", "PER")]
    assert _triples(rs, "Chile on Tuesday in a statement condemned Peru.") == [("111", "CHL", "PER")]
    assert _triples(rs, "Chile over the weekend condemned Peru.") == [("111", "CHL", "PER")]
    [ev] = rs.extract("Belarus on 4 February shipped rifles to Serbia.", date="2024-03-01")
    assert ev["slots"]["item"]["text"] == "rifles"
    # Only a date: other words between subject and verb still break the pattern.
    assert _triples(rs, "Chile on paper condemned Peru.") == []
    assert _triples(rs, "Chile in turn condemned Peru.") == []


def test_a_place_noun_phrase_is_a_target_place(tmp_path: Path) -> None:
    rs = _rules(tmp_path, "rule shell\n  code 194\n  pattern ACTOR shell (ACTOR | LOCATION)\n")
    assert _triples(rs, "Russia shelled the city of Odesa.") == [("194", "RUS", "UKR")]
    assert _triples(rs, "Russia shelled the port city of Odesa.") == [("194", "RUS", "UKR")]
    assert _triples(rs, "Russia shelled the Ukrainian city of Odesa.") == [("194", "RUS", "UKR")]
    [ev] = rs.extract("Chile shelled border villages in Peru.")
    assert (ev["target"]["code"], ev["target"]["text"]) == ("PER", "border villages in Peru")
    assert _triples(rs, "Chile shelled villages in Peru.") == [("194", "CHL", "PER")]
    # Only place nouns: a thing "of" a place is not that place.
    assert _triples(rs, "Russia shelled the outskirts of Odesa.") == []
