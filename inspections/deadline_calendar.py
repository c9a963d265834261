"""The iCalendar (RFC 5545) feed of task deadlines, written with the
`icalendar` library: all-day events, each with a reminder alarm the day
before while the task is still owed.

The feed is streamed (a Sở Nội vụ user's holds every agency's tasks): the
calendar's head, then each event as it is read, then the end line. The
library does the escaping (§3.3.11), the folding at 75 octets without
splitting a UTF-8 character (§3.1) and the CRLF line ends.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event, vDuration

REFRESH = datetime.timedelta(hours=4)
# The alarm fires this long before the (all-day) deadline begins.
ALARM_BEFORE = datetime.timedelta(days=1)
_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    day: datetime.date
    summary: str
    description: str
    url: str
    stamp: datetime.datetime
    # A reminder the day before (pointless once the task is closed).
    alarm: bool = True


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def event_component(event: AllDayEvent) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", _utc(event.stamp))
    component.add("last-modified", _utc(event.stamp))
    component.add("dtstart", event.day)
    component.add("dtend", event.day + datetime.timedelta(days=1))
    component.add("summary", event.summary)
    component.add("description", event.description)
    component.add("url", event.url, parameters={"VALUE": "URI"})
    component.add("transp", "TRANSPARENT")
    if event.alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -ALARM_BEFORE)
        alarm.add("description", event.summary)
        component.add_component(alarm)
    return component


def _head(name: str, timezone_name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//So Noi vu//CCHC tracking//VI")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone_name)
    calendar.add(
        "refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar


def calendar_chunks(
    *, name: str, timezone_name: str, events: Iterable[AllDayEvent]
) -> Iterator[bytes]:
    """The VCALENDAR with these events, in pieces to stream (UTF-8, folded,
    CRLF-terminated): the head, one piece per event, the end line."""
    head = _head(name, timezone_name).to_ical()
    yield head.removesuffix(_END)
    for event in events:
        yield event_component(event).to_ical()
    yield _END
