"""/sante/ tells monitoring whether the database, the cache and the worker are alive."""

import datetime
from unittest import mock

import time_machine
from django.db import OperationalError, connection
from django.utils import timezone

from magazine.editorial import scheduling
from magazine.operations.models import WorkerHeartbeat

NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)


def _health(client):
    response = client.get("/sante/")
    return response, response.json()


def test_healthy_when_the_worker_beat_recently(client):
    with time_machine.travel(NOW, tick=False):
        WorkerHeartbeat.beat()
    with time_machine.travel(NOW + datetime.timedelta(minutes=2, seconds=59), tick=False):
        response, body = _health(client)
    assert response.status_code == 200
    assert body["etat"] == "ok"
    assert body["verifications"]["base_de_donnees"] == {"etat": "ok"}
    assert body["verifications"]["cache"]["etat"] == "ok"
    assert body["verifications"]["travailleur"] == {
        "etat": "ok",
        "dernier_signe": "2026-11-26T10:00:00+00:00",
        "silence_s": 179,
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_unhealthy_when_the_worker_is_silent_for_three_minutes(client):
    with time_machine.travel(NOW, tick=False):
        WorkerHeartbeat.beat()
    with time_machine.travel(NOW + datetime.timedelta(minutes=3, seconds=1), tick=False):
        response, body = _health(client)
    assert response.status_code == 503
    assert body["etat"] == "erreur"
    worker = body["verifications"]["travailleur"]
    assert worker["etat"] == "erreur" and worker["silence_s"] == 181
    assert "ne donne plus signe de vie" in worker["message"]
    assert body["verifications"]["base_de_donnees"]["etat"] == "ok"


def test_unhealthy_when_no_worker_ever_ran(client):
    response, body = _health(client)
    assert response.status_code == 503
    assert "n’a jamais donné signe de vie" in body["verifications"]["travailleur"]["message"]


def test_unhealthy_when_the_database_is_down(client):
    WorkerHeartbeat.beat()
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refusée")):
        response, body = _health(client)
    assert response.status_code == 503
    assert body["verifications"]["base_de_donnees"] == {
        "etat": "erreur",
        "message": "OperationalError",
    }
    assert body["verifications"]["travailleur"]["etat"] == "erreur"


def test_unhealthy_when_the_cache_loses_what_it_was_given(client):
    WorkerHeartbeat.beat()
    with mock.patch("django.core.cache.backends.db.DatabaseCache.get", return_value=None):
        response, body = _health(client)
    assert response.status_code == 503
    assert body["verifications"]["cache"]["etat"] == "erreur"


def test_each_scheduler_run_leaves_a_heartbeat():
    with time_machine.travel(NOW, tick=False):
        scheduling.run_minute()
    assert WorkerHeartbeat.latest() == NOW
    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        with mock.patch.object(scheduling, "publish_due_pages", side_effect=RuntimeError):
            scheduling.run_minute()  # a failed publication does not stop the worker
    assert WorkerHeartbeat.latest() == NOW + datetime.timedelta(minutes=1)
    assert WorkerHeartbeat.objects.count() == 1  # one row per machine
    assert timezone.is_aware(WorkerHeartbeat.latest())
