"""`/sante/`: can this installation serve? Database, shared cache and background worker.

Answers 200 when every check passes, 503 otherwise, in JSON for monitoring tools and load
balancers, never cached and without cookie.
"""

import datetime
import logging
import uuid

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from magazine.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# The worker beats every minute: three minutes of silence means it is stopped or stuck.
WORKER_SILENCE_LIMIT = datetime.timedelta(minutes=3)


class Unhealthy(Exception):
    def __init__(self, message, **details):
        super().__init__(message)
        self.details = {"message": message, **details}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache():
    cache = caches["default"]
    key = f"sante:{uuid.uuid4().hex}"
    cache.set(key, key, 30)
    try:
        if cache.get(key) != key:
            raise Unhealthy("le cache ne rend pas ce qui vient d’y être écrit")
    finally:
        cache.delete(key)
    return {"moteur": type(cache).__name__}


def check_worker():
    latest = WorkerHeartbeat.latest()
    if latest is None:
        raise Unhealthy("le travailleur (manage.py worker) n’a jamais donné signe de vie")
    silence = timezone.now() - latest
    details = {"dernier_signe": latest.isoformat(), "silence_s": int(silence.total_seconds())}
    if silence > WORKER_SILENCE_LIMIT:
        raise Unhealthy("le travailleur (manage.py worker) ne donne plus signe de vie", **details)
    return details


CHECKS = {"base_de_donnees": check_database, "cache": check_cache, "travailleur": check_worker}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"etat": "ok", **check()}
        except Unhealthy as failure:
            results[name] = {"etat": "erreur", **failure.details}
        except Exception as error:  # a health check reports failures, it does not raise them
            logger.exception("Vérification de santé « %s » en échec", name)
            results[name] = {"etat": "erreur", "message": type(error).__name__}
    return results


@require_safe
@never_cache
def health_view(request):
    results = run_checks()
    healthy = all(result["etat"] == "ok" for result in results.values())
    return JsonResponse(
        {"etat": "ok" if healthy else "erreur", "verifications": results},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
