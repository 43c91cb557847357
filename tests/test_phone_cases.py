"""Hard cases of parse_phone, one table per difficulty, and the fast CN path held equal to phonenumbers.

Expected values are worked out by hand from the numbering plan (mobile 1xx xxxx xxxx, area codes
010/02x two digits and 0xxx three, 400/800 eleven digits) — not copied from the parser's output.
"""

from __future__ import annotations

import random

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from dedupe.normalize.phone import cn_number_type, parse_phone


def facts(text: object, hint: str = "") -> list[tuple[str, str, str, str]]:
    return [(p.e164, p.kind, p.area_code, p.extension) for p in parse_phone(text, area_code_hint=hint)]


M = ("+8613800138000", "mobile", "", "")
M2 = ("+8613900139000", "mobile", "", "")
BJ = ("+861062345678", "landline", "010", "")
SZ = ("+8675588888888", "landline", "0755", "")


# --- country-code prefixes and widths -----------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "+86 13800138000", "+8613800138000", "0086 13800138000", "0086-138-0013-8000", "86-13800138000",
        "86 13800138000", "(86)13800138000", "(+86)13800138000", "+86(138)00138000", "＋８６　１３８００１３８０００",
        "（＋８６）１３８－００１３－８０００", "8613800138000", "+86 138 0013 8000", "+86.138.0013.8000",
        "013800138000",  # trunk 0 dialled before a mobile from a landline
    ],
)
def test_mobile_with_country_code_or_trunk_prefix(text: str) -> None:
    assert facts(text) == [M]


@pytest.mark.parametrize(
    "text",
    [
        "+86 755 8888 8888", "+86-755-88888888", "0086 755 88888888", "86-755-88888888", "(86)755-88888888",
        "+86 (0)755 8888 8888",  # the trunk 0 in brackets after the country code
        "+86-0755-88888888",  # … and without the brackets: a common way of writing it
        "(0755)88888888", "（０７５５）８８８８８８８８", "0755 8888 8888", "0755-8888-8888", "[0755]88888888",
        "【0755】88888888",
    ],
)
def test_landline_with_country_code_and_brackets(text: str) -> None:
    assert facts(text) == [SZ]


@pytest.mark.parametrize(
    "text",
    [
        "010－62345678",  # full-width hyphen-minus
        "010—62345678",  # em dash
        "010–62345678",  # en dash
        "010―62345678",  # horizontal bar
        "010‐62345678",  # hyphen
        "010−62345678",  # minus sign
        "０１０ー６２３４５６７８",  # katakana prolonged sound mark typed as a dash
        "010 6234 5678",
        "010.6234.5678",
    ],
)
def test_dashes_of_every_width(text: str) -> None:
    assert facts(text) == [BJ]


# --- extensions ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "010-62345678转801", "010-62345678 转 801", "010-62345678-转801", "010-62345678轉801",
        "010-62345678分机801", "010-62345678分机号801", "010-62345678 分机：801", "010-62345678内线801",
        "010-62345678 ext.801", "010-62345678 EXT 801", "010-62345678 ext:801", "010-62345678x801",
        "010-62345678 X801", "010-62345678#801", "010-62345678-801", "010-62345678(801)", "010-62345678（801）",
        "(010)62345678-801", "+86 10 6234 5678 ext. 801", "010-62345678*801", "(010)62345678 * 801",
    ],
)
def test_extensions(text: str) -> None:
    assert facts(text) == [("+861062345678", "landline", "010", "801")]


def test_dash_group_is_part_of_the_number_when_the_whole_is_valid() -> None:
    # 0755-8888-8888: the last group completes the local number, it is not an extension
    assert facts("0755-8888-8888") == [SZ]
    assert facts("010-6234-5678") == [BJ]


def test_star_is_not_an_extension_in_a_masked_number() -> None:
    # 138****8000 (an order export's masked receiver) must stay masked, not become 138 ext. 8000
    assert [(p.kind, p.problem) for p in parse_phone("138****8000")] == [("invalid", "masked")]
    assert [p.kind for p in parse_phone("010-62345678*8018000")] == ["invalid"]


def test_mobiles_have_no_dash_extensions() -> None:
    # '-1' after a mobile is not "clearly an extension": the piece is invalid, not guessed
    assert [p.kind for p in parse_phone("13800138000-1")] == ["invalid"]
    # an explicit marker is what the writer said, and is kept
    assert facts("13800138000转1") == [("+8613800138000", "mobile", "", "1")]


def test_tollfree_extensions() -> None:
    assert facts("400-810-8888转2") == [("+864008108888", "tollfree", "", "2")]
    assert facts("400-810-8888-2") == [("+864008108888", "tollfree", "", "2")]
    assert facts("800-810-8888 ext 3") == [("+868008108888", "tollfree", "", "3")]


# --- several numbers in one cell ----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "13800138000/13900139000", "13800138000,13900139000", "13800138000，13900139000", "13800138000;13900139000",
        "13800138000；13900139000", "13800138000、13900139000", "13800138000 13900139000", "13800138000或13900139000",
        "13800138000和13900139000", "13800138000 / 13900139000", "13800138000\n13900139000", "1380013800013900139000",
        "手机:13800138000 备用:13900139000", "138 0013 8000 139 0013 9000",
    ],
)
def test_two_mobiles(text: str) -> None:
    assert facts(text) == [M, M2]


def test_three_numbers_and_mixed_kinds() -> None:
    assert facts("13800138000 010 62345678") == [M, BJ]
    assert facts("0755 8888 8888 13800138000") == [SZ, M]
    assert facts("138001380001390013900013700137000") == [M, M2, ("+8613700137000", "mobile", "", "")]
    got = facts("手机：138 0013 8000，座机：0755-8888 8888 转 801，400-810-8888")
    assert got == [M, ("+8675588888888", "landline", "0755", "801"), ("+864008108888", "tollfree", "", "")]
    assert facts("电话：0755-88888888；传真：0755-88888889") == [SZ, ("+8675588888889", "landline", "0755", "")]


def test_area_code_written_apart() -> None:
    assert facts("区号0755 电话88888888") == [SZ]
    assert facts("区号:0755，电话:8888 8888转801") == [("+8675588888888", "landline", "0755", "801")]
    (p,) = parse_phone("区号0755 电话88888888", area_code_hint="010")
    assert p.e164 == "+8675588888888" and not p.hinted  # written in the cell: beats the hint


def test_second_landline_takes_the_area_code_of_the_first() -> None:
    # '0755-88888888/88888889': the writer gave the area code once, for both
    assert facts("0755-88888888/88888889") == [SZ, ("+8675588888889", "landline", "0755", "")]
    assert facts("0755-88888888、88888889转8", "010") == [SZ, ("+8675588888889", "landline", "0755", "8")]
    phones = parse_phone("0755-88888888/88888889", area_code_hint="010")
    assert [p.hinted for p in phones] == [False, False]  # the cell's area code beats the record's city
    # a local number before any area code is not completed from a later one
    assert [p.problem for p in parse_phone("88888888 / 0755-88888889")] == ["no_area_code", ""]


# --- local numbers and the record's city ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("62345678", "010", BJ), ("62345678", "北京", BJ), ("62345678", "北京市", BJ), ("6234 5678", "10", BJ),
        ("88888888", "深圳", SZ), ("88888888", "深圳市", SZ), ("8888-8888", "0755", SZ),
        ("62345678-801", "北京", ("+861062345678", "landline", "010", "801")),
        ("62345678转801", "010", ("+861062345678", "landline", "010", "801")),
        ("87654321", "杭州", ("+8657187654321", "landline", "0571", "")),
        ("87654321", "上海", ("+862187654321", "landline", "021", "")),
    ],
)
def test_local_number_completed_from_city(text: str, hint: str, expected: tuple) -> None:
    (p,) = parse_phone(text, area_code_hint=hint)
    assert (p.e164, p.kind, p.area_code, p.extension) == expected
    assert p.hinted and p.valid and p.problem == ""


@pytest.mark.parametrize("hint", ["", "火星", "广东省", "abc"])
def test_local_number_never_completed_without_a_known_city(hint: str) -> None:
    (p,) = parse_phone("62345678", area_code_hint=hint)
    assert (p.e164, p.kind, p.area_code, p.valid, p.problem, p.hinted) == ("", "landline", "", False, "no_area_code", False)


def test_hint_never_overrides_a_written_area_code_or_a_mobile() -> None:
    assert facts("021-62345678", "010") == [("+862162345678", "landline", "021", "")]
    assert facts("13800138000", "010") == [M]
    assert not parse_phone("021-62345678", area_code_hint="010")[0].hinted
    # 7 digits where the city's numbers have 8: not made valid by the hint
    (p,) = parse_phone("2345678", area_code_hint="0755")
    assert (p.valid, p.problem) == (False, "no_area_code")


# --- kinds --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("95555", "service"), ("95588", "service"), ("10086", "service"), ("10010", "service"), ("12345", "service"),
        ("96166", "service"), ("12315", "service"), ("110", "invalid"), ("120", "invalid"), ("123", "invalid"),
        ("400-810-8888", "tollfree"), ("4008108888", "tollfree"), ("400 810 8888", "tollfree"),
        ("800-810-8888", "tollfree"), ("8008108888", "tollfree"), ("13800138000", "mobile"),
        ("19912345679", "mobile"), ("19212345679", "mobile"), ("16612345679", "mobile"), ("14512345679", "mobile"),
        ("010-62345678", "landline"), ("0898-66666666", "landline"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    (p,) = parse_phone(text)
    assert p.kind == kind
    assert p.valid == (kind in ("mobile", "landline", "tollfree"))


def test_service_lines_in_full_form_are_dialable() -> None:
    (p,) = parse_phone("0755-96166")
    assert (p.kind, p.valid) == ("service", True) and p.e164 == "+8675596166"


# --- Excel damage and placeholders ---------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["1.38001E+10", "1.38001e10", "1.38001E10", "1,38001E+10", "1.3800138E+10", "电话:1.38001E+10", "8.61380E+12"]
)
def test_excel_exponent_is_invalid_never_guessed(text: str) -> None:
    phones = parse_phone(text)
    assert [(p.kind, p.e164, p.problem) for p in phones] == [("invalid", "", "excel")]


def test_excel_exponent_beside_a_good_number() -> None:
    assert [(p.kind, p.problem) for p in parse_phone("1.38001E+10 / 13900139000")] == [("invalid", "excel"), ("mobile", "")]


@pytest.mark.parametrize("text", ["13800138000.0", "13800138000.00", 13800138000.0, 13800138000, "手机 13800138000.0"])
def test_float_rendering_of_an_exact_number_is_read(text: object) -> None:
    assert facts(text) == [M]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("13800000000", "placeholder"), ("13888888888", "placeholder"), ("18888888888", "placeholder"),
        ("13900000000", "placeholder"), ("15011111111", "placeholder"), ("13812345678", "placeholder"),
        ("13887654321", "placeholder"), ("00000000000", "unknown"), ("12345678901", "unknown"),
        ("11111111111", "unknown"), ("138****8000", "masked"), ("138 **** 8000", "masked"),
    ],
)
def test_fake_and_masked_numbers(text: str, problem: str) -> None:
    (p,) = parse_phone(text)
    assert (p.kind, p.e164, p.valid, p.problem) == ("invalid", "", False, problem)


def test_real_numbers_that_look_round_stay_valid() -> None:
    assert parse_phone("13800138000")[0].valid  # China Mobile's own service line, the usual sample
    assert parse_phone("0755-88888888")[0].valid  # switchboards do have 8888 8888
    assert parse_phone("400-888-8888")[0].valid


@pytest.mark.parametrize("text", ["QQ:12345678", "qq 123456789"])
def test_qq_numbers_are_not_phones(text: str) -> None:
    assert [p.e164 for p in parse_phone(text)] == [""]


def test_qq_beside_a_phone() -> None:
    assert facts("QQ:12345678 手机:13800138000") == [M]


# --- carrier prefixes, foreign numbers --------------------------------------------------------
def test_carrier_selection_prefix_is_stripped() -> None:
    # 17951 / 12593 are IP long-distance prefixes dialled before the number
    assert facts("17951 13800138000") == [M]
    assert facts("1795113800138000") == [M]
    assert facts("12593 13800138000") == [M]


def test_foreign_numbers_keep_their_own_kind() -> None:
    assert facts("+852 9123 4567") == [("+85291234567", "mobile", "", "")]
    assert facts("00852-9123-4567") == [("+85291234567", "mobile", "", "")]
    assert facts("+44 20 7946 0000")[0][:2] == ("+442079460000", "landline")
    assert facts("+886 2 2345 6789")[0][0] == "+886223456789"


# --- the fast CN path decides exactly as phonenumbers --------------------------------------------
def _sample_numbers() -> list[str]:
    rng = random.Random(20261123)
    out = []
    for _ in range(1500):
        out.append("1" + "".join(rng.choice("0123456789") for _ in range(10)))  # mobile-like
    for _ in range(1500):
        area = rng.choice(["10", "20", "21", "22", "23", "24", "25", "27", "28", "29", "311", "351", "371", "411",
                           "431", "451", "471", "512", "531", "551", "571", "591", "731", "755", "769", "851",
                           "871", "898", "931", "991", "379", "716", "999", "349"])
        out.append(area + "".join(rng.choice("0123456789") for _ in range(rng.choice([6, 7, 8, 9]))))
    for prefix in ("400", "800", "950", "1010", "1096", "168", "160", "95", "96", "12"):
        for _ in range(60):
            out.append(prefix + "".join(rng.choice("0123456789") for _ in range(rng.choice([3, 4, 5, 6, 7, 8]))))
    return out


def test_fast_cn_type_equals_phonenumbers() -> None:
    for nsn in _sample_numbers():
        n = phonenumbers.PhoneNumber(country_code=86, national_number=int(nsn))
        assert cn_number_type(nsn) == phonenumbers.number_type(n), nsn


def test_fast_area_code_equals_phonenumbers() -> None:
    checked = 0
    for nsn in _sample_numbers():
        n = phonenumbers.PhoneNumber(country_code=86, national_number=int(nsn))
        if phonenumbers.number_type(n) != PhoneNumberType.FIXED_LINE:
            continue
        (p,) = parse_phone("0" + nsn)
        length = phonenumbers.length_of_geographical_area_code(n)
        assert p.area_code == "0" + nsn[:length], nsn
        assert p.e164 == phonenumbers.format_number(n, PhoneNumberFormat.E164)
        checked += 1
    assert checked > 100


# --- properties ----------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PHONE_CHARS = st.sampled_from(list("0123456789 +-()./、,;转xX#*Ee１２３＋－（）qQ手机电话或") + ["ext", "分机", "\u3000"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PHONE_CHARS, max_size=40).map("".join), st.sampled_from(["", "010", "深圳", "火星"]))
def test_never_raises_and_valid_numbers_reparse_to_themselves(text: str, hint: str) -> None:
    for p in parse_phone(text, area_code_hint=hint):
        assert p.kind and (p.valid == bool(p.e164))
        if p.valid:
            (again,) = parse_phone(p.e164)
            assert (again.e164, again.kind, again.area_code, again.city) == (p.e164, p.kind, p.area_code, p.city)
        else:
            assert p.problem or p.kind == "service"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=13000000000, max_value=19999999999))
def test_every_written_form_of_a_mobile_agrees(n: int) -> None:
    digits = str(n)
    forms = [digits, f"{digits[:3]}-{digits[3:7]}-{digits[7:]}", f"+86 {digits}", f"0086{digits}", f"(86){digits}",
             f"{digits[:3]} {digits[3:7]} {digits[7:]}", digits + ".0"]
    got = {tuple((p.e164, p.kind, p.problem) for p in parse_phone(f)) for f in forms}
    assert len(got) == 1, got
