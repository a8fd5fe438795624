"""« Relu par un autre membre », enforced on the server for every path (defect 3 of #11)."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.editorial.tests.conftest import approve_url, article_data, as_rendered


def _edit(client, page, **overrides):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = as_rendered(client, url, article_data(slug=page.slug, **overrides))
    return url, data


def _authors_as_saved(page, drop=None):
    """The authors formset as the editor renders it for the latest draft, less `drop`."""
    page.refresh_from_db()
    links = page.get_latest_revision_as_object().article_authors.all()
    forms = [
        {
            "id": link.pk,
            "author": link.author_id,
            "DELETE": bool(drop) and link.author.user_id == drop.pk,
        }
        for link in links
    ]
    return inline_formset(forms, initial=len(forms))


def _in_review(page):
    state = page.current_workflow_task_state
    state.refresh_from_db()
    return state.status == "in_progress"


def test_a_co_author_cannot_approve_through_the_workflow_action_url(
    create_article, client, contributor, reviewer
):
    """3a: Wagtail passes a plain `Page` there; the rule reads the revision itself."""
    _, page = create_article(
        contributor, action="action-submit", authors=("aminata-diallo", "yacine-belkacem")
    )
    client.force_login(reviewer)
    client.post(approve_url(page))
    assert _in_review(page)
    assert approve_url(page) not in client.get("/admin/").content.decode()  # not on his dashboard
    client.post(approve_url(page), headers={"x-requested-with": "XMLHttpRequest"})  # the modal
    assert _in_review(page)


def test_a_reviewer_who_removes_himself_from_the_authors_still_cannot_approve(
    create_article, client, contributor, reviewer
):
    """3b: he was an author of the revision under review."""
    _, page = create_article(
        contributor, action="action-submit", authors=("aminata-diallo", "yacine-belkacem")
    )
    client.force_login(reviewer)
    url, data = _edit(client, page, article_authors=_authors_as_saved(page, drop=reviewer))
    assert client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert reviewer.pk not in {
        link.author.user_id for link in page.get_latest_revision_as_object().article_authors.all()
    }
    html = client.get(url).content.decode()
    assert "Vous ne pouvez pas relire cet article : vous êtes auteur·rice" in html
    assert 'value="approve"' not in html and "action-workflow-action" not in html
    client.post(approve_url(page))
    url, data = _edit(client, page, article_authors=_authors_as_saved(page))
    data.update({"action-workflow-action": "1", "workflow-action-name": "approve"})
    client.post(url, data)
    assert _in_review(page)


def test_the_chief_cannot_publish_an_unreviewed_article_from_the_editor(
    create_article, client, chief, contributor
):
    """3c: no « Publier » button, and a posted publication is refused in French."""
    _, page = create_article(contributor)
    client.force_login(chief)
    url, data = _edit(client, page)
    assert 'name="action-publish"' not in client.get(url).content.decode()
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert "Publication impossible : cet article n’a pas été relu." in response.content.decode()
    page.refresh_from_db()
    assert not page.live


def test_the_chief_cannot_create_and_publish_her_own_article_at_once(client, chief):
    client.force_login(chief)
    index = ArticleIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", index.pk])
    data = as_rendered(client, url, article_data(authors=("claire-morvan",), slug="sans-relecture"))
    data["action-publish"] = "1"
    response = client.post(url, data)
    assert "Publication impossible" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="sans-relecture", live=True).exists()


def test_the_chief_cannot_bulk_publish_unreviewed_articles(
    create_article, client, chief, contributor
):
    _, page = create_article(contributor)
    client.force_login(chief)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client.post(f"{url}?id={page.pk}", {"include_descendants": ""}, follow=True)
    page.refresh_from_db()
    assert not page.live
    messages = [str(message) for message in response.context["messages"]]
    assert any("Publication impossible, articles non relus" in message for message in messages)


def test_a_reviewed_article_is_published_and_later_corrected_by_the_chief(
    create_article, client, contributor, reviewer, chief
):
    _, page = create_article(contributor, action="action-submit")
    client.force_login(reviewer)
    client.post(approve_url(page))
    client.force_login(chief)
    client.post(approve_url(page))
    page.refresh_from_db()
    assert page.live
    url, data = _edit(client, page, title="Le guichet numérique d’une commune de montagne (bis)")
    data["action-publish"] = "1"
    assert client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert page.title.endswith("(bis)")


def test_the_writer_sees_the_send_back_comment_in_the_editor(
    create_article, client, contributor, reviewer
):
    """16: the reviewer's comment is where the writer works, until the next submission."""
    _, page = create_article(contributor, action="action-submit")
    client.force_login(reviewer)
    client.post(
        approve_url(page, "reject"), {"comment": "Sourcez le chiffre du deuxième paragraphe."}
    )
    client.force_login(contributor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Renvoyé pour modifications par Yacine Belkacem" in html
    assert "« Sourcez le chiffre du deuxième paragraphe. »" in html


def _copy_form(client, page):
    """The copy form as the admin renders it: its fields and their initial values."""
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    return url, {name: value for name, value in data.items() if value not in (None, False)}


def test_the_chief_cannot_publish_a_copy_of_an_article(client, chief):
    """A copy is a new, unreviewed article: « Publier la copie » is refused, with a message;
    the same copy without that box is made as a draft."""
    client.force_login(chief)
    original = ArticlePage.objects.live().first()
    url, data = _copy_form(client, original)
    assert "publish_copies" in client.get(url).context["form"].fields  # offered to her
    data.update(new_title="Copie publiée sans relecture", new_slug="copie-sans-relecture")

    refused = client.post(url, {**data, "publish_copies": "on"}, follow=True)

    assert not ArticlePage.objects.filter(slug="copie-sans-relecture").exists()
    said = [str(message) for message in refused.context["messages"]]
    assert any("relue" in text for text in said), said

    client.post(url, data)
    copy = ArticlePage.objects.get(slug="copie-sans-relecture")
    assert not copy.live


def test_the_admin_api_does_not_publish_a_copy_of_an_article_either(client, chief):
    """Wagtail's admin API keeps copies live by default: for an article it is refused, in
    French; asked for a draft copy, it makes one."""
    client.force_login(chief)
    original = ArticlePage.objects.live().first()
    url = f"/admin/api/main/pages/{original.pk}/action/copy/"

    refused = client.post(
        url, {"slug": "copie-par-api", "title": "Copie par l’API"}, content_type="application/json"
    )

    assert refused.status_code == 400
    assert "relue" in refused.json()["message"]
    assert not ArticlePage.objects.filter(slug="copie-par-api").exists()

    made = client.post(
        url,
        {"slug": "copie-par-api", "title": "Copie par l’API", "keep_live": False},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert not ArticlePage.objects.get(slug="copie-par-api").live
