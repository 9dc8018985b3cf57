"""Tokenizer and sentence splitter."""

from hypothesis import given, settings
from hypothesis import strategies as st

from eventrules.text import make_sentence, split_sentences, tokenize

NEWSY = st.lists(
    st.sampled_from([*list("abcXYZ .,;'’‘\"-$%!?\n\t0123456789é()"), "U.S.", "Oct.", "n't", "’s", "\n\n", "Mr."]),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), NEWSY))
def test_offsets_slice_back_to_tokens(text: str) -> None:
    last = 0
    for sent in split_sentences(text):
        assert text[sent.start : sent.end] == sent.text
        assert sent.start >= last
        for w, s, e in zip(sent.words, sent.starts, sent.ends, strict=True):
            assert text[s:e] == w
            assert s >= last and e > s
            last = e
    for w, s, e in tokenize(text):
        assert text[s:e] == w


def test_news_tokens() -> None:
    s = make_sentence("The U.S. said North Korea’s army didn't ship 1,000 shells on Oct. 1, 2023-09-07.")
    assert s.words == (
        "The", "U.S.", "said", "North", "Korea", "’s", "army", "did", "n't", "ship",
        "1,000", "shells", "on", "Oct.", "1", ",", "2023-09-07", ".",
    )  # fmt: skip
    assert s.lowers[5] == "'s"  # curly apostrophes fold in the lowercase view


def test_sentence_split_keeps_abbreviations_and_breaks_paragraphs() -> None:
    text = (
        "Gen. Smith met U.N. officials on Oct. 1. They talked about the\nwrapped line."
        "\n\nHeadline without stop\n\nNext."
    )
    sents = [s.text for s in split_sentences(text)]
    assert sents == [
        "Gen. Smith met U.N. officials on Oct. 1.",
        "They talked about the\nwrapped line.",
        "Headline without stop",
        "Next.",
    ]
    assert [s.index for s in split_sentences(text)] == [0, 1, 2, 3]


def test_an_abbreviation_period_can_end_a_sentence() -> None:
    """At the end of the text any abbreviation gives its period back; a month abbreviation
    also before a capital ("Jun. China"): months are followed by a day or a year."""
    assert [w for w, _, _ in tokenize("Japan condemned Dong Jun.")][-2:] == ["Jun", "."]
    assert [w for w, _, _ in tokenize('He works for Acme Co."')][-3:] == ["Co", ".", '"']
    sents = [s.text for s in split_sentences("Japan condemned Dong Jun. China said on Jun. 5 that Gen. Li left.")]
    assert sents == ["Japan condemned Dong Jun.", "China said on Jun. 5 that Gen. Li left."]
