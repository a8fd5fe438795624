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


def _permissions(user):
    """The articles section and what `user` may do in it (None without a section): read once
    per request by whoever needs them."""
    section = articles_section()
    return section, (section.permissions_for_user(user) if section else None)


def _follows(permissions):
    return permissions is not None and (permissions.can_add_subpage() or permissions.can_edit())


def follows_the_newsroom(user):
    """Whether `user` writes, reviews or edits articles: who gets the board and the listing."""
    return _follows(_permissions(user)[1])


def _new_article_url(section, permissions):
    """The editor of a new article under the articles section, or None if they may not."""
    if not permissions.can_add_subpage():
        return None
    return reverse("wagtailadmin_pages:add", args=("articles", "articlepage", section.pk))


def written_by(user):
    """The articles `user` writes: named among the authors, or created by them."""
    return ArticlePage.objects.filter(
        Q(owner=user) | Q(article_authors__author__user=user)
    ).distinct()


class ShortcutsPanel(Component):
    name = "newsroom_shortcuts"
    template_name = "newsroom/panels/shortcuts.html"
    order = 50

    def __init__(self, new_article_url):
        self.new_article_url = new_article_url

    def get_context_data(self, parent_context):
        return {
            "new_article_url": self.new_article_url,
            "board_url": reverse("newsroom:board"),
            "articles_url": reverse("newsroom_articles:index"),
        }


class MyArticlesPanel(Component):
    name = "newsroom_my_articles"
    template_name = "newsroom/panels/my_articles.html"
    order = 205

    def __init__(self, user, new_article_url):
        self.user = user
        self.new_article_url = new_article_url

    def get_context_data(self, parent_context):
        mine = written_by(self.user)
        working = stages.standings(stages.in_progress(mine).order_by("-latest_revision_created_at"))
        published = stages.in_stage(mine, stages.PUBLISHED).order_by("-last_published_at")
        return {
            "groups": [(stage, rows) for stage, rows in stages.by_stage(working) if rows],
            "published": stages.standings(published[:RECENTLY_PUBLISHED]),
            "published_count": published.count(),
            "new_article_url": self.new_article_url,
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
    section, permissions = _permissions(request.user)
    if not _follows(permissions):
        return
    new_article_url = _new_article_url(section, permissions)
    panels.append(ShortcutsPanel(new_article_url))
    panels.append(MyArticlesPanel(request.user, new_article_url))
    if permissions.can_publish_subpage():
        panels.append(ScheduledPanel())
