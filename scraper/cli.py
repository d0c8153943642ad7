"""`python -m scraper refresh|status`: a thin CLI over scraper.pipeline; errors end here, once."""

from __future__ import annotations

import argparse
import calendar
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from rich.logging import RichHandler

from analysis import store
from analysis.terminal import clean
from scraper.http.client import Settings
from scraper.pipeline import (
    DEFAULT_CONCURRENCY,
    EXTRA_SOURCES,
    SOURCE_ORDER,
    RefreshError,
    RefreshOptions,
    SuspectRun,
    run_refresh,
)
from scraper.status import StatusError, print_status
from scraper.tally import Tally

# Exit codes (also in --help).
OK, SOURCE_FAILED, USAGE, CANNOT_RUN, SUSPECT, INTERRUPTED = 0, 1, 2, 3, 4, 130

EXIT_CODES = """exit codes:
  0    done (failed items, if any, are counted in the tally and kept in runs.errors)
  1    one or more whole sources failed (or returned nothing they returned before), or every
       repository failed; what did not fail was stored and published
  2    bad arguments
  3    the refresh could not run (database locked or unreadable, unknown source)
  4    stopped before publishing: most repos stored before suddenly answer 404 (a wrong base
       URL, a token, an outage?); the database is unchanged (--accept-missing publishes anyway)
  130  interrupted; run the same command again to resume
"""

URL_OPTIONS = (
    ("--github-api-url", "github_api_url", "GITHUB_API_URL", "https://api.github.com"),
    ("--github-raw-url", "github_raw_url", "GITHUB_RAW_URL", "https://raw.githubusercontent.com"),
    ("--hf-endpoint", "hf_endpoint", "HF_ENDPOINT", "https://huggingface.co"),
    ("--arxiv-api-url", "arxiv_api_url", "ARXIV_API_URL", "https://export.arxiv.org/api/query"),
    ("--cvf-url", "cvf_url", "CVF_URL", "https://openaccess.thecvf.com"),
    ("--pypi-url", "pypi_url", "PYPI_URL", "https://pypi.org"),
)


class UsageError(Exception):
    """Arguments that parse but do not fit together (exit 2, before any work)."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from e


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from e
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def list_location(text: str) -> str:
    """A `--list` value: an http(s) URL or a readable file (checked before any work)."""
    from scraper.sources.lists import check_location

    try:
        check_location(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e
    return text.strip()


def source_list(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    known = (*SOURCE_ORDER, *EXTRA_SOURCES)
    unknown = [n for n in names if n not in known]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"unknown source(s) {', '.join(unknown) or '(none)'}; choose from {','.join(known)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scraper",
        description="Collect recent computer-vision papers and their official code into DuckDB.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_refresh(sub)
    status = sub.add_parser("status", help="print what the database holds and when sources ran",
                            description="Rows per table, last refresh per source, recent runs.")  # fmt: skip
    status.add_argument(
        "--db", type=Path, help="database file (default: $CVGAP_DB or the bundled snapshot)"
    )
    status.add_argument(
        "--runs", type=positive_int, default=5, help="how many recent runs to list (default 5)"
    )
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    return parser  # fmt: skip


def add_refresh(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "refresh", help="discover papers, fetch official code, label it, find ports, publish",
        description="discover -> fetch -> classify -> ports -> store. Incremental and resumable: "
        "run it again to update, or to continue a run that was killed.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    when = p.add_mutually_exclusive_group()
    when.add_argument(
        "--since",
        type=iso_date,
        help="first publication date to collect (YYYY-MM-DD): a venue paper's date is the "
        "conference's first day, else its arXiv date; only papers with neither match by year",
    )
    when.add_argument(
        "--months", type=positive_int, default=6, help="collect the last N months (default 6)"
    )
    p.add_argument("--until", type=iso_date, help="last date to collect (default: today)")
    p.add_argument(
        "--today", type=iso_date, help="the day to count --months back from (default: the real "
        "today; for reproducible runs)"
    )  # fmt: skip
    p.add_argument(
        "--source",
        type=source_list,
        default=SOURCE_ORDER,
        metavar="NAMES",
        help=f"comma-separated sources (default: {','.join(SOURCE_ORDER)}; also: "
        f"{','.join(EXTRA_SOURCES)})",
    )
    p.add_argument(
        "--list",
        dest="lists",
        type=list_location,
        action="append",
        default=[],
        metavar="URL|FILE",
        help="a curated list for the `lists` source: an http(s) URL (GitHub raw or blob, or any "
        "host) or a local file; markdown, CSV or JSON (repeatable; default: built-in set)",
    )
    p.add_argument(
        "--reference",
        action="append",
        default=[],
        metavar="FILE",
        help="a reference sample (JSON lines or CSV: arxiv, title) stored apart from the "
        "discovered papers' shares, e.g. papers with known ports (repeatable; adds the "
        "`reference` source; dates do not apply to it)",
    )
    p.add_argument("--limit", type=positive_int, help="at most N papers per source")
    p.add_argument(
        "--db", type=Path, help="database to update (default: $CVGAP_DB or data/cvgap.duckdb)"
    )
    p.add_argument(
        "--concurrency",
        type=positive_int,
        default=DEFAULT_CONCURRENCY,
        help=f"repos in flight and requests per host at once (default {DEFAULT_CONCURRENCY})",
    )
    p.add_argument("--no-ports", dest="ports", action="store_false", help="skip the port finder")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--graphql",
        dest="graphql",
        action="store_true",
        default=None,
        help="batch repos over GitHub GraphQL (needs GITHUB_TOKEN; default when set)",
    )
    mode.add_argument(
        "--rest",
        dest="graphql",
        action="store_false",
        help="one repo at a time over REST + raw downloads (default without a token)",
    )
    p.add_argument(
        "--repo-metadata",
        action="store_true",
        help="REST mode: also read each new repo's metadata (when it was created, i.e. when the "
        "code appeared; stars, license): one more API request per new repo (GraphQL always does)",
    )
    p.add_argument(
        "--recheck-missing-days",
        type=float,
        default=1.0,
        metavar="DAYS",
        help="ask again about repos recorded as 404/451/empty after DAYS (default 1)",
    )
    p.add_argument(
        "--accept-missing",
        action="store_true",
        help="publish even when most repos stored before suddenly answer 404 (exit 4 otherwise)",
    )
    p.add_argument(
        "--max-retries",
        type=int,
        metavar="N",
        help="retries per request after 5xx, 429 or a connection reset (default 5)",
    )
    p.add_argument(
        "--max-wait",
        type=float,
        metavar="SECONDS",
        help="longest single wait for a rate-limit reset or Retry-After (default 900)",
    )
    p.add_argument(
        "--search-interval",
        type=float,
        metavar="SECONDS",
        help="seconds between GitHub searches (default 2: GitHub allows 30 a minute)",
    )
    for flag, _, env, default in URL_OPTIONS:
        p.add_argument(flag, metavar="URL", help=f"base URL (env {env}; default {default})")
    p.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bars")
    p.add_argument("--json", action="store_true", help="print the run's counts as JSON on stdout")
    p.add_argument("-v", "--verbose", action="store_true", help="log retries and waits")  # fmt: skip


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (clamped to the month's length)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def options_from(args: argparse.Namespace, today: date | None = None) -> RefreshOptions:
    """RefreshOptions from parsed arguments and the environment (URLs, tokens)."""
    today = today or args.today or date.today()
    until = args.until or today
    since = args.since or months_before(until, args.months)
    if since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    urls = {attr: getattr(args, attr) for _, attr, _, _ in URL_OPTIONS}
    settings = Settings.from_env(**urls, max_retries=args.max_retries, max_wait=args.max_wait)
    graphql = bool(settings.github_token) if args.graphql is None else args.graphql
    sources = tuple(args.source)
    if args.reference and "reference" not in sources:
        sources += ("reference",)
    if "reference" in sources and not args.reference:
        raise UsageError("the reference source needs at least one --reference FILE")
    return RefreshOptions(
        db=args.db or store.default_db_path(), since=since, until=until, sources=sources,
        lists=tuple(args.lists), reference=tuple(str(p) for p in args.reference),
        limit=args.limit, concurrency=args.concurrency, ports=args.ports,
        graphql=graphql, recheck_gone=timedelta(days=args.recheck_missing_days),
        settings=settings, progress=args.progress, search_interval=args.search_interval,
        repo_metadata=args.repo_metadata,
        accept_missing=args.accept_missing,
    )  # fmt: skip


def refresh_command(args: argparse.Namespace, options: RefreshOptions, err: Console,
                    out: Console) -> int:  # fmt: skip
    _setup_logging(err, args.verbose)
    err.print(clean(f"refresh {options.since} .. {options.until} from "
                    f"{','.join(options.sources)} into {options.db}"),
              markup=False, highlight=False)  # fmt: skip
    if options.graphql and not options.settings.github_token:
        logging.getLogger(__name__).warning(
            "--graphql without GITHUB_TOKEN: GitHub's GraphQL API refuses anonymous queries"
        )
    tally = run_refresh(options, err)
    for line in [*tally.lines(), *failure_lines(tally)]:
        err.print(clean(line), markup=False, highlight=False)
    if args.json:
        out.print_json(json.dumps(tally.counts()))
    return exit_code(tally)


def exit_code(tally: Tally) -> int:
    """OK, or SOURCE_FAILED when a whole source or every repository failed."""
    return SOURCE_FAILED if tally.failed_sources or tally.repos.all_failed else OK


def failure_lines(tally: Tally) -> list[str]:
    """What failed, said once: sources, every repository, skipped items."""
    failed = tally.failed_sources
    out = []
    if tally.all_sources_failed:
        out.append(f"error: every source failed ({', '.join(failed)}): nothing new was stored"
                   + ("" if tally.published else " and nothing was published"))  # fmt: skip
    else:
        out += [f"error: source {name} failed ({tally.sources[name].error}); the other sources "
                "were stored and published" for name in failed]  # fmt: skip
    if tally.repos.all_failed:
        first = tally.errors[0]["error"] if tally.errors else "?"
        out.append(f"error: every repository failed ({tally.repos.failed}); the first: {first}")
    if tally.errors:
        out.append(f"{len(tally.errors)} item(s) failed and were skipped; see "
                   "`python -m scraper status` (runs.errors)")  # fmt: skip
    return out


class _CleanFilter(logging.Filter):
    """Log messages quote untrusted text (list names, URLs, errors): no control characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = clean(record.getMessage()), None
        return True


def _setup_logging(console: Console, verbose: bool) -> None:
    handler = RichHandler(console=console, show_time=False, show_path=False, markup=False)
    handler.addFilter(_CleanFilter())
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler],
                        format="%(message)s", force=True)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code. The one place domain errors become messages."""
    parser = build_parser()
    args = parser.parse_args(argv)
    err = Console(stderr=True)
    out = Console(soft_wrap=True)
    try:
        if args.command == "status":
            return print_status(args.db or store.default_db_path(), out, args.runs, args.json)
        options = options_from(args)  # argument errors are found before anything runs
        return refresh_command(args, options, err, out)
    except UsageError as e:
        err.print(clean(f"error: {e}"), markup=False, highlight=False)
        return USAGE
    except SuspectRun as e:
        err.print(clean(f"stopped: {e}"), markup=False, highlight=False)
        return SUSPECT
    except (RefreshError, StatusError, FileNotFoundError) as e:
        err.print(clean(f"error: {e}"), markup=False, highlight=False)
        return CANNOT_RUN
    except KeyboardInterrupt:
        err.print("interrupted; run the same command again to resume", markup=False)
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
