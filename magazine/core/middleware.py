"""Response headers of every page: security policies, and long-lived static files in production."""

from django.conf import settings
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware


def _policy(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


# Public pages run no script and load nothing from elsewhere: one stylesheet, our own images (and
# data: URIs), forms posting to the site. JSON-LD is a data block, never executed: no script-src.
PUBLIC_CSP = _policy(
    {
        "default-src": "'none'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "form-action": "'self'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
    }
)
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
    """Content-Security-Policy (strict on the public site, relaxed under /admin/) and
    Permissions-Policy; Django's SecurityMiddleware sends the other security headers."""

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
        policy = ADMIN_CSP if request.path.startswith(self._admin_prefix) else PUBLIC_CSP
        # Keep a policy a view chose (Wagtail's documents: default-src 'none'), but not the public
        # one: the admin preview renders the public page through the middleware before us.
        if response.headers.get("Content-Security-Policy", PUBLIC_CSP) == PUBLIC_CSP:
            response.headers["Content-Security-Policy"] = policy
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, caching hashed files for a year (the longest lifetime HTTP asks caches to
    honour) rather than its default ten."""

    FOREVER = 365 * 24 * 60 * 60
