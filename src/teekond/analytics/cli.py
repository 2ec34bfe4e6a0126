"""``teekond analyze`` and ``teekond conform``: parse arguments, call the library, print.

The Django-side ``teekond`` command mounts these with :func:`add_commands`;
``python -m teekond.analytics`` does the same without Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import EventLogError
from .formats import FORMATS

if TYPE_CHECKING:  # the commands import the engines when they run, not for --help
    from .eventlog import EventLog
    from .progress import Progress

Handler = Callable[[argparse.Namespace], int]
EXIT_ERROR = 2


def add_commands(subparsers: Any) -> None:
    """Add ``analyze`` and ``conform`` to an argparse subparsers object."""
    analyze = subparsers.add_parser(
        "analyze", help="discover activities, paths and variants in an event log"
    )
    _log_arguments(analyze)
    analyze.set_defaults(func=_guarded(run_analyze))
    conform = subparsers.add_parser("conform", help="check an event log against a journey map")
    _log_arguments(conform)
    conform.add_argument(
        "--journey", required=True, metavar="FILE.json", help="journey map with ordered steps"
    )
    conform.set_defaults(func=_guarded(run_conform))


def _log_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("log", metavar="LOG", help="event log: .csv, .parquet, .xes or .xes.gz")
    parser.add_argument("--case", metavar="COL", help="case id column (default: detected)")
    parser.add_argument("--activity", metavar="COL", help="activity column (default: detected)")
    parser.add_argument("--timestamp", metavar="COL", help="timestamp column (default: detected)")
    parser.add_argument("--resource", metavar="COL", help="resource column (optional)")
    parser.add_argument("--channel", metavar="COL", help="channel column (optional)")
    parser.add_argument(
        "--format", choices=FORMATS, help="file format (default: from the file name)"
    )
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def _guarded(handler: Handler) -> Handler:
    """Turn any failure into one line on stderr and exit code 2, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except EventLogError as exc:
            print(f"error: {exc}", file=sys.stderr)
        except (OSError, ValueError) as exc:
            print(f"error: {exc}".splitlines()[0], file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 - last resort for a clean CLI
            print(f"error: {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return EXIT_ERROR

    run.__name__ = handler.__name__
    return run


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A byte progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bars: list[
        Any
    ] = []  # created on the first report: tqdm shows nothing when started with total=0

    def update(done: int, total: int) -> None:
        if not bars:
            bars.append(
                tqdm(
                    total=total,
                    unit="B",
                    unit_scale=True,
                    desc="reading",
                    file=sys.stderr,
                    leave=False,
                )
            )
        bars[0].update(done - bars[0].n)

    try:
        yield update
    finally:
        for bar in bars:
            bar.close()


def _load(args: argparse.Namespace) -> EventLog:
    from .mapping import ColumnMapping
    from .readers import load_log

    mapping = ColumnMapping(
        case_id=args.case,
        activity=args.activity,
        timestamp=args.timestamp,
        resource=args.resource,
        channel=args.channel,
    )
    with _progress_bar() as progress:
        return load_log(args.log, mapping, progress, format=args.format)


def run_analyze(args: argparse.Namespace) -> int:
    log = _load(args)
    if log.arrow is not None:  # the in-process engine needs no Ibis at all
        from .arrowpath import summary_table

        result = summary_table(log.arrow)
    else:
        from .discovery import summary

        result = summary(log)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(format_summary(result))
    return 0


def run_conform(args: argparse.Namespace) -> int:
    from .conformance import conformance
    from .journey import load_journey

    journey = load_journey(args.journey)
    result = conformance(_load(args), journey)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(format_conformance(result))
    return 0


def _top(counts: dict[str, int], limit: int = 10) -> list[str]:
    lines = [f"  {n:>8}  {name}" for name, n in list(counts.items())[:limit]]
    if len(counts) > limit:
        lines.append(f"  ... and {len(counts) - limit} more")
    return lines


def format_summary(result: dict[str, Any]) -> str:
    lines = [
        f"{result['cases']} cases, {result['events']} events, {len(result['activities'])} activities"
    ]
    for title, key in (
        ("Activities", "activities"),
        ("Start", "start_activities"),
        ("End", "end_activities"),
    ):
        lines += ["", f"{title}:", *_top(result[key])]
    lines += ["", f"Most common paths ({len(result['variants'])} variants):"]
    for variant in result["variants"][:10]:
        lines.append(f"  {variant['count']:>8}  {' -> '.join(variant['activities'])}")
    lines += ["", f"Directly-follows pairs: {len(result['dfg'])}"]
    return "\n".join(lines)


def format_conformance(result: dict[str, Any]) -> str:
    share = 100 * result["conforming_share"]
    lines = [
        f"Journey {result['journey']!r}: {result['conforming']} of {result['cases']} cases follow it ({share:.1f}%)",
        f"completed: {result['completed']}, never entered: {result['not_started']}",
        "",
        f"  {'step':<24}{'visited':>9}{'skipped':>9}{'ended here':>12}",
    ]
    for step in result["steps"]:
        lines.append(
            f"  {step['name'][:23]:<24}{step['visited']:>9}{step['skipped']:>9}{step['ended_here']:>12}"
        )
    if result["unexpected_activities"]:
        lines += [
            "",
            "Unexpected activities (not on the map):",
            *_top(result["unexpected_activities"]),
        ]
    return "\n".join(lines)
