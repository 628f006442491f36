"""The organisation's own words in the visitor's language (Wagtail's simple translation).

An organiser translates a page from its "Translate" menu: Wagtail copies it into the other
language's tree (the same slugs, so ``/pl/whats-on/`` is the Polish What's on), and the copy is
edited and published in the page editor organisers already know.

The page in the site's own language (its *source*) keeps everything that is not words: a
gathering's dates, bookings, waiting lists and feeds belong to the source alone. A translation
owns no dates: it shows its source's (``source_of``), takes its source's schedule, places and
booking rules on every publish (events/services/dates.py), and the schedule sync never runs on
it. So one gathering has one set of dates, whichever language someone books it in.

Where a page has no translation yet, visitors at ``/pl/...`` see the page in the site's language
with the interface in Polish (``serve``); lists of dates show a translated gathering's title and
summary wherever the gathering has one (``show_in_visitor_language``), in one query per list.

Stands alone like hearth.language (events/ and venues/ import it): Django, Wagtail,
hearth.language and hearth.remembered only.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_supported_language_variant
from wagtail.models import GroupPagePermission, Locale, Page, Site, WorkflowPage

from hearth import language
from hearth.remembered import remembered
from hearth.remembered import version_of as remembered_version_of

# Words a translation may change; everything else comes from the source.
TEXT_FIELDS = (
    "title", "seo_title", "search_description", "summary", "intro", "cost", "what_to_expect",
    "access_notes", "parking_notes", "public_transport",
)  # fmt: skip

_locale_ids = {}


def site_locale_id():
    """The primary key of the site's own language's locale (one read per process)."""
    return locale_id(settings.LANGUAGE_CODE)


def locale_id(code):
    """The primary key of the locale of the language ``code`` (one read per process)."""
    code = get_supported_language_variant(code)
    if code not in _locale_ids:
        found = Locale.objects.filter(language_code=code).values_list("pk", flat=True).first()
        if found is None:
            return None
        _locale_ids[code] = found
    return _locale_ids[code]


def forget_locales(**kwargs):
    """Locales were added, removed or the database flushed (tests): read them again."""
    _locale_ids.clear()


def is_source(page):
    """The page is in the site's own language (or is the only one of its kind)."""
    return page.locale_id == site_locale_id()


def source_of(page):
    """The page in the site's language that ``page`` translates (``page`` itself if it is in
    the site's language, or when its source is gone)."""
    if is_source(page):
        return page
    source = (
        type(page)
        ._default_manager.filter(translation_key=page.translation_key, locale_id=site_locale_id())
        .first()
    )
    return source or page


def in_site_language(queryset):
    """``queryset`` of pages without the translations: each page once, as its source."""
    return queryset.filter(locale_id=site_locale_id())


def in_visitor_language(queryset, code=None):
    """``queryset`` of pages with each page once, in the visitor's language: its translation
    in ``code`` (the active language) where there is one, else the page in the site's."""
    code = code or language.current()
    if code == language.default():
        return in_site_language(queryset)
    local = locale_id(code)
    translated = Page.objects.live().filter(locale_id=local).values("translation_key")
    return queryset.filter(
        Q(locale_id=local) | (Q(locale_id=site_locale_id()) & ~Q(translation_key__in=translated))
    )


def listed(queryset, *, limit=None):
    """A list of the pages of ``queryset`` (in the site's language: each page once, as its
    source), at most ``limit`` of them, each showing its translation's words where it has one
    in the visitor's language (``show_in_visitor_language``)."""
    pages = in_site_language(queryset)
    return show_in_visitor_language(list(pages[:limit] if limit else pages))


def show_in_visitor_language(pages, code=None):
    """Give each of ``pages`` (sources, as loaded for a list) the title, summary and address of
    its live translation in ``code`` (the visitor's language), where it has one.

    One query per kind of page, whatever the number of pages; nothing at all in the site's
    language. Only fields already loaded are replaced (a list that deferred the body keeps it
    deferred). The pages must not be saved afterwards (they are for showing).
    """
    code = code or language.current()
    if code == language.default() or not pages:
        return pages
    by_model = {}
    for page in pages:
        if page is not None:
            by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        fields = [f for f in TEXT_FIELDS if _has_field(model, f)]
        translations = {
            t.translation_key: t
            for t in model._default_manager.live()
            .filter(
                translation_key__in={p.translation_key for p in group},
                locale__language_code=code,
            )
            .only("url_path", "translation_key", "locale_id", "path", "depth", *fields)
        }
        for page in group:
            translation = translations.get(page.translation_key)
            if translation is None:
                continue
            for field in fields:
                if field in page.__dict__:
                    setattr(page, field, getattr(translation, field))
            page.translation_in_view = translation
    return pages


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def serve(request, path):
    """Wagtail's page view, routed in the visitor's language with a fallback.

    ``/pl/whats-on/`` is served from the Polish tree when the site has one and the page is
    translated; otherwise from the site's own tree at the same path, so every English address
    also works under ``/pl/`` (with the Polish interface) until someone translates it. Routing
    here also spares Wagtail's own look-up of the active locale on every English request.
    """
    from wagtail import views as wagtail_views

    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = _route(request, path)
    return wagtail_views.serve(request, path)


def _route(request, path):
    site = _site(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    code = language.current()
    # Where the path led last time, while nothing has changed (hearth/remembered.py): the
    # page's kind, its key and how many parts of the path lead to it. Reading that one page and
    # routing the rest of the path on it gives what walking down the tree gives.
    found = remembered(
        request, f"route:{site.pk}:{code}:{path}", lambda: _walk(request, site, components, code)
    )
    if found is None:
        return None
    result, content_type_id, pk, depth, restrictions = found
    if result is not None:
        return result
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model._default_manager.filter(pk=pk).first()
    if page is None:
        return None
    page._known_view_restrictions = restrictions  # hearth.remembered.KnownRestrictions
    try:
        return page.route(request, components[depth:])
    except Http404:
        return None


def _site(request):
    """Wagtail's Site for the request, remembered like the route (Wagtail keeps it on the
    request, where everything else that asks finds it)."""
    if not hasattr(request, "_wagtail_site"):
        host = f"{request._get_raw_host()}:{request.get_port()}"
        request._wagtail_site = remembered(
            request, f"site:{host}", lambda: Site._find_for_request(request)
        )
    return request._wagtail_site


class _Walked(tuple):
    """A route worked out now: the result itself for this request, and what to remember of it
    (pickled without the result, whose view functions and page belong to this request): the
    page's kind and key, how many parts of the path lead to it, and its view restrictions."""

    def __reduce__(self):
        return (tuple, ((None, *self[1:]),))


def _walk(request, site, components, code):
    root = site.root_page
    roots = []
    if code != language.default():
        translated_root = (
            Page.objects.live()
            .filter(translation_key=root.translation_key, locale__language_code=code)
            .first()
        )
        if translated_root is not None:
            roots.append(translated_root)  # not translated (yet): the site's page next
    roots.append(root)
    for start in roots:
        try:
            result = start.specific.route(request, components)
        except Http404:
            continue
        page = result[0]
        if remembered_version_of(request) is None:
            return _Walked((result, None, None, None, None))
        restrictions = list(page.get_view_restrictions())
        page._known_view_restrictions = restrictions
        return _Walked(
            (result, page.content_type_id, page.pk, page.depth - start.depth, restrictions)
        )
    return None


def share_rights(sender, source_obj, target_obj, **kwargs):
    """Wagtail's ``copy_for_translation_done``: whoever may edit (add, publish) a page may do
    the same with its translation, and its approval workflow applies there too. The same for
    the parents the copy brought into the language's tree. Without this, the organisers of a
    gathering could not edit the translation they had just made."""
    if not isinstance(target_obj, Page):
        return
    for page in [target_obj, *target_obj.get_ancestors().filter(depth__gt=1)]:
        source = source_of(page)
        if source.pk == page.pk:
            continue
        for group_id, permission_id in GroupPagePermission.objects.filter(page=source).values_list(
            "group_id", "permission_id"
        ):
            GroupPagePermission.objects.get_or_create(
                group_id=group_id, permission_id=permission_id, page=page
            )
        workflow = WorkflowPage.objects.filter(page=source).values_list("workflow_id").first()
        if workflow and not WorkflowPage.objects.filter(page=page).exists():
            WorkflowPage.objects.create(page=page, workflow_id=workflow[0])
