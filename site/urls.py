from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from events.public import urls as public_urls
from hearth import health, security, translations, views

urlpatterns = [
    # Wagtail's sign-in page, behind a per-address limit on attempts (hearth/security.py).
    path("admin/login/", security.login_view),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("feeds/", include(public_urls.feed_urlpatterns)),
    path("health/", health.health, name="health"),
    path("health/lb/", health.load_balancer, name="health_lb"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What visitors read, in each language: English at the plain address, the others under their
# code (/pl/whats-on/; hearth/language.py picks the language from the address alone). Wagtail's
# page router last: it never serves a path with a dot, so feeds (.ics) go above it.
urlpatterns += i18n_patterns(
    path("rsvp/", include(public_urls.rsvp_urlpatterns)),
    path("feedback/", include(public_urls.feedback_urlpatterns)),
    path("search/", views.search, name="search"),
    # Pages in the visitor's language, or in the site's until translated (hearth/translations.py).
    re_path(wagtail_urls.serve_pattern, translations.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
