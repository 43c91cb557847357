"""Province / city / district recognition of ``parse_address`` on a labelled address file.

    python benchmarks/address_accuracy.py tests/data/address_proxy.tsv
    python benchmarks/address_accuracy.py dev.txt          # CoNLL BIO(ES), one character a line
    python benchmarks/address_accuracy.py dev.txt --errors 30

Two formats are read:

* TSV (``tests/data/address_proxy.tsv``): ``text<TAB>province<TAB>city<TAB>district[<TAB>note]``,
  full official names, an empty cell meaning "must stay empty"; ``#`` lines are comments.
  Every address counts at every level.
* CoNLL (the Alibaba query set of Li et al., NAACL 2019, ``leodotnet/neural-chinese-address-parsing``,
  or the CCKS 2021 地址要素解析 ``*.conll`` files): ``<char> <tag>`` per line, blank line between
  addresses, tags ``B-prov``/``I-prov``/``E-prov``/``S-prov``, ``city``, ``district`` ….  The
  gold span is what the writer typed (浙省, 杭市, 滨区, 余杭), so a level counts for an address
  only when the span is labelled, and a prediction is right when it is a name of the span
  (the span's full, short, former or first-character form, see ``span_names``).

Figures only; the data files of the NAACL and CCKS sets are not shipped (their licence does not
allow it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dedupe.normalize.address import parse_address  # noqa: E402
from dedupe.normalize.divisions import MUNICIPALITIES, lookup, short_name  # noqa: E402

LEVELS = ("province", "city", "district")
_TAGS = {"prov": "province", "city": "city", "district": "district"}


def read_tsv(path: Path) -> list[tuple[str, dict[str, str]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + ["", "", ""])[:4]
        out.append((cells[0], dict(zip(LEVELS, cells[1:4], strict=True))))
    return out


def read_conll(path: Path) -> list[tuple[str, dict[str, str]]]:
    return conll_addresses(path.read_text(encoding="utf-8").splitlines())


def conll_addresses(lines: Iterable[str]) -> list[tuple[str, dict[str, str]]]:
    """Addresses and their labelled spans from CoNLL lines; a level's second span is skipped whole.

    >>> conll_addresses(["杭 B-city", "州 E-city", "市 O", "余 B-city", "杭 E-city"])
    [('杭州市余杭', {'city': '杭州'})]
    >>> conll_addresses(["浙 S-prov", "杭 S-prov", "", "滨 B-district", "江 I-district", "区 E-district"])
    [('浙杭', {'province': '浙'}), ('滨江区', {'district': '滨江区'})]
    """
    out: list[tuple[str, dict[str, str]]] = []
    chars: list[str] = []
    spans: dict[str, str] = {}
    skipping: dict[str, bool] = {}  # level -> inside a second span of that level

    def flush() -> None:
        if chars:
            out.append(("".join(chars), dict(spans)))
        chars.clear()
        spans.clear()
        skipping.clear()

    for line in lines:
        parts = line.split()
        if not parts:
            flush()
            continue
        char, tag = (parts[0], parts[-1]) if len(parts) > 1 else (parts[0], "O")
        chars.append(char)
        if "-" in tag:
            bound, label = tag.split("-", 1)
            level = _TAGS.get(label)
            if level:
                if bound in ("B", "S"):  # a span starts: a second one of its level is skipped whole
                    skipping[level] = level in spans
                if not skipping.get(level):
                    spans[level] = spans.get(level, "") + char
                if bound in ("E", "S"):
                    skipping[level] = False
    flush()
    return out


def span_names(span: str, full: str) -> bool:
    """True when ``full`` (an official name) is a reading of the typed ``span``."""
    if not full:
        return False
    if span == full or short_name(full) == span:
        return True
    if any(d.name == full or (d.level == "province" and d.province == full) for d in lookup(span)):
        return True
    # first character and level suffix: 浙省, 杭市, 滨区
    return len(span) == 2 and span[0] == full[0] and span[1] in "省市区县州旗"


def score(rows: list[tuple[str, dict[str, str]]], conll: bool, errors: int) -> None:
    right = dict.fromkeys(LEVELS, 0)
    total = dict.fromkeys(LEVELS, 0)
    spurious = dict.fromkeys(LEVELS, 0)
    shown = 0
    t0 = time.perf_counter()
    parsed = [parse_address(text) for text, _ in rows]
    elapsed = time.perf_counter() - t0
    for (text, gold), a in zip(rows, parsed, strict=True):
        got = {"province": a.province, "city": a.city, "district": a.district}
        wrong = []
        for level in LEVELS:
            want = gold.get(level, "")
            if conll:
                if not want:
                    if got[level] and not (level == "city" and got[level] in MUNICIPALITIES):
                        spurious[level] += 1
                    continue
                ok = span_names(want, got[level]) or (
                    level == "province" and want in MUNICIPALITIES and got[level] == want
                )
            else:
                ok = got[level] == want
            total[level] += 1
            right[level] += ok
            if not ok:
                wrong.append(f"{level}: want {want!r} got {got[level]!r}")
        if wrong and shown < errors:
            shown += 1
            print(f"  {text}  ->  " + "; ".join(wrong))
    print(f"{len(rows)} addresses, {elapsed / max(len(rows), 1) * 1e6:.0f} µs each")
    for level in LEVELS:
        n = total[level]
        extra = f", {spurious[level]} filled where not labelled" if conll else ""
        print(f"  {level:9s} {right[level] / n if n else 0:.4f}  ({right[level]}/{n}{extra})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong addresses")
    args = ap.parse_args()
    conll = args.path.suffix != ".tsv"
    rows = read_conll(args.path) if conll else read_tsv(args.path)
    score(rows, conll, args.errors)


if __name__ == "__main__":
    main()
