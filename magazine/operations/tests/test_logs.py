"""Log lines are JSON objects and carry no personal data."""

import io
import json
import logging

import pytest
from django.urls import reverse

from magazine.operations.logs import JSONFormatter

REQUEST_LOG_MIDDLEWARE = "magazine.operations.logs.RequestLogMiddleware"


@pytest.fixture
def log_lines():
    """What the console handler configured by settings.LOGGING writes, line by line."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, JSONFormatter)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        handler.setStream(previous)


@pytest.fixture
def request_log(settings):
    if REQUEST_LOG_MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [REQUEST_LOG_MIDDLEWARE, *settings.MIDDLEWARE]


def request_lines(lines):
    return [line for line in lines if line["logger"] == "magazine.requests"]


def test_a_request_is_logged_as_json_without_query_string_nor_full_address(
    client, request_log, log_lines
):
    url = reverse("wagtailadmin_login")
    client.get(f"{url}?email=jeanne.martin@example.org", REMOTE_ADDR="203.0.113.42")

    (line,) = request_lines(log_lines())
    assert line["level"] == "INFO"
    assert line["message"] == f"GET {url} 200"
    assert (line["method"], line["path"], line["status"]) == ("GET", url, 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["ip"] == "203.0.113.0"
    assert line["time"].endswith("+00:00")
    assert "203.0.113.42" not in json.dumps(line) and "jeanne" not in json.dumps(line)


@pytest.mark.parametrize(
    ("remote_addr", "network"),
    [
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("::ffff:198.51.100.23", "198.51.100.0"),
    ],
)
def test_an_ipv6_address_keeps_its_48_bit_prefix(
    client, request_log, log_lines, remote_addr, network
):
    client.get(reverse("wagtailadmin_login"), REMOTE_ADDR=remote_addr)

    (line,) = request_lines(log_lines())
    assert line["ip"] == network


def test_the_forwarded_address_is_logged_only_behind_a_trusted_proxy(
    client, request_log, log_lines, settings
):
    url = reverse("wagtailadmin_login")
    client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23")
    settings.LEMAG_TRUSTED_PROXIES = 1
    client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.23")

    assert [line["ip"] for line in request_lines(log_lines())] == ["127.0.0.0", "198.51.100.0"]


def test_a_not_found_page_is_logged_too(client, request_log, log_lines):
    client.get("/cette-page-n-existe-pas/", REMOTE_ADDR="203.0.113.42")

    lines = log_lines()
    assert request_lines(lines)[0]["status"] == 404
    assert all("203.0.113.42" not in json.dumps(line) for line in lines)


def test_the_login_lockout_is_logged_with_the_network_only(client, log_lines):
    for _ in range(5):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "redaction", "password": "pas-le-bon"},
            REMOTE_ADDR="203.0.113.42",
        )

    lines = [line for line in log_lines() if line["logger"].startswith("axes")]
    assert any("Locking out" in line["message"] for line in lines)
    assert all('ip="203.0.113.0"' in line["message"] for line in lines if "ip=" in line["message"])
    assert all("203.0.113.42" not in line["message"] for line in lines)


def test_any_message_loses_its_addresses(log_lines):
    logger = logging.getLogger("magazine.newsletter")
    logger.warning("Inscription de %s depuis %s", "jeanne.martin@example.org", "198.51.100.23")
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("Envoi impossible depuis 2001:db8:85a3::8a2e:370:7348")

    first, second = log_lines()
    assert first["message"] == "Inscription de …@example.org depuis 198.51.100.0"
    assert first["level"] == "WARNING" and first["logger"] == "magazine.newsletter"
    assert second["message"] == "Envoi impossible depuis 2001:db8:85a3::"
    assert "ValueError: boom" in second["exception"]
