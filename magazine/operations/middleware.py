"""Response headers of every page: security policies, and long-lived static files in production."""

from django.conf import settings
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware


def _policy(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


# Public pages run no script and load nothing from elsewhere: one stylesheet, our own images (and
# data: URIs), forms posting to the site. JSON-LD is a data block, never executed: no script-src.
# connect-src 'self' only lets tools that audit the page from inside it (Lighthouse reads
# /robots.txt that way) fetch from the site; no script of ours runs to use it.
PUBLIC_DIRECTIVES = {
    "default-src": "'none'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
PUBLIC_CSP = _policy(PUBLIC_DIRECTIVES)
# An admin preview shows what contributors wrote: the public page's policy, not the admin's
# (no script may run in it), except that the editor shows it in a frame of the admin.
PREVIEW_CSP = _policy({**PUBLIC_DIRECTIVES, "frame-ancestors": "'self'"})
# The Wagtail admin runs its own scripts, inline ones too (its widgets still start from inline
# <script> elements, so no nonce or hash can list them), sets inline styles, shows previews in a
# frame and image uploads as blob: URLs. Still nothing from another origin, and no eval().
ADMIN_CSP = _policy(
    {
        "default-src": "'self'",
        "script-src": "'self' 'unsafe-inline'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "object-src": "'none'",
        "form-action": "'self'",
        "base-uri": "'self'",
        "frame-ancestors": "'self'",
    }
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy (strict on the public site and on the admin's previews of it,
    relaxed elsewhere under /admin/) and Permissions-Policy; Django's SecurityMiddleware sends
    the other security headers.

    Wagtail renders every preview (live preview, « Prévisualiser », a revision, a draft, a task's
    preview) by passing a request for the public page through the middleware (`request.is_preview`
    is set on it): that inner response gets PREVIEW_CSP, which the admin view's own pass keeps.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's debug pages are styled inline
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        if getattr(request, "is_preview", False):
            policy = PREVIEW_CSP
        elif request.path.startswith(self._admin_prefix):
            policy = ADMIN_CSP
        else:
            policy = PUBLIC_CSP
        # Keep a policy a view chose (Wagtail's documents: default-src 'none'; a preview's).
        if response.headers.get("Content-Security-Policy", PUBLIC_CSP) == PUBLIC_CSP:
            response.headers["Content-Security-Policy"] = policy
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, caching hashed files for a year (the longest lifetime HTTP asks caches to
    honour) rather than its default ten."""

    FOREVER = 365 * 24 * 60 * 60
