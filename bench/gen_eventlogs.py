"""Synthetic event logs shaped like the BPI-challenge logs, as XES.gz and CSV.

Each case is a loan-application-like process (loops, skips, lifecycle start/complete pairs)
with per-event and per-trace string, date and number attributes, so a reader has to step
over as much XML as in a real export, not only the three columns the analysis uses.

    python bench/gen_eventlogs.py --events 250000 --out /tmp/bpi250k     # .xes.gz and .csv

Deterministic for a given ``--seed``. The CSV holds the same events (one row each, the
trace attributes repeated with a ``case:`` prefix, as PM4Py writes them).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import random
from xml.sax.saxutils import quoteattr

STEPS = [
    "A_Create Application",
    "A_Submitted",
    "W_Handle leads",
    "W_Complete application",
    "A_Concept",
    "A_Accepted",
    "O_Create Offer",
    "O_Created",
    "O_Sent (mail and online)",
    "W_Call after offers",
    "A_Complete",
    "W_Validate application",
    "A_Validating",
    "O_Returned",
    "A_Incomplete",
    "W_Call incomplete files",
    "A_Pending",
    "O_Accepted",
    "A_Denied",
    "O_Refused",
    "A_Cancelled",
    "O_Cancelled",
]
RESOURCES = [f"User_{i}" for i in range(1, 150)]
ORIGINS = ["Application", "Workflow", "Offer"]
GOALS = ["Existing loan takeover", "Home improvement", "Car", "Other, see explanation"]
TYPES = ["New credit", "Limit raise"]
ACTIONS = ["Created", "statechange", "Obtained", "Released", "Deleted"]


def case_path(rng: random.Random) -> list[str]:
    path = STEPS[:5]
    if rng.random() < 0.7:
        path += STEPS[5:10]
        for _ in range(rng.choice((0, 0, 1, 2))):  # offers sent again
            path += STEPS[6:10]
        path += STEPS[10:13]
        if rng.random() < 0.4:
            path += STEPS[13:17]
        path += [rng.choice(("O_Accepted", "A_Denied", "O_Refused", "A_Cancelled"))]
    else:
        path += [rng.choice(("A_Denied", "A_Cancelled"))]
    return path


def cases(events: int, seed: int):
    """(case id, trace attributes, [(activity, lifecycle, resource, time, attrs)])."""
    rng = random.Random(seed)
    start = dt.datetime(2016, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    made = 0
    index = 0
    while made < events:
        index += 1
        when = start + dt.timedelta(seconds=rng.randrange(0, 365 * 86400))
        trace = {
            "concept:name": f"Application_{652823628 + index}",
            "LoanGoal": rng.choice(GOALS),
            "ApplicationType": rng.choice(TYPES),
            "RequestedAmount": f"{rng.randrange(5, 100) * 1000}.0",
            "case:created": when.isoformat(timespec="milliseconds"),
        }
        rows = []
        for activity in case_path(rng):
            lifecycles = ("start", "complete") if activity.startswith("W_") else ("complete",)
            resource = rng.choice(RESOURCES)
            for lifecycle in lifecycles:
                if made + len(rows) >= events:
                    break
                when += dt.timedelta(seconds=rng.randrange(1, 36 * 3600))
                attrs = {
                    "EventOrigin": ORIGINS["AWO".index(activity[0])],
                    "Action": rng.choice(ACTIONS),
                    "EventID": f"{'Application' if activity[0] == 'A' else 'Workitem'}_{rng.getrandbits(40)}",
                    "OfferedAmount": f"{rng.randrange(5, 100) * 1000}.0",
                    "Accepted": rng.choice(("true", "false")),
                }
                rows.append((activity, lifecycle, resource, when, attrs))
        made += len(rows)
        if rows:
            yield trace["concept:name"], trace, rows


def write_xes(path: str, events: int, seed: int) -> None:
    head = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<log xes.version="1.0" xes.features="nested-attributes" openxes.version="1.0RC7">\n'
        '\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n'
        '\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n'
        '\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n'
        '\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
        '\t<global scope="event">\n\t\t<string key="concept:name" value="__INVALID__"/>\n\t</global>\n'
        '\t<classifier name="Activity" keys="concept:name"/>\n'
        '\t<string key="concept:name" value="BPI-like synthetic log"/>\n'
    )
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6) as out:
        out.write(head)
        for _case, trace, rows in cases(events, seed):
            parts = ["\t<trace>\n"]
            for key, value in trace.items():
                tag = (
                    "date"
                    if key == "case:created"
                    else "float"
                    if key.endswith("Amount")
                    else "string"
                )
                parts.append(f"\t\t<{tag} key={quoteattr(key)} value={quoteattr(value)}/>\n")
            for activity, lifecycle, resource, when, attrs in rows:
                parts.append(
                    "\t\t<event>\n"
                    f'\t\t\t<string key="org:resource" value="{resource}"/>\n'
                    f'\t\t\t<string key="concept:name" value={quoteattr(activity)}/>\n'
                    f'\t\t\t<string key="lifecycle:transition" value="{lifecycle}"/>\n'
                    f'\t\t\t<date key="time:timestamp" value="{when.isoformat(timespec="milliseconds")}"/>\n'
                )
                for key, value in attrs.items():
                    tag = (
                        "float"
                        if key.endswith("Amount")
                        else "boolean"
                        if key == "Accepted"
                        else "string"
                    )
                    parts.append(f'\t\t\t<{tag} key="{key}" value={quoteattr(value)}/>\n')
                parts.append("\t\t</event>\n")
            parts.append("\t</trace>\n")
            out.write("".join(parts))
        out.write("</log>\n")


def write_csv(path: str, events: int, seed: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        header = None
        for _case, trace, rows in cases(events, seed):
            for activity, lifecycle, resource, when, attrs in rows:
                record = {
                    f"case:{k}" if not k.startswith("case:") else k: v for k, v in trace.items()
                }
                record.update(
                    {
                        "concept:name": activity,
                        "lifecycle:transition": lifecycle,
                        "org:resource": resource,
                        "time:timestamp": when.isoformat(timespec="milliseconds"),
                        **attrs,
                    }
                )
                if header is None:
                    header = list(record)
                    writer.writerow(header)
                writer.writerow(record.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="path without suffix")
    parser.add_argument("--formats", default="xes.gz,csv")
    args = parser.parse_args()
    formats = args.formats.split(",")
    if "xes.gz" in formats:
        write_xes(args.out + ".xes.gz", args.events, args.seed)
    if "csv" in formats:
        write_csv(args.out + ".csv", args.events, args.seed)


if __name__ == "__main__":
    main()
