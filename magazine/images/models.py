from django.db import models
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class MagazineImage(AbstractImage):
    """An image with its credit; the alt text lives in Wagtail's `description` field."""

    credit = models.CharField(
        "crédit",
        max_length=255,
        blank=True,
        help_text="Auteur·rice ou source de l’image, affiché sous la légende.",
    )

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"


class MagazineRendition(AbstractRendition):
    image = models.ForeignKey(MagazineImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
