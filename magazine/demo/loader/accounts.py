"""Demo accounts (one per role, with a printed password) and the other members (no login)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from magazine.demo.loader import content
from magazine.people.models import Author
from magazine.users.roles import ADMINISTRATOR


def _member(data, password=None):
    User = get_user_model()
    user = User.objects.filter(username=data["username"]).first()
    if user is None:
        user = User(username=data["username"])
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
    user.first_name, user.last_name = data["first_name"], data["last_name"]
    user.email = f"{data['username']}@example.org"
    user.is_staff = user.is_superuser = data["role"] == ADMINISTRATOR
    user.save()
    user.groups.set([Group.objects.get(name=data["role"])])
    if data.get("author"):
        Author.objects.filter(slug=data["author"]).update(user=user)
    return user


def load_accounts():
    """Create the accounts; returns the demo logins (username, password, role)."""
    site = content.site()
    for data in site.get("member", []):
        _member(data)
    for data in site["account"]:
        _member(data, data["password"])
    return site["account"]
