"""What is stored of an article when it is compiled."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import Page

from magazine.caching.generation import code_version

STALE = ""  # the code version of a record whose article must be compiled again


def content_type_of(instance):
    """The content type dependencies name `instance` with: pages by their base model, as
    Wagtail's reference index does."""
    model = Page if isinstance(instance, Page) else type(instance)
    return ContentType.objects.get_for_model(model)


class CompiledArticleQuerySet(models.QuerySet):
    def current_for(self, page):
        """The record of `page` as it is published now, compiled by the code running now.

        Read on every request for an article: in SQL written here, which spares the ORM's
        compilation of the query (0.6 ms of the 5 an article costs)."""
        sql = (
            f"SELECT * FROM {self.model._meta.db_table}"  # noqa: S608 names from the model
            " WHERE article_id = %s AND revision_id = %s AND code_version = %s"
        )
        records = self.raw(sql, [page.pk, page.live_revision_id, code_version()])
        return next(iter(records), None)

    def mark_stale(self):
        """Never serve these records again until they are compiled anew (`compile_missing`
        picks them): one UPDATE, where deleting them would load every record and its
        dependencies to cascade."""
        return self.update(code_version=STALE)

    def depending_on(self, instance):
        """Records that show `instance`: an image, a theme, an author…"""
        return self.filter(
            dependencies__content_type=content_type_of(instance),
            dependencies__object_id=str(instance.pk),
        )


class CompiledArticle(models.Model):
    """An article's head metadata and content, rendered once for the revision that is live,
    with the places where a request puts its origin and the day (`magazine.core.deferred`);
    and what it links to elsewhere (`magazine.compiling.links`), refreshed whenever anything is
    published."""

    article = models.OneToOneField(
        "articles.ArticlePage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    code_version = models.CharField(max_length=12)
    head = models.TextField()
    body = models.TextField()
    # What the page's weight counts for its images: [[bytes, lazy], …] (magazine.sobriety.weight).
    images = models.JSONField(default=list)
    # {"related": [link…], "dossier": … or None}: ArticlePage.reading_links, or None until
    # `links.refresh()` has worked them out.
    links = models.JSONField(null=True)
    compiled_at = models.DateTimeField(auto_now=True)

    objects = CompiledArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "article compilé"
        verbose_name_plural = "articles compilés"

    def __str__(self):
        return f"article {self.article_id}, révision {self.revision_id}"


class Dependency(models.Model):
    """Something a compiled article shows from elsewhere: when it changes, the article is
    compiled again (`magazine.compiling.dependencies`)."""

    compiled = models.ForeignKey(
        CompiledArticle, on_delete=models.CASCADE, related_name="dependencies"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)

    class Meta:
        verbose_name = "dépendance"
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["compiled", "content_type", "object_id"], name="unique_dependency"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}"
