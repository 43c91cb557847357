"""Brand (字号) accuracy of `parse_company` on hand-labelled company names.

    python benchmarks/company_accuracy.py                      # tests/data/company_brands.csv
    python benchmarks/company_accuracy.py labelled.csv other.txt --wrong

A labelled file is either CSV with a ``name,brand`` header (lines starting
with ``#`` are notes), or text with one ``name brand`` pair a line separated
by white space, the brand left out when the name has none (the format of
companynameparser's tests/groundtruth.txt).  A prediction counts only when it
equals the label exactly.

When the peer tool companynameparser (PyPI, shibing624) can be imported its
score on the same names is printed beside ours; it is not a dependency:

    pip install --target /tmp/cnp companynameparser && PYTHONPATH=/tmp/cnp python benchmarks/...

Figures only: nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "data" / "company_brands.csv"

from dedupe.normalize.company import parse_company  # noqa: E402


def load(path: Path) -> list[tuple[str, str, str]]:
    """(name, brand, source) rows of a labelled file."""
    text = path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if lines and lines[0].replace(" ", "").startswith("name,brand"):
        return [(r["name"], r["brand"] or "", r.get("source") or path.stem) for r in csv.DictReader(lines)]
    rows = []
    for line in lines:
        parts = line.split()
        rows.append((parts[0], parts[1] if len(parts) > 1 else "", path.stem))
    return rows


def peer() -> Callable[[str], str] | None:
    try:
        import companynameparser
    except ImportError:
        return None
    companynameparser.parse("北京字节跳动科技有限公司")  # load its dictionaries before timing
    return lambda name: companynameparser.parse(name)["brand"]


def score(rows: list[tuple[str, str, str]], brand_of: Callable[[str], str]) -> tuple[dict[str, list[int]], list, float]:
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    start = time.perf_counter()
    for name, label, source in rows:
        got = brand_of(name)
        by_source[source][1] += 1
        if got == label:
            by_source[source][0] += 1
        else:
            wrong.append((name, label, got))
    return by_source, wrong, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--wrong", action="store_true", help="list the names whose brand was wrong")
    args = parser.parse_args()
    other = peer()
    parse_company("北京字节跳动科技有限公司")  # load the division and pinyin tables before timing
    tools: list[tuple[str, Callable[[str], str]]] = [("dedupe", lambda n: parse_company(n).brand)]
    if other:
        tools.append(("companynameparser", other))
    else:
        print("companynameparser is not installed: peer score skipped")
    for path in args.files:
        rows = load(path)
        print(f"\n{path} ({len(rows)} names)")
        for tool, brand_of in tools:
            by_source, wrong, seconds = score(rows, brand_of)
            right = sum(r for r, _ in by_source.values())
            parts = ", ".join(f"{s} {r}/{n}" for s, (r, n) in sorted(by_source.items()))
            print(f"  {tool:18s} brand accuracy {right / len(rows):.4f} ({right}/{len(rows)}; {parts}); "
                  f"{seconds / len(rows) * 1e6:.0f} us a name")
            if args.wrong:
                for name, label, got in wrong:
                    print(f"    {name}  label={label!r}  got={got!r}")


if __name__ == "__main__":
    sys.exit(main())
