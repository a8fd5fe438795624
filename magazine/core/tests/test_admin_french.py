"""The admin in French, as each role sees it (issue 11, defect 17): Wagtail's English and
awkward French corrected by magazine/locale, the login form, the page chooser's template, the
upload messages, and the public search's count."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from magazine.articles.models import ArticleIndexPage, ArticlePage

NBSP = "\u00a0"
AWAITING_REVIEW = "accueil-physique-france-services"  # a demo article in review


def text(html):
    """What a reader sees of `html`: no tags, no scripts, single spaces."""
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def logged_in(client):
    def log_in(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return log_in


def test_the_login_page_says_mot_de_passe(client):
    page = text(client.get(reverse("wagtailadmin_login")).content.decode())
    assert "Mot de passe *" in page
    assert "Password" not in page
    assert "Aller au contenu principal" in page
    assert "Se connecter" in page and "S'identifier" not in page


def test_the_article_editor_speaks_french(logged_in):
    article = ArticlePage.objects.get(slug=AWAITING_REVIEW)
    html = logged_in("contributrice").get(f"/admin/pages/{article.pk}/edit/").content.decode()
    page = text(html)
    assert "un(e)" not in page
    assert re.search(f"Ajouter{NBSP}: (?i:sources?)", page)  # was « Ajouter un(e) Sources »
    assert "Status :" not in page and f"Statut{NBSP}: " in page
    assert "approver" not in page and "modérateurs" not in page
    assert (
        "Seules les personnes chargées de cette étape peuvent modifier et approuver la page" in page
    )


def test_a_page_edited_a_moment_ago_was_edited_just_now(logged_in):
    chief = get_user_model().objects.get(username="redaction")
    ArticlePage.objects.live().first().save_revision(user=chief)
    index = ArticleIndexPage.objects.get()
    page = text(logged_in("redaction").get(f"/admin/pages/{index.pk}/").content.decode())
    assert "Il y a 0 minute" not in page
    assert "À l’instant" in page


def _chooser_title(client, **query):
    html = json.loads(client.get(reverse("wagtailadmin_choose_page"), query).content)["html"]
    return text(re.search(r"<h1.*?</h1>", html, flags=re.S).group()).strip()


def test_the_page_chooser_is_titled_in_french(logged_in):
    client = logged_in("redaction")
    assert _chooser_title(client) == "Choisir une page"  # was « Choisissez une page Page »
    assert _chooser_title(client, page_type="articles.articlepage") == (
        "Choisir une page de type Article"
    )


def test_a_file_without_extension_is_refused_with_one_clear_message(logged_in):
    client = logged_in("redaction")
    upload = SimpleUploadedFile("rapport", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    response = client.post(reverse("wagtaildocs:add_multiple"), {"files[]": upload})
    message = response.json()["error_message"]
    assert message.startswith("Ce type de fichier n’est pas accepté.")
    assert "extension de fichier" not in message  # was « L'extension de fichier «  » … »


def test_the_image_description_reminder_is_french_and_spares_refused_uploads(logged_in):
    html = logged_in("redaction").get(reverse("wagtailimages:add_multiple")).content.decode()
    assert "Please provide an image description" not in html
    assert f"Décrivez l’image{NBSP}: sa description est le texte alternatif" in html
    assert 'href="/static/images/admin.css"' in html
    css = Path(finders.find("images/admin.css")).read_text()
    assert ":not(.upload-success, .upload-duplicate) > .right > .error-message" in css


def test_a_search_without_results_says_aucun_resultat(client):
    page = text(client.get(reverse("search:search"), {"q": "zxqwvk"}).content.decode())
    assert "0 résultats" not in page
    assert f"Aucun résultat pour «{NBSP}zxqwvk{NBSP}»" in page


def _po_entries(path):
    """(msgid, msgstr) of the one-line entries of a .po file (ours has no other kind)."""
    source = path.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', source, flags=re.M)
    return [(json.loads(f'"{msgid}"'), json.loads(f'"{msgstr}"')) for msgid, msgstr in pairs]


def test_the_compiled_translations_say_what_the_po_says():
    """magazine/locale's .mo is committed (no gettext at run time): it must be up to date."""
    import gettext

    directory = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES"
    entries = _po_entries(directory / "django.po")
    assert len(entries) > 10
    with open(directory / "django.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    for msgid, msgstr in entries:
        assert catalog.gettext(msgid) == msgstr, msgid
