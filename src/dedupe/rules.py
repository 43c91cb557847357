"""Typed rules, loaded from TOML and checked key by key.

>>> rules = Rules.load("default")
>>> rules.model.match_probability
0.95
>>> Rules.from_dict({"blocking": {"passes": ["phone"], "bogus": 1}})
Traceback (most recent call last):
...
dedupe.errors.RulesError: <rules>: unknown key 'blocking.bogus'
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .columns import ROLES, header_key
from .errors import RulesError

__all__ = ["Rules", "FieldSpec", "Part", "Completeness", "BLOCKING_PASSES", "BUILTIN_FIELDS", "SURVIVORSHIP",
           "PART_ROLES", "parse_level"]

BLOCKING_PASSES = (
    "phone",
    "email",
    "name_city",
    "name_company",
    "pinyin_company",
    "surname_company",
    "name_address",
    "id",
    "sparse_name",
)
SURVIVORSHIP = ("most_frequent", "most_recent", "most_complete", "source_priority")
# The comparisons built into dedupe for contact data (compare.py), on the parsed role columns.
BUILTIN_FIELDS = ("name", "phone", "email", "company", "address", "id", "title")
# How a declared field's cells are cleaned before they are compared.
FIELD_NORMALIZE = ("text", "digits", "date")
# Similarity measures a declared field's levels may use: name -> (operator, allowed range)
_MEASURES = {
    "jaro_winkler": (">=", 0.0, 1.0), "jaro": (">=", 0.0, 1.0), "ratio": (">=", 0.0, 100.0),
    "levenshtein": ("<=", 1, 100), "damerau": ("<=", 1, 100),
}
_LEVEL = re.compile(r"^\s*(exact|jaro_winkler|jaro|ratio|levenshtein|damerau|swapped)\s*(?:(>=|<=|:)\s*(\S+))?\s*$")


def parse_level(text: str) -> tuple[str, float | str | None]:
    """(measure, threshold) of one comparison level of a declared field.

    ``exact``; ``jaro_winkler>=0.9``, ``jaro>=0.8``, ``ratio>=85`` (similar at least);
    ``levenshtein<=2``, ``damerau<=1`` (at most that many edits; damerau counts a
    transposition as one); ``swapped:FIELD`` (this field's value equals the other
    record's FIELD: a given name written as the surname).

    >>> parse_level("jaro_winkler>=0.9"), parse_level("exact"), parse_level("swapped:surname")
    (('jaro_winkler', 0.9), ('exact', None), ('swapped', 'surname'))
    """
    m = _LEVEL.match(text)
    if not m:
        raise ValueError("levels: exact, jaro_winkler>=X, jaro>=X, ratio>=X, levenshtein<=N, damerau<=N, swapped:FIELD")
    measure, op, value = m.groups()
    if measure == "exact":
        if op:
            raise ValueError("'exact' takes no threshold")
        return measure, None
    if measure == "swapped":
        if op != ":" or not value:
            raise ValueError("write swapped:FIELD")
        return measure, value
    want, low, high = _MEASURES[measure]
    if op != want or value is None:
        raise ValueError(f"write {measure}{want}X")
    try:
        number = float(value) if isinstance(low, float) else int(value)
    except ValueError:
        raise ValueError(f"{measure}: {value!r} is not a {'number' if isinstance(low, float) else 'whole number'}") from None
    if not (low < number <= high if isinstance(low, float) else low <= number <= high):
        raise ValueError(f"{measure}: threshold must be in {'(' if isinstance(low, float) else '['}{low}, {high}]")
    return measure, number


@dataclass(frozen=True)
class FieldSpec:
    """A field declared in the rules (``[fields.NAME]``) for records that are not Chinese
    contacts, or for columns the built-in fields do not cover (FEBRL: given_name,
    date_of_birth, soc_sec_id …).

    ``columns``: the headers it is read from (the first non-blank cell);
    ``normalize``: text (NFKC, lower case, one space) | digits | date (YYYYMMDD);
    ``levels``: its comparison levels, strongest first (anything else is 'different');
    ``term_frequency``: weigh exact agreement by how common the value is;
    ``person``: agreement on it is evidence of one person (a pair with no such
    evidence never matches).
    """

    name: str
    columns: tuple[str, ...]
    normalize: str = "text"
    levels: tuple[str, ...] = ("exact",)
    term_frequency: bool = False
    person: bool = False
TF_FIELDS = ("name", "phone", "company", "address", "email")


@dataclass(frozen=True)
class Blocking:
    passes: tuple[str, ...] = BLOCKING_PASSES
    max_block_size: int = 60
    # false: pair records of different sources only (each source holds one record per
    # person, as in a link between two deduplicated files); a contact then never holds
    # two records of one source
    within_sources: bool = True


@dataclass(frozen=True)
class Compare:
    fields: tuple[str, ...] = BUILTIN_FIELDS
    name_fuzzy: float = 80
    company_fuzzy: float = 85
    address_fuzzy: float = 85


@dataclass(frozen=True)
class Model:
    random_pairs: int = 200_000
    em_iterations: int = 25
    match_probability: float = 0.95
    review_probability: float = 0.5
    term_frequency: tuple[str, ...] = ("name", "phone", "company")
    seed: int = 42
    common_name_share: float = 1e-4


@dataclass(frozen=True)
class Cluster:
    veto_weight: float = -6.0
    attach_weight: float = 8.0


@dataclass(frozen=True)
class Survive:
    """The survivorship rule of every single-valued golden field (one of SURVIVORSHIP).

    A contact's province / city / district come with its address; ``updated_at`` is
    the latest stamp; phones, emails, WeChat and QQ ids are kept as lists.  A company
    entity's name is ``entity_name`` over its records' companies (a person entity
    takes its contact's golden name); ``entity_address`` picks the entity's address.
    """

    source_priority: tuple[str, ...] = ()
    name: str = "most_frequent"
    gender: str = "most_frequent"
    company: str = "most_frequent"
    address: str = "most_complete"
    title: str = "most_recent"
    id_card: str = "most_frequent"
    entity_name: str = "most_complete"
    entity_address: str = "most_frequent"


# Roles that can supply a completeness part: every role with a normalized value (the
# record key has none; a part read from key columns lists their headers instead).
PART_ROLES = tuple(r for r in ROLES if r not in ("key", "ignore"))


@dataclass(frozen=True)
class Part:
    """One part of customer information that completeness counts (``[completeness.parts.NAME]``).

    ``roles``: the column roles that supply it (basic information: a name column, a
    mobile or phone column …); ``headers``: headers that supply it whatever role they
    have (contact history: 工单号 问题描述 …).  A header supplies the part when its folded
    form (:func:`dedupe.columns.header_key`) equals or contains one of ``headers``'
    (订单金额(元) holds 订单金额).  Recognizing a header for a part never changes its role.
    """

    name: str
    roles: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()

    def reads(self, header: object) -> bool:
        """Whether the column ``header`` supplies this part by its header."""
        key = header_key(header)
        return any(h == key or h in key for h in map(header_key, self.headers))


DEFAULT_PARTS = (
    Part("name", roles=("name",)),
    Part("phone", roles=("mobile", "phone")),
    Part("address", roles=("address", "province", "city", "district")),
    Part("company", roles=("company",)),
    Part("contact_history", headers=("最后联系时间", "联系记录", "跟进记录", "沟通记录", "来电时间", "问题描述", "工单号",
                                     "拜访记录", "lastcontact", "followup")),
    Part("transaction_history", headers=("订单号", "下单时间", "购买时间", "交易时间", "购买记录", "成交时间", "orderid",
                                         "orderno", "orderdate", "purchasedate")),
    Part("value", headers=("订单金额", "消费金额", "金额", "累计消费", "客单价", "消费总额", "积分", "会员等级", "成交金额",
                           "amount", "revenue")),
)


@dataclass(frozen=True)
class Completeness:
    """The parts of customer information a contact's or entity's completeness counts, in
    the order ``missing`` lists them."""

    parts: tuple[Part, ...] = DEFAULT_PARTS


@dataclass(frozen=True)
class Rules:
    """Everything a run is configured by.  Build with :meth:`load`."""

    columns: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    blocking: Blocking = Blocking()
    compare: Compare = Compare()
    model: Model = Model()
    cluster: Cluster = Cluster()
    survive: Survive = Survive()
    completeness: Completeness = Completeness()
    fields: tuple[FieldSpec, ...] = ()
    origin: str = "<rules>"
    digest: str = ""

    @classmethod
    def load(cls, path: str | Path = "default") -> Rules:
        """Load a rules file; ``"default"`` / ``"febrl"`` name a shipped rule set."""
        text, origin = _read(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RulesError(f"{origin}: not valid TOML: {exc}") from None
        rules = cls.from_dict(data, origin=origin)
        return dataclasses.replace(rules, digest=hashlib.sha256(text.encode()).hexdigest()[:16])

    @classmethod
    def from_dict(cls, data: dict[str, Any], origin: str = "<rules>") -> Rules:
        """Build rules from a parsed TOML mapping, rejecting unknown keys and bad values."""
        known = {"columns", "sources", "blocking", "compare", "model", "cluster", "survive", "completeness", "fields"}
        for key in data:
            if key not in known:
                raise RulesError(f"{origin}: unknown key '{key}'")
        columns = _roles_map(data.get("columns", {}), "columns", origin)
        sources: dict[str, dict[str, str]] = {}
        for name, body in _table(data.get("sources", {}), "sources", origin).items():
            body = _table(body, f"sources.{name}", origin)
            for key in body:
                if key != "columns":
                    raise RulesError(f"{origin}: unknown key 'sources.{name}.{key}'")
            sources[name] = _roles_map(body.get("columns", {}), f"sources.{name}.columns", origin)
        rules = cls(
            columns=columns,
            sources=sources,
            blocking=_section(Blocking, data, "blocking", origin),
            compare=_section(Compare, data, "compare", origin),
            model=_section(Model, data, "model", origin),
            cluster=_section(Cluster, data, "cluster", origin),
            survive=_section(Survive, data, "survive", origin),
            completeness=_completeness(data.get("completeness", {}), origin),
            fields=_fields(data.get("fields", {}), origin),
            origin=origin,
        )
        _check(rules, origin)
        return rules

    def roles_for(self, source: str) -> dict[str, str]:
        """Header -> role overrides that apply to ``source``."""
        return {**self.columns, **self.sources.get(source, {})}


def _fields(value: Any, origin: str) -> tuple[FieldSpec, ...]:
    out = []
    for name, body in _table(value, "fields", origin).items():
        where = f"fields.{name}"
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) or name in BUILTIN_FIELDS:
            raise RulesError(f"{origin}: '{where}': a field name is letters, digits and _, and not a built-in "
                             f"field ({', '.join(BUILTIN_FIELDS)})")
        body = _table(body, where, origin)
        if "columns" not in body:
            raise RulesError(f"{origin}: '{where}' has no 'columns'")
        template = FieldSpec(name, ())
        known = {f.name for f in dataclasses.fields(FieldSpec)} - {"name"}
        values: dict[str, Any] = {}
        for key, v in body.items():
            if key not in known:
                raise RulesError(f"{origin}: unknown key '{where}.{key}'")
            if key in ("term_frequency", "person"):
                if not isinstance(v, bool):
                    raise RulesError(f"{origin}: '{where}.{key}' has bad value {v!r} (expected true or false)")
                values[key] = v
            else:
                values[key] = _coerce(v, getattr(template, key), f"{where}.{key}", origin)
        spec = FieldSpec(name, **values)
        if not spec.columns:
            raise RulesError(f"{origin}: '{where}.columns' is empty")
        if spec.normalize not in FIELD_NORMALIZE:
            raise RulesError(f"{origin}: '{where}.normalize' has bad value {spec.normalize!r} "
                             f"(one of {', '.join(FIELD_NORMALIZE)})")
        if not spec.levels:
            raise RulesError(f"{origin}: '{where}.levels' is empty")
        for level in spec.levels:
            try:
                parse_level(level)
            except ValueError as exc:
                raise RulesError(f"{origin}: '{where}.levels' has bad value {level!r} ({exc})") from None
        out.append(spec)
    names = {f.name for f in out}
    for spec in out:
        for level in spec.levels:
            measure, other = parse_level(level)
            if measure == "swapped" and other not in names:
                raise RulesError(f"{origin}: 'fields.{spec.name}.levels' has bad value {level!r} "
                                 f"(no field '{other}')")
    return tuple(out)


def _completeness(value: Any, origin: str) -> Completeness:
    """``[completeness]``: ``parts``, one table per part (``roles`` and/or ``headers``),
    replacing the default parts when given."""
    body = _table(value, "completeness", origin)
    for key in body:
        if key != "parts":
            raise RulesError(f"{origin}: unknown key 'completeness.{key}'")
    if "parts" not in body:
        return Completeness()
    parts = []
    for name, spec in _table(body["parts"], "completeness.parts", origin).items():
        where = f"completeness.parts.{name}"
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise RulesError(f"{origin}: '{where}': a part name is letters, digits and _")
        spec = _table(spec, where, origin)
        values: dict[str, tuple[str, ...]] = {}
        for key, v in spec.items():
            if key not in ("roles", "headers"):
                raise RulesError(f"{origin}: unknown key '{where}.{key}'")
            values[key] = _coerce(v, (), f"{where}.{key}", origin)
        for role in values.get("roles", ()):
            if role not in PART_ROLES:
                raise RulesError(f"{origin}: '{where}.roles' has bad value {role!r} (roles: {', '.join(PART_ROLES)})")
        for header in values.get("headers", ()):
            if not header.strip():
                raise RulesError(f"{origin}: '{where}.headers' has bad value {header!r} (a header is not blank)")
        if not values.get("roles") and not values.get("headers"):
            raise RulesError(f"{origin}: '{where}' names no roles and no headers")
        parts.append(Part(name, **values))
    if not parts:
        raise RulesError(f"{origin}: 'completeness.parts' is empty")
    return Completeness(tuple(parts))


def _read(path: str | Path) -> tuple[str, str]:
    if isinstance(path, str) and path in ("default", "febrl"):
        shipped = resources.files("dedupe") / "rules" / f"{path}.toml"
        if not shipped.is_file():
            raise RulesError(f"rules/{path}.toml: this rule set is not shipped in this version")
        return shipped.read_text(encoding="utf-8"), f"rules/{path}.toml"
    p = Path(path)
    if not p.is_file():
        raise RulesError(f"{p}: rules file not found")
    try:
        return p.read_text(encoding="utf-8"), str(p)
    except UnicodeDecodeError:
        raise RulesError(f"{p}: rules file is not UTF-8") from None


def _table(value: Any, where: str, origin: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RulesError(f"{origin}: '{where}' must be a table")
    return value


def _roles_map(value: Any, where: str, origin: str) -> dict[str, str]:
    out = {}
    for header, role in _table(value, where, origin).items():
        if role not in ROLES:
            raise RulesError(f"{origin}: '{where}.{header}' has unknown role '{role}' (roles: {', '.join(ROLES)})")
        out[str(header)] = role
    return out


def _section(kind: type, data: dict[str, Any], name: str, origin: str) -> Any:
    body = _table(data.get(name, {}), name, origin)
    fields = {f.name: f for f in dataclasses.fields(kind)}
    values = {}
    for key, value in body.items():
        if key not in fields:
            raise RulesError(f"{origin}: unknown key '{name}.{key}'")
        default = getattr(kind(), key)
        values[key] = _coerce(value, default, f"{name}.{key}", origin)
    return kind(**values)


def _coerce(value: Any, default: Any, where: str, origin: str) -> Any:
    bad = RulesError(f"{origin}: '{where}' has bad value {value!r} (expected {type(default).__name__})")
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad
        return tuple(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise RulesError(f"{origin}: '{where}' has bad value {value!r} (expected true or false)")
        return value
    if isinstance(value, bool):
        raise bad
    if isinstance(default, int) and not isinstance(default, bool):
        if not isinstance(value, int):
            raise bad
        return value
    if isinstance(default, float):
        if not isinstance(value, int | float):
            raise bad
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise bad
        return value
    raise bad


def _check(rules: Rules, origin: str) -> None:
    def fail(where: str, value: Any, why: str) -> None:
        raise RulesError(f"{origin}: '{where}' has bad value {value!r} ({why})")

    declared = {f.name for f in rules.fields}
    for p in rules.blocking.passes:
        if p not in BLOCKING_PASSES and not (set(p.split("+")) <= declared and all(p.split("+"))):
            fail("blocking.passes", p, "passes: " + ", ".join(BLOCKING_PASSES)
                 + ", or declared fields joined by + (given_name+surname)")
    for f in rules.compare.fields:
        if f not in BUILTIN_FIELDS:
            fail("compare.fields", f, "built-in fields: " + ", ".join(BUILTIN_FIELDS))
    if not rules.compare.fields and not rules.fields:
        fail("compare.fields", [], "nothing to compare: list built-in fields or declare [fields.NAME]")
    if rules.blocking.max_block_size < 2:
        fail("blocking.max_block_size", rules.blocking.max_block_size, "must be >= 2")
    for key in ("name_fuzzy", "company_fuzzy", "address_fuzzy"):
        v = getattr(rules.compare, key)
        if not 0 < v <= 100:
            fail(f"compare.{key}", v, "must be in (0, 100]")
    m = rules.model
    if not 0 <= m.common_name_share < 1:
        fail("model.common_name_share", m.common_name_share, "need 0 <= common_name_share < 1")
    if not 0 < m.review_probability <= m.match_probability < 1:
        fail("model.match_probability", m.match_probability, "need 0 < review_probability <= match_probability < 1")
    if m.random_pairs < 1000:
        fail("model.random_pairs", m.random_pairs, "must be >= 1000")
    if m.em_iterations < 0:
        fail("model.em_iterations", m.em_iterations, "must be >= 0")
    for f in m.term_frequency:
        if f not in TF_FIELDS:
            fail("model.term_frequency", f, "fields: " + ", ".join(TF_FIELDS))
    for key in (f.name for f in dataclasses.fields(Survive) if f.name != "source_priority"):
        v = getattr(rules.survive, key)
        if v not in SURVIVORSHIP:
            fail(f"survive.{key}", v, "one of " + ", ".join(SURVIVORSHIP))
