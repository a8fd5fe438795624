"""`{% weigh_picture %}`: the pictures of a page tell the footer what they weigh; `kilobytes` and
`decimal_fr` write the sobriety measures in French."""

from django import template

from magazine.sobriety.weight import VIEWPORT_WIDTH, chosen_candidate, french_number, record_image

register = template.Library()

# The renditions components/picture.html offers, the format a current browser takes first.
WIDTHS = (400, 800, 1200)
FORMAT = "avif"
REM = 16  # CSS pixels


@register.simple_tag(takes_context=True)
def weigh_picture(context, image, width_rem, eager=False):
    """Record the rendition a 1,280 px wide browser downloads for `image`, shown `width_rem`
    wide at that width (the `sizes` of the picture), on the request being rendered; an image
    not `eager` is lazy-loaded."""
    request = context.get("request")
    if request is None or image is None:
        return ""
    specs = [f"format-{FORMAT}|width-{width}" for width in WIDTHS]
    renditions = list(image.get_renditions(*specs).values())
    display_width = min(float(width_rem) * REM, VIEWPORT_WIDTH)
    width = chosen_candidate([rendition.width for rendition in renditions], display_width)
    chosen = next(rendition for rendition in renditions if rendition.width == width)
    record_image(request, chosen.file.size, lazy=not eager)
    return ""


@register.filter
def kilobytes(size_bytes):
    """« 36,5 Ko » (1 Ko = 1,000 bytes, as EcoIndex counts)."""
    return f"{french_number(size_bytes / 1000, 1)}\u00a0Ko"


@register.filter
def decimal_fr(value, decimals=1):
    """« 87,6 »: a decimal comma."""
    return french_number(float(value), int(decimals))
