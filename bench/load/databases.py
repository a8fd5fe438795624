"""The throw-away database of a run: SQLite in its folder, or PostgreSQL."""

import contextlib
from urllib.parse import urlsplit, urlunsplit


def is_postgres(url):
    return url.startswith(("postgres://", "postgresql://"))


@contextlib.contextmanager
def sqlite_database(workdir):
    yield f"sqlite:///{workdir}/db.sqlite3"


@contextlib.contextmanager
def postgres_database(server_url):
    """A throw-away `<name>_load` database beside DATABASE_URL's, dropped at the end."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"{parts.path.lstrip('/') or 'lemag'}_load"
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
