"""The plan of the site (/plan-du-site/)."""

from django.views.generic import TemplateView
from wagtail.models import Page, Site

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.articles.models.querysets import in_private_section
from magazine.core.models import StandardPage
from magazine.dossiers.models import DossierIndexPage, DossierPage
from magazine.home.models import HomePage
from magazine.people.models import Author
from magazine.taxonomy.models import TerritoryKind, Theme


class SiteMapView(TemplateView):
    """/plan-du-site/: every section, subject and standard page of the magazine, for readers."""

    template_name = "pages/site_map.html"

    def get_context_data(self, **kwargs):
        site = Site.find_for_request(self.request)
        home = site.root_page if site else HomePage.objects.get()
        # The sections and the standard pages: everything public but articles and dossiers.
        pages = list(
            Page.objects.descendant_of(home)
            .live()
            .exclude(in_private_section())
            .not_type(ArticlePage, DossierPage)
        )
        return super().get_context_data(
            home=home,
            articles_page=_first_of_type(pages, ArticleIndexPage),
            dossiers_page=_first_of_type(pages, DossierIndexPage),
            standard_pages=[page for page in pages if page.specific_class is StandardPage],
            years=ArticlePage.objects.published()
            .exclude(published_year=None)
            .order_by("-published_year")
            .values_list("published_year", flat=True)
            .distinct(),
            themes=Theme.objects.all(),
            kinds=TerritoryKind.objects.prefetch_related("territories"),
            dossiers=DossierPage.objects.live()
            .exclude(in_private_section())
            .order_by("-first_published_at"),
            authors=Author.objects.all(),
            **kwargs,
        )


def _first_of_type(pages, model):
    return next((page for page in pages if page.specific_class is model), None)
