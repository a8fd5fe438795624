from django_tasks import task

from magazine.sourcecheck.checking import check_due


@task()
def check_now(urls):
    """Check the cited addresses `urls` now, due or not (« Vérifier maintenant »)."""
    check_due(urls=urls)
