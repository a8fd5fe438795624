"""Who may delete an article: Wagtail's answer, without its query per article."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PagePermissionTester

from magazine.articles.models import ArticlePage


@pytest.mark.parametrize("username", ["contributrice", "relecteur", "redaction", "admin"])
def test_each_role_may_delete_the_articles_wagtail_lets_it(username, django_assert_num_queries):
    user = get_user_model().objects.get(username=username)
    draft = ArticlePage.objects.order_by("pk").first()
    ArticlePage.objects.filter(pk=draft.pk).update(live=False, owner=user)  # a draft of theirs
    articles = list(ArticlePage.objects.all())
    expected = [PagePermissionTester(user, article).can_delete() for article in articles]
    if username == "contributrice":
        assert set(expected) == {True, False}, expected  # her draft, not the published ones
    articles[0].permissions_for_user(user).can_delete()  # the account's permissions, read once
    with django_assert_num_queries(0):
        answers = [article.permissions_for_user(user).can_delete() for article in articles]
    assert answers == expected
