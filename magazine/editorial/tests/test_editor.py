"""The article editor as contributors use it: slugs, drafts, footnotes (defects 2, 4, 18 of #11),
and saving while an autosave lands."""

import re
import uuid

from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.editorial.tests.conftest import article_data, as_rendered


def test_a_french_title_gives_an_ascii_slug_and_a_page_that_renders(
    create_article, client, contributor
):
    response, _ = create_article(contributor, title="Fibre à Allanche : l’été des élu·es", slug="")
    assert response.status_code == 302, _errors(response)
    page = ArticlePage.objects.get(title="Fibre à Allanche : l’été des élu·es")
    assert page.slug == "fibre-a-allanche-lete-des-elues"
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert preview.status_code == 200


def _image_without_alt():
    """An image block with no alt text, of an image with no description in the library."""
    image = get_image_model().objects.first()
    image.pk, image.id, image.description = None, None, ""
    image.save()
    return streamfield(
        [
            ("image", {"image": image.pk, "alt_text": ""}),
            ("paragraph", rich_text("<p>Un paragraphe.</p>")),
        ]
    )


def test_a_draft_with_an_image_lacking_alt_text_is_saved(create_article, contributor):
    """Defect 18: saving is always possible; submitting asks for the alt text."""
    response, page = create_article(contributor, body=_image_without_alt())
    assert response.status_code == 302
    assert page is not None


def test_submitting_it_asks_for_the_alt_text(create_article, contributor):
    response, page = create_article(contributor, action="action-submit", body=_image_without_alt())
    assert response.status_code == 200 and page is None
    errors = response.context["form"].errors["body"].as_data()[0]
    assert "Décrivez l’image (texte alternatif)" in str(errors.block_errors[0].block_errors)


def test_the_footnote_button_opens_its_chooser_in_french(create_article, client, contributor):
    """Defect 4: the « Fn » button's modal exists, and the notes panel speaks French."""
    _, page = create_article(contributor)
    modal = client.get("/footnotes/footnotes_modal/")
    assert modal.status_code == 200
    assert "Choisissez une note de bas de page" in modal.content.decode()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Texte de la note" in html
    assert ">Text<" not in html


def _errors(response):
    form = response.context["form"] if response.context else None
    return (form.errors, [f.errors for fs in form.formsets.values() for f in fs]) if form else ""


def test_a_too_long_title_is_refused_with_a_message_not_cut(create_article, client, contributor):
    """Defect 19: the browser no longer cuts it silently; the server says why it refuses."""
    client.force_login(contributor)
    index = ArticleIndexPage.objects.get()
    index_url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", index.pk])
    response, page = create_article(contributor, title="Un titre " * 40)
    assert page is None
    assert "au plus 255 caractères" in response.content.decode()
    html = client.get(index_url).content.decode()
    title_input = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert "maxlength" not in title_input


def test_saving_as_an_autosave_lands_neither_fails_nor_duplicates(
    create_article, client, contributor
):
    """The person saves from a form that has not yet received the ids of what the autosave
    created (a footnote, a source): the save updates those rows; it neither answers 500 (the
    footnote's uuid is unique per page) nor adds a second copy."""
    _, page = create_article(contributor, sources=inline_formset([]))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = as_rendered(
        client,
        url,
        article_data(
            footnotes=inline_formset(
                [{"uuid": str(uuid.uuid4()), "text": rich_text("<p>Une note.</p>")}]
            ),
            sources=inline_formset(
                [{"title": "Un rapport réel", "publisher": "Un éditeur", "kind": "rapport"}]
            ),
        ),
    )
    autosave = client.post(url, data, headers={"accept": "application/json"})
    assert autosave.status_code == 200, autosave.content[:300]
    assert page.footnotes.count() == 1 and page.sources.count() == 1

    saved = client.post(url, data)  # the same form, still without the ids

    assert saved.status_code == 302, _errors(saved)
    assert page.footnotes.count() == 1
    assert page.sources.count() == 1


def test_a_draft_saved_as_a_table_is_just_added_is_kept_and_asks_for_it_on_submission(
    create_article, contributor
):
    """A table block the editor has not drawn yet posts `null` (an autosave a second after
    « Tableau » was chosen): the draft is saved with the rest — it was a 500 while the writer's
    advice counted its words — and submitting asks for the table to be filled."""
    body = streamfield(
        [("table", "null"), ("paragraph", rich_text("<p>Un paragraphe déjà écrit.</p>"))]
    )
    response, page = create_article(contributor, body=body)
    assert response.status_code == 302
    assert [block.block_type for block in page.get_latest_revision_as_object().body] == [
        "table",
        "paragraph",
    ]

    response, page = create_article(
        contributor, action="action-submit", slug="guichet-montagne-bis", body=body
    )
    assert response.status_code == 200 and page is None
    assert (
        "Le tableau est vide : remplissez-le ou retirez-le. (à corriger dans : Contenu › Corps "
        "de l’article, bloc 1 (Tableau))"
    ) in str(response.context["form"].non_field_errors())


def test_a_comment_and_its_reply_saved_again_without_their_ids_are_not_copied(
    create_article, client, contributor
):
    """The editor keeps its own comments when they changed while an autosave was on its way
    (newsroom/editor.js), so the comments and replies that autosave created come back without
    their ids: they update their rows, they are not copied."""
    _, page = create_article(contributor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    comment = {
        "contentpath": "chapo",
        "text": "Une source pour ce chiffre ?",
        "position": "",
        "replies": inline_formset([{"text": "Ajoutée en note 2."}]),
    }
    # The comments' fields are written in the page by Wagtail's comments app (not in its HTML).
    data = as_rendered(client, url, article_data())
    data.update(nested_form_data({"comments": inline_formset([comment])}))
    autosave = client.post(url, data, headers={"accept": "application/json"})
    assert autosave.status_code == 200, autosave.content[:300]
    assert page.wagtail_admin_comments.count() == 1
    assert page.wagtail_admin_comments.get().replies.count() == 1

    saved = client.post(url, data)  # the same form, still without the ids

    assert saved.status_code == 302, _errors(saved)
    assert page.wagtail_admin_comments.count() == 1
    assert list(page.wagtail_admin_comments.get().replies.values_list("text", flat=True)) == [
        "Ajoutée en note 2."
    ]
