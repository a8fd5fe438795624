"""Articles compiled when they are published: rendered once, served from what was stored.

See `compiler` (what is compiled), `dependencies` (which change compiles what again), `links`
(what every article links to, computed at once), `wagtail_hooks` (serving a record).
"""
