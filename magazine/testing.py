"""Helpers shared by the tests that start real servers and tools (nginx, Redis, Chromium,
`manage.py run`)."""

import ipaddress
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


def keep_on_this_machine():
    """Refuse, in this process, any connection to another machine than this one: no test
    reaches the outside (the source checker's are played by local servers). The servers and
    workers tests start are told not to check sources (LEMAG_SOURCECHECK=0)."""
    os.environ["LEMAG_SOURCECHECK"] = "0"
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def _refuse_remote(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                local = ipaddress.ip_address(host.split("%")[0]).is_loopback
            except ValueError:
                local = host == "localhost"
            if not local:
                raise ConnectionRefusedError(f"Les tests ne sortent pas de la machine ({host}).")

    def guarded_connect(sock, address):
        _refuse_remote(sock, address)
        return connect(sock, address)

    def guarded_connect_ex(sock, address):
        _refuse_remote(sock, address)
        return connect_ex(sock, address)

    socket.socket.connect, socket.socket.connect_ex = guarded_connect, guarded_connect_ex
