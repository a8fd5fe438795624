"""« Articles » in the admin menu: every article, flat, with its authors and stage, filtered by
stage, author and theme (Wagtail's `PageListingViewSet`)."""

import django_filters
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet, PageListingMixin
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.models import Site

from magazine.articles.models import ArticlePage
from magazine.newsroom import stages
from magazine.people.models import Author
from magazine.taxonomy.models import Theme


class ArticleFilterSet(PageFilterSet):
    stage = django_filters.ChoiceFilter(
        label="État",
        choices=[(stage.key, stage.label) for stage in stages.STAGES],
        empty_label="Tous",
        method="by_stage",
    )
    author = django_filters.ModelChoiceFilter(
        label="Auteur·rice",
        queryset=Author.objects.order_by("name"),
        field_name="article_authors__author",
        distinct=True,
        empty_label="Tous et toutes",
    )
    theme = django_filters.ModelChoiceFilter(
        label="Thème",
        queryset=Theme.objects.order_by("sort_order", "name"),
        field_name="themes",
        empty_label="Tous",
    )

    def by_stage(self, queryset, name, value):
        return stages.in_stage(queryset, stages.BY_KEY[value]) if value else queryset

    class Meta:
        model = ArticlePage
        fields = []


def _column(name):
    return next(column for column in PageListingMixin.base_columns if column.name == name)


class ArticleIndexView(IndexView):
    def paginate_queryset(self, queryset, page_size):
        """Each article of the page shown knows its standing (a fixed number of queries)."""
        paginator, page, articles, is_paginated = super().paginate_queryset(queryset, page_size)
        articles = list(articles)
        for standing in stages.standings(articles):
            standing.article.standing = standing
        # Each row's « Voir en ligne » button asks its page for its URL without the request, and
        # Wagtail then reads the site root paths from the shared cache for every page (a query
        # per row with the database cache): read once for the page of rows. Should Wagtail
        # rename this attribute, each row reads them again, as before; nothing breaks.
        root_paths = Site.get_site_root_paths()
        for article in articles:
            article._wagtail_cached_site_root_paths = root_paths
        return paginator, page, articles, is_paginated


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    index_view_class = ArticleIndexView
    url_prefix = "articles"
    icon = "doc-full-inverse"
    menu_label = "Articles"
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = ArticleFilterSet
    columns = [
        _column("bulk_actions"),
        _column("title"),
        Column(
            "authors",
            label="Auteur·rices",
            accessor=lambda article: ", ".join(article.standing.authors) or "—",
        ),
        Column("stage", label="État", accessor="standing.stage.label", width="14%"),
        _column("latest_revision_created_at"),
        _column("status"),
    ]


articles_listing = ArticleListingViewSet("newsroom_articles")
