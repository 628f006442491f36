"""The admin's Reports: attendance (tables, charts, CSV and XLSX) and anonymous feedback.

Thin: parse the period, call events/services/reports.py, render. The service decides what may be
shown (counts of people below 5 are never shown, no one is listed) and whose gatherings count:
organisers see their own, moderators everything.
"""

import datetime as dt

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from events.charts import Point, bar_chart
from events.dates_text import date_text
from events.models import EventPage
from events.services import access, reports

LONGEST = dt.timedelta(days=366 * 5)


class ReportsMenuItem(MenuItem):
    """Under Wagtail's Reports menu, for users who organise at least one gathering."""

    def is_shown(self, request):
        return access.manageable_events(request.user).exists()


def _date_input():
    # A native date picker takes its value as yyyy-mm-dd whatever the language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_date_input())
    end = forms.DateField(label=_("To"), widget=_date_input())

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(gettext("The start of the period comes after its end."))
            if end - start > LONGEST:
                raise forms.ValidationError(gettext("Choose a period of five years or less."))
        return data


def _period(request):
    """The period asked for, or the last twelve months when none (or a wrong one) is asked."""
    default = reports.Period.last_twelve_months(timezone.localdate())
    if "start" not in request.GET and "end" not in request.GET:
        form = PeriodForm(initial={"start": default.first, "end": default.last})
        return default, form
    form = PeriodForm(request.GET)
    if form.is_valid():
        return reports.Period(form.cleaned_data["start"], form.cleaned_data["end"]), form
    return default, form


def _query(period):
    return f"start={period.first.isoformat()}&end={period.last.isoformat()}"


def _point(month, cell, first):
    """A month's bar: "Mar" under it, and the year under the first bar and each January."""
    year = str(month.month.year) if first or month.month.month == 1 else ""
    return Point(month.label, cell.value, cell.text, date_text(month.month, "short_month"), year)


def _charts(report):
    months = report.months
    came = bar_chart(
        [_point(m, m.came, n == 0) for n, m in enumerate(months)],
        chart_id="chart-came",
        title=_("People who came, by month"),
        description=_("Bars: people checked in at the door plus walk-ins, each month."),
    )
    returning = bar_chart(
        [_point(m, m.returning_share, n == 0) for n, m in enumerate(months)],
        chart_id="chart-returning",
        title=_("Returning share, by month"),
        description=_("Bars: the share of people who took part who had come before, 0 to 100%."),
        maximum=100,
        unit="%",
    )
    capacity = bar_chart(
        [_point(m, m.capacity_used, n == 0) for n, m in enumerate(months)],
        chart_id="chart-capacity",
        title=_("Capacity used, by month"),
        description=_("Bars: places booked as a share of places offered, 0 to 100%."),
        maximum=100,
        unit="%",
    )
    return [
        {"chart": came, "column": "People who came", "cells": [m.came for m in months]},
        {
            "chart": returning,
            "column": "Returning share",
            "cells": [m.returning_share for m in months],
        },
        {
            "chart": capacity,
            "column": "Capacity used",
            "cells": [m.capacity_used for m in months],
        },
    ]


def attendance(request):
    period, form = _period(request)
    report = reports.attendance_report(request.user, period)
    return TemplateResponse(
        request,
        "events/admin/reports/attendance.html",
        {
            "title": gettext("Attendance"),
            "form": form,
            "period": period,
            "report": report,
            "charts": [
                {**chart, "rows": list(zip(report.months, chart["cells"], strict=True))}
                for chart in _charts(report)
            ],
            "query": _query(period),
            "key_changed_note": gettext(reports.KEY_CHANGED_NOTE),
        },
    )


def export(request, fmt):
    period, _errors = _period(request)
    attendance_report = reports.attendance_report(request.user, period)
    feedback_report = reports.feedback_report(request.user, period)
    name = f"hearth-attendance-{period.first.isoformat()}-to-{period.last.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            reports.export_xlsx(attendance_report, feedback_report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            reports.export_csv(attendance_report, feedback_report),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def feedback(request):
    period, form = _period(request)
    return TemplateResponse(
        request,
        "events/admin/reports/feedback.html",
        {
            "title": gettext("Feedback"),
            "form": form,
            "period": period,
            "report": reports.feedback_report(request.user, period),
            "query": _query(period),
        },
    )


def comments(request, event_id):
    period, _errors = _period(request)
    event = get_object_or_404(EventPage, pk=event_id)
    found = reports.feedback_comments(request.user, event, period)
    if found is None:
        raise Http404(gettext("No such gathering."))
    return TemplateResponse(
        request,
        "events/admin/reports/comments.html",
        {
            "title": gettext("Comments: {title}").format(title=event.title),
            "event": event,
            "period": period,
            "comments": found,
            "query": _query(period),
        },
    )
