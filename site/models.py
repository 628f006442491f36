"""Site-wide pages and settings: home page, content pages, navigation, support signposting."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from hearth import translations
from hearth.blocks import BodyBlock, NavigationBlock, SupportInLanguageBlock, for_visitor
from hearth.language import LanguageUrls
from hearth.remembered import KnownRestrictions, remembered
from hearth.text import NormalisedText


class RememberedSetting(BaseSiteSetting):
    """A site setting read once per change to the site's content, not once per page
    (hearth/remembered.py): every public page shows the menus and the support signposting."""

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            name = f"setting:{cls._meta.label_lower}:{site.pk if site else None}"
            found = remembered(request, name, lambda: cls.for_site(site))
            found._request = request
            setattr(request, attr_name, found)
        return getattr(request, attr_name)


@register_setting(icon="help")
class SupportSettings(NormalisedText, RememberedSetting):
    """The "Need support now?" signposting shown on every page; organisers keep it current."""

    heading = models.CharField(max_length=80, default="Need support now?")
    text = RichTextField(
        features=["bold", "italic", "link", "ul"],
        default=(
            "<p>If you are in crisis or worried about your safety, call <b>999</b> "
            "or go to A&amp;E. "
            "For emotional support at any hour, call Samaritans free on <b>116 123</b>.</p>"
        ),
        help_text=_("Short and practical: who to call, and when."),
    )

    in_other_languages = StreamField(
        [("language", SupportInLanguageBlock())],
        blank=True,
        help_text=_(
            "The same in the other languages the site speaks, for visitors reading it in them. "
            "A language left out shows the text above."
        ),
    )

    panels = [FieldPanel("heading"), FieldPanel("text"), FieldPanel("in_other_languages")]

    class Meta:
        verbose_name = _("support signposting")

    @property
    def in_visitor_language(self):
        """The heading and text in the active language where written, else the main ones."""
        words = for_visitor(self.in_other_languages)
        if words:
            return {"heading": words["heading"], "text": words["text"].source}
        return {"heading": self.heading, "text": self.text}


@register_setting(icon="list-ul")
class NavigationSettings(RememberedSetting):
    """The header and footer links and the organisation's contact details; organisers edit them.

    Empty lists fall back to What's on, Calendar and Venues (header) and What's on, Venues and
    the calendar subscriptions (footer), so a new site is never without a way around.
    """

    header_links = StreamField(
        NavigationBlock(),
        blank=True,
        help_text=_("The main menu at the top of every page, in order. Search is always added."),
    )
    footer_links = StreamField(
        NavigationBlock(),
        blank=True,
        help_text=_("Links at the foot of every page: about us, contact, privacy, guidelines."),
    )
    contact_email = models.EmailField(
        blank=True, help_text=_("The organisation's public address, shown in the footer.")
    )
    contact_phone = models.CharField(
        max_length=40, blank=True, help_text=_("A public phone number, shown in the footer.")
    )

    panels = [
        FieldPanel("header_links"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")
        ),
    ]

    class Meta:
        verbose_name = _("navigation and contact")


class HomePage(KnownRestrictions, LanguageUrls, NormalisedText, Page):
    """The site's root page: an introduction, then this week's dates and featured gatherings."""

    intro = models.TextField(
        max_length=400,
        blank=True,
        help_text=_("One or two welcoming sentences shown at the top of the home page."),
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["events.EventIndexPage", "venues.VenueIndexPage", "hearth.StandardPage"]
    max_count = 1

    THIS_WEEK_LIMIT = 30
    FEATURED_LIMIT = 6

    def get_context(self, request, *args, **kwargs):
        """This week's dates, featured gatherings and the categories, in a fixed few queries."""
        import datetime as dt

        from django.db.models import Prefetch
        from django.utils import timezone
        from wagtail.images import get_image_model

        from events.listing import group_by_day
        from events.models import Category, EventIndexPage, EventPage, Occurrence

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        week = (
            Occurrence.objects.public()
            .upcoming(now)
            .filter(start__lt=now + dt.timedelta(days=7))
            .with_related()
            .with_seats_taken()
            .in_visitor_language()
            .order_by("start", "event__title")
        )
        context["this_week"] = group_by_day(list(week[: self.THIS_WEEK_LIMIT]))
        # Each gathering once (translations share its dates), in the visitor's language.
        context["featured"] = translations.listed(
            EventPage.objects.live()
            .filter(featured=True)
            .select_related("category", "venue")
            .prefetch_related(
                Prefetch(
                    "image",
                    queryset=get_image_model().objects.prefetch_renditions("fill-480x270"),
                )
            )
            .order_by("title"),
            limit=self.FEATURED_LIMIT,
        )
        context["categories"] = list(Category.objects.order_by("name"))
        context["whats_on"] = translations.in_site_language(EventIndexPage.objects.live()).first()
        return context


class StandardPage(KnownRestrictions, LanguageUrls, NormalisedText, Page):
    """A plain content page: about us, safe-space guidelines, resources."""

    intro = models.TextField(max_length=400, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["hearth.HomePage", "hearth.StandardPage"]
    subpage_types = ["hearth.StandardPage"]
