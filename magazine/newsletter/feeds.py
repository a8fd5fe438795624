"""The feed of the numéros sent (Atom): each with its introduction and its articles."""

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from magazine.newsletter.composing import issue_context
from magazine.newsletter.models import Issue


class IssueFeed(Feed):
    feed_type = Atom1Feed
    title = "La lettre du Mag : les numéros"
    subtitle = "Chaque numéro de la lettre du Mag qui Connecte les Territoires."

    def link(self):
        return reverse("newsletter:issues")

    def items(self):
        return Issue.objects.sent().prefetch_related("items__article")[:30]

    def item_title(self, issue):
        return f"N° {issue.number} : {issue.subject}"

    def item_description(self, issue):
        return render_to_string("newsletter/issue_feed_item.html", issue_context(issue))

    def item_link(self, issue):
        return reverse("newsletter:issue", args=[issue.number])

    def item_pubdate(self, issue):
        return issue.sent_at

    def item_updateddate(self, issue):
        return issue.sent_at
