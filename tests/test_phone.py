"""Phone parsing: formats, several numbers per cell, extensions, Excel damage, policies."""

from __future__ import annotations

from dataclasses import replace

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from dedupe.normalize.phone import Phone, area_code_for_city, city_for_area_code, parse_phone


def one(text: object, hint: str = "") -> Phone:
    phones = parse_phone(text, area_code_hint=hint)
    assert len(phones) == 1, phones
    return phones[0]


# --- external vectors: libphonenumber's own example numbers for CN ------------------------
# phonenumbers.example_number_for_type("CN", t) in phonenumbers 9.0.43 for every PhoneNumberType t
# that has one (FIXED_LINE_OR_MOBILE gives the fixed-line example again), with the kind, area code
# and city the module docstring gives for it, written out by hand.
CN_EXAMPLES = [
    # (type, E.164, kind, area code, city)
    ("FIXED_LINE", "+861012345678", "landline", "010", "北京市"),
    ("FIXED_LINE_OR_MOBILE", "+861012345678", "landline", "010", "北京市"),
    ("MOBILE", "+8613123456789", "mobile", "", ""),
    ("TOLL_FREE", "+868001234567", "tollfree", "", ""),  # 800
    ("PREMIUM_RATE", "+8616812345", "premium", "", ""),  # 168 information line
    ("SHARED_COST", "+864001234567", "tollfree", "", ""),  # 400
]


def test_cn_examples_are_libphonenumbers() -> None:
    examples = {t: phonenumbers.example_number_for_type("CN", t) for t in PhoneNumberType.values()}
    have = {t: phonenumbers.format_number(e, PhoneNumberFormat.E164) for t, e in examples.items() if e is not None}
    assert have == {getattr(PhoneNumberType, name): e164 for name, e164, *_ in CN_EXAMPLES}


@pytest.mark.parametrize(("e164", "kind", "area_code", "city"), [row[1:] for row in CN_EXAMPLES],
                         ids=[row[0] for row in CN_EXAMPLES])
def test_phonenumbers_examples(e164: str, kind: str, area_code: str, city: str) -> None:
    example = phonenumbers.parse(e164)
    national = phonenumbers.format_number(example, PhoneNumberFormat.NATIONAL)
    international = phonenumbers.format_number(example, PhoneNumberFormat.INTERNATIONAL)
    for written in (national, international, e164, "00" + e164[1:]):
        p = one(written)
        assert (p.e164, p.kind, p.area_code, p.city) == (e164, kind, area_code, city), written


def test_phonenumbers_sdist_cn_mobile() -> None:
    # phonenumbers 9.0.43 sdist, tests/phonenumberutiltest.py (testGetLengthOfGeographicalAreaCode):
    # "A mobile number from China is geographical, but does not have an area code." (18912341234)
    p = one("+86 189 1234 1234")
    assert (p.e164, p.kind, p.area_code, p.city) == ("+8618912341234", "mobile", "", "")
    assert one("18912341234").e164 == "+8618912341234"


def test_short_number_metadata_examples() -> None:
    # libphonenumber's CN short-number metadata: the emergency example (110) and the standard-rate
    # example (100) are real short numbers but not a customer's number: 'invalid' by policy (< 5 digits)
    short = phonenumbers.PhoneMetadata.short_metadata_for_region("CN")
    for example in (short.emergency.example_number, short.standard_rate.example_number):
        assert one(example).kind == "invalid", example


def test_mobile_formats():
    for written in (
        "13800138000", "138-0013-8000", "138 0013 8000", "+86 13800138000", "0086-13800138000",
        "86-13800138000", "(86)13800138000", "+86-138-0013-8000", "８６１３８００１３８０００",
        "１３８００１３８０００", "138.0013.8000",
    ):
        p = one(written)
        assert (p.e164, p.kind, p.area_code, p.extension, p.city) == ("+8613800138000", "mobile", "", "", ""), written
        assert p.valid
    assert one("+86 138-0013-8000").raw == "+86 138-0013-8000"


def test_landline_formats():
    p = one("010-6234 5678转801")
    assert (p.e164, p.kind, p.area_code, p.extension, p.city) == ("+861062345678", "landline", "010", "801", "北京市")
    assert p.raw == "010-6234 5678转801"
    assert one("+86-10-62345678").e164 == "+861062345678"
    assert one("(010)62345678").area_code == "010"
    p = one("(0755)8888 8888")
    assert (p.e164, p.area_code, p.city) == ("+8675588888888", "0755", "深圳市")
    for written, ext in [
        ("010-62345678-801", "801"), ("010-62345678 ext.801", "801"), ("010-62345678x801", "801"),
        ("010-62345678分机801", "801"), ("010-62345678#801", "801"), ("010-62345678 转 801", "801"),
    ]:
        p = one(written)
        assert (p.e164, p.extension) == ("+861062345678", ext), written
    assert one("0769-22223333").city == "东莞市"


def test_tollfree_and_service():
    assert (one("400-810-8888").kind, one("400-810-8888").e164) == ("tollfree", "+864008108888")
    assert one("4008108888").e164 == "+864008108888"
    assert one("800 810 8888").kind == "tollfree"
    for short in ("95588", "10086", "12345"):
        p = one(short)
        assert (p.kind, p.e164, p.valid) == ("service", "", False), short


def test_several_numbers_in_one_cell():
    assert [p.e164 for p in parse_phone("13800138000/13900139000")] == ["+8613800138000", "+8613900139000"]
    assert [p.kind for p in parse_phone("13800138000，010-62345678")] == ["mobile", "landline"]
    phones = parse_phone("手机13800138000 座机010-62345678")
    assert [(p.raw, p.e164) for p in phones] == [("13800138000", "+8613800138000"), ("010-62345678", "+861062345678")]
    assert len(parse_phone("13800138000 13900139000")) == 2
    assert len(parse_phone("1380013800013900139000")) == 2
    assert len(parse_phone("电话：0755-88888888；传真：0755-88888889")) == 2


def test_excel_damage():
    p = one("1.38001E+10")
    assert (p.kind, p.e164, p.valid) == ("invalid", "", False)
    assert one("1.3800138E+10").kind == "invalid"  # never guessed, even when it looks complete
    assert one("13800138000.0").e164 == "+8613800138000"
    assert one(13800138000.0).e164 == "+8613800138000"
    assert one(13800138000).e164 == "+8613800138000"


def test_local_numbers_and_hint():
    p = one("62345678")
    assert (p.kind, p.e164, p.valid, p.area_code) == ("landline", "", False, "")
    for hint in ("010", "10", "北京", "北京市"):
        p = one("62345678", hint)
        assert (p.e164, p.area_code, p.city) == ("+861062345678", "010", "北京市"), hint
    assert one("8888 8888", "0755").e164 == "+8675588888888"
    # an explicit area code wins over the hint
    assert one("021-62345678", "010").e164 == "+862162345678"
    assert one("62345678-801").extension == "801"


def test_foreign_numbers():
    p = one("+852 9123 4567")
    assert (p.e164, p.kind, p.area_code, p.city) == ("+85291234567", "mobile", "", "")
    assert one("+44 20 7946 0000").e164 == "+442079460000"
    assert one("+1 202-555-0123").valid


def test_blank_and_garbage():
    for blank in (None, "", "  ", "nan", "暂无", "无", "-", float("nan")):
        assert parse_phone(blank) == [], blank
    for garbage in ("abc", "123", "110", "138****8000", "1380013800", "见备注"):
        p = one(garbage)
        assert (p.kind, p.e164, p.valid) == ("invalid", "", False), garbage


def test_area_codes():
    assert area_code_for_city("北京") == "010"
    assert area_code_for_city("北京市") == "010"
    assert area_code_for_city("深圳") == "0755"
    assert area_code_for_city("襄阳市") == "0710"
    assert area_code_for_city("三亚") == "0898"
    assert area_code_for_city("昆山市") == "0512"
    assert area_code_for_city("不存在") == ""
    assert city_for_area_code("0731") == "长沙市"
    assert city_for_area_code("021") == "上海市"


def test_plain_eleven_digit_cells_read_as_through_the_general_path() -> None:
    # parse_phone takes a short cut for the usual '13800138000' cell; a leading space
    # sends the same digits through the general path, which must agree.
    import random

    rng = random.Random(11)
    cells = ["13800138000", "13912345678", "13800000000", "19912345670", "10086100861", "12345678901"]
    cells += ["1" + "".join(rng.choice("0123456789") for _ in range(10)) for _ in range(3000)]
    for cell in cells:
        fast = parse_phone(cell)
        general = [replace(p, raw=p.raw.strip()) for p in parse_phone(" " + cell)]
        assert fast == general, cell
