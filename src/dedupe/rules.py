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
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .columns import ROLES
from .errors import RulesError

__all__ = ["Rules", "BLOCKING_PASSES", "SURVIVORSHIP"]

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
TF_FIELDS = ("name", "phone", "company", "address", "email")


@dataclass(frozen=True)
class Blocking:
    passes: tuple[str, ...] = BLOCKING_PASSES
    max_block_size: int = 60


@dataclass(frozen=True)
class Compare:
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
    source_priority: tuple[str, ...] = ()
    name: str = "most_frequent"
    company: str = "most_frequent"
    address: str = "most_complete"
    title: str = "most_recent"


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
        known = {"columns", "sources", "blocking", "compare", "model", "cluster", "survive"}
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
            origin=origin,
        )
        _check(rules, origin)
        return rules

    def roles_for(self, source: str) -> dict[str, str]:
        """Header -> role overrides that apply to ``source``."""
        return {**self.columns, **self.sources.get(source, {})}


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
    if isinstance(default, bool) or isinstance(value, bool):
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

    for p in rules.blocking.passes:
        if p not in BLOCKING_PASSES:
            fail("blocking.passes", p, "passes: " + ", ".join(BLOCKING_PASSES))
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
    for key in ("name", "company", "address", "title"):
        v = getattr(rules.survive, key)
        if v not in SURVIVORSHIP:
            fail(f"survive.{key}", v, "one of " + ", ".join(SURVIVORSHIP))
