"""Golden records on the bundled fixtures: every golden value traces to a record that holds it.

Issue 5, done-when 3: for each value of ``contacts.csv`` and ``entities.csv`` its
``*_from`` column names a record (``source:row`` in ``records.csv``) whose normalized
field holds that value, and that record belongs to the golden row's contact / entity.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from stdnum.cn import ric

from dedupe.normalize.company import parse_company
from dedupe.normalize.email import parse_email
from dedupe.normalize.phone import parse_phone

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fixtures" / "data"

# golden column -> (its provenance column, the records.csv field that must hold it)
CONTACT_VALUES = {
    "name": ("name_from", "name"),
    "gender": ("gender_from", "gender"),
    "company": ("company_from", "company"),
    "title": ("title_from", "title"),
    "address": ("address_from", "address"),
    # province / city / district come with the address
    "province": ("address_from", "province"),
    "city": ("address_from", "city"),
    "district": ("address_from", "district"),
    "id_card": ("id_card_from", "id_card"),
    "updated_at": ("updated_at_from", "updated_at"),
}
CONTACT_LISTS = ("mobile", "phone", "email", "wechat", "qq")
ENTITY_VALUES = {
    "address": ("address_from", "address"),
    "province": ("address_from", "province"),
    "city": ("address_from", "city"),
    "district": ("address_from", "district"),
}
COMPANY_PARTS = ("region", "brand", "industry", "legal_form", "branch")


def id_card(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")  # it reads the digits before the last


# The fixtures hold no ID card or QQ number: a small members list adds some, on CRM people
# (same name and mobile), one of them with an ID that fails its check digit.
VALID_ID = id_card("11010519900307122")
MEMBERS = f"""姓名,手机,身份证号,QQ,微信号,更新时间
徐梅,15563527627,{VALID_ID},10001,xumei_vip,2023-05-01 10:00:00
徐梅,15563527627,{VALID_ID[:-1]}{"0" if VALID_ID[-1] != "0" else "1"},10002,,2023-06-01 10:00:00
赵子磊,18983821211,{id_card("44030519851224301")},20001,,2022-01-01 08:00:00
李旭超,13226021693,,30001,lixuchao88,
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    base = tmp_path_factory.mktemp("golden")
    inputs = base / "in"
    shutil.copytree(DATA, inputs)
    (inputs / "members.csv").write_text(MEMBERS, encoding="utf-8")
    d = base / "clean"
    proc = subprocess.run([sys.executable, "-m", "dedupe.cli", "merge", str(inputs), "--out", str(d), "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    read = lambda name: pd.read_csv(d / name, dtype=str, keep_default_na=False)  # noqa: E731
    records = read("records.csv")
    records.index = records["source"] + ":" + records["row"]
    return records, read("contacts.csv"), read("entities.csv"), json.loads((d / "run.json").read_text("utf-8"))


def untraced(golden: pd.DataFrame, records: pd.DataFrame, value: str, ref: str, field: str, owner: str) -> list:
    """Rows whose ``value`` is not held in ``field`` by the record ``ref`` names, or whose
    record is not the golden row's own (``owner``: contact_id / entity_id)."""
    bad = []
    for row in golden[[owner, value, ref]].itertuples(index=False):
        ident, v, r = row
        if not r:
            if v:
                bad.append((ident, value, v, "no provenance"))
            continue
        if r not in records.index:
            bad.append((ident, value, v, f"{r} is not a record"))
        elif records.at[r, field] != v:
            bad.append((ident, value, v, f"{r} holds {records.at[r, field]!r}"))
        elif records.at[r, owner] != ident:
            bad.append((ident, value, v, f"{r} belongs to {records.at[r, owner]}"))
    return bad


def untraced_lists(golden: pd.DataFrame, records: pd.DataFrame, field: str, owner: str) -> list:
    """Rows whose list ``field`` and ``<field>_from`` do not align item by item with records
    of the golden row that hold each item."""
    bad = []
    for ident, v, r in golden[[owner, field, f"{field}_from"]].itertuples(index=False):
        items, refs = (v.split(";") if v else []), (r.split(";") if r else [])
        if len(items) != len(refs):
            bad.append((ident, field, v, r, "not aligned"))
            continue
        for item, ref in zip(items, refs, strict=True):
            if ref not in records.index or item not in records.at[ref, field].split(";"):
                bad.append((ident, field, item, ref, "not held"))
            elif records.at[ref, owner] != ident:
                bad.append((ident, field, item, ref, f"belongs to {records.at[ref, owner]}"))
    return bad


@pytest.mark.parametrize("value", CONTACT_VALUES)
def test_contact_value_traces_to_its_record(out, value):
    records, contacts, *_ = out
    ref, field = CONTACT_VALUES[value]
    assert (contacts[value] != "").any(), f"the fixtures give no contact a {value}: the check is empty"
    bad = untraced(contacts, records, value, ref, field, "contact_id")
    assert not bad, bad[:10]


@pytest.mark.parametrize("field", CONTACT_LISTS)
def test_contact_list_items_trace_to_their_records(out, field):
    records, contacts, *_ = out
    assert (contacts[field] != "").any(), f"the fixtures give no contact a {field}: the check is empty"
    bad = untraced_lists(contacts, records, field, "contact_id")
    assert not bad, bad[:10]


def test_list_provenance_names_the_first_record_holding_each_item(out):
    records, contacts, *_ = out
    position = {ref: i for i, ref in enumerate(records.index)}
    several = contacts[contacts["record_count"].astype(int) > 1]
    for field in CONTACT_LISTS:
        for cid, v, r, members in several[["contact_id", field, f"{field}_from", "records"]].itertuples(index=False):
            if not v:
                continue
            ordered = sorted(members.split(";"), key=position.__getitem__)
            for item, ref in zip(v.split(";"), r.split(";"), strict=True):
                first = next(m for m in ordered if item in records.at[m, field].split(";"))
                assert ref == first, (cid, field, item, ref, first)


def test_previous_companies_trace_to_the_contacts_records(out):
    """A job changer's earlier companies: each item is held by the record its
    ``previous_companies_from`` names, a record of the contact's, and none is the
    company the contact is at now (its entity's)."""
    records, contacts, *_ = out
    changers = contacts[contacts["previous_companies"] != ""]
    assert len(changers), "the fixtures have job changers (tag job_changer): the check is empty"
    for cid, company, v, r in changers[["contact_id", "company", "previous_companies",
                                        "previous_companies_from"]].itertuples(index=False):
        items, refs = v.split(";"), r.split(";")
        assert len(items) == len(refs), (cid, v, r)
        for item, ref in zip(items, refs, strict=True):
            assert records.at[ref, "company"] == item and records.at[ref, "contact_id"] == cid, (cid, item, ref)
            assert parse_company(item).key != parse_company(company).key, (cid, item, company)


def test_previous_companies_are_those_of_job_changers(out):
    """On the fixtures every contact given a history is a person the truth puts at two
    companies (not one branch written in English and in Chinese)."""
    records, contacts, *_ = out
    truth = pd.read_csv(ROOT / "fixtures" / "truth.csv", dtype=str, keep_default_na=False)
    truth.index = truth["source"] + ":" + truth["row"]
    changers = contacts.loc[contacts["previous_companies"] != "", "records"]
    for refs in changers:
        mine = [r for r in refs.split(";") if r in truth.index]  # the members list has no truth
        assert truth.loc[mine, "entity"].nunique() > 1, refs


def test_branch_entities_name_their_parent(out):
    _, _, entities, _ = out
    ids = set(entities["entity_id"])
    branches = entities[entities["parent_entity_id"] != ""]
    assert len(branches), "the fixtures have branches: the check is empty"
    for row in branches.itertuples(index=False):
        assert row.branch, row  # only a branch has a parent
        assert row.parent_entity_id in ids and row.parent_entity_id != row.entity_id
        parent = entities[entities["entity_id"] == row.parent_entity_id].iloc[0]
        assert parent["brand"] == row.brand and not parent["branch"], (row.name, parent["name"])


def test_entity_name_traces_to_its_record(out):
    records, _, entities, _ = out
    # a company entity's name is a record's company; a person entity's, its contact's name
    for kind, field in (("company", "company"), ("person", "name")):
        mine = entities[entities["kind"] == kind]
        assert len(mine), kind
        bad = untraced(mine, records, "name", "name_from", field, "entity_id")
        assert not bad, bad[:10]


@pytest.mark.parametrize("value", ENTITY_VALUES)
def test_entity_address_traces_to_its_record(out, value):
    records, _, entities, _ = out
    ref, field = ENTITY_VALUES[value]
    bad = untraced(entities, records, value, ref, field, "entity_id")
    assert not bad, bad[:10]


def test_company_parts_are_parsed_from_the_golden_name(out):
    """region / brand / industry / legal_form / branch carry no provenance of their own:
    they are parsed from the golden name, which name_from covers."""
    _, _, entities, _ = out
    companies = entities[entities["kind"] == "company"]
    for row in companies.itertuples(index=False):
        parsed = parse_company(row.name)
        assert tuple(getattr(row, p) for p in COMPANY_PARTS) == tuple(getattr(parsed, p) for p in COMPANY_PARTS)
    persons = entities[entities["kind"] == "person"]
    assert (persons[list(COMPANY_PARTS)] == "").all().all()


def test_every_contact_value_column_has_provenance(out):
    """A new golden column without a ``_from`` (or listed above) fails here."""
    _, contacts, entities, _ = out
    aggregates = {"contact_id", "entity_id", "sources", "record_count", "records", "completeness", "missing"}
    values = [c for c in contacts.columns if not c.endswith("_from") and c not in aggregates]
    assert sorted(values) == sorted([*CONTACT_VALUES, *CONTACT_LISTS, "previous_companies"])
    aggregates |= {"kind", "contact_count", "parent_entity_id", *COMPANY_PARTS}
    values = [c for c in entities.columns if not c.endswith("_from") and c not in aggregates]
    assert sorted(values) == sorted(["name", *ENTITY_VALUES])


def test_golden_lists_hold_only_valid_phones_and_emails(out):
    """An invalid number or address never reaches a golden list: standardize keeps only
    valid ones in mobile / phone / email, so a record flagged invalid_phone with no other
    number gives its contact no phone."""
    records, contacts, *_ = out
    only_invalid = records[records["flags"].str.contains("invalid_phone") & (records["mobile"] == "")
                           & (records["phone"] == "")]
    assert len(only_invalid), "the fixtures hold no record with an invalid phone only"
    listed = {n for column in ("mobile", "phone") for v in contacts[column] if v for n in v.split(";")}
    numbers = {n for column in ("mobile", "phone") for v in records[column] if v for n in v.split(";")}
    assert listed == numbers  # every record's numbers, nothing else
    for number in listed:
        e164, _, extension = number.partition("x")
        assert [p.valid for p in parse_phone(e164)] == [True], number
    emails = {e for v in contacts["email"] if v for e in v.split(";")}
    assert emails and all(parse_email(e).valid for e in emails)


def test_a_valid_id_beats_an_invalid_one(out):
    records, contacts, *_ = out
    members = records[records["source"] == "members"]
    assert members["flags"].str.contains("invalid_id").sum() == 1
    xu = contacts[contacts["mobile"].str.contains("+8615563527627", regex=False)]
    assert xu["id_card"].tolist() == [VALID_ID]
    assert xu["id_card_from"].tolist() == ["members:1"]
    # the newer stamp is the record with the invalid ID: updated_at still traces to it
    assert xu["updated_at_from"].tolist() == ["members:2"]


def test_completeness_on_the_fixtures(out):
    """Each source's parts as its headers say, and the per-row scores agreeing with the summary."""
    _, contacts, entities, run = out
    summary = run["completeness"]
    columns = {name: sorted(source["columns"]) for name, source in summary["sources"].items()}
    assert columns["orders"] == ["address", "name", "phone", "transaction_history", "value"]
    assert columns["tickets"] == ["company", "contact_history", "name", "phone"]
    assert columns["wechat"] == ["address", "company", "name", "phone"]
    assert summary["sources"]["orders"]["share"]["value"] == 1.0
    assert summary["sources"]["wechat"]["share"]["value"] is None
    for table, key in ((contacts, "contacts"), (entities, "entities")):
        assert summary[key]["count"] == len(table)
        score = table["completeness"].astype(float)
        assert score.between(0, 1).all()
        assert abs(score.mean() - summary[key]["mean_completeness"]) < 1e-3
        parts = set(summary["parts"])
        assert all(set(m.split(";")) <= parts for m in table["missing"] if m)
        assert ((table["missing"] == "") == (score == 1.0)).all()
