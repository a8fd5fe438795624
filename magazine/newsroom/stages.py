"""Where each article stands in the newsroom: its stage, who holds it, since when.

One reading for every screen that says it (the dashboard's « Mes articles », the « Tableau de la
rédaction », the articles listing's « État » column and filter), in a fixed number of queries
whatever the number of articles: the articles, their active workflow states (with their task),
the tasks' groups, the scheduled revisions.

| stage | when | held by | since |
|---|---|---|---|
| Renvoyé | the workflow asked for changes | the authors | the send-back |
| En relecture | the workflow's current task is the review | the task's groups | the task started |
| À valider | the current task is the validation | the task's groups | the task started |
| Programmé | a revision is approved to go live later | the scheduler | the scheduled date |
| Brouillon | not live, or live with unpublished changes | the authors | the last change |
| Publié | live, nothing pending | — | the last publication |
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, prefetch_related_objects
from wagtail.models import Page, Revision, Task, WorkflowState

from magazine.editorial.models import ReviewTask


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    in_progress: bool = True


SENT_BACK = Stage("renvoye", "Renvoyé pour modifications")
IN_REVIEW = Stage("relecture", "En relecture")
TO_VALIDATE = Stage("validation", "À valider")
SCHEDULED = Stage("programme", "Programmé")
DRAFT = Stage("brouillon", "Brouillon")
PUBLISHED = Stage("publie", "Publié", in_progress=False)
# In the order of the board: what waits on the writer first, then on the others.
STAGES = [DRAFT, SENT_BACK, IN_REVIEW, TO_VALIDATE, SCHEDULED, PUBLISHED]
BY_KEY = {stage.key: stage for stage in STAGES}


@dataclass
class Standing:
    article: Page
    stage: Stage
    held_by: str
    since: datetime | None
    scheduled_for: datetime | None = None
    note: str = ""
    authors: list = field(default_factory=list)


def _authors(article):
    names = [link.author.name for link in article.article_authors.all()]
    if names:
        return names
    owner = article.owner
    return [owner.get_full_name() or owner.get_username()] if owner else []


def _pending(article_ids=None):
    """What is pending on pages (of `article_ids`, or all: they are few): {page id: active
    workflow state}, {page id: scheduled revision}, {task id: its groups' names}."""
    page_type = ContentType.objects.get_for_model(Page)
    states = WorkflowState.objects.active().filter(base_content_type=page_type)
    revisions = Revision.page_revisions.filter(approved_go_live_at__isnull=False)
    if article_ids is not None:
        keys = [str(pk) for pk in article_ids]
        states, revisions = states.filter(object_id__in=keys), revisions.filter(object_id__in=keys)
    states = {
        int(state.object_id): state for state in states.select_related("current_task_state__task")
    }
    scheduled = {
        int(revision.object_id): revision
        for revision in revisions.only("object_id", "approved_go_live_at")
    }
    task_ids = {s.current_task_state.task_id for s in states.values() if s.current_task_state}
    groups = {
        task.pk: ", ".join(group.name for group in task.groups.all())
        for task in Task.objects.filter(pk__in=task_ids).specific()
        if hasattr(task, "groups")
    }
    return states, scheduled, groups


def standings(articles):
    """The `Standing` of each of `articles` (`ArticlePage`s: a queryset or a list)."""
    articles = list(articles)
    prefetch_related_objects(articles, "owner", "article_authors__author")
    states, scheduled, groups = _pending([article.pk for article in articles])
    return [_standing(article, states, scheduled, groups) for article in articles]


def _standing(article, states, scheduled, groups):
    authors = _authors(article)
    writers = ", ".join(authors) or "—"
    state = states.get(article.pk)
    task_state = state.current_task_state if state else None
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        note = task_state.comment if task_state else ""
        since = task_state.finished_at if task_state else state.created_at
        return Standing(article, SENT_BACK, writers, since, note=note, authors=authors)
    if state and task_state:
        review = issubclass(task_state.task.specific_class or Task, ReviewTask)
        stage = IN_REVIEW if review else TO_VALIDATE
        held_by = groups.get(task_state.task_id) or task_state.task.name
        return Standing(article, stage, held_by, task_state.started_at, authors=authors)
    if revision := scheduled.get(article.pk):
        when = revision.approved_go_live_at
        return Standing(article, SCHEDULED, "Publication automatique", when, when, authors=authors)
    if not article.live or article.has_unpublished_changes:
        note = "" if not article.live else "modifications d’un article publié"
        return Standing(
            article, DRAFT, writers, article.latest_revision_created_at, note=note, authors=authors
        )
    return Standing(article, PUBLISHED, "—", article.last_published_at, authors=authors)


def by_stage(standings):
    """[(stage, its standings)] for every stage in progress, in the board's order."""
    return [
        (stage, [standing for standing in standings if standing.stage is stage])
        for stage in STAGES
        if stage.in_progress
    ]


def in_stage(articles, stage):
    """`articles` (a queryset) narrowed to those at `stage`, for the listing's filter: the
    pending ones are few, so their ids are read first."""
    states, scheduled, _groups = _pending()
    sent_back = {pk for pk, s in states.items() if s.status == WorkflowState.STATUS_NEEDS_CHANGES}
    in_workflow = set(states) - sent_back
    if stage in (IN_REVIEW, TO_VALIDATE):
        review = {
            pk
            for pk in in_workflow
            if states[pk].current_task_state
            and issubclass(states[pk].current_task_state.task.specific_class or Task, ReviewTask)
        }
        return articles.filter(pk__in=review if stage is IN_REVIEW else in_workflow - review)
    if stage is SENT_BACK:
        return articles.filter(pk__in=sent_back)
    if stage is SCHEDULED:
        return articles.filter(pk__in=set(scheduled) - set(states))
    pending = set(states) | set(scheduled)
    if stage is DRAFT:
        return articles.filter(Q(live=False) | Q(has_unpublished_changes=True)).exclude(
            pk__in=pending
        )
    return articles.filter(live=True, has_unpublished_changes=False).exclude(pk__in=pending)


def in_progress(articles):
    """`articles` (a queryset) narrowed to those someone is working on: every stage but
    « Publié »."""
    states, scheduled, _groups = _pending()
    return articles.filter(
        Q(live=False) | Q(has_unpublished_changes=True) | Q(pk__in=set(states) | set(scheduled))
    )
