"""Security headers: a strict CSP on the public site, a relaxed one under /admin/, no cookie for
readers, and production settings that pass `check --deploy`."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from magazine.articles.models import ArticlePage
from magazine.core.models import StandardPage
from magazine.demo.pages import DEMO_PAGES
from magazine.operations.middleware import ADMIN_CSP, PREVIEW_CSP, PUBLIC_CSP

BASE_DIR = Path(settings.BASE_DIR)

READING_PATHS = [
    *[(page.path, page.status) for page in DEMO_PAGES],
    ("/corrections/", 200),
    ("/flux/rss/", 200),
    ("/flux/atom/", 200),
    ("/flux/themes/inclusion-numerique/rss/", 200),
    ("/flux/territoires/metropole/atom/", 200),
    ("/flux/dossiers/mairies-rurales-numerique/rss/", 200),
    ("/flux/auteurs/claire-morvan/atom/", 200),
    ("/flux/corrections/rss/", 200),
    ("/sitemap.xml", 200),
    ("/robots.txt", 200),
    ("/articles/etat-civil-mairie-rurale/citer.bib", 200),
    ("/articles/etat-civil-mairie-rurale/citer.ris", 200),
    ("/sante/", 503),  # no worker runs beside the tests
]


def _directives(policy):
    return dict(directive.split(" ", 1) for directive in policy.split("; "))


def test_public_policy_is_strict():
    directives = _directives(PUBLIC_CSP)
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert "script-src" not in directives  # no script at all: default-src 'none'
    assert "unsafe-" not in PUBLIC_CSP


def test_public_policy_lets_audits_fetch_from_the_site():
    """Issue 11, defect 13: Lighthouse fetches /robots.txt from inside the page (connect-src)."""
    assert _directives(PUBLIC_CSP)["connect-src"] == "'self'"


def _preview_form(title):
    """The fields of a standard page's edit form, as Wagtail's « Prévisualiser » posts them."""
    return nested_form_data(
        {
            "title": title,
            "slug": "apercu-contributeur",
            "intro": "Un chapô.",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )


def test_admin_previews_get_the_public_policy(admin_client, home):
    """Issue 11, defect 12: previews ran contributors' content under the admin's policy
    (script-src 'unsafe-inline'). Every Wagtail preview now gets the public page's policy, only
    allowed in a frame of the admin (the live preview)."""
    assert _directives(PREVIEW_CSP) == {**_directives(PUBLIC_CSP), "frame-ancestors": "'self'"}
    assert "script-src" not in PREVIEW_CSP and "unsafe-" not in PREVIEW_CSP
    title = "Aperçu <script>alert(1)</script>"
    page = StandardPage.objects.get(slug="a-propos")
    add = reverse("wagtailadmin_pages:preview_on_add", args=["core", "standardpage", home.pk])
    edit = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    for url in [add, edit]:
        posted = admin_client.post(url, _preview_form(title))
        assert posted.json() == {"is_valid": True, "is_available": True}, url
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    urls = [
        add,
        edit,
        reverse("wagtailadmin_pages:view_draft", args=[article.pk]),
        reverse(
            "wagtailadmin_pages:revisions_view",
            args=[article.pk, article.get_latest_revision().pk],
        ),
    ]
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == PREVIEW_CSP, url
        # Nor the user bar, whose scripts that policy refuses.
        assert "wagtail-userbar" not in response.content.decode(), url
    assert "wagtail-userbar" in admin_client.get(article.url).content.decode()
    # The edit page around them keeps the admin's policy.
    edit_page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit_page["Content-Security-Policy"] == ADMIN_CSP


def test_task_preview_gets_the_public_policy(admin_client):
    """Issue 11, defect 12: the preview a reviewer opens from a workflow task."""
    contributor = get_user_model().objects.get(username="contributrice")
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    article.save_revision(user=contributor)
    state = article.get_workflow().start(article, contributor)
    task = state.current_task_state.task
    url = reverse("wagtailadmin_pages:workflow_preview", args=[article.pk, task.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PREVIEW_CSP


def test_public_page_sends_security_headers(client):
    response = client.get("/articles/etat-civil-mairie-rurale/")
    assert response["Content-Security-Policy"] == PUBLIC_CSP
    assert response["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_pages_get_the_relaxed_policy(client, admin_client):
    login = client.get("/admin/login/")
    assert login["Content-Security-Policy"] == ADMIN_CSP
    article = ArticlePage.objects.get(slug="etat-civil-mairie-rurale")
    edit = admin_client.get(f"/admin/pages/{article.pk}/edit/")
    assert edit.status_code == 200
    assert edit["Content-Security-Policy"] == ADMIN_CSP
    directives = _directives(ADMIN_CSP)
    assert directives["script-src"] == "'self' 'unsafe-inline'"  # Wagtail's inline widgets
    assert "unsafe-eval" not in ADMIN_CSP and "*" not in ADMIN_CSP
    assert directives["frame-ancestors"] == "'self'"  # the editor's live preview


@pytest.mark.parametrize(("path", "status"), READING_PATHS, ids=[p for p, _ in READING_PATHS])
def test_reading_pages_set_no_cookie(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert not response.cookies, f"{path} : Set-Cookie {list(response.cookies)}"


def test_documents_and_images_set_no_cookie(client):
    document = get_document_model().objects.first()
    image = get_image_model().objects.first().get_rendition("width-400")
    for url in [document.url, image.url]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies
        assert response["Content-Security-Policy"].startswith("default-src 'none'")


def test_production_settings_pass_the_deployment_checklist(manage):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="Zq8-" + "k3Vb_x9Lm2Pw7Rt5" * 4,
        DJANGO_ALLOWED_HOSTS="lemag.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRINT_RUNTIME = (
    "from django.conf import settings; from django.urls import resolve, Resolver404\n"
    "try:\n    resolve('/media/images/x.png'); media = 'media servis'\n"
    "except Resolver404:\n    media = 'media non servis'\n"
    "print(media, settings.CACHES['default']['BACKEND'])"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_DEBUG": "1"}, "media servis django.core.cache.backends.db.DatabaseCache"),
        ({"DJANGO_DEBUG": "0"}, "media non servis django.core.cache.backends.db.DatabaseCache"),
        (
            {"DJANGO_DEBUG": "0", "LEMAG_SERVE_MEDIA": "1", "REDIS_URL": "redis://127.0.0.1/1"},
            "media servis django.core.cache.backends.redis.RedisCache",
        ),
    ],
)
def test_media_serving_and_cache_follow_the_environment(env, expected, manage):
    secret = {"DJANGO_SECRET_KEY": "s" * 60}
    result = manage("shell", "--no-imports", "-c", PRINT_RUNTIME, **secret, **env)
    assert result.stdout.strip() == expected, result.stderr
