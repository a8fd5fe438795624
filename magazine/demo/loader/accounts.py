"""Demo accounts, one per role; only the demo creates them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from magazine.demo.loader import content
from magazine.people.models import Author
from magazine.users.roles import ADMINISTRATOR


def load_accounts():
    User = get_user_model()
    accounts = []
    for data in content.site()["account"]:
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            user = User(username=data["username"])
            user.set_password(data["password"])
        user.first_name, user.last_name = data["first_name"], data["last_name"]
        user.email = f"{data['username']}@example.org"
        user.is_staff = user.is_superuser = data["role"] == ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=data["role"])])
        if data.get("author"):
            Author.objects.filter(slug=data["author"]).update(user=user)
        accounts.append(data)
    return accounts
