"""`make run` keeps e-mails on the machine: each one written to var/mail/ and said on the
console with its links, so that a newcomer subscribing to the lettre confirms from the terminal
(issue 14)."""

import re

import pytest
from django.core.cache import cache


@pytest.mark.django_db
def test_the_confirmation_link_is_on_the_console_and_the_email_in_var_mail(
    client, settings, tmp_path, capsys
):
    settings.EMAIL_BACKEND = "magazine.operations.mail.LocalMailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    cache.clear()
    response = client.post(
        "/lettre/",
        {"email": "nouvelle@example.org", "frequency": "each", "consent": "on"},
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 200
    said = capsys.readouterr().out
    assert "Courriel à nouvelle@example.org : « Confirmez votre abonnement" in said
    confirm = re.search(r"^  (http://testserver/lettre/confirmer/\S+/)$", said, re.M)
    assert confirm, said
    (written,) = tmp_path.iterdir()
    assert confirm.group(1) in written.read_text()
    assert client.get(confirm.group(1).removeprefix("http://testserver")).status_code == 200
