"""`make bench`: load on `make serve`'s production stack (gunicorn + worker, DEBUG off) with wrk.

Scenarios (issue 6, « Load »), each against a demo article on 127.0.0.1:
  a  uncached article (LEMAG_PAGE_CACHE=0): req/s, CPU ms per request, SQL queries per render;
     twice: served from the record compiled when it was published (magazine.compiling), then
     rendered from scratch (LEMAG_COMPILED_ARTICLES=0: what a record not yet compiled costs)
  b  article from the application's page cache (warm), --connections connections
  c  the same through Debian's nginx configured by deploy/nginx.conf (adapted: plain HTTP on
     127.0.0.1, no TLS, its cache in a temporary directory); skipped without nginx
  d  --readers readers for --duration seconds while an editor publishes a new revision every
     --publish-every seconds: errors, and the delay until each publication is visible; through
     the application, then through nginx
SQLite in a temporary directory by default. With DATABASE_URL=postgres://… the run is on
PostgreSQL, in a throw-away `<name>_load` database beside it; --postgres runs SQLite, then
PostgreSQL (DATABASE_URL's server, else a throw-away cluster from tools/pg-throwaway).

The database is migrated, the demo magazine loaded and compiled first (one to two minutes); every
process started (gunicorn, worker, nginx, editor) is stopped at the end, on Ctrl-C and on errors.

Usage: python -m bench.load [--only a,b,c,d] [--duration 60] [--connections 64] [--json]
"""
