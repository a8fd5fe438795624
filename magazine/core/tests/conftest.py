"""Fixtures of the core tests: running `manage.py` in a fresh process."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.fixture
def manage():
    """Run `manage.py ARGS` in a new process with extra environment variables.

    The process starts from this environment without DATABASE_URL and DJANGO_SECRET_KEY, so
    that each test says the configuration it checks.
    """

    def run(*args, **env):
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "DJANGO_SECRET_KEY"}
        }
        environment.update(env)
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run
