"""Location detectors with true and false cases."""
from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from postlint.detectors.coordinates import Coordinates
from postlint.detectors.phones import PhoneNumber, may_hold_number
from postlint.detectors.places import MapLink, StreetAddress
from postlint.detectors.shouting import AllCaps
from postlint.documents import plain_post


def found(detector: object, text: str) -> list[str]:
    post = plain_post("p.txt", text)
    return [text[h.start:h.end] for h in detector.find(post, None)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text,expected", [
    ("that's me 41.8523, -87.6660 now", "41.8523, -87.6660"),
    ("pin 55.8642N 4.2180W", "55.8642N 4.2180W"),
    ("at 41°51'08\"N 87°39'58\"W tonight", "41°51'08\"N 87°39'58\"W"),
    ("geo:55.86,-4.21 see you", "geo:55.86,-4.21"),
    ("meet at 9C7Q+R4 Glasgow", "9C7Q+R4"),
    ("the spot is ///filled.count.soap", "///filled.count.soap"),
])
def test_coordinates_found(text: str, expected: str) -> None:
    assert found(Coordinates(), text) == [expected]


@pytest.mark.parametrize("text", [
    "the 40 bus every 30 minutes", "back in 2025, 2026 and 2027", "it cost $12.99, 3.50 for kids",
    "final score 3-1, 2.5 goals a game", "61.5% of the vote, 38.5% against", "version 1.2.3",
    "up 4.5% to 120.7 million",
    "meet at 12.345, \U00010d40\U00010d41.\U00010d42\U00010d43\U00010d44 now",  # digits Python cannot read yet
])
def test_coordinates_not_found(text: str) -> None:
    assert found(Coordinates(), text) == []


@pytest.mark.parametrize("text,expected", [
    ("call me on 0141 496 0123 tonight", "0141 496 0123"),
    ("text (312) 555-0142", "(312) 555-0142"),
    ("+44 7911 123456 is my number", "+44 7911 123456"),
])
def test_phone_numbers(text: str, expected: str) -> None:
    assert found(PhoneNumber(), text) == [expected]


@pytest.mark.parametrize("text", [
    "142,000 signatures and 90,000 doors", "rents up 9 percent in 2025-2026", "bus 40, route 148",
    "score was 3-1, 12 minutes in", "$1,250,000 in bonuses",
])
def test_not_phone_numbers(text: str) -> None:
    assert found(PhoneNumber(), text) == []


@pytest.mark.parametrize("text,expected", [
    ("moved to 221B Baker Street", "221B Baker Street"),
    ("I'm at 1600 N Main Ave till 5", "1600 N Main Ave"),
    ("right above the shop at Telegraph & 45th", "Telegraph & 45th"),
    ("near 98th & MacArthur", "98th & MacArthur"),
    ("the corner of Elm and Pine", "corner of Elm and Pine"),
    ("la 26 y Kostner", "26 y Kostner"),
    ("calle Mayor 12", "calle Mayor 12"),
    ("flat 3/2 in the close", "flat 3"),
    ("postcode G42 8AB", "G42 8AB"),
    ("Chicago, IL 60608", "IL 60608"),
])
def test_addresses(text: str, expected: str) -> None:
    assert expected in found(StreetAddress(), text)


@pytest.mark.parametrize("text", [
    "3 people on the street", "Glasgow and Edinburgh branches", "12 luxury buildings on the way",
    "we had 40 in the hall", "Measure W passed with 61%", "page 3 of the report",
])
def test_not_addresses(text: str) -> None:
    assert found(StreetAddress(), text) == []


@pytest.mark.parametrize("url,pins", [
    ("https://maps.google.com/?q=55.86,-4.21", True),
    ("https://www.google.com/maps/@41.85,-87.66,17z", True),
    ("https://maps.app.goo.gl/AbC123", True),
    ("https://goo.gl/maps/xyz", True),
    ("https://maps.apple.com/?ll=41.8,-87.6", True),
    ("https://www.openstreetmap.org/#map=17/51.5/-0.12", True),
    ("https://waze.com/ul?ll=41.8,-87.6", True),
    ("https://www.bing.com/maps?cp=41.8~-87.6", True),
    ("https://www.swarmapp.com/c/abc", True),
    ("https://www.google.com/search?q=maps", False),
    ("https://maps.apple.com/", False),
    ("https://example.org/maps", False),
    ("https://somewhere.com/path", False),
])
def test_map_links(url: str, pins: bool) -> None:
    assert bool(found(MapLink(), f"look {url} now")) is pins


def test_all_caps_runs() -> None:
    assert found(AllCaps(), "so THE WHOLE BOARD CAN GO TO HELL ok") == ["THE WHOLE BOARD CAN GO TO HELL"]
    assert found(AllCaps(), "FUND CPD? NO") == []
    assert found(AllCaps(min_words=2, min_letters=4), "NO WAY") == ["NO WAY"]


def _written_numbers() -> list[str]:
    """Example numbers of many regions, written the ways people write them."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat as F

    out = []
    for region in ("US", "GB", "DE", "FR", "IN", "AR", "BR", "JP", "MG", "NF", "AG", "JE", "NU", "SH", "MX", "IT", "AU"):
        for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE):
            n = phonenumbers.example_number_for_type(region, kind)
            if n is not None:
                intl, national = phonenumbers.format_number(n, F.INTERNATIONAL), phonenumbers.format_number(n, F.NATIONAL)
                nsn = phonenumbers.national_significant_number(n)
                out += [intl, intl.replace("+", "00"), intl.replace("+", "011 "), national,
                        phonenumbers.format_number(n, F.E164), f"+{n.country_code} {national}",
                        f"+{n.country_code} {nsn[-5:]}", f"00{n.country_code} {nsn[-6:]}"]  # local numbers
    return out


_PIECES = st.one_of(
    st.sampled_from(_written_numbers()),
    st.text("0123456789", min_size=1, max_size=12),
    st.sampled_from([" ", "-", ".", "(", ")", "/", "+", "x", "X", " ext ", " ext. ", "#", "Post ", "tel: ",
                     "\uff0b", "\uff11\uff12", "\u0663\u0664\u0665", "call ", "\n"]),
)


@given(st.lists(_PIECES, min_size=1, max_size=8).map("".join))
@settings(max_examples=400, deadline=None)
def test_phone_gate_never_hides_a_number(window: str) -> None:
    """may_hold_number is False only where the matcher itself finds nothing."""
    import phonenumbers

    for region in ("US", "GB", "DE", "AR", "IN", "AG", "NU"):
        event(f"gate {may_hold_number(window, region)}")
        if not may_hold_number(window, region):
            assert list(phonenumbers.PhoneNumberMatcher(window, region, phonenumbers.Leniency.VALID)) == [], region


@pytest.mark.parametrize("window,region,expected", [
    ("## Post 0010000", "US", False), ("## Post 0010000", "GB", False), ("order 4417302", "US", False),
    ("call 020 7946 0958", "GB", True), ("+683 4002", "US", True), ("0800 1111", "GB", True),
    ("ring 1-800-356-9377 x12", "US", True), ("9x9x9x12", "US", True),
    ("+672 06609", "US", True), ("00 683 4002", "GB", True), ("call 460-1234", "AG", True), ("011 15-2345-6789", "AR", True),
])
def test_phone_gate(window: str, region: str, expected: bool) -> None:
    """IDs are skipped; numbers reached by an international prefix, three 'x' (keypad letters)
    or a national prefix rule that inserts digits (Norfolk Island) are not."""
    import phonenumbers

    assert may_hold_number(window, region) is expected
    if expected and "x" not in window:
        assert list(phonenumbers.PhoneNumberMatcher(window, region, phonenumbers.Leniency.VALID))


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from([word, word.upper(), word.title(), word.replace("s", "\u017f"), word.replace("k", "\u212a")])


_NUM = st.sampled_from(["12", "221B", "4", "60608", "12345", "12345-6789"])
_ORD = st.sampled_from(["1st", "2nd", "3rd", "45th", "98th"])
_NAME = st.sampled_from(["Baker", "MacArthur", "Telegraph", "Pine", "\u00c9lys\u00e9e", "Main"])
_CONJ = st.sampled_from([" & ", " and ", " y ", "@", " / ", "\n&\n"])
_SEP = st.sampled_from([" ", "  ", ". ", " #", "\n", "\t", "\u00a0"])
_PHRASE = st.one_of(
    st.tuples(_NUM, _SEP, _NAME, _SEP, _cased("street")).map("".join),
    st.tuples(st.sampled_from(["calle", "c/", "avenida", "avda", "carrer", "rue", "via"]).flatmap(_cased),
              _SEP, _NAME, _SEP, _NUM).map("".join),
    st.tuples(_ORD, _CONJ, _NAME).map("".join), st.tuples(_NAME, _CONJ, _ORD).map("".join),
    st.tuples(_NUM, _SEP, st.just("y"), _SEP, _NAME).map("".join), st.tuples(_ORD, _CONJ, _ORD).map("".join),
    st.tuples(st.just("corner of "), _NAME, _CONJ, _NAME).map("".join),
    st.tuples(st.sampled_from(["apt", "apartment", "unit", "suite", "ste", "flat"]).flatmap(_cased), _SEP, _NUM).map("".join),
    st.tuples(st.sampled_from(["G42", "SW1A", "EC1"]), _SEP, st.sampled_from(["8AB", "1AA", "2XZ"])).map("".join),
    st.tuples(st.sampled_from(["IL", "CA", "NY."]), _SEP, _NUM).map("".join),
)


@given(st.lists(st.one_of(_PHRASE, _SEP, st.sampled_from(["the", "people", "%", "am", ","])), min_size=1, max_size=6)
       .map("".join))
@settings(max_examples=600, deadline=None)
def test_street_gates_never_hide_a_match(text: str) -> None:
    """Each pattern's quick test passes wherever the pattern matches."""
    from postlint.detectors.places import _KINDS

    for patterns in _KINDS.values():
        for rx, may, _ in patterns:
            if rx.search(text):
                assert may(text, text.casefold()), rx.pattern


@pytest.mark.parametrize("text", [f"{w} Baker Road 12" for w in ("calle", "C/", "Avenida", "AVDA.", "carrer", "Rue", "via")]
                         + [f"{w} 12" for w in ("apt", "Apartment", "UNIT", "\u017fuite", "STE", "flat")]
                         + ["Flat #\U00010d40"]  # a digit newer than the stdlib's Unicode tables
                         + ["45th & Main", "12 y Kostner", "corner of Elm and Pine", "SW1A 1AA", "IL 60608"])
def test_street_gates_pass_on_every_kind(text: str) -> None:
    from postlint.detectors.places import _KINDS

    matched = [(rx, may) for patterns in _KINDS.values() for rx, may, _ in patterns if rx.search(text)]
    assert matched and all(may(text, text.casefold()) for _, may in matched)
    assert found(StreetAddress(), text)


@pytest.mark.parametrize("rule,added", [("9\\1", 1), ("0549\\1", 4), ("\\2", 0), ("20\\1", 2), ("\\1\\1", 99)])
def test_digits_a_national_prefix_rule_adds(rule: str, added: int) -> None:
    from postlint.detectors.phones import _inserted

    assert _inserted(rule) == added  # a group used twice may add as many digits as a number has
