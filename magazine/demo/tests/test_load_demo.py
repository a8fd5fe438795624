"""The demo magazine: complete, loadable twice, every link of it answers."""

import re
from collections import deque
from io import StringIO
from urllib.parse import urljoin, urlsplit

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from magazine.articles.models import ArticlePage
from magazine.core.models import SiteSettings, StandardPage
from magazine.dossiers.models import DossierPage
from magazine.people.models import Author
from magazine.taxonomy.models import Territory, TerritoryKind, Theme

COUNTED = [
    Page,
    ArticlePage,
    StandardPage,
    DossierPage,
    Theme,
    TerritoryKind,
    Territory,
    Author,
    get_image_model(),
    get_document_model(),
    get_user_model(),
]


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_load_demo_twice_gives_the_same_counts():
    before = _counts()
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert _counts() == before
    assert "redaction" in output.getvalue() and "demo-redaction-2026" in output.getvalue()


def test_demo_is_complete():
    articles = ArticlePage.objects.published()
    assert articles.count() >= 12
    assert Theme.objects.count() == 6 and TerritoryKind.objects.count() == 8
    assert Territory.objects.count() >= 10 and Author.objects.count() >= 5
    assert DossierPage.objects.live().count() == 2
    dates = sorted(article.first_published_at for article in articles)
    assert (dates[-1] - dates[0]).days >= 18 * 30
    assert set(
        Theme.objects.filter(articlepage__isnull=False).values_list("slug", flat=True)
    ) == set(Theme.objects.values_list("slug", flat=True))
    block_types = {block.block_type for article in articles for block in article.body}
    assert block_types == {
        "paragraph",
        "heading",
        "image",
        "quote",
        "callout",
        "key_figures",
        "table",
        "document",
        "embed",
    }
    for article in articles:
        assert article.sources.exists(), article.slug
        assert article.word_count >= 600, article.slug
        assert article.authors and article.chapo
    assert sum(1 for article in articles if article.footnotes.exists()) >= 3
    assert all(
        image.description or "motif" in image.title.lower() or image.title
        for image in get_image_model().objects.all()
    )


def test_demo_territories_carry_official_codes():
    codes = dict(Territory.objects.values_list("slug", "code"))
    assert codes["cantal"] == "15" and codes["bretagne"] == "53"
    assert codes["rennes-metropole"] == "243500139" and codes["nevers"] == "58194"
    for territory in Territory.objects.all():
        territory.full_clean()


def test_site_settings_fill_the_legal_notice_fields():
    settings = SiteSettings.objects.get()
    for field in [
        "publisher_name",
        "publisher_address",
        "publication_director",
        "host_name",
        "host_address",
        "contact_email",
    ]:
        assert getattr(settings, field), field


def test_demo_accounts_exist_one_per_role():
    users = get_user_model().objects.all()
    roles = {group.name for user in users for group in user.groups.all()}
    assert roles == {
        "Contributeur·rice",
        "Relecteur·rice",
        "Rédaction en chef",
        "Administrateur·rice",
    }


LINK = re.compile(r'<(?:a|link)\b[^>]*?\bhref="([^"#]+)')


def test_every_demo_url_answers_200(client):
    seen, queue, failures = {"/"}, deque(["/"]), []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            failures.append((url, response.status_code))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            target = urlsplit(href.replace("&amp;", "&"))
            if target.scheme or target.netloc or target.path.startswith(("/admin/", "/static/")):
                continue  # other sites, e-mail addresses, the admin, static files
            link = urljoin(urlsplit(url).path, target.path) + (
                f"?{target.query}" if target.query else ""
            )
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert not failures
    assert len(seen) > 60
    assert {
        "/articles/etat-civil-mairie-rurale/",
        "/archives/2025/",
        "/auteurs/",
        "/mentions-legales/",
    } <= seen
