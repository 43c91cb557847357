"""Command line: ``dedupe merge | normalize | evaluate | report``.

Exit codes: 0 done; 2 a user mistake (missing file, unreadable encoding,
unknown role, bad rules value), reported on one line; 1 an internal failure,
reported on one line with the details in ``dedupe-error.log`` in the output
directory.  Never a traceback.  SIGTERM unwinds like Ctrl-C (exit 130), and an
interrupted run leaves an earlier output directory as it was.
"""

from __future__ import annotations

import functools
import json
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .errors import DedupeError

__all__ = ["main"]


def _guard(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return func(*args, **kwargs)
        except DedupeError as exc:
            click.echo(f"dedupe: error: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("dedupe: interrupted; no output was changed", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: log, one line, exit 1
            log = _write_log(kwargs.get("out_dir"), traceback.format_exc())
            message = " ".join(str(exc).split())[:200]
            click.echo(f"dedupe: internal error: {type(exc).__name__}: {message} (details in {log})", err=True)
            sys.exit(1)
        finally:
            signal.signal(signal.SIGTERM, previous)

    return wrapper


def _terminate(signum: int, frame: Any) -> None:
    # `kill` asks as politely as Ctrl-C: unwind, so that the temporary output is removed
    raise KeyboardInterrupt


def _write_log(out_dir: str | None, text: str) -> Path:
    """The traceback of an internal failure, in the output directory (else the temp directory)."""
    from .output import ERROR_LOG

    for folder in ([Path(out_dir)] if out_dir else []) + [Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / ERROR_LOG
            log.write_text(text, encoding="utf-8")
            return log
        except OSError:
            continue
    return Path(tempfile.gettempdir()) / ERROR_LOG


class _Main(click.Group):
    """A group whose usage mistakes (bad option, missing argument, --out is a file) are one line too."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as exc:  # bare `dedupe`: the help is the answer
            click.echo(exc.format_message(), err=True)
            sys.exit(2)
        except click.UsageError as exc:
            where = f"dedupe {exc.ctx.info_name}" if exc.ctx and exc.ctx.parent else "dedupe"
            click.echo(f"dedupe: error: {' '.join(exc.format_message().split())} (see '{where} --help')", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"dedupe: error: {' '.join(exc.format_message().split())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("dedupe: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dedupe-cn", prog_name="dedupe")
def main() -> None:
    """Cleanse and deduplicate Chinese customer data.

    \b
    dedupe merge crm.csv expo.xlsx orders.csv --out clean/
    dedupe evaluate clean/ --truth truth.csv
    """


_inputs = click.argument("inputs", nargs=-1, required=True, metavar="[NAME=]PATH...")
_rules = click.option("--rules", "rules_path", default="default", show_default=True,
                      help="Rules file (TOML), or a shipped rule set: default, febrl.")
_column = click.option("--column", "columns", multiple=True, metavar="HEADER=ROLE",
                       help="Give a column a role in every source (repeatable), e.g. --column 联系人=name.")
_encoding = click.option("--encoding", default=None, help="Force the text encoding of CSV/TSV inputs (default: detect UTF-8 / GB18030).")
_mask = click.option("--mask", is_flag=True,
                     help="In report.html, hide the middle digits of phones and ID numbers (138****8000, "
                          "110105********1234). The CSV files keep them in full.")
_out = click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output directory.")


def _column_map(columns: tuple[str, ...]) -> dict[str, str]:
    from .columns import parse_override

    return dict(parse_override(c) for c in columns)


@main.command()
@_inputs
@_out
@_rules
@_column
@_encoding
@click.option("--previous", "previous", default=None, metavar="DIR",
              help="An earlier output directory: keep its contact_id and entity_id for the same people and "
                   "companies (new IDs only for new ones) and report merges and splits in run.json under "
                   "'ids'. May be the same directory as --out.")
@click.option("--decisions", "decisions", default=None, metavar="CSV",
              help="A reviewer's decisions (decisions.csv, exported from report.html): columns left_source, "
                   "left_row, right_source, right_row, decision, one row per pair of records (source and row as in "
                   "records.csv). 'match' puts the two records in one contact whatever the scores say; "
                   "'non-match' keeps them in different contacts whatever else links them. A match that would "
                   "join a non-match pair is skipped with a warning; run.json counts them under 'decisions'.")
@click.option("--quiet", is_flag=True, help="Print nothing but errors: no progress bars (drawn only on a terminal), "
              "warnings or summary.")
@_mask
@_guard
def merge(inputs: tuple[str, ...], out_dir: str, rules_path: str, columns: tuple[str, ...], encoding: str | None,
          previous: str | None, decisions: str | None, quiet: bool, mask: bool) -> None:
    """Clean, match and merge INPUTS into contacts and customer entities.

    INPUTS are CSV/TSV/XLSX/Parquet/JSONL files or directories of them; NAME=PATH
    names a source (default: the file name without extension).  Writes
    records.csv, contacts.csv, entities.csv, pairs.csv, report.html and run.json.

    \b
    IDs that stay put from run to run (a customer master loads them again):
      dedupe merge crm.csv orders.csv --out clean/ --previous clean/

    With --previous, a record of the earlier output is found again by its
    content, its own key column (客户编号, 订单号 ...) or its row, and each
    contact and entity keeps the old ID most of its records had.

    \b
    A reviewer's decisions, obeyed on every run that is given them:
      dedupe merge crm.csv orders.csv --out clean/ --previous clean/ --decisions decisions.csv
    """
    from .output import check_out_dir
    from .pipeline import merge as run_merge
    from .progress import Progress, TerminalProgress
    from .rules import Rules

    check_out_dir(out_dir)  # before the long stages: a wrong --out fails at once
    rules = Rules.load(rules_path)
    progress = Progress() if quiet else TerminalProgress()
    try:
        result = run_merge(list(inputs), rules=rules, columns=_column_map(columns), encoding=encoding,
                           previous=previous, decisions=decisions, progress=progress)
        progress.stage("write")
        _write_merge(out_dir, result, rules, mask, progress)
    finally:
        progress.close()
    if not quiet:
        for w in result.warnings:
            click.echo(f"dedupe: warning: {w}", err=True)
        c = result.run["counts"]
        click.echo(f"{c['records']} records -> {c['contacts']} contacts, {c['entities']} entities "
                   f"({c.get('pairs_match', 0)} matched pairs, {c.get('pairs_review', 0)} to review) in {out_dir}")
        if "decisions" in result.run:
            d = result.run["decisions"]
            click.echo(f"decisions from {d['file']}: {d['match']['applied']} match and {d['non-match']['applied']} "
                       f"non-match applied, {d['match']['skipped']} match skipped (see the warnings)"
                       if d["match"]["skipped"] else
                       f"decisions from {d['file']}: {d['match']['applied']} match and {d['non-match']['applied']} "
                       f"non-match applied")
        if "ids" in result.run:
            ids = result.run["ids"]
            click.echo("IDs from " + ids["previous"] + ": " + "; ".join(
                f"{level} {ids[level]['kept']} kept, {ids[level]['new']} new, {ids[level]['retired']} retired, "
                f"{len(ids[level]['merged'])} merged, {len(ids[level]['split'])} split"
                for level in ("contacts", "entities")))


def _write_merge(out_dir: str, result: Any, rules: Any, mask: bool, progress: Any) -> None:
    """records.csv … pairs.csv, then report.html and run.json, into ``out_dir`` in one swap."""
    from .output import write_outputs
    from .report import render

    def extras(tmp: Path) -> None:
        progress.stage("report")
        (tmp / "report.html").write_text(
            render(result.records, result.contacts, result.entities, result.pairs, result.run, mask=mask,
                   thresholds=(rules.model.match_probability, rules.model.review_probability)), encoding="utf-8",
            errors="dedupe-replace")
        (tmp / "run.json").write_text(json.dumps(result.run, ensure_ascii=False, indent=2), encoding="utf-8",
                                      errors="dedupe-replace")

    write_outputs(out_dir, {"records.csv": result.records, "contacts.csv": result.contacts,
                            "entities.csv": result.entities, "pairs.csv": result.pairs}, {"extras": extras})


@main.command()
@_inputs
@_out
@_rules
@_column
@_encoding
@_guard
def normalize(inputs: tuple[str, ...], out_dir: str, rules_path: str, columns: tuple[str, ...],
              encoding: str | None) -> None:
    """Cleanse only: write records.csv with normalized fields and flags, no matching."""
    from .output import check_out_dir, write_outputs
    from .pipeline import normalize_only
    from .rules import Rules

    check_out_dir(out_dir)
    records = normalize_only(list(inputs), rules=Rules.load(rules_path), columns=_column_map(columns),
                             encoding=encoding)
    write_outputs(out_dir, {"records.csv": records}, {})
    for w in records.attrs.get("warnings", []):
        click.echo(f"dedupe: warning: {w}", err=True)
    click.echo(f"{len(records)} records normalized in {out_dir}")


@main.command()
@click.argument("out_dir", type=click.Path())
@click.option("--truth", required=True, type=click.Path(), help="CSV with source, row and the true cluster columns.")
@click.option("--contact-column", default="contact", show_default=True)
@click.option("--entity-column", default="entity", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_guard
def evaluate(out_dir: str, truth: str, contact_column: str, entity_column: str, as_json: bool) -> None:
    """Pairwise precision / recall / F1 of OUT_DIR's contacts and entities against a truth file."""
    from .evaluate import evaluate_output

    scores = evaluate_output(out_dir, truth, contact_column, entity_column)
    if as_json:
        click.echo(json.dumps(scores, indent=2))
        return
    click.echo(f"{'':10}{'precision':>10}{'recall':>10}{'F1':>10}{'true pairs':>12}{'predicted':>12}")
    for level, s in scores.items():
        click.echo(f"{level:10}{s['precision']:>10.4f}{s['recall']:>10.4f}{s['f1']:>10.4f}"
                   f"{s['true_pairs']:>12}{s['predicted_pairs']:>12}")


@main.command()
@click.argument("out_dir", type=click.Path())
@_mask
@_guard
def report(out_dir: str, mask: bool) -> None:
    """Re-render OUT_DIR/report.html from the tables in OUT_DIR (e.g. with --mask before sharing it)."""
    import pandas as pd

    from . import output  # noqa: F401 - registers the 'dedupe-replace' encoding error handler
    from .errors import InputError
    from .report import render

    d = Path(out_dir)
    tables = {}
    for name in ("records", "contacts", "entities", "pairs"):
        p = d / f"{name}.csv"
        if not p.is_file():
            raise InputError(f"{p}: file not found (is {d} a dedupe output directory?)")
        tables[name] = pd.read_csv(p, dtype=str, keep_default_na=False) if name != "pairs" else pd.read_csv(p, keep_default_na=False)
    if len(tables["records"]):
        tables["records"]["row"] = tables["records"]["row"].astype(int)
    run = json.loads((d / "run.json").read_text(encoding="utf-8")) if (d / "run.json").is_file() else {"counts": {}}
    thresholds = None
    try:  # the thresholds of the rules the run used, when they can still be read
        from .rules import Rules

        model = Rules.load(run.get("rules", {}).get("origin", "default")).model
        thresholds = (model.match_probability, model.review_probability)
    except Exception:  # noqa: BLE001 - the shipped defaults then
        pass
    (d / "report.html").write_text(render(tables["records"], tables["contacts"], tables["entities"],
                                          tables["pairs"], run, mask=mask, thresholds=thresholds),
                                   encoding="utf-8", errors="dedupe-replace")
    click.echo(f"wrote {d / 'report.html'}")


if __name__ == "__main__":
    main()
