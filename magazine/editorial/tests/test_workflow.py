"""« Relu et documenté »: submission, relecture by another member, validation, publication."""

import datetime

import time_machine
from django.core import mail
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset

from magazine.articles.models import ArticlePage
from magazine.core.typography import french_date
from magazine.editorial.scheduling import publish_due_pages
from magazine.editorial.tests.conftest import approve_url


def test_roles_and_workflow_are_set_up_idempotently(contributor, chief):
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from wagtail.models import Workflow

    call_command("setup_workflow", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("setup_workflow", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Group.objects.filter(
            name__in=[
                "Contributeur·rice",
                "Relecteur·rice",
                "Rédaction en chef",
                "Administrateur·rice",
            ]
        ).count()
        == 4
    )
    workflow = Workflow.objects.get(name="Relecture")
    assert [task.name for task in workflow.tasks] == [
        "Relecture par un·e autre membre",
        "Validation par la rédaction en chef",
    ]
    assert not contributor.has_perm("core.change_sitesettings")
    assert chief.has_perm("core.change_sitesettings")
    assert chief.has_perm("taxonomy.change_theme") and not contributor.has_perm(
        "taxonomy.add_theme"
    )


def test_a_draft_is_always_saved_even_when_incomplete(create_article, contributor):
    response, page = create_article(contributor, chapo="", sources=inline_formset([]))
    assert response.status_code == 302
    assert page is not None and not page.live


def test_submission_runs_the_quality_gate_and_lists_problems_in_french(create_article, contributor):
    response, page = create_article(contributor, action="action-submit", chapo="")
    assert response.status_code == 200
    assert page is None
    html = response.content.decode()
    assert "Avant soumission ou publication : Le chapô est vide." in html
    assert "à corriger dans : Contenu › Chapô" in html


def test_submission_emails_eligible_reviewers_only(create_article, contributor):
    mail.outbox.clear()
    response, page = create_article(
        contributor, action="action-submit", authors=("aminata-diallo", "helene-vidal")
    )
    assert response.status_code == 302
    assert page.current_workflow_state.status == "in_progress"
    recipients = {address for message in mail.outbox for address in message.to}
    assert "relecteur@example.org" in recipients
    assert "helene.vidal@example.org" not in recipients  # author of the article
    assert "contributrice@example.org" not in recipients  # submitter
    message = next(m for m in mail.outbox if "relecteur@example.org" in m.to)
    assert (
        message.subject == "[Le Mag] À relire : « Le guichet numérique d’une commune de montagne »"
    )
    assert "attend une relecture" in message.body


def assert_refused(response, page):
    """Wagtail's admin answers a forbidden action by a redirect to the dashboard."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == "/admin/"
    state = page.current_workflow_task_state
    state.refresh_from_db()
    assert state.status == "in_progress"


def test_an_author_who_reviews_cannot_approve_and_is_told_why(create_article, client, reviewer):
    _, page = create_article(reviewer, action="action-submit", authors=("yacine-belkacem",))
    client.force_login(reviewer)
    assert_refused(client.post(approve_url(page)), page)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert "Vous ne pouvez pas relire cet article : vous êtes auteur·rice de cet article" in (
        response.content.decode()
    )


def test_the_submitter_cannot_approve_either(create_article, client, user_named):
    helene = user_named("helene.vidal")
    helene.set_password("un-mot-de-passe-long")
    helene.save()
    _, page = create_article(helene, action="action-submit", authors=("aminata-diallo",))
    client.force_login(helene)
    assert_refused(client.post(approve_url(page)), page)


def test_relecture_then_validation_publishes_and_shows_the_reviewer(
    create_article, client, contributor, reviewer, chief
):
    _, page = create_article(contributor, action="action-submit")
    client.force_login(reviewer)
    assert client.post(approve_url(page)).url != "/admin/"
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task.name == "Validation par la rédaction en chef"
    assert_refused(client.post(approve_url(page)), page)  # not the reviewer's step
    mail.outbox.clear()
    client.force_login(chief)
    assert client.post(approve_url(page)).url != "/admin/"
    page.refresh_from_db()
    assert page.live
    assert any(
        m.subject.startswith("[Le Mag] Publié") and "contributrice@example.org" in m.to
        for m in mail.outbox
    )
    html = client.get(page.url).content.decode()
    assert f"Relu par Yacine Belkacem le {french_date(timezone.localdate())}." in html


def test_sending_back_with_a_comment_emails_the_authors(
    create_article, client, contributor, reviewer
):
    _, page = create_article(contributor, action="action-submit")
    client.force_login(reviewer)
    mail.outbox.clear()
    response = client.post(approve_url(page, "reject"), {"comment": "Il manque une source."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state is None or page.current_workflow_state.status != "approved"
    message = next(m for m in mail.outbox if "contributrice@example.org" in m.to)
    assert "Renvoyé avec commentaires" in message.subject
    assert "Il manque une source." in message.body


def _approve_all(client, page, reviewer, chief):
    for user in (reviewer, chief):
        client.force_login(user)
        assert client.post(approve_url(page)).url != "/admin/"
        page.refresh_from_db()


def test_scheduled_publication_waits_for_its_date(
    create_article, client, contributor, reviewer, chief
):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    _, page = create_article(contributor, action="action-submit")
    page.go_live_at = go_live
    page.save_revision(user=contributor)
    page.current_workflow_state.current_task_state.revision = page.get_latest_revision()
    page.current_workflow_state.current_task_state.save()
    _approve_all(client, page, reviewer, chief)
    assert not page.live
    with time_machine.travel(go_live - datetime.timedelta(minutes=1)):
        publish_due_pages()
    page.refresh_from_db()
    assert not page.live
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        publish_due_pages()
        publish_due_pages()  # idempotent
    page.refresh_from_db()
    assert page.live
    assert page.revisions.count() == 2


def test_scheduled_publication_across_the_daylight_saving_change(reviewer, chief, client):
    """03:30 on 29 March 2026 in Paris is 01:30 UTC: clocks jump from 02:00 to 03:00."""
    from zoneinfo import ZoneInfo

    page = ArticlePage.objects.get(slug="concertation-en-ligne-conseils-de-quartier")
    go_live = datetime.datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Paris"))
    revision = page.get_latest_revision()
    revision.approved_go_live_at = go_live
    revision.content["go_live_at"] = go_live.isoformat()
    revision.save()
    ArticlePage.objects.filter(pk=page.pk).update(go_live_at=go_live)
    with time_machine.travel(datetime.datetime(2026, 3, 29, 1, 29, tzinfo=datetime.UTC)):
        publish_due_pages()
        assert not ArticlePage.objects.get(pk=page.pk).live
    with time_machine.travel(datetime.datetime(2026, 3, 29, 1, 31, tzinfo=datetime.UTC)):
        publish_due_pages()
    page.refresh_from_db()
    assert page.live
    assert timezone.localtime(page.first_published_at).strftime("%H:%M") == "03:31"


def test_demo_leaves_one_article_awaiting_review_one_scheduled_one_corrected(client):
    awaiting = ArticlePage.objects.get(slug="accueil-physique-france-services")
    assert not awaiting.live and awaiting.current_workflow_state.status == "in_progress"
    scheduled = ArticlePage.objects.get(slug="concertation-en-ligne-conseils-de-quartier")
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at > timezone.now()
    corrected = ArticlePage.objects.get(slug="donnees-mobilite-metropole")
    assert corrected.public_corrections
    for article in ArticlePage.objects.live():
        assert "Relu par " in client.get(article.url).content.decode(), article.slug


def _break_the_revision_under_review(page):
    """The revision in review loses its chapô (a rule may tighten while an article waits)."""
    revision = page.current_workflow_task_state.revision
    revision.content["chapo"] = ""
    revision.save(update_fields=["content"])


def test_approval_from_the_dashboard_lists_quality_problems_in_french(
    create_article, client, contributor, reviewer
):
    _, page = create_article(contributor, action="action-submit")
    _break_the_revision_under_review(page)
    client.force_login(reviewer)
    response = client.post(approve_url(page), follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/pages/{page.pk}/edit/"
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        message.startswith("Le contrôle qualité a échoué :") and "Le chapô est vide." in message
        for message in messages
    )
    state = page.current_workflow_task_state
    assert state.status == "in_progress"  # nothing was approved


def test_approval_from_the_modal_leads_to_the_editor_with_the_problems(
    create_article, client, contributor, reviewer
):
    _, page = create_article(contributor, action="action-submit")
    _break_the_revision_under_review(page)
    client.force_login(reviewer)
    response = client.post(approve_url(page), headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    assert response.json()["step"] == "success"
    assert response.json()["redirect"] == f"/admin/pages/{page.pk}/edit/"
    html = client.get(response.json()["redirect"]).content.decode()
    assert "Le contrôle qualité a échoué" in html and "Le chapô est vide." in html
    assert page.current_workflow_task_state.status == "in_progress"
