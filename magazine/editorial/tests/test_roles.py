"""Each role sees in the admin menu only what it can use."""

import json
import re

import pytest


def menu_labels(client, user):
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    raw = re.findall(r'"label": "([^"]+)"', html)
    raw += re.findall(r"&quot;label&quot;: &quot;([^&]+)&quot;", html)
    return {json.loads(f'"{label}"') for label in raw}


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("contributrice", {"Pages", "Images"}, {"Classement", "Auteur·rices", "Paramètres"}),
        ("relecteur", {"Pages"}, {"Classement", "Auteur·rices", "Paramètres"}),
        ("redaction", {"Pages", "Classement", "Auteur·rices", "Paramètres"}, set()),
    ],
)
def test_admin_menu_matches_the_role(client, user_named, username, visible, hidden):
    labels = menu_labels(client, user_named(username))
    assert visible <= labels, labels
    assert not (hidden & labels), labels
