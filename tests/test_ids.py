"""Resident ID numbers and unified social credit codes.

External vectors are copied from python-stdnum 2.2's own doctests
(python_stdnum-2.2.tar.gz: tests/test_cn_ric.doctest and tests/test_cn_uscc.doctest,
LGPL-2.1+), as numbers only.
"""

from __future__ import annotations

import pytest

from dedupe.normalize.ids import parse_id_card, parse_uscc

# tests/test_cn_ric.doctest (python-stdnum 2.2): valid numbers
RIC_VALID = [
    ("360426199101010071", "1991-01-01", "M", "360426"),
    ("44011320141005001x", "2014-10-05", "M", "440113"),
    ("412723199010050012", "1990-10-05", "M", "412723"),
    ("110102199101010078", "1991-01-01", "M", "110102"),
    ("120110198012010073", "1980-12-01", "M", "120110"),  # county code valid before 1991
    ("120110199212010072", "1992-12-01", "M", "120110"),  # ... and after
]
# tests/test_cn_ric.doctest (python-stdnum 2.2): invalid numbers and why
RIC_INVALID = [
    "T60426199101010078",  # format
    "360426199113010079",  # month 13
    "36042619910102009X",  # checksum
    "990426199112010074",  # unknown birthplace
    "110111198012010078",  # county not registered yet at birth year
    "110201199312010077",  # county deregistered at birth year
]


@pytest.mark.parametrize(("number", "birth", "gender", "place"), RIC_VALID)
def test_ric_valid_stdnum_vectors(number: str, birth: str, gender: str, place: str) -> None:
    c = parse_id_card(number)
    assert c.valid and c.number == number.upper()
    assert (c.birth_date, c.gender, c.birthplace) == (birth, gender, place)


@pytest.mark.parametrize("number", RIC_INVALID)
def test_ric_invalid_stdnum_vectors(number: str) -> None:
    c = parse_id_card(number)
    assert not c.valid and (c.birth_date, c.gender, c.birthplace) == ("", "", "")


@pytest.mark.parametrize(
    "text",
    [" 110102 19910101 0078 ", "110102-19910101-0078", "１１０１０２１９９１０１０１００７８", "110102199101010078\t"],
)
def test_ric_separators_and_full_width(text: str) -> None:
    c = parse_id_card(text)
    assert c.valid and c.number == "110102199101010078"


def test_ric_lower_case_x_and_gender() -> None:
    assert parse_id_card("44011320141005001x").number == "44011320141005001X"
    # order code 007 odd -> M; build a female number by stdnum's own check digit
    from stdnum.cn import ric

    body = "11010219910101008"
    female = body + ric.calc_check_digit(body + "0")
    assert parse_id_card(female).gender == "F"


def test_ric_fifteen_digits_are_converted() -> None:
    c = parse_id_card("110102910101007")
    assert c.valid and c.number == "110102199101010078" and c.birth_date == "1991-01-01"
    assert not parse_id_card("110102911301007").valid  # month 13 stays invalid after conversion


@pytest.mark.parametrize("text", ["12345", "11010219910101007", "1101021991010100788", "abcdefghijklmnopqr"])
def test_ric_wrong_length_or_letters(text: str) -> None:
    assert not parse_id_card(text).valid


def test_ric_blank() -> None:
    for text in (None, "", "nan", "无"):
        c = parse_id_card(text)
        assert (c.raw, c.number, c.valid) == ("", "", False)


# tests/test_cn_uscc.doctest (python-stdnum 2.2): "found online and should all be valid"
USCC_VALID = [
    "121200004013590816", "911522010783762860", "91152201078377449P", "9115220107837941X1",
    "91310112087994932F", "91310115MA1K3BTP2B", "91310116052958608G", "913101203509708598",
    "913205056082348768", "91340600MA2PBM9HXD", "91371082775260043P", "914112810713741814",
    "9144030071526726XG", "91620105L015101280", "92340602MA2PBQAH7E", "92340621MA2UK3CE6L",
    "91110000600037341L",
]
# tests/test_cn_uscc.doctest (python-stdnum 2.2): invalid codes
USCC_INVALID = [
    "12345",  # length
    "A1110000600037341L",  # format: registering authority
    "9111000060003IOZSV",  # format: I, O, Z, S, V are not in the alphabet
    "91110000600037341N",  # checksum
]


@pytest.mark.parametrize("number", USCC_VALID)
def test_uscc_valid_stdnum_vectors(number: str) -> None:
    u = parse_uscc(number)
    assert u.valid and u.number == number
    assert u.region == number[2:8] and u.org_code == number[8:17]


@pytest.mark.parametrize("number", USCC_INVALID)
def test_uscc_invalid_stdnum_vectors(number: str) -> None:
    u = parse_uscc(number)
    assert not u.valid and (u.region, u.org_code) == ("", "")


def test_uscc_spacing_and_case() -> None:
    assert parse_uscc("91 110000 600037341L").number == "91110000600037341L"  # stdnum doctest
    assert parse_uscc("９１１１００００６０００３７３４１ｌ").number == "91110000600037341L"
    u = parse_uscc("9144-0300-7152-6726-XG")
    assert (u.valid, u.region, u.org_code) == (True, "440300", "71526726X")


def test_uscc_blank() -> None:
    assert parse_uscc(None).raw == "" and not parse_uscc("").valid
