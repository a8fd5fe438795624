"""A whole installation in one archive, and back (`manage.py backup` and `manage.py restore`).

An archive is a gzip-compressed tar file holding:

    database/db.sqlite3   SQLite: a consistent copy made by SQLite's online backup API, so the
                          site may keep running during the backup;
    database/db.pgdump    or PostgreSQL: `pg_dump --format=custom`;
    media/…               the uploaded images, their renditions and the documents (MEDIA_ROOT);
    manifest.json         last: format, date, versions, database vendor, applied migrations,
                          counts (pages, images, documents, authors, users, subscribers) and the
                          checksum of the database member.

A restore checks the whole archive (member names and types, manifest, checksum, vendor,
migrations) and the target (empty unless forced), stages everything beside its destination, and
only then swaps it in: SQLite by an atomic rename of the database file, PostgreSQL by `pg_restore`
in a single transaction, the media directory by a rename. Restoring an archive of one vendor into
the other is refused.
"""
