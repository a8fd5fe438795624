"""Logging in to the admin: brute-force lockout, client address behind a proxy, sessions."""

import datetime as dt
import logging

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

USERNAME, PASSWORD = "redaction", "demo-redaction-2026"  # a demo account (magazine/demo)
ATTACKER, COLLEAGUE = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def login_url():
    return reverse("wagtailadmin_login")


def attempt(client, url, password, **headers):
    return client.post(url, {"username": USERNAME, "password": password}, **headers)


def fail_five_times(client, url, **headers):
    return [attempt(client, url, "pas-le-bon-mot-de-passe", **headers) for _ in range(5)]


def assert_locked_out(response):
    assert response.status_code == 429
    text = response.content.decode()
    assert "Connexion suspendue" in text
    assert "Après 5 tentatives de connexion infructueuses" in text
    assert "pendant 15&nbsp;minutes" in text
    assert '<html lang="fr">' in text and "<script" not in text
    assert "sessionid" not in response.cookies


def assert_logged_in(response):
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_wrong_password_shows_the_form_again(client, login_url):
    response = attempt(client, login_url, "pas-le-bon-mot-de-passe", REMOTE_ADDR=ATTACKER)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_five_failures_lock_the_username_out_from_that_address(client, login_url):
    responses = fail_five_times(client, login_url, REMOTE_ADDR=ATTACKER)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert_locked_out(responses[-1])
    # Even the right password is refused during the cool-off.
    assert_locked_out(attempt(client, login_url, PASSWORD, REMOTE_ADDR=ATTACKER))


def test_the_lockout_does_not_reach_the_editor_at_another_address(client, login_url):
    fail_five_times(client, login_url, REMOTE_ADDR=ATTACKER)

    assert_logged_in(attempt(client, login_url, PASSWORD, REMOTE_ADDR=COLLEAGUE))


def test_the_right_password_works_again_after_the_cool_off(client, login_url):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        fail_five_times(client, login_url, REMOTE_ADDR=ATTACKER)
        traveller.shift(dt.timedelta(minutes=14))
        assert_locked_out(attempt(client, login_url, PASSWORD, REMOTE_ADDR=ATTACKER))

        traveller.shift(dt.timedelta(minutes=16))  # 15 minutes after the last attempt
        response = attempt(client, login_url, PASSWORD, REMOTE_ADDR=ATTACKER)

    assert_logged_in(response)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, login_url):
    fail_five_times(client, login_url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)

    # Changing the header does not escape the lockout: the address is still REMOTE_ADDR.
    response = attempt(
        client, login_url, PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=COLLEAGUE
    )
    assert_locked_out(response)


def test_x_forwarded_for_names_the_client_behind_a_trusted_proxy(client, login_url, settings):
    settings.LEMAG_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    fail_five_times(client, login_url, HTTP_X_FORWARDED_FOR=ATTACKER, **proxy)

    # The attacker stays locked out, even writing another address before the one nginx added…
    spoofed = f"{COLLEAGUE}, {ATTACKER}"
    assert_locked_out(attempt(client, login_url, PASSWORD, HTTP_X_FORWARDED_FOR=spoofed, **proxy))
    # … while the editor, behind the same proxy, logs in.
    response = attempt(client, login_url, PASSWORD, HTTP_X_FORWARDED_FOR=COLLEAGUE, **proxy)
    assert_logged_in(response)


def test_the_lockout_log_line_keeps_only_the_network(client, login_url, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail_five_times(client, login_url, REMOTE_ADDR=ATTACKER)

    messages = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    assert any("Locking out" in message for message in messages)
    assert all(ATTACKER not in message for message in messages)
    assert any('ip="203.0.113.0"' in message for message in messages)


def test_logging_in_starts_a_new_session(client, login_url):
    session = client.session
    session["vu"] = True
    session.save()
    anonymous_key = session.session_key

    assert_logged_in(attempt(client, login_url, PASSWORD, REMOTE_ADDR=COLLEAGUE))

    new_key = client.cookies["sessionid"].value
    assert new_key and new_key != anonymous_key
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=anonymous_key).exists()


@pytest.mark.parametrize(
    ("remember", "cookie_max_age"),
    [("", ""), ("on", 8 * 60 * 60)],
    ids=["cookie-ends-with-the-browser", "remember-me"],
)
def test_the_session_expires_eight_hours_after_login(client, login_url, remember, cookie_max_age):
    home = reverse("wagtailadmin_home")
    credentials = {"username": USERNAME, "password": PASSWORD, "remember": remember}
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        response = client.post(login_url, credentials, REMOTE_ADDR=COLLEAGUE)
        assert_logged_in(response)
        assert response.cookies["sessionid"]["max-age"] == cookie_max_age

        traveller.shift(dt.timedelta(hours=7, minutes=50))
        assert client.get(home).status_code == 200

        traveller.shift(dt.timedelta(minutes=15))  # 8 h 05 after the login
        response = client.get(home)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{login_url}?next=")
