"""The articles section and the article itself."""

import math
import re

from django import forms
from django.db import models
from django.db.models import Prefetch, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import hooks
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index
from wagtail_footnotes.widgets import ReadonlyUUIDInput

from magazine.articles.models.audiences import Audience
from magazine.articles.models.querysets import RELATED_COUNT, RELATED_WEIGHTS, ArticleManager
from magazine.articles.pagination import page_of
from magazine.core.blocks import ArticleBodyBlock
from magazine.core.deferred import DeferredRequest
from magazine.core.models import LICENCE_URLS, Licence, SiteSettings
from magazine.core.panels import SETTINGS_PANELS, PermissionedInlinePanel
from magazine.core.restrictions import RememberedRestrictionsMixin
from magazine.dossiers.models import DossierArticle
from magazine.taxonomy.models import Territory

WORDS_PER_MINUTE = 230
TOC_MIN_HEADINGS = 3
LONG_READ_MINUTES = 5  # from this reading time, an « En bref » is advised
LISTING_PAGE_SIZE = 10
PUBLICATION_RULES = "lemag_article_publication_rules"  # the hook of ArticlePage.publish
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


class ArticleIndexPage(RememberedRestrictionsMixin, Page):
    """/articles/: every published article, newest first."""

    intro = models.TextField("présentation", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = SETTINGS_PANELS
    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1
    template = "pages/article_index_page.html"

    class Meta:
        verbose_name = "rubrique des articles"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.child_of(self).published().for_listing()
        context["page_obj"] = page_of(request, articles, LISTING_PAGE_SIZE)
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePermissionTester(PagePermissionTester):
    """Wagtail's, without a query per article to learn whether anything it would delete is live:
    an article has no children, so that is whether the article itself is. The admin's Articles
    listing asked it for every row of a contributor (10,000 articles: 38 queries a page)."""

    def can_delete(self, ignore_bulk=False):
        if not self.page.is_leaf() or self.user.is_superuser or not self.user.is_active:
            return super().can_delete(ignore_bulk)
        if "change" in self.permissions:
            return "publish" in self.permissions or not self.page.live
        if "add" in self.permissions:
            owned = self.page.owner_id == self.user.pk
            return owned and ("publish" in self.permissions or not self.page.live)
        return False


class ArticlePage(RememberedRestrictionsMixin, Page):
    chapo = models.TextField(
        "chapô",
        blank=True,
        max_length=400,
        help_text="Quelques phrases qui résument l’article ; reprises comme description "
        "pour les moteurs de recherche et les flux.",
    )
    summary = models.TextField(
        "en bref",
        blank=True,
        max_length=600,
        help_text="Trois phrases simples qui disent l’essentiel, pour qui n’a pas le temps de "
        "tout lire ; affichées en tête de l’article. Conseillé dès "
        f"{LONG_READ_MINUTES} minutes de lecture.",
    )
    lead_image = models.ForeignKey(
        "images.MagazineImage",
        verbose_name="image principale",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.ForeignKey(
        "articles.Audience",
        verbose_name="public visé",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Pour qui l’article est écrit : son objectif de lisibilité (fixé par la "
        "rédaction en chef). Vide : le public par défaut.",
    )
    lead_image_alt = models.CharField(
        "texte alternatif",
        max_length=250,
        blank=True,
        help_text="Ce que l’image montre, pour qui ne la voit pas, dans cet article. Vide : la "
        "description de l’image dans la médiathèque.",
    )
    lead_image_credit = models.CharField(
        "crédit",
        max_length=200,
        blank=True,
        help_text="Vide : le crédit de l’image dans la médiathèque.",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name="corps de l’article", blank=True)
    themes = ParentalManyToManyField("taxonomy.Theme", verbose_name="thèmes", blank=True)
    territory_kinds = ParentalManyToManyField(
        "taxonomy.TerritoryKind", verbose_name="types de territoire", blank=True
    )
    territories = ParentalManyToManyField(
        "taxonomy.Territory", verbose_name="territoires", blank=True
    )
    tags = ClusterTaggableManager("mots-clés", through=ArticleTag, blank=True)
    licence = models.CharField(
        "licence",
        max_length=40,
        choices=Licence.choices,
        blank=True,
        help_text="Vide : la licence par défaut du magazine.",
    )
    editors_pick = models.BooleanField(
        "à la une", default=False, help_text="Mis en avant sur la page d’accueil."
    )
    # The year and month of `first_published_at` in the magazine's time zone, set by `save()`:
    # the archives count articles per year and month by grouping on them, where extracting them
    # from a date and time costs a function call per article (SQLite: a Python one).
    published_year = models.PositiveSmallIntegerField(null=True, editable=False)
    published_month = models.PositiveSmallIntegerField(null=True, editable=False)

    objects = ArticleManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("chapo"),
        FieldPanel("summary"),
        InlinePanel("article_authors", heading="Auteur·rices", label="auteur·rice", min_num=0),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldPanel("lead_image_credit"),
            ],
            heading="Image principale",
        ),
        FieldPanel("body"),
        FieldPanel("audience", widget=forms.Select),
        # Filled as the person writes (magazine.editorial.readability, newsroom's script).
        HelpPanel(template="newsroom/readability_panel.html", heading="Lisibilité"),
        InlinePanel(
            "footnotes",
            label="note de bas de page",
            heading="Notes de bas de page",
            panels=[
                FieldPanel("text", heading="Texte de la note"),
                FieldPanel("uuid", widget=ReadonlyUUIDInput, heading="Identifiant"),
            ],
            help_text="Insérez l’appel de note dans un paragraphe avec le bouton « Fn » de la "
            "barre d’outils, puis choisissez la note (ou créez-la).",
        ),
        InlinePanel("sources", heading="Sources", label="source"),
    ]
    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("territory_kinds", widget=forms.CheckboxSelectMultiple),
                FieldPanel("territories"),
                FieldPanel("tags"),
            ],
            heading="Classement",
        ),
        MultiFieldPanel(
            [InlinePanel("related_links", label="article", max_num=RELATED_COUNT)],
            heading="À lire aussi",
            help_text=f"En fin d’article, {RELATED_COUNT} articles publiés sont proposés\u00a0: "
            "d’abord ceux choisis ici, dans cet ordre, puis, pour compléter, ceux qui partagent "
            "le plus de thèmes, de mots-clés et de territoires avec celui-ci (à égalité, le plus "
            "récent). Un article choisi qui n’est pas publié n’est pas proposé.",
        ),
        FieldPanel("editors_pick"),
        FieldPanel("licence"),
        MultiFieldPanel(
            [
                PermissionedInlinePanel(
                    "corrections",
                    label="note publique",
                    permission="articles.add_articlecorrection",
                )
            ],
            heading="Corrections et mises à jour publiques",
            help_text="Réservé à la rédaction en chef. Une correction ou mise à jour datée est "
            "affichée sur l’article et change sa date de mise à jour ; une simple coquille se "
            "corrige sans note.",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Contenu"),
            ObjectList(classification_panels, heading="Classement"),
            ObjectList(Page.promote_panels, heading="Promotion"),
            ObjectList(SETTINGS_PANELS, heading="Paramètres"),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("chapo", boost=2),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []
    template = "pages/article_page.html"

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        indexes = [models.Index(fields=["published_year", "published_month"])]

    def save(self, *args, update_fields=None, **kwargs):
        published = self.first_published_at and timezone.localtime(self.first_published_at)
        self.published_year = published.year if published else None
        self.published_month = published.month if published else None
        if update_fields is not None and "first_published_at" in update_fields:
            update_fields = {*update_fields, "published_year", "published_month"}
        return super().save(*args, update_fields=update_fields, **kwargs)

    def permissions_for_user(self, user):
        return ArticlePermissionTester(user, self)

    def publish(self, revision, user=None, **kwargs):
        """A person publishes an article only if every publication rule allows it, whatever
        the path: edit form, workflow, bulk action, revision history. The rules are functions
        registered with the PUBLICATION_RULES Wagtail hook, returning why the article may not
        be published, or None: `magazine.editorial` registers the review rule (no article goes
        live unreviewed). Code that publishes with no user is not a person's publication."""
        if user is not None:
            for rule in hooks.get_hooks(PUBLICATION_RULES):
                if reason := rule(self):
                    raise PublishPagePermissionError(f"Publication impossible : {reason}.")
        return super().publish(revision, user=user, **kwargs)

    @cached_property
    def authors(self):
        return [link.author for link in self.article_authors.all()]

    @cached_property
    def headings(self):
        return [block.value for block in self.body if block.block_type == "heading"]

    @property
    def table_of_contents(self):
        """The level-2 headings, when the article has at least three headings."""
        if len(self.headings) < TOC_MIN_HEADINGS:
            return []
        return [heading for heading in self.headings if heading["level"] == "h2"]

    @cached_property
    def word_count(self):
        return len(_WORD.findall(body_text(self.body)))

    @property
    def reading_audience(self):
        """Its audience, else the default one (None if the rédaction removed them all)."""
        return self.audience or Audience.objects.default()

    @property
    def lead_image_alt_text(self):
        """The lead image's alt text in this article: its own, or the library's description."""
        if not self.lead_image:
            return ""
        return (self.lead_image_alt or self.lead_image.description or "").strip()

    @property
    def lead_image_credit_text(self):
        if not self.lead_image:
            return ""
        return (self.lead_image_credit or self.lead_image.credit or "").strip()

    @property
    def reading_time(self):
        """Minutes, rounded up, at least one."""
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @cached_property
    def public_corrections(self):
        return sorted(self.corrections.all(), key=lambda correction: correction.date)

    @property
    def last_updated_at(self):
        """Date of the last substantive change: the latest public correction or update."""
        corrections = self.public_corrections
        return corrections[-1].date if corrections else None

    def licence_for(self, site_settings):
        code = self.licence or site_settings.licence
        return {"label": Licence(code).label, "url": LICENCE_URLS.get(code, "")}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["licence"] = self.licence_for(SiteSettings.for_request(request))
        return context

    @property
    def for_reading(self):
        """The page, with what it shows several times read at once: in the templates,
        `{% with page=page.for_reading %}` inside the parts that need it (`articles/head.html`,
        `articles/body.html`), so that a page served from its compiled record reads nothing."""
        self.prefetch_for_reading()
        return self

    def prefetch_for_reading(self):
        """Read once what the page shows several times (kicker, byline, footer, related articles).

        A preview keeps its relations in memory (modelcluster) and needs nothing from here.
        """
        if getattr(self, "_cluster_related_objects", None) or self.__dict__.get("_read"):
            return
        self._read = True
        prefetch_related_objects(
            [self],
            "themes",
            "territory_kinds",
            Prefetch("territories", queryset=Territory.objects.select_related("kind")),
            "tags",
            Prefetch(
                "article_authors",
                queryset=self.article_authors.model.objects.select_related("author"),
            ),
            "related_links",
            "footnotes",  # each paragraph with notes looks them all up (wagtail-footnotes)
        )

    @cached_property
    def related_articles(self):
        """À lire aussi: the editors' choice first, completed by the closest articles."""
        if not getattr(self, "_cluster_related_objects", None):  # a preview has them in memory
            prefetch_related_objects([self], *RELATED_WEIGHTS, "related_links")
        chosen = [link.article_id for link in self.related_links.all()]
        # Titles and URLs only: the bodies of the related articles are neither read nor decoded.
        articles = ArticlePage.objects.published().defer_streamfields()
        return list(articles.related_to(self, chosen))

    @cached_property
    def reading_links(self):
        """What the article links to besides itself, as its template shows it:
        `{"related": [link…], "dossier": {"dossier": link, "position", "count", "previous":
        link or None, "next": link or None} or None}`, a link being `{"title", "url"}`.
        (`magazine.compiling.links` computes the same for every article at once.)"""
        request = DeferredRequest()  # Wagtail keeps the site's root paths on it: one read
        membership = self.dossier_membership
        if membership is not None:
            membership = {
                **membership,
                **{
                    name: link_to(membership[name], request)
                    for name in ("dossier", "previous", "next")
                    if membership[name] is not None
                },
            }
        related = [link_to(page, request) for page in self.related_articles]
        return {"related": related, "dossier": membership}

    @cached_property
    def dossier_membership(self):
        """(dossier, previous article, next article) when the article belongs to a dossier: the
        first of its live dossiers in the order of its places in them."""
        first_dossier = (
            self.dossier_links.filter(dossier__live=True)
            .order_by("sort_order", "pk")
            .values("dossier")
        )
        # The articles any reader may see: live, and not under a view restriction.
        items = list(
            DossierArticle.objects.filter(
                dossier=Subquery(first_dossier[:1]),
                article__in=ArticlePage.objects.published().values("pk"),
            )
            .select_related("dossier", "article")
            .defer("article__body")  # titles and URLs only
            .order_by("sort_order", "pk")
        )
        siblings = [item.article for item in items]
        if not siblings:
            return None
        dossier = items[0].dossier
        ids = [article.pk for article in siblings]
        position = ids.index(self.pk) if self.pk in ids else None
        if position is None:
            return None
        return {
            "dossier": dossier,
            "position": position + 1,
            "count": len(siblings),
            "previous": siblings[position - 1] if position > 0 else None,
            "next": siblings[position + 1] if position + 1 < len(siblings) else None,
        }


def link_to(page, request=None):
    """A link to a page, as lists of links show it."""
    return {"title": page.title, "url": page.get_url(request)}


def body_text(stream):
    """The readable text of a body, for word counts."""
    parts = []
    for block in stream:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif block.block_type == "heading":
            parts.append(value["text"])
        elif block.block_type == "quote":
            parts.extend([value["text"], value["attribution"]])
        elif block.block_type == "callout":
            parts.extend([value["title"], strip_tags(value["text"].source)])
        elif block.block_type == "key_figures":
            parts.extend(f"{item['value']} {item['label']}" for item in value["figures"])
        elif block.block_type == "table" and value:  # None: added, not drawn yet
            rows = value.get("data") or []
            parts.extend(" ".join(cell or "" for cell in row or []) for row in rows)
        elif block.block_type == "image":
            parts.append(value.get("caption") or "")
        elif block.block_type == "embed":
            parts.extend([value["title"] or "", value["description"] or ""])
    return " ".join(parts)
