"""Fill an empty Hearth with a believable organisation in Leeds, so a newcomer sees a real place.

Idempotent: everything is matched by slug, name or image title and left alone when it exists,
so a second run creates nothing and edits made in the admin survive. Dates are placed around the
day the command runs (gatherings started a few weeks ago, the short course starts next week).
"""

import contextlib
import datetime as dt
import io
import logging
import os
import secrets
import time
from collections import Counter
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from recurrence import deserialize
from wagtail.images.models import Image
from wagtail.models import Locale, Page, Site

from events.models import Category, EventIndexPage, EventPage, Facilitator, Occurrence
from events.services.access import set_up_roles
from events.services.dates import cancel_occurrence, move_occurrence
from hearth import translations
from hearth.demo import content
from hearth.demo.images import illustration, portrait
from hearth.models import HomePage, NavigationSettings, StandardPage, SupportSettings
from hearth.translations import in_site_language
from venues.models import VenueIndexPage, VenuePage, VenuePhoto

TIME_ZONE = "Europe/London"


def first_weekday_on_or_after(day, weekday):
    """The first date on or after ``day`` that falls on ``weekday`` (Monday is 0)."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def next_christmas_eves(today):
    """24 and 31 December of this year, or next year's once this December is over."""
    year = today.year if today <= dt.date(today.year, 12, 31) else today.year + 1
    return [dt.date(year, 12, 24), dt.date(year, 12, 31)]


def schedule_text(rule, exdates=()):
    """A django-recurrence text; excluded dates as the widget stores them (midnight UTC)."""
    lines = [rule] + [f"EXDATE:{day:%Y%m%d}T000000Z" for day in exdates]
    return "\n".join(lines)


class DemoLoader:
    """Loads the demo organisation, writing its progress to ``stdout`` in ``style``."""

    def __init__(self, *, stdout, style):
        self.stdout = stdout
        self.style = style

    def load(self, *, verbosity=1):
        started = time.monotonic()
        self.created = Counter()
        self.today = timezone.localdate(timezone=ZoneInfo(TIME_ZONE))
        with self.quiet_logs(verbosity), transaction.atomic():
            home = self.load_home()
            self.load_support_settings(home)
            categories = self.load_categories()
            facilitators = self.load_facilitators()
            venues = self.load_venues(home)
            events = self.load_events(home, categories, facilitators, venues)
            self.load_exceptions(events, venues)
            for page in content.STANDARD_PAGES:
                self.load_standard_page(home, page)
            self.load_navigation(home)
            self.load_translations(home)
            # Organisers and Moderators groups, and the approval workflow on What's on.
            set_up_roles()
        admin_line = self.load_admin()
        self.report(time.monotonic() - started, admin_line)

    @contextlib.contextmanager
    def quiet_logs(self, verbosity):
        """Hide the per-page and per-task log lines of publishing, unless asked for (-v 2)."""
        loggers = [logging.getLogger(name) for name in ("wagtail", "django_tasks", "modelsearch")]
        levels = [logger.level for logger in loggers]
        if verbosity < 2:
            for logger in loggers:
                logger.setLevel(logging.WARNING)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)

    # Images -------------------------------------------------------------------------------

    def image(self, title, description, draw):
        """The image called ``title``, drawn and stored only if it does not exist yet."""
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        image = Image(
            title=title,
            description=description,
            file=ImageFile(io.BytesIO(draw()), name=f"{slugify(title)[:80]}.png"),
        )
        image._set_image_file_metadata()
        image.save()
        self.created["images"] += 1
        return image

    # Pages --------------------------------------------------------------------------------

    def child(self, parent, model, slug, **fields):
        """The child of ``parent`` at ``slug``, created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing:
            return existing.specific
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created["pages"] += 1
        return page

    def load_home(self):
        home = HomePage.objects.filter(depth=2, locale_id=translations.site_locale_id()).first()
        if home is None:
            raise SystemExit("No home page: run `manage.py migrate` first.")
        # Fill the home page only while it is still as the migration left it.
        if not home.body:
            home.title = home.draft_title = content.HOME["title"]
            home.intro = content.HOME["intro"]
            home.body = content.HOME["body"]
            home.save_revision().publish()
            self.created["home page filled in"] += 1
        return home

    def load_support_settings(self, home):
        site = Site.objects.filter(root_page=home).first() or Site.objects.get(is_default_site=True)
        support = SupportSettings.for_site(site)
        default_text = SupportSettings._meta.get_field("text").default
        if support.pk is None or support.text == default_text:
            support.heading = content.SUPPORT["heading"]
            support.text = content.SUPPORT["text"]
            support.in_other_languages = [
                ("language", {"language": code, **words})
                for code, words in content.SUPPORT_IN_OTHER_LANGUAGES.items()
            ]
            support.save()
            self.created["support settings filled in"] += 1

    # Snippets -----------------------------------------------------------------------------

    def load_categories(self):
        categories = {}
        for data in content.CATEGORIES:
            category, made = Category.objects.get_or_create(
                slug=data["slug"], defaults={k: v for k, v in data.items() if k != "slug"}
            )
            self.created["categories"] += made
            if made or not category.in_other_languages:
                category.in_other_languages = [
                    ("language", {"language": code, "name": name, "description": description})
                    for code, (name, description) in content.CATEGORIES_IN_OTHER_LANGUAGES.get(
                        category.slug, {}
                    ).items()
                ]
                category.save()
            categories[category.slug] = category
        return categories

    def load_facilitators(self):
        facilitators = {}
        for name, (role, bio, palette) in content.FACILITATORS.items():
            facilitator = Facilitator.objects.filter(name=name).first()
            if facilitator is None:
                photo = self.image(
                    f"Portrait of {name}",
                    f"Abstract portrait of {name}, {role.lower()}",
                    lambda name=name, palette=palette: portrait(name, palette),
                )
                facilitator = Facilitator.objects.create(
                    name=name,
                    role=role,
                    bio=bio,
                    photo=photo,
                    email=content.FACILITATOR_EMAILS.get(name, ""),
                )
                self.created["facilitators"] += 1
            facilitators[name] = facilitator
        return facilitators

    # Venues -------------------------------------------------------------------------------

    def load_venues(self, home):
        index = self.child(home, VenueIndexPage, **content.VENUE_INDEX)
        venues = {}
        for data in content.VENUES:
            data = dict(data)
            palette, motif, photos = (
                data.pop("palette"),
                data.pop("motif", "venue"),
                data.pop("photos"),
            )
            existing = index.get_children().filter(slug=data["slug"]).first()
            if existing:
                venues[data["slug"]] = existing.specific
                continue
            name = data["title"]
            venue = VenuePage(
                main_photo=self.image(
                    f"{name}: illustration",
                    f"Illustration of {name}",
                    lambda seed=name, motif=motif, palette=palette: illustration(
                        seed, motif, palette
                    ),
                ),
                **data,
            )
            for i, (photo_motif, caption, short) in enumerate(photos):
                photo = self.image(
                    f"{name}: {short or caption}",
                    caption,
                    lambda seed=f"{name} {i}", m=photo_motif, p=palette: illustration(seed, m, p),
                )
                venue.photos.add(VenuePhoto(image=photo, caption=caption, sort_order=i))
            index.add_child(instance=venue)
            venue.save_revision().publish()
            self.created["pages"] += 1
            venues[venue.slug] = venue
        return venues

    # Gatherings ---------------------------------------------------------------------------

    def first_date(self, data):
        """The first date the rule gives from ``weeks_back`` weeks ago (negative: next week)."""
        weeks_back = data["weeks_back"]
        if weeks_back < 0:
            candidate = first_weekday_on_or_after(
                self.today + dt.timedelta(days=1), data["weekday"]
            )
        else:
            candidate = first_weekday_on_or_after(
                self.today - dt.timedelta(weeks=weeks_back), data["weekday"]
            )
        start = dt.datetime.combine(candidate, dt.time())
        return rrulestr(data["rule"], dtstart=start).after(start, inc=True).date()

    def load_events(self, home, categories, facilitators, venues):
        index = self.child(home, EventIndexPage, **content.EVENT_INDEX)
        events = {}
        for data in content.EVENTS:
            existing = index.get_children().filter(slug=data["slug"]).first()
            if existing:
                events[data["slug"]] = existing.specific
                continue
            exdates = next_christmas_eves(self.today) if data.get("exclude_christmas") else ()
            event = EventPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                body=data["body"],
                what_to_expect=data["what_to_expect"],
                image=self.image(
                    f"{data['title']}: illustration",
                    f"Abstract illustration for {data['title'].lower()}",
                    lambda d=data: illustration(d["title"], d["motif"], d["palette"]),
                ),
                category=categories[data["category"]],
                venue=venues[data["venue"]] if data["venue"] else None,
                attendance_mode=data.get(
                    "attendance_mode", "in_person" if data["venue"] else "online"
                ),
                online_link=data.get("online_link", ""),
                schedule=deserialize(schedule_text(data["rule"], exdates)),
                first_date=self.first_date(data),
                start_time=dt.time(*data["start"]),
                duration=dt.timedelta(minutes=data["minutes"]),
                time_zone=TIME_ZONE,
                capacity=data["capacity"],
                cost=data["cost"],
                intake=data["intake"],
                featured=data["featured"],
                is_course=data.get("is_course", False),
            )
            index.add_child(instance=event)
            # ParentalManyToMany: set on the page, carried into the revision, written on publish.
            event.facilitators.set([facilitators[name] for name in data["facilitators"]])
            event.save_revision().publish()
            self.created["pages"] += 1
            events[event.slug] = event
        return events

    def upcoming(self, event, index):
        """The ``index``-th upcoming date of ``event``, if it has that many."""
        dates = list(event.occurrences.upcoming().scheduled().order_by("start")[: index + 1])
        return dates[index] if len(dates) > index else None

    def load_exceptions(self, events, venues):
        """One cancelled and some moved dates, only for gatherings no organiser has changed."""
        for slug, index, reason in content.CANCELLATIONS:
            event = events.get(slug)
            if event is None or event.occurrences.filter(is_exception=True).exists():
                continue
            occurrence = self.upcoming(event, index)
            if occurrence:
                cancel_occurrence(occurrence, reason=reason)
                self.created["cancelled dates"] += 1
        for slug, index, venue_slug, minutes_later, note in content.MOVES:
            event = events.get(slug)
            if event is None or event.occurrences.filter(is_exception=True).exists():
                continue
            occurrence = self.upcoming(event, index)
            if occurrence:
                shift = dt.timedelta(minutes=minutes_later)
                move_occurrence(
                    occurrence,
                    start=occurrence.start + shift,
                    end=occurrence.end + shift,
                    venue=venues.get(venue_slug) if venue_slug else None,
                    note=note,
                )
                self.created["moved dates"] += 1

    # Plain pages --------------------------------------------------------------------------

    def load_standard_page(self, home, data):
        self.child(home, StandardPage, **data)

    def load_navigation(self, home):
        """Header and footer links and the contact details, only while none are set."""
        site = Site.objects.filter(root_page=home).first() or Site.objects.get(is_default_site=True)
        navigation = NavigationSettings.for_site(site)
        if navigation.header_links or navigation.footer_links:
            return
        pages = {page.slug: page for page in home.get_descendants().live().specific()}

        def links(items):
            stream = []
            for target, label in items:
                if target.startswith("/"):
                    stream.append(("link", {"page": None, "path": target, "label": label}))
                elif target in pages:
                    value = {"page": pages[target], "path": "", "label": label or ""}
                    stream.append(("link", value))
            return stream

        navigation.header_links = links(content.NAVIGATION["header"])
        navigation.footer_links = links(content.NAVIGATION["footer"])
        navigation.contact_email = navigation.contact_email or content.NAVIGATION["contact_email"]
        navigation.contact_phone = navigation.contact_phone or content.NAVIGATION["contact_phone"]
        navigation.save()
        self.created["navigation filled in"] += 1

    # Admin user ---------------------------------------------------------------------------

    def load_admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return "Admin login: an existing superuser was kept"
        if User.objects.filter(username="admin").exists():
            return "Admin: a user called 'admin' exists but is not a superuser; left unchanged."
        # Never a published password: one chosen by whoever runs it, or a fresh random one.
        password = os.environ.get("HEARTH_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@hearth.example", password)
        return (
            f"Admin login: user admin, password {password} "
            "(shown once; `manage.py changepassword admin` sets another)"
        )

    # Translations -------------------------------------------------------------------------

    def load_translations(self, home):
        """A few pages in Polish and Arabic (content.TRANSLATIONS), each made as the page's
        "Translate" menu makes it, then given its words and published. A page already
        translated is left as it is."""
        pages = {"": home, **{p.slug: p for p in home.get_descendants().specific()}}
        for code, translated in content.TRANSLATIONS.items():
            locale = Locale.objects.get(language_code=code)
            for slug, words in translated.items():
                page = pages[slug]
                if page.has_translation(locale):
                    continue
                # Parents not translated yet come along as aliases of the English ones.
                translation = page.copy_for_translation(locale, copy_parents=True).specific
                for name, value in words.items():
                    setattr(translation, name, value)
                if slug == "":
                    translation.draft_title = translation.title
                translation.save_revision().publish()
                self.created[f"pages in {code}"] += 1

    # Summary ------------------------------------------------------------------------------

    def report(self, seconds, admin_line):
        made = ", ".join(f"{count} {what}" for what, count in self.created.items() if count)
        now = timezone.now()
        occurrences = Occurrence.objects.public()
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {seconds:.1f} s.")
            + (f" Created: {made}." if made else " Nothing new: everything was already there.")
        )
        self.stdout.write(
            f"Pages: {in_site_language(HomePage.objects).count()} home, "
            f"{in_site_language(EventPage.objects.live()).count()} gatherings, "
            f"{in_site_language(VenuePage.objects.live()).count()} venues, "
            f"{in_site_language(StandardPage.objects.live()).count()} other pages, "
            f"{Page.objects.exclude(locale_id=translations.site_locale_id()).count()} "
            "translated pages. "
            f"Upcoming dates: {occurrences.upcoming(now).count()} "
            f"({occurrences.upcoming(now).filter(status=Occurrence.Status.CANCELLED).count()} "
            f"cancelled)."
        )
        self.stdout.write(admin_line)
