#!/usr/bin/env python3
"""Parses .ics files with two strict third-party iCalendar parsers and prints, per file, a
JSON line with what each read: `ical` (the library behind Home Assistant's calendar
subscriptions) and `ics` (ics.py). A file either parser rejects gets an "error" entry.
Used by crates/server/tests/calendar_export.rs; installed by scripts/bootstrap.sh test.

Usage: check-ics.py FILE..."""
import json
import sys

import ics
from ical.calendar_stream import IcsCalendarStream

for path in sys.argv[1:]:
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    out = {"file": path}
    try:
        cal = IcsCalendarStream.calendar_from_ics(text)
        out["ical"] = {
            "prodid": cal.prodid,
            "uids": sorted(e.uid for e in cal.events),
            "summaries": sorted(e.summary for e in cal.events),
            "alarms": sum(len(e.alarm) for e in cal.events),
        }
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        out["ical"] = {"error": repr(e)[:500]}
    try:
        c = ics.Calendar(text)
        out["ics"] = {
            "uids": sorted(e.uid for e in c.events),
            "summaries": sorted(e.name for e in c.events),
        }
    except Exception as e:  # noqa: BLE001
        out["ics"] = {"error": repr(e)[:500]}
    print(json.dumps(out, ensure_ascii=False))
