"""Structured logs without personal data.

Every log line is one JSON object (`JSONFormatter`). `PrivacyFilter` truncates the IP addresses
and masks the e-mail addresses found in any message, whoever logged it (Django, django-axes,
our code). `RequestLogMiddleware` writes one line per request: method, path without its query
string, status, duration, truncated client address.

`client_ip` is the client's address as the logs and the login lockout see it: REMOTE_ADDR, or,
behind LEMAG_TRUSTED_PROXIES reverse proxies, the address the outermost of them saw.
"""

import ipaddress
import json
import logging
import re
import time
from datetime import UTC, datetime

from django.conf import settings

request_logger = logging.getLogger("magazine.requests")

# Attributes every LogRecord has: any other was passed in `extra=` and is logged as a field.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime"}
)


def truncate_ip(address):
    """The network an address belongs to, not the address: IPv4 /24, IPv6 /48.

    "203.0.113.42" → "203.0.113.0", "2001:db8:85a3:8d3:1319:8a2e:370:7348" → "2001:db8:85a3::".
    Anything that is not an IP address gives "".
    """
    try:
        ip = ipaddress.ip_address(str(address).strip())
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def client_ip(request):
    """The client's IP address.

    X-Forwarded-For is believed only when settings.LEMAG_TRUSTED_PROXIES says how many reverse
    proxies stand in front of the application (0 by default: the header is ignored, as any client
    can send it). Each proxy appends the address it received the request from, so with N proxies
    the client is the N-th address from the right; the ones before it are whatever the client
    wrote and are never used.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "LEMAG_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return remote_addr


_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:.])(?=[0-9a-f:]*:[0-9a-f:]*:)[0-9a-f:]{2,39}(?:%\w+)?(?![\w:])", re.I)
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def _truncate_match(match):
    return truncate_ip(match.group(0)) or match.group(0)


def scrub(text):
    """`text` with its IP addresses truncated and its e-mail addresses reduced to their domain."""
    text = _IPV4.sub(_truncate_match, text)
    text = _IPV6.sub(_truncate_match, text)
    return _EMAIL.sub(r"…@\1", text)


class PrivacyFilter(logging.Filter):
    """Removes personal data from every record a handler writes (set on the handlers in LOGGING)."""

    def filter(self, record):
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and isinstance(value, str):
                setattr(record, name, scrub(value))
        return True


_PLAIN = (str, int, float, bool, type(None))


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, extra fields."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            # Plain values only: the repr of an object (Django's `request`) shows the query string.
            if name not in _RECORD_ATTRIBUTES and isinstance(value, _PLAIN) and name[0] != "_":
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)


class RequestLogMiddleware:
    """Logs every request on "magazine.requests" (put it first in MIDDLEWARE to time everything).

    The query string is left out: it may carry an e-mail address (newsletter links) or a search.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.INFO
        request_logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": duration_ms,
                "ip": truncate_ip(client_ip(request)),
            },
        )
        return response
