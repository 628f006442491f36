"""A strict iCalendar checker for tests: what RFC 5545 (and RFC 5546, RFC 7986) require of a feed.

No installable validator covers this (the well-known ones are web services or Java/C# libraries),
so the rules are written out here, each with the section it comes from, and two independent
parsers are asked too: icalendar's own (which records what it could not parse) and ``ical``
(the strictly typed parser behind Home Assistant's calendars).

``problems(body, content_type=...)`` returns a list of readable problems; a valid feed gives [].
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

# Properties that may appear at most once in a VEVENT (RFC 5545 3.6.1).
ONCE_IN_VEVENT = {
    "CLASS", "CREATED", "DESCRIPTION", "DTSTART", "GEO", "LAST-MODIFIED", "LOCATION",
    "ORGANIZER", "PRIORITY", "DTSTAMP", "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "UID", "URL",
    "RECURRENCE-ID", "DTEND", "DURATION", "RRULE",
}  # fmt: skip
ONCE_IN_VCALENDAR = {"PRODID", "VERSION", "CALSCALE", "METHOD", "NAME", "REFRESH-INTERVAL"}
# Values of these are TEXT (RFC 5545 3.8.1, RFC 7986 5.1): commas and semicolons escaped.
TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "NAME", "TZNAME"}
# TEXT lists: a bare comma separates values.
TEXT_LISTS = {"CATEGORIES", "RESOURCES"}
UTC_ONLY = {"DTSTAMP", "LAST-MODIFIED", "CREATED"}
DATE_TIMES = {"DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE", *UTC_ONLY}
ENUMS = {
    "STATUS": {"TENTATIVE", "CONFIRMED", "CANCELLED"},
    "TRANSP": {"OPAQUE", "TRANSPARENT"},
    "CLASS": {"PUBLIC", "PRIVATE", "CONFIDENTIAL"},
    "CALSCALE": {"GREGORIAN"},
}
_DATE_TIME = re.compile(r"^\d{8}T\d{6}Z?$")
_DATE = re.compile(r"^\d{8}$")
_BAD_ESCAPE = re.compile(r"\\(?![\\;,Nn])")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


class _Line:
    def __init__(self, number, name, params, value):
        self.number, self.name, self.params, self.value = number, name, params, value


class _Component:
    def __init__(self, name, number):
        self.name, self.number = name, number
        self.lines, self.children = [], []

    def all(self, name):
        return [line for line in self.lines if line.name == name]

    def first(self, name):
        found = self.all(name)
        return found[0] if found else None


def _split_params(text):
    """NAME;P=V;Q="a:b" -> (NAME, {P: V, Q: a:b}); quoted values may hold ; : and ,."""
    parts, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    params = {}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        params[key.upper()] = value.strip('"')
    return parts[0].upper(), params


def _content_line(number, text):
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            name, params = _split_params(text[:index])
            return _Line(number, name, params, text[index + 1 :])
    return None


def _physical_problems(body):
    problems = []
    if not body.endswith(b"\r\n"):
        problems.append("the last line does not end in CRLF (3.1)")
    lines = body.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        if b"\r" in line or b"\n" in line:
            problems.append(f"line {number}: a bare CR or LF (3.1)")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, longer than 75 (3.1)")
    return problems


def _unfold(text):
    lines, numbers = [], []
    for number, line in enumerate(text.split("\r\n"), 1):
        if line[:1] in {" ", "\t"} and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
            numbers.append(number)
    return list(zip(numbers, lines, strict=True))


def _tree(text, problems):
    root, stack = None, []
    for number, raw in _unfold(text):
        if _CONTROL.search(raw):
            problems.append(f"line {number}: a control character (3.1, 3.3.11)")
        line = _content_line(number, raw)
        if line is None:
            problems.append(f"line {number}: not a content line: {raw[:40]!r} (3.1)")
            continue
        if line.name == "BEGIN":
            component = _Component(line.value.upper(), number)
            if stack:
                stack[-1].children.append(component)
            elif root is None:
                root = component
            else:
                problems.append(f"line {number}: a second top-level component (3.4)")
            stack.append(component)
        elif line.name == "END":
            if not stack or stack[-1].name != line.value.upper():
                problems.append(f"line {number}: END:{line.value} does not close what is open")
            else:
                stack.pop()
        elif stack:
            stack[-1].lines.append(line)
        else:
            problems.append(f"line {number}: {line.name} outside any component (3.4)")
    if stack:
        problems.append(f"{stack[-1].name} is never closed (3.4)")
    return root


def _text_problems(line):
    problems = []
    where = f"line {line.number}: {line.name}"
    if _BAD_ESCAPE.search(line.value):
        problems.append(f"{where} has a backslash that escapes nothing (3.3.11)")
    unescaped = re.sub(r"\\.", "", line.value)
    if ";" in unescaped:
        problems.append(f"{where} has an unescaped semicolon (3.3.11)")
    if "," in unescaped and line.name not in TEXT_LISTS:
        problems.append(f"{where} has an unescaped comma (3.3.11)")
    return problems


def _is_text(line):
    if line.name in TEXT or line.name in TEXT_LISTS:
        return True
    # Non-standard properties are TEXT unless they say otherwise (3.8.8.2).
    return line.name.startswith("X-") and "VALUE" not in line.params


def _value_problems(component, zones):
    problems = []
    for line in component.lines:
        where = f"line {line.number}: {line.name}"
        if _is_text(line):
            problems.extend(_text_problems(line))
        if line.name in ENUMS and line.value.upper() not in ENUMS[line.name]:
            if not line.value.upper().startswith("X-"):
                problems.append(f"{where} value {line.value!r} is not allowed")
        if line.name in DATE_TIMES:
            for value in line.value.split(","):
                is_date = line.params.get("VALUE") == "DATE"
                kind, pattern = ("DATE", _DATE) if is_date else ("DATE-TIME", _DATE_TIME)
                if not pattern.match(value) and line.params.get("VALUE") != "PERIOD":
                    problems.append(f"{where} {value!r} is not a {kind}")
                if value.endswith("Z") and "TZID" in line.params:
                    problems.append(f"{where} is UTC and has a TZID (3.2.19)")
            if line.name in UTC_ONLY and not line.value.endswith("Z"):
                problems.append(f"{where} must be in UTC (3.8.7)")
        zone = line.params.get("TZID")
        if zone is not None and zone not in zones:
            problems.append(f"{where} names TZID {zone} without a VTIMEZONE (3.2.19)")
        if line.name == "REFRESH-INTERVAL" and line.params.get("VALUE") != "DURATION":
            problems.append(f"{where} needs VALUE=DURATION (RFC 7986 5.7)")
        if line.name == "SOURCE" and line.params.get("VALUE") != "URI":
            problems.append(f"{where} needs VALUE=URI (RFC 7986 5.8)")
        if line.name == "GEO" and not re.match(r"^-?[\d.]+;-?[\d.]+$", line.value):
            problems.append(f"{where} is not two floats (3.8.1.6)")
    return problems


def _cardinality(component, once, required):
    problems = []
    for name in once:
        if len(component.all(name)) > 1:
            problems.append(f"{component.name} at line {component.number}: {name} more than once")
    for name in required:
        if not component.all(name):
            problems.append(f"{component.name} at line {component.number}: no {name}")
    return problems


def _rrule_problems(event):
    rrule, dtstart = event.first("RRULE"), event.first("DTSTART")
    if rrule is None:
        return []
    parts = dict(part.partition("=")[::2] for part in rrule.value.split(";"))
    where = f"line {rrule.number}: RRULE"
    problems = []
    if "FREQ" not in parts:
        problems.append(f"{where} has no FREQ (3.3.10)")
    if "UNTIL" in parts and "COUNT" in parts:
        problems.append(f"{where} has both UNTIL and COUNT (3.3.10)")
    if "UNTIL" in parts and dtstart is not None:
        is_date = dtstart.params.get("VALUE") == "DATE"
        if not is_date and ("TZID" in dtstart.params or dtstart.value.endswith("Z")):
            if not parts["UNTIL"].endswith("Z"):
                problems.append(f"{where} UNTIL must be UTC with this DTSTART (3.3.10)")
    return problems


def _series_problems(events):
    problems, masters, seen = [], {}, set()
    for event in events:
        uid = event.first("UID")
        if uid is not None and event.first("RECURRENCE-ID") is None:
            if uid.value in masters:
                problems.append(f"VEVENT at line {event.number}: UID {uid.value} used twice")
            masters[uid.value] = event
    for event in events:
        uid, rid = event.first("UID"), event.first("RECURRENCE-ID")
        if uid is None or rid is None:
            continue
        key = (uid.value, rid.params.get("TZID"), rid.value)
        if key in seen:
            problems.append(f"line {rid.number}: RECURRENCE-ID {rid.value} overridden twice")
        seen.add(key)
        master = masters.get(uid.value)
        if master is None:
            problems.append(f"line {rid.number}: RECURRENCE-ID without its series (3.8.4.4)")
        elif (master.first("DTSTART").params.get("VALUE") == "DATE") != (
            rid.params.get("VALUE") == "DATE"
        ):
            problems.append(f"line {rid.number}: RECURRENCE-ID type differs from DTSTART")
    return problems


def _method_problems(calendar, events, content_type):
    method = calendar.first("METHOD")
    declared = re.search(r"method=([A-Za-z-]+)", content_type or "")
    problems = []
    if method is not None:
        for event in events:
            if event.first("ORGANIZER") is None:
                problems.append(
                    f"VEVENT at line {event.number}: METHOD:{method.value} needs an ORGANIZER "
                    "(RFC 5546 3.2)"
                )
        if content_type is not None and (
            declared is None or declared[1].upper() != method.value.upper()
        ):
            problems.append(f"METHOD:{method.value} without method={method.value} in Content-Type")
    elif declared:
        problems.append(f"Content-Type says method={declared[1]} but the body has no METHOD")
    return problems


def _length_problems(body):
    """No date may end at or before its start (parsed with icalendar, zones from zoneinfo)."""
    problems = []
    calendar = Calendar.from_ical(body)
    for component in calendar.walk():
        for error in getattr(component, "errors", []):
            problems.append(f"icalendar could not read {component.name}: {error}")
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None:
            continue
        if "DURATION" in event and event.decoded("DURATION") <= dt.timedelta(0):
            problems.append(f"VEVENT {event.get('UID')}: DURATION is not positive")
        if "DTEND" in event:
            begin, end = _instant(event.decoded("DTSTART")), _instant(event.decoded("DTEND"))
            if end <= begin:
                problems.append(f"VEVENT {event.get('UID')} at {begin}: DTEND is not after DTSTART")
    return problems


def _instant(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=ZoneInfo("UTC"))
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def problems(body, *, content_type=None):
    """Every way ``body`` (bytes) breaks the rules above; [] when it is a valid feed."""
    found = _physical_problems(body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return [*found, "not UTF-8 (3.1.4)"]
    calendar = _tree(text, found)
    if calendar is None or calendar.name != "VCALENDAR":
        return [*found, "not a VCALENDAR"]
    zones = {}
    for child in calendar.children:
        if child.name == "VTIMEZONE":
            found.extend(_cardinality(child, {"TZID"}, {"TZID"}))
            if child.first("TZID"):
                zones[child.first("TZID").value] = child
            if not child.children:
                found.append(f"VTIMEZONE at line {child.number}: no STANDARD or DAYLIGHT")
            for observance in child.children:
                once = {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"}
                found.extend(_cardinality(observance, once, once))
                found.extend(_value_problems(observance, zones))
    found.extend(_cardinality(calendar, ONCE_IN_VCALENDAR, {"PRODID", "VERSION"}))
    if calendar.first("VERSION") and calendar.first("VERSION").value != "2.0":
        found.append("VERSION is not 2.0")
    found.extend(_value_problems(calendar, zones))
    events = [child for child in calendar.children if child.name == "VEVENT"]
    for event in events:
        required = {"UID", "DTSTAMP"} | (set() if calendar.first("METHOD") else {"DTSTART"})
        found.extend(_cardinality(event, ONCE_IN_VEVENT, required))
        if event.first("DTEND") and event.first("DURATION"):
            found.append(f"VEVENT at line {event.number}: both DTEND and DURATION (3.6.1)")
        found.extend(_value_problems(event, zones))
        found.extend(_rrule_problems(event))
    found.extend(_series_problems(events))
    found.extend(_method_problems(calendar, events, content_type))
    if not found:
        found.extend(_length_problems(body))
    if not found:
        try:
            IcsCalendarStream.calendar_from_ics(text)
        except Exception as error:  # any refusal is a problem to report
            found.append(f"the ical parser refused it: {error}")
    return found
