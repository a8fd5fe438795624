"""The generation: one number for everything readers can see, and what each process keeps for it.

Whenever something readers see changes, a signal handler replaces the number, kept in the shared
cache, once the transaction has committed (`invalidate`). Pages are stored under it
(`magazine.caching.pagecache`), and each process remembers values for it (`remembered`: routes,
URLs, restricted paths, the header and footer); a new number forgets them all at once. It is
the time of the change in microseconds, so it is also every page's `Last-Modified`.

What readers see besides pages is declared by each app, in its AppConfig: `reader_visible_models`
(labels), as Wagtail's frontend cache loops over page models. Pages themselves start a new
generation when they are published, unpublished, moved, renamed or deleted; users when their
name changes (a reviewer's « Relu par »); deployments when they run `migrate`.

Each process re-reads the number at most every GENERATION_CHECK_SECONDS and at least once per
second of the clock, so that every process serves a change within that delay.
"""

import functools
import hashlib
import threading
import time
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

GENERATION_KEY = "lemag:pagegen"
GENERATION_CHECK_SECONDS = 0.25
PER_GENERATION_MAX_VALUES = 20_000  # values remembered per process: routes, URLs…
RENDERING_PACKAGES = ("django", "wagtail", "wagtail-footnotes")
PUBLIC_USER_FIELDS = ("first_name", "last_name", "username")  # a reviewer's name


@functools.cache
def code_version():
    """A digest of what renders pages: the magazine's code and templates, the versions of
    Django and Wagtail. Pages (and compiled articles) are stored under it: processes running
    other code never share them."""
    root = Path(__file__).resolve().parent.parent  # the magazine package
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html"} and "tests" not in path.parts and path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for package in RENDERING_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:12]


class LocalStore:
    """At most `max_bytes` of items (each with a `size`), the oldest forgotten first."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.items = {}  # key -> item, oldest first
        self.bytes = 0

    def get(self, key):
        return self.items.get(key)

    def put(self, key, item):
        if key in self.items:
            self.bytes -= self.items.pop(key).size
        self.items[key] = item
        self.bytes += item.size
        while self.bytes > self.max_bytes and self.items:
            self.bytes -= self.items.pop(next(iter(self.items))).size

    def clear(self):
        self.items, self.bytes = {}, 0


class Generation:
    """This process's copy of the generation, and the pages it keeps in memory for it."""

    def __init__(self, local_max_bytes=32 * 1024 * 1024):
        self.value = None
        self.checked = 0.0  # time.time() of the last read, so that time-machine can freeze it
        self.pages = LocalStore(local_max_bytes)
        self.lock = threading.Lock()

    def current(self):
        now = time.time()
        if (
            self.value is None
            or not 0 <= now - self.checked < GENERATION_CHECK_SECONDS
            or int(now) != int(self.checked)
        ):
            cache = caches["default"]
            value = cache.get(GENERATION_KEY)
            if value is None:  # first start, or evicted: a new generation, as after a change
                cache.add(GENERATION_KEY, _new_value(), timeout=None)
                value = cache.get(GENERATION_KEY)
            with self.lock:
                if value != self.value:
                    self.pages.clear()
                    self.value = value
                self.checked = now
        return self.value

    def bump(self):
        """Start a new generation: every process stops serving what it stored for the last."""
        cache = caches["default"]
        cache.set(GENERATION_KEY, max(_new_value(), (cache.get(GENERATION_KEY) or 0) + 1), None)
        self.checked = 0.0
        self.current()

    def remember(self, key, page, value):
        """Keep `page`, rendered in generation `value`, if that is still this process's."""
        with self.lock:
            if self.value == value:
                self.pages.put(key, page)

    def forget_local_copies(self):
        with self.lock:
            self.value, self.checked = None, 0.0
            self.pages.clear()


def _new_value():
    return time.time_ns() // 1000


generation = Generation()


def generation_of(request):
    """The generation `request` works with: the one it saw first, whatever changes meanwhile."""
    if request is None:
        return generation.current()
    if "_lemag_generation" not in request.__dict__:
        request._lemag_generation = generation.current()
    return request._lemag_generation


class PerGeneration:
    """Values one process works out once per generation (routes, URLs, the header…)."""

    def __init__(self):
        self.value, self.values = None, {}
        self.lock = threading.Lock()

    def current(self, request=None):
        """The values (a dict) of the generation `request` works with. A request that started
        before the latest change gets a dict of its own, which nothing else reads."""
        value = generation_of(request)
        with self.lock:
            if value != self.value and (self.value is None or value > self.value):
                self.value, self.values = value, {}
            return self.values if value == self.value else {}

    def get(self, key, compute, request=None):
        values = self.current(request)
        if key in values:
            return values[key]
        value = compute()
        self.keep(values, key, value)
        return value

    @staticmethod
    def keep(values, key, value):
        """Add `value` to `values` unless it is full (a crawler's endless searches or hosts are
        then worked out each time, not kept)."""
        if len(values) < PER_GENERATION_MAX_VALUES:
            values[key] = value

    def forget(self):
        with self.lock:
            self.value, self.values = None, {}


remembered = PerGeneration()


def count_of(queryset, request=None):
    """`queryset.count()`, worked out once per generation by each process (a publication starts
    a new one): lists and sitemaps count thousands of articles to show a few."""
    sql, params = queryset.query.sql_with_params()
    return remembered.get(("count", sql, tuple(params)), queryset.count, request)


def invalidate(**kwargs):
    """Something readers see changed: once committed, start a new generation."""
    transaction.on_commit(generation.bump)


def public_name_changes(sender, instance, update_fields=None):
    """Is the user about to be saved changing what readers see of them, their name (not a
    login, a password, groups…)? For pre_save receivers."""
    if instance.pk is None or (update_fields and not set(update_fields) & set(PUBLIC_USER_FIELDS)):
        return False
    before = sender.objects.filter(pk=instance.pk).values_list(*PUBLIC_USER_FIELDS).first()
    return before != tuple(getattr(instance, name) for name in PUBLIC_USER_FIELDS)


def _user_saving(sender, instance, update_fields=None, **kwargs):
    if public_name_changes(sender, instance, update_fields):
        invalidate()


def reader_visible_models():
    """The models the apps declare readers see (`reader_visible_models` of their AppConfig)."""
    return [
        apps.get_model(label)
        for config in apps.get_app_configs()
        for label in getattr(config, "reader_visible_models", ())
    ]


def connect_signals():
    """Connect the receivers that start a new generation (idempotent)."""
    uid = "lemag-generation"
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(invalidate, dispatch_uid=uid)
    # Deleting any page deletes its row of Page: one sender, and other models' deletions stay
    # fast (a receiver for every sender makes Django load each deleted row to signal it).
    post_delete.connect(invalidate, sender=Page, dispatch_uid=f"{uid}-page")
    for model in reader_visible_models():
        for signal in (post_save, post_delete):
            signal.connect(invalidate, sender=model, dispatch_uid=f"{uid}-{model}")
    pre_save.connect(_user_saving, sender=get_user_model(), dispatch_uid=f"{uid}-user")
