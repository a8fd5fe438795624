"""The dashboard of each role: « Nouvel article », « Mes articles », « Programmés ».

Wagtail's own panels stay: « En attente de votre relecture » lists, for a reviewer, only what
they may review (`ReviewTask.get_task_states_user_can_moderate`), and for the rédaction what
waits for her validation.
"""

from django.db.models import Q
from django.urls import reverse
from wagtail.admin.ui.components import Component

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.newsroom import stages

RECENTLY_PUBLISHED = 5  # « Mes articles » shows the writer's last publications too


def articles_section():
    return ArticleIndexPage.objects.first()


def new_article_url(user):
    """The editor of a new article under the articles section, or None if `user` may not."""
    section = articles_section()
    if section is None or not section.permissions_for_user(user).can_add_subpage():
        return None
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))


def follows_the_newsroom(user):
    """Whether `user` writes, reviews or edits articles: who gets the board and the listing."""
    section = articles_section()
    if section is None:
        return False
    permissions = section.permissions_for_user(user)
    return permissions.can_add_subpage() or permissions.can_edit()


def written_by(user):
    """The articles `user` writes: named among the authors, or created by them."""
    return ArticlePage.objects.filter(
        Q(owner=user) | Q(article_authors__author__user=user)
    ).distinct()


class _PanelFor(Component):
    """A dashboard panel of the person logged in."""

    def __init__(self, user):
        self.user = user


class ShortcutsPanel(_PanelFor):
    name = "newsroom_shortcuts"
    template_name = "newsroom/panels/shortcuts.html"
    order = 50

    def get_context_data(self, parent_context):
        return {
            "new_article_url": new_article_url(self.user),
            "board_url": reverse("newsroom:board"),
            "articles_url": reverse("newsroom_articles:index"),
        }


class MyArticlesPanel(_PanelFor):
    name = "newsroom_my_articles"
    template_name = "newsroom/panels/my_articles.html"
    order = 205

    def get_context_data(self, parent_context):
        mine = written_by(self.user)
        working = stages.standings(stages.in_progress(mine).order_by("-latest_revision_created_at"))
        groups = [
            (stage, [standing for standing in working if standing.stage is stage])
            for stage in stages.STAGES
            if stage.in_progress
        ]
        published = stages.in_stage(mine, stages.PUBLISHED).order_by("-last_published_at")
        return {
            "groups": [(stage, rows) for stage, rows in groups if rows],
            "published": stages.standings(published[:RECENTLY_PUBLISHED]),
            "published_count": published.count(),
            "new_article_url": new_article_url(self.user),
        }


class ScheduledPanel(Component):
    name = "newsroom_scheduled"
    template_name = "newsroom/panels/scheduled.html"
    order = 230

    def get_context_data(self, parent_context):
        scheduled = stages.in_stage(ArticlePage.objects.all(), stages.SCHEDULED)
        rows = sorted(stages.standings(scheduled), key=lambda standing: standing.scheduled_for)
        return {"rows": rows}


def add_panels(request, panels):
    user = request.user
    if not follows_the_newsroom(user):
        return
    panels.append(ShortcutsPanel(user))
    panels.append(MyArticlesPanel(user))
    section = articles_section()
    if section is not None and section.permissions_for_user(user).can_publish_subpage():
        panels.append(ScheduledPanel())
