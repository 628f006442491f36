"""The feed validator finds what strict validators reported, and passes a clean calendar."""

import pytest

from tests.feeds.validate import problems

ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"
    "BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n"
    "TZNAME:GMT\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:20270328T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\n"
    "TZNAME:BST\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)
EVENT = (
    "BEGIN:VEVENT\r\nUID:a@hearth.example\r\nDTSTAMP:20261124T120000Z\r\n"
    "DTSTART;TZID=Europe/London:20261201T190000\r\nDURATION:PT1H30M\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20270601T180000Z\r\nSUMMARY:Tuesday sitting\\, with tea\r\n"
    "END:VEVENT\r\n"
)


def calendar(head="", body=EVENT):
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hearth//Test//EN\r\n"
        f"{head}{ZONE}{body}END:VCALENDAR\r\n"
    ).encode()


def test_a_clean_calendar_has_no_problems():
    assert problems(calendar(), content_type="text/calendar; charset=utf-8") == []


@pytest.mark.parametrize(
    "head, body, content_type, found",
    [
        ("METHOD:PUBLISH\r\n", EVENT, "text/calendar", "METHOD:PUBLISH needs an ORGANIZER"),
        ("METHOD:PUBLISH\r\n", EVENT, "text/calendar", "without method=PUBLISH in Content-Type"),
        ("", EVENT, "text/calendar; method=PUBLISH", "the body has no METHOD"),
        ("NAME:Hearth: Roundhay Park, Lakeside\r\n", EVENT, None, "NAME has an unescaped comma"),
        ("X-WR-CALNAME:Walks; talks\r\n", EVENT, None, "unescaped semicolon"),
        ("X-WR-CALDESC:a\\qb\r\n", EVENT, None, "backslash that escapes nothing"),
        ("", EVENT.replace("UNTIL=20270601T180000Z", "UNTIL=20270601T190000"), None, "UNTIL"),
        ("", EVENT.replace("Europe/London", "Europe/Paris"), None, "without a VTIMEZONE"),
        ("", EVENT.replace("DURATION:PT1H30M", "DURATION:PT0S"), None, "not positive"),
        (
            "",
            EVENT.replace("DURATION:PT1H30M", "DTEND;TZID=Europe/London:20261201T190000"),
            None,
            "DTEND is not after DTSTART",
        ),
        ("", EVENT.replace("UID:a@", "DTEND:20261201T200000Z\r\nUID:a@"), None, "both DTEND"),
        ("", EVENT.replace("DTSTAMP", "X-DTSTAMP"), None, "no DTSTAMP"),
        ("", EVENT.replace("SUMMARY", "STATUS:DONE\r\nSUMMARY"), None, "'DONE' is not allowed"),
        ("", EVENT + EVENT, None, "UID a@hearth.example used twice"),
        (
            "",
            EVENT.replace("RRULE", "RECURRENCE-ID;TZID=Europe/London:20261208T190000\r\nX"),
            None,
            "RECURRENCE-ID without its series",
        ),
        ("X-LONG:" + "x" * 80 + "\r\n", EVENT, None, "longer than 75"),
    ],
)
def test_the_validator_finds_each_kind_of_problem(head, body, content_type, found):
    reported = problems(calendar(head, body), content_type=content_type)
    assert any(found in problem for problem in reported), reported
