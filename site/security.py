"""Site-wide protections: the two Content-Security-Policies, the admin sign-in lockout page and
rate limit, and the client address both of them (and the RSVP limits) count by.

Visitors' pages get ``CONTENT_SECURITY_POLICY`` (settings): scripts only from this site, no
inline script (JSON-LD is a data block, outside CSP). Wagtail's admin runs inline scripts and
styles of its own (and those of widgets such as django-recurrence's), so paths under the admin
get ``ADMIN_CSP``, which allows them but still keeps out scripts, frames and form targets from
anywhere else.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.core import is_ratelimited

from events.public.views import client_ip as rsvp_client_ip

ADMIN_PREFIX = "/admin/"

ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    # The page editor shows its live preview in a frame of its own.
    "frame-ancestors": ["'self'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for paths under /admin/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path.startswith(ADMIN_PREFIX):
            directives = {**ADMIN_CSP}
            directives["img-src"] = [*ADMIN_CSP["img-src"], *settings.HEARTH_CSP_IMG_SRC]
            parts.config = default_config(directives)
        elif getattr(request, "is_dummy", False):
            # Wagtail renders a preview through a made-up request for the page's own URL: the
            # page keeps the visitors' policy, except that the editor may show it in its frame.
            directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}
            directives["frame-ancestors"] = ["'self'"]
            parts.config = default_config(directives)
        return parts


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or behind our proxy the address it added."""
    return rsvp_client_ip(request)


def lockout_response(request, original_response=None, credentials=None):
    """The page for a user name and address locked out after too many wrong passwords."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "hearth/admin/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def login_rate_limited(request):
    """Count one sign-in attempt from this address; True once HEARTH_LOGIN_RATE_PER_IP is used.

    The lockout is per user name and address; this bounds what one address can cost in password
    hashing over any number of user names. Counted in the default cache (Redis with CACHE_URL).
    """
    return is_ratelimited(
        request,
        group="hearth.login.ip",
        key=lambda group, request: client_ip(request),
        rate=settings.HEARTH_LOGIN_RATE_PER_IP,
        increment=True,
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    """Wagtail's sign-in page, refusing further attempts from an address that made too many."""
    from wagtail.admin.views.account import LoginView

    if request.method == "POST" and login_rate_limited(request):
        return render(
            request,
            "hearth/admin/locked_out.html",
            {"minutes": None, "address_limited": True},
            status=429,
        )
    return LoginView.as_view()(request)
