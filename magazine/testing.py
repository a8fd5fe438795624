"""Helpers shared by the tests that start real servers and tools (nginx, Redis, Chromium,
`manage.py run`)."""

import os
import socket

import pytest


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(message):
    """Skip with `message` (say how to install what is missing), except in CI (CI=true), where a
    missing tool must not let its tests pass unnoticed."""
    if in_ci():
        pytest.fail(f"{message} (CI=true : ces tests y sont obligatoires)", pytrace=False)
    pytest.skip(message)


def free_port():
    """A TCP port of 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def html_of(client, url, status=200):
    """The HTML a test client gets at `url`, checking the status of the answer."""
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()
