"""Passwords chosen in the admin: at least 12 characters, not a common one."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


def create_account(client, password):
    return client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nouvelle",
            "email": "nouvelle@lemag.invalid",
            "first_name": "Nora",
            "last_name": "Velle",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (
            "Court-2026",
            "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères.",
        ),
        ("telechargement", "Ce mot de passe est trop courant."),  # 14 characters, but common
    ],
)
def test_a_weak_password_is_refused_in_french(admin_client, password, message):
    response = create_account(admin_client, password)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(username="nouvelle").exists()


def test_a_long_uncommon_password_is_accepted(admin_client):
    response = create_account(admin_client, "tilleul-sous-la-halle-1907")

    assert response.status_code == 302
    assert (
        get_user_model()
        .objects.get(username="nouvelle")
        .check_password("tilleul-sous-la-halle-1907")
    )
