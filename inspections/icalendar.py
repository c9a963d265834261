"""A small iCalendar (RFC 5545) writer for all-day deadline events.

Written here rather than pulled in as a dependency: the feed needs only
all-day VEVENTs, and the three rules that matter are in this module:
TEXT escaping (§3.3.11), line folding at 75 octets without splitting a UTF-8
character (§3.1), and CRLF line ends.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into parts of at most 75 octets.

    Continuation lines start with one space, which counts toward their 75
    octets; a multi-byte character is never cut in two.
    """
    if len(line.encode("utf-8")) <= MAX_OCTETS:
        return line
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > MAX_OCTETS:
            parts.append("".join(current))
            current, size = [], 1  # the leading space of the next line
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str
    stamp: datetime.datetime


def event_lines(event: AllDayEvent) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{_utc_stamp(event.stamp)}",
        f"LAST-MODIFIED:{_utc_stamp(event.stamp)}",
        f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"URL;VALUE=URI:{event.url}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_lines(
    *, name: str, timezone_name: str, events: Iterable[AllDayEvent]
) -> Iterator[str]:
    """The folded, CRLF-terminated lines of a VCALENDAR with these events."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//So Noi vu//CCHC tracking//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{timezone_name}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
        "X-PUBLISHED-TTL:PT4H",
    ]
    for line in head:
        yield fold(line) + CRLF
    for event in events:
        for line in event_lines(event):
            yield fold(line) + CRLF
    yield "END:VCALENDAR" + CRLF
