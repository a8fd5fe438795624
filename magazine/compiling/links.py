"""What every published article links to besides itself, computed at once for the whole
magazine: the articles to read next, and its dossier's previous and next articles.

The same as `ArticlePage.reading_links`, which asks the database for one article (a preview, an
article being compiled); here a few queries read the whole magazine's classification and the
rest is arithmetic on bitsets (Python integers, a bit per article, the newest article the
lowest bit), so that 10,000 articles take seconds in the worker, not minutes of queries.

An article's score against another adds, for each item they share, the weight of its relation
(RELATED_WEIGHTS). Scores are kept as binary digits, one bitset per digit (`_add`): the articles
with the highest score are found from the highest digit down (`_best`), the newest of them at
the lowest bit.
"""

from collections import defaultdict

from django.db import transaction

from magazine.articles.models import ArticlePage, RelatedArticle
from magazine.articles.models.pages import link_to
from magazine.articles.models.querysets import RELATED_COUNT, RELATED_WEIGHTS
from magazine.compiling.models import CompiledArticle
from magazine.core.deferred import DeferredRequest
from magazine.dossiers.models import DossierArticle, DossierPage


def all_reading_links():
    """{article id: reading links (`ArticlePage.reading_links`)} of every published article."""
    request = DeferredRequest()  # Wagtail keeps the site's root paths on it: one read
    articles = list(
        ArticlePage.objects.published().defer_streamfields().only("title", "url_path", "path")
    )
    position = {article.pk: index for index, article in enumerate(articles)}
    links = [link_to(article, request) for article in articles]
    masks, items_of = _classification(position)
    chosen = _chosen(position)
    dossiers = _dossier_memberships(position, links, request)
    result = {}
    for index, article in enumerate(articles):
        planes, shared = [], 0
        for relation, weight in RELATED_WEIGHTS.items():
            for item in items_of[relation].get(index, ()):
                mask = masks[relation][item]
                shared |= mask
                for digit in range(weight.bit_length()):
                    if weight >> digit & 1:
                        _add(planes, mask, digit)
        picked = [other for other in chosen.get(index, ()) if other != index][:RELATED_COUNT]
        candidates = shared & ~(1 << index)
        for other in picked:
            candidates &= ~(1 << other)
        while len(picked) < RELATED_COUNT and candidates:
            best = _best(planes, candidates)
            while best and len(picked) < RELATED_COUNT:
                lowest = best & -best
                picked.append(lowest.bit_length() - 1)
                best ^= lowest
                candidates ^= lowest
        result[article.pk] = {
            "related": [links[other] for other in picked],
            "dossier": dossiers.get(index),
        }
    return result


def refresh():
    """Store every compiled article's links as they are now; returns how many changed."""
    computed = all_reading_links()
    changed = []
    for record in CompiledArticle.objects.only("article_id", "links").iterator(chunk_size=2000):
        links = computed.get(record.article_id)
        if links is not None and links != record.links:
            record.links = links
            changed.append(record)
    with transaction.atomic():
        CompiledArticle.objects.bulk_update(changed, ["links"], batch_size=500)
    return len(changed)


def _add(planes, mask, digit):
    """Add 2**digit to the score of every article in `mask`."""
    carry = mask
    while carry:
        if digit >= len(planes):
            planes.extend([0] * (digit + 1 - len(planes)))
        planes[digit], carry = planes[digit] ^ carry, planes[digit] & carry
        digit += 1


def _best(planes, candidates):
    """The candidates with the highest score."""
    for plane in reversed(planes):
        if candidates & plane:
            candidates &= plane
    return candidates


def _classification(position):
    """Per relation: {item: bitset of the articles that have it}, {article: [its items]}."""
    masks = {relation: defaultdict(int) for relation in RELATED_WEIGHTS}
    items_of = {relation: defaultdict(list) for relation in RELATED_WEIGHTS}
    for relation in RELATED_WEIGHTS:
        field = ArticlePage._meta.get_field(relation)
        if relation == "tags":
            through, page_column, item_column = field.through, "content_object_id", "tag_id"
        else:
            through = field.remote_field.through
            page_column = f"{field.m2m_field_name()}_id"
            item_column = f"{field.m2m_reverse_field_name()}_id"
        rows = through.objects.values_list(page_column, item_column).order_by(item_column)
        for page_id, item in rows.iterator(chunk_size=5000):
            index = position.get(page_id)
            if index is not None:
                masks[relation][item] |= 1 << index
                items_of[relation][index].append(item)
    return masks, items_of


def _chosen(position):
    """{article: [the articles its editors chose, in their order]} (published ones only)."""
    chosen = defaultdict(list)
    rows = RelatedArticle.objects.order_by("page_id", "sort_order", "pk").values_list(
        "page_id", "article_id"
    )
    for page_id, article_id in rows:
        if page_id in position and article_id in position:
            if position[article_id] not in chosen[position[page_id]]:
                chosen[position[page_id]].append(position[article_id])
    return chosen


def _dossier_memberships(position, links, request):
    """{article: its dossier membership, as `ArticlePage.reading_links` has it}."""
    dossiers = {
        dossier.pk: dossier for dossier in DossierPage.objects.live().only("title", "url_path")
    }
    rows = DossierArticle.objects.filter(dossier__in=list(dossiers)).order_by("sort_order", "pk")
    first_dossier = {}  # article -> the first of its live dossiers, by its place in them
    members = defaultdict(list)  # dossier -> its published articles, in order
    for dossier_id, article_id in rows.values_list("dossier_id", "article_id"):
        first_dossier.setdefault(article_id, dossier_id)
        if article_id in position:
            members[dossier_id].append(position[article_id])
    result = {}
    for article_id, dossier_id in first_dossier.items():
        index = position.get(article_id)
        siblings = members[dossier_id]
        if index is None or index not in siblings:
            continue
        place = siblings.index(index)
        result[index] = {
            "dossier": link_to(dossiers[dossier_id], request),
            "position": place + 1,
            "count": len(siblings),
            "previous": links[siblings[place - 1]] if place > 0 else None,
            "next": links[siblings[place + 1]] if place + 1 < len(siblings) else None,
        }
    return result
