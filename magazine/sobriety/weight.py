"""What a page weighs and what it emits, stated in its own footer.

The footer of every public page holds a placeholder, `PLACEHOLDER`, that `PageWeightMiddleware`
replaces with « Cette page pèse 37 Ko lue en entier — environ 0,005 g CO₂e. ». The weight is what
a browser 1,280 px wide (device pixel ratio 1) transfers on a first visit:

- the HTML, gzip-compressed as Django's GZipMiddleware serves it (`compress_string`);
- the stylesheet as served: WhiteNoise's precompressed `.gz` in production, the file itself when
  Django's development server serves it;
- each image the page shows, at the candidate of its `srcset` that browser picks (the pictures
  record it on the request as the template renders them, see `record_image`), lazy-loaded ones
  included: the page « lue en entier »;
- the response headers of each of those requests, estimated.

The footprint follows the Sustainable Web Design model v4, simplified to its two published
constants: bytes → GB × 0.3 kWh/GB × 494 gCO₂e/kWh.

The figure depends only on the page's content, so that the same page always gets the same
bytes, hence the same ETag. The middleware must sit below those that compress, cache or tag the
response (the bottom of settings.MIDDLEWARE): they all see the page with its weight.
"""

import functools
import hashlib
import math

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.text import compress_string

PLACEHOLDER = b"<!--lemag:poids-->"
STYLESHEET = "css/lemag.css"
KWH_PER_GB = 0.3
GRAMS_CO2E_PER_KWH = 494
# What a request costs besides its body, as Chromium counts it (status line and response
# headers; the page's own are longer, with its Content-Security-Policy).
HTML_HEADER_BYTES = 900
OTHER_HEADER_BYTES = 300
# The browser the weight is stated for.
VIEWPORT_WIDTH = 1280
DEVICE_PIXEL_RATIO = 1


def footprint_grams(size_bytes):
    """Grams of CO₂ equivalent for transferring `size_bytes` (Sustainable Web Design v4)."""
    return size_bytes / 1e9 * KWH_PER_GB * GRAMS_CO2E_PER_KWH


def french_number(value, decimals):
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def describe(size_bytes, read_whole=False):
    """« Cette page pèse 18 Ko — environ 0,003 g CO₂e. » (1 Ko = 1,000 bytes, as EcoIndex)."""
    kilobytes = size_bytes / 1000
    weight = french_number(kilobytes, 0 if kilobytes >= 10 else 1)
    grams = footprint_grams(size_bytes)
    decimals = max(3, -math.floor(math.log10(grams)) if grams > 0 else 3)
    footprint = french_number(grams, decimals)
    whole = " lue en entier" if read_whole else ""
    return f"Cette page pèse {weight}\u00a0Ko{whole} — environ {footprint}\u00a0g CO₂e."


@functools.cache
def stylesheet_bytes():
    """The stylesheet's body as served, computed once per process."""
    if "magazine.operations.middleware.StaticFilesMiddleware" in settings.MIDDLEWARE:
        # WhiteNoise serves the hashed, collected file, precompressed.
        path = staticfiles_storage.path(staticfiles_storage.stored_name(STYLESHEET))
        try:
            with open(path + ".gz", "rb") as compressed:
                return len(compressed.read())
        except FileNotFoundError:
            pass
    path = finders.find(STYLESHEET)
    with open(path, "rb") as stylesheet:
        return len(stylesheet.read())


def chosen_candidate(widths, display_width, pixel_ratio=DEVICE_PIXEL_RATIO):
    """The `srcset` width Chromium picks for an image `display_width` CSS px wide.

    Chromium takes the first candidate dense enough, unless the geometric mean of its density
    and the previous one's is already above the pixel ratio: then the previous, lighter one.
    """
    widths = sorted(widths)
    densities = [width / display_width for width in widths]
    for index, density in enumerate(densities):
        if density >= pixel_ratio:
            if index and math.sqrt(densities[index - 1] * density) > pixel_ratio:
                return widths[index - 1]
            return widths[index]
    return widths[-1]


def record_image(request, size_bytes, lazy):
    """Count an image the page shows (called by the `picture` component as it renders)."""
    if request is not None:
        request.__dict__.setdefault("page_weight_images", []).append((size_bytes, lazy))


_COMPRESSED_SIZES = {}  # digest of an HTML body -> its compressed size: never stale
_COMPRESSED_SIZES_MAX = 4096


def compressed_size(html_body):
    """Bytes of the gzip-compressed HTML; the same page is weighed once per process (the
    digest costs a twentieth of the compression)."""
    digest = hashlib.md5(html_body, usedforsecurity=False).digest()
    size = _COMPRESSED_SIZES.get(digest)
    if size is None:
        if len(_COMPRESSED_SIZES) >= _COMPRESSED_SIZES_MAX:
            _COMPRESSED_SIZES.clear()  # a few hundred kilobytes at most
        size = _COMPRESSED_SIZES[digest] = len(compress_string(html_body))
    return size


def page_weight(html_body, images):
    """Bytes a first visit transfers: the compressed HTML, the stylesheet, the images."""
    requests = 2 + len(images)
    return (
        compressed_size(html_body)
        + HTML_HEADER_BYTES
        + stylesheet_bytes()
        + sum(size for size, _lazy in images)
        + (requests - 1) * OTHER_HEADER_BYTES
    )


class PageWeightMiddleware:
    """Replace the footer's placeholder with the page's weight and footprint."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or PLACEHOLDER not in response.content
        ):
            return response
        images = getattr(request, "page_weight_images", [])
        read_whole = any(lazy for _size, lazy in images)
        # Weighed with the placeholder in place of the statement: the few compressed bytes
        # between them do not change the rounded figure, and the HTML is compressed once less.
        text = describe(page_weight(response.content, images), read_whole)
        filled = response.content.replace(PLACEHOLDER, text.encode())
        response.content = filled
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(filled))
        return response
