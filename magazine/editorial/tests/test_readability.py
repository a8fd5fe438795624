"""The readability the editor's panel shows: Kandel and Moles' score, sentences, passive, long
words; and the panel's answer to the text it is sent."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from magazine.editorial.readability import LONG_SENTENCE_WORDS, analyse, syllables

SHORT = "Le maire signe. La commune paie."
LONG = (
    "La commune est accompagnée par le département pour la dématérialisation de son état "
    "civil, qui demande du temps, du matériel et une formation que personne ne finance "
    "vraiment aujourd’hui dans les petites communes rurales du Cantal."
)


@pytest.mark.parametrize(
    ("word", "count"),
    [("maire", 1), ("commune", 2), ("numérique", 3), ("intercommunalité", 7), ("été", 2)],
)
def test_syllables_are_spoken_ones_a_final_mute_e_not_counted(word, count):
    assert syllables(word) == count


def test_the_score_is_kandel_and_moles_formula():
    result = analyse([("Chapô", SHORT)])
    words, sentences = 6, 2
    syllable_count = sum(syllables(w) for w in "Le maire signe La commune paie".split())
    expected = round(207 - 1.015 * words / sentences - 73.6 * syllable_count / words)
    assert result.score == expected and result.reads == "très facile"


def test_long_sentences_are_listed_with_where_they_are_and_passive_counted():
    result = analyse([("Chapô", SHORT), ("Corps, bloc 2", f"<p>{LONG}</p>")])
    [long] = result.long_sentences
    assert long.where == "Corps, bloc 2" and long.words > LONG_SENTENCE_WORDS
    assert long.text.startswith("La commune est accompagnée")
    assert result.longest == long
    assert result.passive_share == 33  # « est accompagnée par », one sentence in three
    assert analyse([("Chapô", "")]).score is None


@pytest.fixture
def panel(client):
    def ask(username, body, content_type="application/json"):
        client.force_login(get_user_model().objects.get(username=username))
        return client.post(reverse("newsroom:readability"), body, content_type=content_type)

    return ask


@pytest.mark.django_db
def test_the_panel_answers_the_text_it_is_sent(panel):
    response = panel(
        "contributrice", json.dumps({"parts": [["Corps, bloc 1", LONG + " " + SHORT]]})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Score de lisibilité (Kandel et Moles)" in html
    assert 'data-readability-where="Corps, bloc 1"' in html and "(36 mots)" in html


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["pas du json", '{"parts": 3}', '{"autre": []}', "[1, 2]"])
def test_unreadable_input_gets_a_french_message(panel, body):
    response = panel("contributrice", body)
    assert response.status_code == 400
    assert "Texte illisible" in response.content.decode()


@pytest.mark.django_db
def test_the_panel_is_for_the_newsroom_only(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("newsroom:readability"), '{"parts": []}', content_type="application/json"
    )
    assert response.status_code in (302, 403)
    client.logout()
    anonymous = client.post(
        reverse("newsroom:readability"), '{"parts": []}', content_type="application/json"
    )
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
