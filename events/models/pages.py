"""Pages: What's on (the index with its list and calendars) and each gathering."""

import datetime as dt
import functools
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from recurrence.fields import RecurrenceField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from events import listing, schedule, structured_data
from events.editor import EventPageForm
from events.models.feed_state import FeedGeneration
from events.models.occurrences import Occurrence
from events.models.snippets import Category, Facilitator
from events.panels import UpcomingDatesPanel
from events.widgets import RecurrenceWidget
from hearth import translations
from hearth.blocks import BodyBlock
from hearth.language import LanguageUrls
from hearth.remembered import KnownRestrictions
from hearth.rows import QuickRows
from hearth.text import NormalisedText


def _public(path):
    """``path`` on the public address (BASE_URL), whichever host the request came in on."""
    return settings.BASE_URL.rstrip("/") + path


def dates_version(request):
    """The number that rises with every change to what the calendars number (dates, gatherings,
    venues, categories): the key of their numbering in the page cache (events/listing.py). The
    page cache read it for this request already (hearth/pagecache.py)."""
    known = getattr(request, "dates_version", None)
    return lambda: known if known is not None else FeedGeneration.current()[0]


def default_time_zone():
    return settings.TIME_ZONE


@functools.cache
def time_zone_choices():
    # Listing the zones reads the whole tz database from disk: once per process is enough.
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


# Columns left unread where a page is only part of what is shown: what Wagtail keeps about
# editing a page (revisions, locks, publishing times, search and menu settings), what only a
# gathering's own page (or a booking) shows, and what only a venue's page shows.
EDITING_COLUMNS = (
    "latest_revision_id", "has_unpublished_changes", "first_published_at", "last_published_at",
    "live_revision_id", "go_live_at", "expire_at", "expired", "locked", "locked_at",
    "locked_by_id", "draft_title", "owner_id", "seo_title", "search_description",
    "latest_revision_created_at", "alias_of_id", "show_in_menus",
)  # fmt: skip
GATHERING_PAGE_ONLY = ("body", "what_to_expect", "private_details", "online_link")
VENUE_PAGE_ONLY = (
    "access_notes", "public_transport", "parking_notes", "latitude", "longitude",
)  # fmt: skip


def unread(relation, *columns):
    """``columns`` of the page at ``relation``, as ``defer()`` names them."""
    return tuple(f"{relation}__{column}" for column in columns)


# A list's or calendar's dates: their gathering without its schedule (decoding it for every date
# was most of a month's time) and their venues; the month calendar reads no venue.
MONTH_LEAVES_OUT = unread("event", "schedule", *GATHERING_PAGE_ONLY, *EDITING_COLUMNS)
LISTING_LEAVES_OUT = (
    *MONTH_LEAVES_OUT,
    *unread("event__venue", *VENUE_PAGE_ONLY, *EDITING_COLUMNS),
    *unread("venue", *VENUE_PAGE_ONLY, *EDITING_COLUMNS),
)


class EventIndexPage(KnownRestrictions, LanguageUrls, NormalisedText, RoutablePageMixin, Page):
    """What's on (/whats-on/): the parent of every gathering, with its list and calendars.

    Every view reads stored occurrences with a fixed number of queries, whatever the number of
    gatherings; bad input (month 13, page -1, an unknown category) gives a message, never a 500.
    """

    intro = models.TextField(
        max_length=400, blank=True, help_text=_("A few words above the list of what's on.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["hearth.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("What's on")
        verbose_name_plural = _("What's on pages")

    def get_cached_paths(self):
        """What the front cache purges when this page is published: the list (with any
        filters), and every month and week of the calendar (a trailing ``*``: all under it)."""
        return ["/", "calendar/*", "week/*", "day/*"]

    @cached_property
    def source(self):
        """This page in the site's language (itself, unless this is a translation)."""
        return translations.source_of(self)

    def occurrences_for_listing(self, *, places=True):
        """The public dates under this page, as lists show them. ``places=False``: without
        their venues and categories, which the month calendar does not show (two of the three
        pages each of its dates would build)."""
        # The dates belong to the gatherings in the site's language; a translation of What's
        # on lists them with their translated titles (hearth/translations.py).
        dates = Occurrence.objects.public().filter(event__path__startswith=self.source.path)
        dates = dates.with_related() if places else dates.select_related("event")
        leave_out = LISTING_LEAVES_OUT if places else MONTH_LEAVES_OUT
        return (
            dates.in_visitor_language()
            # Lists and calendars show neither the page's body nor its schedule: decoding them
            # for every date was most of a month's time.
            .defer(*leave_out)
            .with_seats_taken()
            .order_by("start", "event__title")
        )

    def venues_to_choose(self):
        """The venues the filters and the feeds page offer, each once, in the visitor's
        language."""
        from venues.models import VenuePage

        return translations.listed(
            VenuePage.objects.live()
            .order_by("title")
            .only("slug", "title", "translation_key", "locale_id")
        )

    def filter_form(self, data):
        return listing.FilterForm(
            data,
            categories=list(Category.objects.order_by("name")),
            venues=self.venues_to_choose(),
        )

    @path("", name="listing")
    def listing_view(self, request):
        """Upcoming dates grouped by day, narrowed by the filters in the query string."""
        form = self.filter_form(request.GET)
        filters = form.usable_data()
        occurrences = listing.apply_filters(self.occurrences_for_listing().upcoming(), filters)
        choice = listing.paginate(occurrences, request.GET.get("page"), cap=listing.COUNT_CAP)
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={
                "form": form,
                "filters": filters,
                "filter_summary": listing.describe_filters(form, filters),
                "problems": [*form.problems(), *([choice.message] if choice.message else [])],
                "page_obj": choice.page,
                "days": listing.group_by_day(choice.page.object_list),
                "query_without_page": query.urlencode(),
                "this_month": timezone.localdate(),
            },
        )

    @path("calendar/", name="calendar")
    def calendar_now(self, request):
        """This month's calendar, or next month's once this one is nearly over."""
        today = timezone.localdate()
        year, month = listing.calendar_month(today)
        return self.month_view(
            request, str(year), str(month), skipped_rest_of=None if month == today.month else today
        )

    @re_path(r"^calendar/(\d{1,9})/(\d{1,9})/$", name="month")
    def month_view(self, request, year, month, skipped_rest_of=None):
        """A month as an accessible table (an agenda on phones); a month that cannot exist is a
        404 that says why."""
        year, month = int(year), int(month)
        problem = listing.valid_month(year, month)
        if problem:
            return self._not_found(request, problem)
        weeks = listing.month_weeks(year, month)
        start, end = listing.local_bounds(weeks[0][0], weeks[-1][-1])
        occurrences, counts = listing.first_per_day(
            self.occurrences_for_listing(places=False),
            start,
            end,
            limit=listing.CELL_LIMIT,
            version=dates_version(request),
        )
        previous, following = listing.neighbour_months(year, month)
        grid = listing.month_grid(year, month, occurrences, counts=counts)
        return self.render(
            request,
            template="events/event_index_month.html",
            context_overrides={
                "month": dt.date(year, month, 1),
                "weeks": grid,
                "agenda": listing.agenda_days(grid),
                "previous": dt.date(*previous, 1) if previous else None,
                "following": dt.date(*following, 1) if following else None,
                "today": timezone.localdate(),
                "skipped_rest_of": skipped_rest_of,
            },
        )

    @path("week/", name="this_week")
    def week_now(self, request):
        return self.week_view(request, timezone.localdate().isoformat())

    @re_path(r"^week/([0-9-]{1,20})/$", name="week")
    def week_view(self, request, day):
        """Seven days from Monday, as an agenda."""
        day = listing.parse_day(day)
        if day is None:
            return self._not_found(
                request, "That isn’t a date we can show. Dates look like 2026-11-24."
            )
        monday = listing.week_start(day)
        start, end = listing.local_bounds(monday, monday + dt.timedelta(days=6))
        occurrences, counts = listing.first_per_day(
            self.occurrences_for_listing(),
            start,
            end,
            limit=listing.WEEK_DAY_LIMIT,
            version=dates_version(request),
        )
        return self.render(
            request,
            template="events/event_index_week.html",
            context_overrides={
                "monday": monday,
                "sunday": monday + dt.timedelta(days=6),
                "days": listing.week_days(monday, occurrences, counts=counts),
                "previous": monday - dt.timedelta(days=7),
                "following": monday + dt.timedelta(days=7),
                "today": timezone.localdate(),
            },
        )

    @re_path(r"^day/([0-9-]{1,20})/$", name="day")
    def day_view(self, request, day):
        """Every date of one day, a page at a time: where the calendars' "and N more" lead."""
        day = listing.parse_day(day)
        if day is None:
            return self._not_found(
                request, "That isn’t a date we can show. Dates look like 2026-11-24."
            )
        start, end = listing.local_bounds(day, day)
        choice = listing.paginate(
            self.occurrences_for_listing().between(start, end), request.GET.get("page")
        )
        return self.render(
            request,
            template="events/event_index_day.html",
            context_overrides={
                "day": day,
                "page_obj": choice.page,
                "problems": [choice.message] if choice.message else [],
                "previous": day - dt.timedelta(days=1),
                "following": day + dt.timedelta(days=1),
                "today": timezone.localdate(),
            },
        )

    @path("subscribe/", name="subscribe")
    def subscribe_view(self, request):
        """Every public calendar feed, with webcal:// and copyable links and how to add them."""
        return self.render(
            request,
            template="events/event_index_subscribe.html",
            context_overrides={
                "categories": list(Category.objects.order_by("name")),
                "venues": self.venues_to_choose(),
            },
        )

    def _not_found(self, request, message):
        response = self.render(
            request,
            template="events/not_found.html",
            context_overrides={"message": message, "today": timezone.localdate()},
        )
        response.status_code = 404
        return response


class Intake(models.TextChoices):
    OPEN = "open", _("Open to newcomers")
    CLOSED = "closed", _("Closed group")
    ASK = "ask", _("Ask the facilitator first")


class AttendanceMode(models.TextChoices):
    """How people take part: in a room, on a call, or either (hybrid: a venue and a call)."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class EventPage(
    QuickRows, KnownRestrictions, LanguageUrls, NormalisedText, RoutablePageMixin, Page
):
    """A recurring gathering. Its schedule is expanded into stored ``Occurrence`` rows on publish.

    The rule lives in ``schedule``; the first date, local start time and zone live in their own
    fields because django-recurrence cannot keep a TZID (see events/schedule.py).
    """

    summary = models.CharField(
        max_length=200, help_text=_("One or two plain sentences for listings and calendar feeds.")
    )
    body = StreamField(BodyBlock(), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    venue = models.ForeignKey(
        "venues.VenuePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Leave empty for an online-only gathering."),
    )
    facilitators = ParentalManyToManyField(Facilitator, blank=True, related_name="events")

    schedule = RecurrenceField(
        blank=True,
        help_text=_(
            "How often it happens. Add or exclude single dates here too. "
            "Leave empty for a one-off on the first date."
        ),
    )
    first_date = models.DateField(help_text=_("The first date of the gathering."))
    start_time = models.TimeField(help_text=_("Local start time, e.g. 19:00."))
    duration = models.DurationField(
        default=dt.timedelta(minutes=90), help_text=_("How long each session lasts.")
    )
    time_zone = models.CharField(
        max_length=64,
        default=default_time_zone,
        choices=time_zone_choices,
        help_text=_("The dates and times above are in this zone."),
    )
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("Seats per session. Leave empty for no limit."),
    )
    cost = models.CharField(
        max_length=120, default="Free", help_text=_('e.g. "Free" or "£3, pay what you can"')
    )
    what_to_expect = models.TextField(
        blank=True, help_text=_("For first-timers: what happens, what to bring, what to wear.")
    )
    intake = models.CharField(
        "who can come",
        max_length=10,
        choices=Intake.choices,
        default=Intake.OPEN,
        help_text=_("Only gatherings open to newcomers can be booked online."),
    )
    attendance_mode = models.CharField(
        "how people take part",
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    # Private, like private_details: only people holding a seat ever receive it.
    online_link = models.URLField(
        blank=True,
        help_text=_(
            "The video-call link for online and hybrid gatherings. Sent only to people "
            "who have booked (confirmation, reminder, their booking page and calendar); "
            "never shown on the site."
        ),
    )
    featured = models.BooleanField(
        _("show on the home page"), default=False, help_text=_("Among the featured gatherings.")
    )

    # Booking policy (RSVPs): when the form opens and closes around each date, party sizes,
    # and details kept back until someone has booked.
    booking_opens_days = models.PositiveIntegerField(
        "booking opens (days before)",
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("How many days before each date people can book."),
    )
    booking_closes_hours = models.PositiveIntegerField(
        "booking closes (hours before)",
        default=2,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("How many hours before the start booking closes."),
    )
    max_party_size = models.PositiveIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Most seats one booking may take (the person plus guests)."),
    )
    is_course = models.BooleanField(
        "book as a course",
        default=False,
        help_text=_(
            "One booking takes a place on every date (a six- or eight-week course, say): "
            "give the schedule a fixed number of dates. Booking closes when the first date starts."
        ),
    )
    course_allows_late_joining = models.BooleanField(
        "let people join after it starts",
        default=False,
        help_text=_(
            "For a course: people can still book after the first date, for the dates left."
        ),
    )
    address_after_booking = models.BooleanField(
        "exact details shared after booking",
        default=False,
        help_text=_(
            "Keep the private details below out of the public page: only people who "
            "have booked see them, in their confirmation and on their booking page."
        ),
    )
    private_details = models.TextField(
        blank=True,
        help_text=_("Room, door code or online link, for people who have booked."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("venue")]),
        FieldPanel("facilitators", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("schedule", widget=RecurrenceWidget),
                FieldRowPanel([FieldPanel("first_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("duration"), FieldPanel("time_zone")]),
            ],
            heading=_("When"),
        ),
        UpcomingDatesPanel(heading=_("Next dates")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("cost")]),
                FieldPanel("intake"),
                FieldRowPanel([FieldPanel("attendance_mode"), FieldPanel("online_link")]),
                FieldPanel("featured"),
            ],
            heading=_("Places and cost"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("booking_opens_days"), FieldPanel("booking_closes_hours")]
                ),
                FieldPanel("max_party_size"),
                FieldRowPanel([FieldPanel("is_course"), FieldPanel("course_allows_late_joining")]),
                FieldPanel("address_after_booking"),
                FieldPanel("private_details"),
            ],
            heading=_("Booking"),
        ),
        FieldPanel("what_to_expect"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_to_expect"),
        index.SearchField("body"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("intake"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")

    def clean(self):
        super().clean()
        if self.duration is not None and not (
            dt.timedelta(minutes=5) <= self.duration <= dt.timedelta(hours=24)
        ):
            raise ValidationError({"duration": "A session lasts between 5 minutes and 24 hours."})
        if self.attendance_mode == AttendanceMode.HYBRID and self.venue_id is None:
            raise ValidationError(
                {"venue": "A gathering in person and online needs a venue as well as a call."}
            )
        if self.attendance_mode == AttendanceMode.ONLINE and self.venue_id is not None:
            raise ValidationError(
                {
                    "venue": "An online gathering has no venue: leave it empty, or choose "
                    "“In person and online”."
                }
            )
        if self.is_course and any(
            rule.count is None and rule.until is None
            for rule in getattr(self.schedule, "rrules", [])
        ):
            # One booking holds every date of a course, so the dates must come to an end.
            raise ValidationError(
                {
                    "is_course": "A course needs a fixed set of dates: end the schedule after "
                    "a number of sessions or on a date."
                }
            )

    @property
    def is_online_only(self):
        """Nobody meets in a room: online, or (as before modes existed) no venue at all."""
        return self.attendance_mode == AttendanceMode.ONLINE or self.venue_id is None

    @property
    def offers_online(self):
        """People can join on a call (online or hybrid)."""
        return self.is_online_only or self.attendance_mode == AttendanceMode.HYBRID

    @cached_property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def attendees_visible_to(self, user):
        """Attendee data of this gathering is for active users who may edit its page."""
        if not (user and user.is_authenticated and user.is_active):
            return False
        return self.permissions_for_user(user).can_edit()

    def slots(self, after, before):
        """The dates the rule gives in [after, before): see events/schedule.py."""
        return schedule.expand(
            self.schedule,
            first_date=self.first_date,
            start_time=self.start_time,
            duration=self.duration,
            time_zone=self.time_zone,
            after=after,
            before=before,
        )

    def clock_changes(self, after, before):
        """Dates in [after, before) whose start time the clocks skip or repeat (for the editor)."""
        return schedule.clock_changes(
            self.schedule,
            first_date=self.first_date,
            start_time=self.start_time,
            time_zone=self.time_zone,
            after=after,
            before=before,
        )

    def get_cached_paths(self):
        """The gathering's page and each of its date pages (a trailing ``*``: all under it)."""
        return ["/", "*"]

    # What a translation takes from its source on each publish (events/services/dates.py), so
    # it never offers other dates, places or rules than the gathering has; it keeps its own
    # words (title, summary, cost, what to expect, body, private details).
    SHARED_FIELDS = (
        "schedule", "first_date", "start_time", "duration", "time_zone", "capacity", "intake",
        "attendance_mode", "online_link", "featured", "booking_opens_days",
        "booking_closes_hours", "max_party_size", "is_course", "course_allows_late_joining",
        "address_after_booking", "category", "venue", "image",
    )  # fmt: skip

    @cached_property
    def source(self):
        """This gathering in the site's language, which owns the dates (itself, unless this is
        a translation)."""
        return translations.source_of(self)

    def dates(self):
        """The stored dates this page shows: its own, or its source's for a translation."""
        return Occurrence.objects.filter(event_id=self.source.pk)

    def upcoming_occurrences(self):
        return (
            self.dates()
            .upcoming()
            .exclude(removed_from_schedule=True)
            .select_related("venue")
            .with_seats_taken()
            .order_by("start")
        )

    # Public pages ---------------------------------------------------------------------------

    NEXT_DATES = 12

    @property
    def is_peer_support(self):
        """Its category asks for the support signposting near the top of the page."""
        return bool(self.category and self.category.shows_support_panel)

    def schedule_in_words(self):
        return schedule.describe_schedule(
            self.schedule,
            first_date=self.first_date,
            start_time=self.start_time,
            duration=self.duration,
        )

    def _own(self, occurrences):
        """Point each occurrence back at this page, so templates never fetch it again."""
        for occurrence in occurrences:
            occurrence.event = self
        return occurrences

    def facilitators_with_photos(self):
        from wagtail.images import get_image_model

        return self.source.facilitators.select_related(None).prefetch_related(
            models.Prefetch(
                "photo",
                queryset=get_image_model().objects.prefetch_renditions("fill-160x160"),
            )
        )

    def shared_context(self, request):
        """What the gathering page and each date page both show."""
        page_url = self.get_url(request) or ""
        return {
            "page_url": page_url,
            "absolute_url": _public(page_url),
            "venue": self.venue,
            "category": self.category,
            "facilitators": list(self.facilitators_with_photos()),
            "schedule_words": self.schedule_in_words(),
            "zone_label": listing.zone_label(self.time_zone, settings.TIME_ZONE),
            "is_peer_support": self.is_peer_support,
        }

    @path("", name="gathering")
    def gathering_view(self, request):
        """The gathering: its schedule in words, next dates, venue, people and content."""
        context = self.shared_context(request)
        upcoming = self._own(list(self.upcoming_occurrences()[: self.NEXT_DATES]))
        context["next_dates"] = upcoming
        context["json_ld"] = structured_data.json_ld(
            [
                structured_data.occurrence_json(
                    o, url=_public(f"{context['page_url']}{o.date_slug}/")
                )
                for o in upcoming
            ]
        )
        return self.render(request, context_overrides=context)

    def _no_date(self, request, day):
        """A 404 that says why (no session that day, or no such day) and offers the next dates.

        Rendered here rather than raised, so it reads the same with DEBUG off.
        """
        context = self.shared_context(request)
        context.update(
            missing_day=day,
            next_dates=self._own(list(self.upcoming_occurrences()[:5])),
        )
        response = self.render(request, template="events/no_date.html", context_overrides=context)
        response.status_code = 404
        return response

    @re_path(r"^(\d{4}-\d{2}-\d{2})/$", name="date")
    def date_view(self, request, date_slug):
        """One date, at a URL that stays the same even when the date is moved."""
        day = listing.parse_day(date_slug)
        if day is None:
            return self._no_date(request, None)
        start, end = listing.local_bounds(day, day, self.tz)
        occurrence = (
            self.dates()
            .filter(original_start__gte=start, original_start__lt=end)
            .select_related("venue")
            .with_seats_taken()
            .first()
        )
        if occurrence is None:
            return self._no_date(request, day)
        self._own([occurrence])
        context = self.shared_context(request)
        others = self._own(list(self.upcoming_occurrences().exclude(pk=occurrence.pk)[:4]))
        next_date = (
            self.dates()
            .scheduled()
            .upcoming()
            .filter(start__gt=occurrence.start)
            .select_related("venue")
            .first()
        )
        context.update(
            occurrence=occurrence,
            other_dates=others,
            next_date=next_date and self._own([next_date])[0],
            is_past=occurrence.end <= timezone.now(),
            json_ld=structured_data.json_ld(
                structured_data.occurrence_json(occurrence, url=_public(request.path))
            ),
        )
        return self.render(
            request, template="events/occurrence_page.html", context_overrides=context
        )
