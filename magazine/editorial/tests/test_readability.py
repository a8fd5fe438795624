"""The readability the editor's panel shows: Kandel and Moles' score, sentences, passive, long
words; and the panel's answer to the text it is sent."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from magazine.articles.models import Audience
from magazine.editorial import checks
from magazine.editorial.readability import LONG_SENTENCE_WORDS, analyse, parts_of, syllables
from magazine.editorial.tests.test_checks import complete_article

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
    assert "Sigle" not in html


@pytest.mark.django_db
def test_the_panel_lists_the_acronyms_to_spell_out_as_they_are_typed(panel):
    text = "Le ZAN change tout. Le SRADDET aussi. L’EPCI suit. Les zones à faibles émissions (ZFE)."
    html = panel("contributrice", json.dumps({"parts": [["Chapô", text]]})).content.decode()
    # EPCI is in the glossary, ZFE is spelled out: ZAN and SRADDET are not.
    assert "Sigles à expliciter à la première mention" in html and ": ZAN, SRADDET." in html


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


@pytest.mark.django_db
def test_the_panel_measures_against_the_audience_chosen(panel):
    """The rédaction's targets per audience (seeded: « Grand public » 60 and sentences of 20
    words, « Élu·es et agents » 50 and 25 by default, « Spécialistes » 40 and 30)."""
    text = [["Corps, bloc 1", LONG + " " + SHORT]]
    public = Audience.objects.get(name="Grand public")
    experts = Audience.objects.get(name="Spécialistes")

    default = panel("contributrice", json.dumps({"parts": text})).content.decode()
    assert "pour le public «&nbsp;Élu·es et agents&nbsp;»&nbsp;: 50 ou plus" in default
    chosen = panel("contributrice", json.dumps({"parts": text, "audience": public.pk}))
    assert "«&nbsp;Grand public&nbsp;»&nbsp;: 60 ou plus" in chosen.content.decode()
    assert "Phrases de plus de 20 mots" in chosen.content.decode()
    chosen = panel("contributrice", json.dumps({"parts": text, "audience": experts.pk}))
    assert "Phrases de plus de 30 mots" in chosen.content.decode()  # 36 words: still listed
    unknown = panel("contributrice", json.dumps({"parts": text, "audience": "x'); --"}))
    assert "Élu·es et agents" in unknown.content.decode()

    Audience.objects.all().delete()  # none left: the magazine's own defaults
    bare = panel("contributrice", json.dumps({"parts": text})).content.decode()
    assert "objectif de la rédaction&nbsp;: 50 ou plus" in bare


@pytest.mark.django_db
def test_a_target_is_a_rule_only_when_the_redaction_makes_it_one():
    page = complete_article(chapo=LONG, body=[("paragraph", f"<p>{LONG}</p>")])
    assert checks.quality_problems(page) == []  # advice, never a block
    Audience.objects.filter(is_default=True).update(gate=True)
    [problem] = checks.quality_problems(page)
    assert problem.where == "Contenu › Corps de l’article"
    assert "sous l’objectif de 50 fixé pour le public « Élu·es et agents »" in problem.message
    page.audience = Audience.objects.get(name="Spécialistes")  # no rule for them
    assert checks.quality_problems(page) == []
    page.chapo, page.body = SHORT, [("paragraph", f"<p>{SHORT}</p>")]
    page.audience = None
    assert checks.quality_problems(page) == []  # easy enough


def test_the_article_is_read_as_the_panel_reads_it_its_running_text_only():
    body = [
        ("heading", {"level": "h2", "text": "Un intertitre sans point"}),
        ("paragraph", f"<p>{SHORT}</p>"),
        ("table", {"data": [["Option", "Coût"], ["Libre", "0"]], "table_caption": "Coûts"}),
        ("quote", {"text": "Le réseau, c’est nous.", "attribution": "Une élue", "role": ""}),
    ]
    page = complete_article(chapo="Un chapô.", body=body)
    assert parts_of(page) == [
        ("Chapô", "Un chapô."),
        ("Corps, bloc 2", f"<p>{SHORT}</p>"),
        ("Corps, bloc 4", "Le réseau, c’est nous."),
    ]
