"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), with clear French messages.

Wagtail already checks an upload by its content: it opens the file (Willow, Pillow) and refuses
anything that is not an image, a format outside WAGTAILIMAGES_EXTENSIONS (so no SVG), an
extension that lies about the format, a file over WAGTAILIMAGES_MAX_UPLOAD_SIZE and an image
over WAGTAILIMAGES_MAX_IMAGE_PIXELS — reading only its header, so a decompression bomb is
refused before it is decompressed. This form only rewords those refusals.
"""

from django.conf import settings
from wagtail.images.forms import BaseImageForm

FORMATS_TEXT = "JPEG, PNG, WebP, AVIF ou GIF"


def _thousands(number):
    return f"{number:,}".replace(",", "\u202f")


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" not in self.fields:
            return
        messages = self.fields["file"].error_messages
        messages["invalid_image"] = (
            "Ce fichier n’est pas une image lisible : il a été refusé. "
            f"Formats acceptés : {FORMATS_TEXT}."
        )
        messages["invalid_image_extension"] = (
            "Ce format d’image n’est pas accepté (les images SVG ne le sont pas). "
            f"Formats acceptés : {FORMATS_TEXT}."
        )
        messages["invalid_image_known_format"] = (
            "Ce fichier n’est pas une image .%(extension)s : son contenu est au format "
            "%(image_format)s. Enregistrez-le à nouveau avec la bonne extension."
        )
        max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
        if max_pixels:
            messages["file_too_many_pixels"] = (
                "Cette image compte trop de pixels : "
                f"{_thousands(max_pixels)} au plus. "
                "Réduisez ses dimensions avant de la téléverser."
            )
