"""Login brute-force protection, glued to django-axes (settings AXES_* in magazine/settings.py).

Five failed logins for one username from one address lock that pair out for a cool-off period:
the login answers HTTP 429 with a French page saying how long to wait.
"""

from axes.helpers import get_cool_off, get_failure_limit
from django.shortcuts import render

from magazine.operations.logs import truncate_ip


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while the username and address are locked out."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes}
    return render(request, "users/lockout.html", context, status=429)


def client_str(username, ip_address, user_agent, path_info, request):
    """How django-axes names a client in its log lines: the network, never the full address."""
    if isinstance(path_info, list | tuple):
        path_info = path_info[0] if path_info else ""
    return f'username="{username}" ip="{truncate_ip(ip_address)}" path="{path_info}"'
