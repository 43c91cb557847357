"""Resident ID numbers and unified social credit codes.

External vectors are every case of python-stdnum 2.2's doctests for these two
modules (python_stdnum-2.2.tar.gz, LGPL-2.1+): ``tests/test_cn_ric.doctest``,
``tests/test_cn_uscc.doctest`` (its 200 "found online" codes are in
``tests/data/stdnum_cn_uscc_valid.txt``), and the module doctests of
``stdnum/cn/ric.py`` and ``stdnum/cn/uscc.py``; copied as numbers only.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from stdnum.cn import ric, uscc

from dedupe.normalize.ids import parse_id_card, parse_uscc
from dedupe.normalize.text import is_blank

DATA = Path(__file__).parent / "data"

# tests/test_cn_ric.doctest: valid numbers, birth date, and ric.get_birth_place()'s (province, county),
# except that a code still in use is named as today (data/divisions.csv), not as at the birth date
RIC_VALID = [
    ("360426199101010071", "1991-01-01", "M", "江西省", "德安县"),  # also stdnum/cn/ric.py's module doctest
    ("44011320141005001x", "2014-10-05", "M", "广东省", "番禺区"),
    ("412723199010050012", "1990-10-05", "M", "河南省", "商水县"),
    ("110102199101010078", "1991-01-01", "M", "北京市", "西城区"),
    ("120110198012010073", "1980-12-01", "M", "天津市", "东丽区"),  # before 1991: stdnum names it 东郊区
    ("120110199212010072", "1992-12-01", "M", "天津市", "东丽区"),  # after 1991
]
# tests/test_cn_ric.doctest: invalid numbers, with the exception stdnum raises
RIC_INVALID = [
    ("T60426199101010078", "format"),
    ("360426199113010079", "component"),  # month 13
    ("36042619910102009X", "checksum"),
    ("990426199112010074", "component"),  # unknown birthplace code
    ("110111198012010078", "component"),  # county not registered yet at birth year
    ("110201199312010077", "component"),  # county deregistered at birth year
]


@pytest.mark.parametrize(("number", "birth", "gender", "province", "county"), RIC_VALID)
def test_ric_valid_stdnum_vectors(number: str, birth: str, gender: str, province: str, county: str) -> None:
    c = parse_id_card(number)
    assert c.valid and c.number == number.upper() == ric.format(number)
    assert (c.birth_date, c.gender, c.birthplace) == (birth, gender, number[:6])
    assert c.birth_province == province and c.birth_county == county and c.problem == "" and not c.legacy


@pytest.mark.parametrize(("number", "problem"), RIC_INVALID)
def test_ric_invalid_stdnum_vectors(number: str, problem: str) -> None:
    c = parse_id_card(number)
    assert not c.valid and (c.birth_date, c.gender, c.birthplace, c.birth_province) == ("", "", "", "")
    assert c.problem == problem


def test_ric_birthplace_names_from_divisions() -> None:
    c = parse_id_card("44011320141005001X")
    assert (c.birth_province, c.birth_city, c.birth_county) == ("广东省", "广州市", "番禺区")
    # 412723 is the old code of 商水县 (周口地区, renumbered 4116xx in 2000): stdnum's name, province from its prefix
    c = parse_id_card("412723199010050012")
    assert (c.birth_province, c.birth_city, c.birth_county) == ("河南省", "", "商水县")


@pytest.mark.parametrize(
    "text",
    [
        " 110102 19910101 0078 ", "110102-19910101-0078", "１１０１０２１９９１０１０１００７８", "110102199101010078\t",
        "'110102199101010078",  # Excel's text marker
        "110102.19910101.0078", "110102 1991 0101 0078", "１１０１０２－１９９１０１０１－００７８",
    ],
)
def test_ric_separators_and_full_width(text: str) -> None:
    c = parse_id_card(text)
    assert c.valid and c.number == "110102199101010078"


def _with_check(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def test_ric_lower_case_x_and_gender() -> None:
    assert parse_id_card("44011320141005001x").number == "44011320141005001X"
    assert parse_id_card("４４０１１３２０１４１００５００１ｘ").number == "44011320141005001X"
    # order code 007 odd -> M; 008 even -> F (check character from stdnum)
    assert parse_id_card(_with_check("11010219910101008")).gender == "F"
    assert parse_id_card(_with_check("11010219910101007")).gender == "M"


def test_ric_fifteen_digits_are_converted() -> None:
    c = parse_id_card("110102910101007")
    assert c.valid and c.legacy and c.number == "110102199101010078" and c.birth_date == "1991-01-01"
    assert c.gender == "M" and c.birth_county == "西城区"
    assert parse_id_card("110102 910101 007").number == "110102199101010078"
    assert not parse_id_card("110102911301007").valid  # month 13 stays invalid after conversion
    assert parse_id_card("110102911301007").legacy


def test_ric_future_birth_date_is_invalid() -> None:
    year = datetime.date.today().year + 1
    c = parse_id_card(_with_check(f"110102{year}0101007"))
    assert not c.valid and c.problem == "component"
    assert ric.is_valid(_with_check("11010218990101007"))  # stdnum itself has no lower bound
    assert parse_id_card(_with_check("11010218990101007")).problem == "component"
    assert parse_id_card(_with_check("11010219000101007")).valid


def test_ric_wrong_check_character_is_not_fixed() -> None:
    good = "110102199101010078"
    for last in "0123456789X":
        if last != good[-1]:
            c = parse_id_card(good[:-1] + last)
            assert not c.valid and c.problem == "checksum" and c.number == good[:-1] + last


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("12345", "length"), ("11010219910101007", "length"), ("1101021991010100788", "length"),
        ("abcdefghijklmnopqr", "format"), ("1.10102E+17", "length"),  # Excel exponent: never guessed
        ("110102199101010O78", "format"),  # letter O for zero
        (_with_check("11010219910230007"), "component"),  # 30 February, with a right check character
    ],
)
def test_ric_wrong_length_or_letters(text: str, problem: str) -> None:
    c = parse_id_card(text)
    assert not c.valid and c.problem == problem


def test_ric_blank() -> None:
    for text in (None, "", "nan", "无", float("nan")):
        c = parse_id_card(text)
        assert (c.raw, c.number, c.valid) == ("", "", False)


# --- USCC -----------------------------------------------------------------------------------

USCC_FOUND_ONLINE = [
    line.strip() for line in (DATA / "stdnum_cn_uscc_valid.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
# tests/test_cn_uscc.doctest and stdnum/cn/uscc.py's module doctest: invalid codes
USCC_INVALID = [
    ("12345", "length"),
    ("A1110000600037341L", "format"),  # registering authority not a digit (stdnum's rule)
    ("9111000060003IOZSV", "format"),  # I, O, Z, S, V are not in the alphabet
    ("91110000600037341N", "checksum"),
]


def test_uscc_found_online_list_is_complete() -> None:
    assert len(USCC_FOUND_ONLINE) == 200 and len(set(USCC_FOUND_ONLINE)) == 200


@pytest.mark.parametrize("number", USCC_FOUND_ONLINE)
def test_uscc_valid_stdnum_vectors(number: str) -> None:
    u = parse_uscc(number)
    assert u.valid and u.number == number and u.problem == ""
    assert (u.authority, u.org_type, u.region, u.org_code) == (number[0], number[1], number[2:8], number[8:17])


@pytest.mark.parametrize(("number", "problem"), USCC_INVALID)
def test_uscc_invalid_stdnum_vectors(number: str, problem: str) -> None:
    u = parse_uscc(number)
    assert not u.valid and (u.region, u.org_code, u.authority) == ("", "", "")
    assert u.problem == problem


@pytest.mark.parametrize(
    "text",
    [
        "91110000600037341L",  # tests/test_cn_uscc.doctest: validate
        "91 110000 600037341L",  # tests/test_cn_uscc.doctest: validate and format
        "9 1 110000 600037341L",  # stdnum/cn/uscc.py module doctest: format
    ],
)
def test_uscc_stdnum_compact_forms(text: str) -> None:
    assert parse_uscc(text).number == uscc.compact(text) == "91110000600037341L"
    assert parse_uscc(text).valid


def test_uscc_spacing_full_width_and_case() -> None:
    assert parse_uscc("９１１１００００６０００３７３４１ｌ").number == "91110000600037341L"
    assert parse_uscc("91110000600037341l").valid  # case is presentation (stdnum's compact upper-cases)
    u = parse_uscc("9144-0300-7152-6726-XG")
    assert (u.valid, u.region, u.org_code) == (True, "440300", "71526726X")


@pytest.mark.parametrize(
    "text",
    [
        "91110000600O37341L",  # O typed for 0
        "9111000060003734lL",  # l typed for 1 (upper-cased to L: then the check fails)
        "9111OOOO600037341L",  # region with letters O
        "91110000600037341I",  # I as check character
        "91110000600037341",  # one character short
        "911100006000373411L",  # one too many
    ],
)
def test_uscc_mistyped_characters_are_not_fixed(text: str) -> None:
    u = parse_uscc(text)
    assert not u.valid and u.problem in ("format", "checksum", "length")
    assert u.region == "" and u.authority_name == ""


def test_uscc_parts() -> None:
    u = parse_uscc("91110000600037341L")
    assert (u.authority, u.authority_name, u.org_type, u.org_type_name) == ("9", "市场监督管理", "1", "企业")
    assert (u.region, u.region_province, u.region_city) == ("110000", "北京市", "北京市")
    u = parse_uscc("121200004013590816")
    assert (u.authority_name, u.org_type_name, u.region_province) == ("机构编制", "事业单位", "天津市")
    u = parse_uscc("92340602MA2PBQAH7E")
    assert (u.org_type_name, u.region_province, u.region_city) == ("个体工商户", "安徽省", "淮北市")
    u = parse_uscc("9144030071526726XG")
    assert (u.region_city, u.org_code) == ("深圳市", "71526726X")


def test_uscc_is_not_an_id_card_and_back() -> None:
    assert not parse_id_card("91110000600037341L").valid
    assert not parse_uscc("110102199101010078").valid


def test_uscc_blank() -> None:
    assert parse_uscc(None).raw == "" and not parse_uscc("").valid
    assert parse_uscc("暂无").number == ""


from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789Xx -１２ＸOI", max_size=22))
# random text is next to never a valid number: these make the round trip below run
@example("110102 19910101 0078")
@example("44011320141005001x")
@example("110102-910101-007")
def test_never_raises_and_valid_numbers_reparse_to_themselves(text: str) -> None:
    c = parse_id_card(text)
    assert c.valid == (c.problem == "") or is_blank(text)
    if c.valid:
        again = parse_id_card(c.number)
        assert again.valid and again.number == c.number and again.birth_date == c.birth_date
    u = parse_uscc(text)
    if u.valid:
        assert parse_uscc(u.number).number == u.number
