"""Asking a site whether a cited address still answers, politely.

- A clear User-Agent naming the magazine and what the robot does.
- `robots.txt` read once per site and obeyed (RFC 9309: a missing file allows everything, a
  site whose file cannot be read because of its own error is not checked), its Crawl-delay too.
- At most one request per site every `delay` seconds, counted from the end of the previous one.
- Timeouts to connect and to answer; HEAD first, then GET (without reading the body) when HEAD
  gives anything but success, since many servers answer HEAD badly.
- Redirections followed one by one (at most `MAX_REDIRECTS`), to tell a page that moved for good
  (301, 308: the rédaction is given its new address) from a temporary detour.
"""

import dataclasses
import time
import urllib.robotparser
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from django.conf import settings

from magazine.sourcecheck.models import Outcome

MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024
PERMANENT_REDIRECTS = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
REFUSALS = {401, 403, 407, 429}
ROBOT_NAME = "LeMag-verification-des-sources"


def user_agent():
    return (
        f"{ROBOT_NAME}/1.0 (+{settings.WAGTAILADMIN_BASE_URL}/a-propos/ ; "
        "vérifie une fois par semaine que les sources citées par le magazine répondent)"
    )


@dataclasses.dataclass
class Result:
    outcome: str
    status_code: int | None = None
    method: str = ""
    moved_to: str = ""
    detail: str = ""


class Refused(Exception):
    """The address cannot be checked (not http(s), robots.txt): no request was made."""

    def __init__(self, result):
        self.result = result


class Fetcher:
    def __init__(self, delay=None, timeout=None):
        self.delay = settings.LEMAG_SOURCECHECK_DELAY if delay is None else delay
        self.timeout = timeout or settings.LEMAG_SOURCECHECK_TIMEOUT
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": user_agent(), "Accept": "*/*"})
        self.session.trust_env = False  # no proxy or .netrc from the environment
        self.last_request = {}  # host -> time.monotonic() at the end of its last request
        self.delays = {}  # host -> its robots.txt Crawl-delay, when longer than ours
        self.robots = {}  # scheme://host -> RobotFileParser, or a Result when unreadable
        self.hosts_tried = set()
        self.reached_a_site = False  # any HTTP answer at all, from any site

    # -- one address ----------------------------------------------------------------------
    def check(self, url):
        try:
            self._may_fetch(url)
            head = self._follow("HEAD", url)
            if head.outcome in (Outcome.WORKING, Outcome.MOVED):
                return head
            return self._follow("GET", url)
        except Refused as refused:
            return refused.result

    def _may_fetch(self, url):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(Result(Outcome.UNREACHABLE, detail="Adresse qui n’est pas http(s)."))
        robots = self._robots_for(f"{parts.scheme}://{parts.netloc}")
        if isinstance(robots, Result):
            raise Refused(robots)
        if robots is not None and not robots.can_fetch(ROBOT_NAME, url):
            raise Refused(Result(Outcome.DISALLOWED, detail="Interdit par robots.txt."))

    def _follow(self, method, url):
        """Request `url`, following redirections; the Result of where it ends."""
        first_status, current = None, url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                response, _body = self._request(method, current)
            except requests.Timeout:
                return Result(Outcome.UNREACHABLE, method=method, detail="Délai dépassé.")
            except requests.RequestException as error:
                return Result(Outcome.UNREACHABLE, method=method, detail=_reason(error))
            status = response.status_code
            first_status = first_status or status
            if status in REDIRECTS and response.headers.get("Location"):
                current = urljoin(current, response.headers["Location"])
                continue
            return _classify(method, status, first_status, url, current)
        return Result(Outcome.UNREACHABLE, method=method, detail="Trop de redirections.")

    # -- politeness -----------------------------------------------------------------------
    def _request(self, method, url, read=False):
        """The response to one request, and the first `ROBOTS_MAX_BYTES` of its body if `read`
        (robots.txt; the rest, if any, is not read: RFC 9309 § 2.5 asks for 500 KiB at least)."""
        host = urlsplit(url).netloc.lower()
        self.hosts_tried.add(host)
        self._wait_for(host)
        try:
            with self.session.request(
                method, url, allow_redirects=False, timeout=self.timeout, stream=True
            ) as response:
                self.reached_a_site = True
                body = b""
                if read:
                    body = response.raw.read(ROBOTS_MAX_BYTES, decode_content=True)
                return response, body
        finally:
            self.last_request[host] = time.monotonic()

    def _wait_for(self, host):
        delay = max(self.delay, self.delays.get(host, 0))
        last = self.last_request.get(host)
        if last is not None:
            time.sleep(max(0.0, last + delay - time.monotonic()))

    def _robots_for(self, origin):
        if origin not in self.robots:
            self.robots[origin] = self._read_robots(origin)
        return self.robots[origin]

    def _read_robots(self, origin):
        try:
            response, body = self._request("GET", f"{origin}/robots.txt", read=True)
            text = body.decode("utf-8", "replace") if response.status_code == 200 else ""
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            return Result(Outcome.UNREACHABLE, method="GET", detail=_reason(error))
        if response.status_code >= 500:  # RFC 9309 § 2.3.1.4: assume everything disallowed
            return Result(
                Outcome.SERVER_ERROR,
                response.status_code,
                "GET",
                detail="robots.txt en erreur : le site n’est pas vérifié.",
            )
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(text.splitlines())  # 4xx or empty: everything allowed
        crawl_delay = parser.crawl_delay(ROBOT_NAME)
        if crawl_delay:
            self.delays[urlsplit(origin).netloc.lower()] = min(float(crawl_delay), 60.0)
        return parser


def _classify(method, status, first_status, url, final_url):
    if 200 <= status < 300:
        if first_status in PERMANENT_REDIRECTS and final_url != url:
            return Result(Outcome.MOVED, first_status, method, moved_to=final_url)
        return Result(Outcome.WORKING, status, method)
    if status == 410:
        return Result(Outcome.REMOVED, status, method)
    if status in REFUSALS:
        return Result(Outcome.REFUSED, status, method)
    if status >= 500:
        return Result(Outcome.SERVER_ERROR, status, method)
    return Result(Outcome.NOT_FOUND, status, method)


def _reason(error):
    if isinstance(error, requests.Timeout | urllib3.exceptions.TimeoutError):
        return "Délai dépassé."
    if isinstance(error, requests.exceptions.SSLError):
        return "Certificat du site invalide."
    if isinstance(error, requests.ConnectionError):
        return "Connexion impossible."
    return "Requête impossible."
