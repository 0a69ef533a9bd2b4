"""The normalizer: each evasion trick, exact offsets back to the original, plain text untouched."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from postlint.normalize import _MAYBE_LEET, _leet_word, normalize, notes_for, read_leet, skeleton


def find(original: str, word: str) -> str:
    """The original text that a skeleton search for ``word`` lands on."""
    view = normalize(original)
    i = view.skeleton.find(skeleton(word))
    assert i >= 0, (original, view.text)
    return original[view.to_source(i):view.to_source(i + len(skeleton(word)), end=True)]


def test_plain_ascii_takes_the_fast_path() -> None:
    view = normalize("See you at the picket, 7am sharp!")
    assert view.identity and view.text == "See you at the picket, 7am sharp!"


def test_zero_width_removed_offsets_exact() -> None:
    assert find("please ki\u200bll it", "kill") == "ki\u200bll"
    assert notes_for("ki\u200bll") == ["removing invisible characters"]


def test_homoglyphs_mapped() -> None:
    text = "h\u0435ading t\u043e the station n\u043ew"  # Cyrillic е, о
    assert normalize(text).text == "heading to the station now"
    assert find(text, "heading to") == "h\u0435ading t\u043e"
    assert notes_for("h\u0435ading") == ["mapping look-alike letters"]


def test_non_latin_posts_are_not_mangled() -> None:
    text = "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440"  # Russian: mostly non-Latin letters
    assert normalize(text).text == text


def test_emoji_variation_selectors_go_and_the_script_decides_look_alikes() -> None:
    assert normalize("\u041f\u0440\u0438\u0432\u0435\u0442 \u2764\ufe0f \u043c\u0438\u0440\u200b").text == \
        "\u041f\u0440\u0438\u0432\u0435\u0442 \u2764 \u043c\u0438\u0440"
    assert normalize("see you \u2764\ufe0f h\u0435re").text == "see you \u2764 here"
    assert normalize("\u2764\ufe0f only").text == "\u2764 only"


def test_spaced_letters_joined_words_kept_apart() -> None:
    text = "b u r n  i t  a l l  d o w n. now"
    assert normalize(text).text == "burn it all down. now"
    assert find(text, "burn it all down") == "b u r n  i t  a l l  d o w n"
    assert normalize("I am a good organizer").text == "I am a good organizer"


def test_spaced_letters_mixed_with_characters_to_map() -> None:
    # A look-alike inside a spaced run is mapped by the run; those outside it one by one.
    text = "\u0435h \u200b b u r \u0440  \u0435 v e r y\ufe0f \u0435nd"
    assert normalize(text).text == "eh  burp every end"
    assert find(text, "burp every") == "b u r \u0440  \u0435 v e r y"
    assert normalize("\u0435nd b u r n").text == "end burn"  # a run after the last mapped character


def test_leetspeak_read_inside_words_only() -> None:
    assert skeleton("d3pr3ssed") == skeleton("depressed")
    assert skeleton("k!ll") == skeleton("kill")
    assert skeleton("bu11et") == skeleton("bullet")
    assert skeleton("every 1 of them") == "every 1 of them"  # a lone digit stays a digit
    assert skeleton("wow!") == "wow!" and skeleton("@dani") == "@dani"  # edges stay punctuation
    assert notes_for("d3pr3ssed") == ["reading leetspeak"]


def test_nfkc_and_accents() -> None:
    assert normalize("\uff4b\uff49\uff4c\uff4c").text == "kill"  # fullwidth letters
    assert skeleton("reuni\u00f3n") == skeleton("reunion")
    assert skeleton("can\u2019t") == skeleton("can't")


def test_emoji_and_combining_marks_keep_offsets() -> None:
    text = "\U0001F525 cafe\u0301 kill \U0001F525"
    assert find(text, "kill") == "kill"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_offsets_map_back_inside_the_original(text: str) -> None:
    view = normalize(text)
    assert len(view.text) == len(view.skeleton)
    previous = 0
    for i in range(len(view.text) + 1):
        s = view.to_source(i)
        assert 0 <= s <= len(text)
        assert s >= previous  # monotonic
        previous = s
        assert view.to_source(i, end=True) <= len(text)
        assert 0 <= view.from_source(s) <= len(view.text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["kill", "the", "bill", "\u200b", " ", "\u0435", "3", "!", "\U0001F525", "\u0301"]),
                max_size=20))
def test_visible_ascii_text_round_trips(parts: list[str]) -> None:
    text = "".join(parts)
    view = normalize(text)
    for i, ch in enumerate(view.text):
        src = text[view.to_source(i):view.to_source(i + 1, end=True)]
        if ch.isascii() and ch.isalpha() and src.isascii():
            assert src.lower() == ch.lower() or " " in src


# Every whole word holding a leet character and a letter, read word by word: the reference
# that read_leet, which reads only the words around the precheck's matches, must equal.
_CANDIDATE = re.compile(r"(?<![A-Za-z0-9@$!|])(?=[A-Za-z0-9@$!|]*[0134578@$!|])(?=[A-Za-z0-9@$!|]*[A-Za-z])"
                        r"[A-Za-z0-9@$!|]+")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="aZx0134579@$!|_ .-'\né", max_size=30))
def test_leet_reading_equals_the_word_by_word_reference(text: str) -> None:
    reference = _CANDIDATE.sub(lambda m: _leet_word(m.group()) or m.group(), text)
    assert read_leet(text) == reference
    assert reference == text or _MAYBE_LEET.search(text) is not None  # the precheck never skips a leet word
