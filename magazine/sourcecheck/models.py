"""Each address cited as a source (`CheckedLink`) and what each check of it found (`LinkCheck`).

An address is **gone** — readers are then offered an archived copy — when the site says so
(410 Gone), when it answered « not found » twice in a row (404), or when it could not be
reached, or failed, three times in a row. A page that moved for good (301, 308) is not gone:
the rédaction is told its new address. Refusals (401, 403, 429) say nothing of the page."""

import datetime

from django.db import models
from django.db.models import Count, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from magazine.articles.models import ArticleSource

RECHECK_WORKING = datetime.timedelta(days=7)
RECHECK_FAILING = datetime.timedelta(days=1)
NOT_FOUND_TIMES = 2
FAILURE_TIMES = 3


class Outcome(models.TextChoices):
    WORKING = "ok", "Accessible"
    MOVED = "moved", "Déplacée"
    NOT_FOUND = "not_found", "Introuvable"
    REMOVED = "removed", "Supprimée"
    SERVER_ERROR = "server_error", "Erreur du site"
    UNREACHABLE = "unreachable", "Injoignable"
    REFUSED = "refused", "Accès refusé au vérificateur"
    DISALLOWED = "disallowed", "Vérification interdite par robots.txt"


FAILURES = {Outcome.NOT_FOUND, Outcome.REMOVED, Outcome.SERVER_ERROR, Outcome.UNREACHABLE}


def cited_urls():
    """The addresses cited as sources (a subquery)."""
    return ArticleSource.objects.exclude(url="").values("url")


class CheckedLinkQuerySet(models.QuerySet):
    def cited(self):
        """The addresses a source still cites (an address no longer cited keeps its history)."""
        return self.filter(url__in=cited_urls())

    def tally(self):
        """{gone, checked, never_checked}, counted in one query."""
        return self.aggregate(
            gone=Count("pk", filter=Q(gone=True)),
            checked=Count("pk", filter=Q(last_checked_at__isnull=False)),
            never_checked=Count("pk", filter=Q(last_checked_at__isnull=True)),
        )

    def due(self, now=None):
        return self.filter(next_check_at__lte=now or timezone.now()).order_by("next_check_at")

    def gone(self):
        return self.filter(gone=True)

    def to_look_at(self):
        """What the rédaction should look at: gone, failing, moved or refused, worst first."""
        return self.exclude(outcome__in=["", Outcome.WORKING, Outcome.DISALLOWED]).order_by(
            "-gone", "-failures", "url"
        )


class CheckedLink(models.Model):
    url = models.URLField("adresse", max_length=500, unique=True)
    outcome = models.CharField(
        "dernier résultat", max_length=20, choices=Outcome.choices, blank=True
    )
    status_code = models.PositiveSmallIntegerField("code HTTP", null=True, blank=True)
    moved_to = models.URLField("nouvelle adresse", max_length=2000, blank=True)
    failures = models.PositiveSmallIntegerField("échecs consécutifs", default=0)
    failing_since = models.DateTimeField("en échec depuis", null=True, blank=True)
    gone = models.BooleanField("disparue", default=False)
    last_checked_at = models.DateTimeField("dernière vérification", null=True, blank=True)
    next_check_at = models.DateTimeField("prochaine vérification", default=timezone.now)

    objects = CheckedLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "adresse de source"
        verbose_name_plural = "adresses de sources"
        indexes = [models.Index(fields=["next_check_at"]), models.Index(fields=["gone"])]

    def __str__(self):
        return self.url

    def record(self, result, now=None, conclusive=True):
        """Note the check `result` (a fetching.Result) and when to check again. Returns the
        LinkCheck saved. An inconclusive failure (this machine reached no site at all during
        the run: its own network is down) is kept in the history but counts for nothing."""
        now = now or timezone.now()
        failed = result.outcome in FAILURES
        if conclusive:
            if failed:
                self.failures += 1
                self.failing_since = self.failing_since or now
            else:
                self.failures, self.failing_since = 0, None
            self.outcome, self.status_code = result.outcome, result.status_code
            self.moved_to = result.moved_to if result.outcome == Outcome.MOVED else ""
            self.gone = self.is_gone()
        self.last_checked_at = now
        self.next_check_at = now + (RECHECK_FAILING if failed else RECHECK_WORKING)
        self.save()
        return self.checks.create(
            checked_at=now,
            outcome=result.outcome,
            status_code=result.status_code,
            method=result.method,
            moved_to=result.moved_to[:2000],
            detail=result.detail[:300],
            conclusive=conclusive,
        )

    def is_gone(self):
        if self.outcome == Outcome.REMOVED:
            return True
        if self.outcome == Outcome.NOT_FOUND:
            return self.failures >= NOT_FOUND_TIMES
        return self.outcome in FAILURES and self.failures >= FAILURE_TIMES


class LinkCheckQuerySet(models.QuerySet):
    def latest_of(self, links, count):
        """The last `count` checks of each of `links`, newest first."""
        rank = Window(RowNumber(), partition_by="link", order_by=["-checked_at", "-pk"])
        return (
            self.filter(link__in=links)
            .annotate(rank=rank)
            .filter(rank__lte=count)
            .order_by("link", "-checked_at", "-pk")
        )


class LinkCheck(models.Model):
    link = models.ForeignKey(CheckedLink, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField("vérifiée le")
    outcome = models.CharField("résultat", max_length=20, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField("code HTTP", null=True, blank=True)
    method = models.CharField("méthode", max_length=4, blank=True)
    moved_to = models.URLField("redirigée vers", max_length=2000, blank=True)
    detail = models.CharField("détail", max_length=300, blank=True)
    conclusive = models.BooleanField(
        "concluante",
        default=True,
        help_text="Faux quand le serveur du magazine n’a pu joindre aucun site pendant ce passage.",
    )

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "vérification"
        verbose_name_plural = "vérifications"
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return f"{self.link} : {self.get_outcome_display()} ({self.checked_at:%d/%m/%Y})"
