from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of the collective with an account in the admin.

    Custom from the first migration so that profile fields can be added later without pain.
    """

    display_name = models.CharField(
        "nom affiché",
        max_length=150,
        blank=True,
        help_text="Nom montré dans l’interface et dans les e-mails ; à défaut, prénom et nom.",
    )

    class Meta:
        verbose_name = "utilisateur·rice"
        verbose_name_plural = "utilisateur·rices"

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username
