"""Every body block renders its key content; the image block refuses a missing alt text."""

import re

import pytest
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from magazine.articles.models import ArticleIndexPage, ArticlePage
from magazine.core.blocks import ImageBlock


@pytest.fixture
def image():
    return get_image_model().objects.exclude(description="").first()


@pytest.fixture
def document():
    return get_document_model().objects.filter(file__endswith=".csv").first()


@pytest.fixture
def every_block_article(image, document):
    body = [
        {"type": "paragraph", "value": "<p>Un paragraphe avec <em>emphase</em>.</p>"},
        {"type": "heading", "value": {"level": "h2", "text": "Première partie"}},
        {"type": "heading", "value": {"level": "h3", "text": "Un détail"}},
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Un graphique en barres",
                "decorative": False,
                "caption": "Une légende",
                "credit": "Un crédit",
            },
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "", "decorative": True, "caption": ""},
        },
        {
            "type": "quote",
            "value": {"text": "Le réseau, c’est nous", "attribution": "Une élue", "role": "maire"},
        },
        {
            "type": "callout",
            "value": {"kind": "chiffres-cles", "title": "", "text": "<p>Dans l’encadré</p>"},
        },
        {
            "type": "key_figures",
            "value": {
                "title": "",
                "figures": [{"value": "42 %", "label": "des communes", "source": "Le Mag"}],
            },
        },
        {
            "type": "table",
            "value": {
                "data": [["Option", "Coût"], ["Libre", "0"]],
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": "Les coûts comparés",
            },
        },
        {"type": "document", "value": {"document": document.pk, "title": "", "description": ""}},
        {
            "type": "embed",
            "value": {
                "kind": "video",
                "url": "https://video.example.org/w/conseil-communautaire",
                "title": "Le conseil communautaire du 12 mars",
                "source": "",
                "duration": "2 h 10 min",
                "description": "La séance filmée, avec le vote du schéma numérique.",
                "poster": image.pk,
            },
        },
        {
            "type": "embed",
            "value": {
                "kind": "audio",
                "url": "https://radio.example.net/emission/guichets",
                "title": "Les guichets de campagne",
                "source": "Radio Pays",
                "duration": "",
                "description": "",
                "poster": None,
            },
        },
        {  # a draft's card without its title yet
            "type": "embed",
            "value": {"kind": "carte", "url": "https://www.openstreetmap.org/#map=12/45/2"},
        },
    ]
    index = ArticleIndexPage.objects.get()
    page = index.add_child(
        instance=ArticlePage(title="Tous les blocs", slug="tous-les-blocs", body=body)
    )
    page.save_revision().publish()
    return page


def test_every_block_renders_its_content(client, every_block_article, image, document):
    html = client.get(every_block_article.url).content.decode()
    assert "<p>Un paragraphe avec <em>emphase</em>.</p>" in html
    assert '<h2 id="premiere-partie">Première partie</h2>' in html
    assert '<h3 id="un-detail">Un détail</h3>' in html
    assert 'alt="Un graphique en barres"' in html
    assert "<figcaption>Une légende — Un crédit</figcaption>" in html
    assert 'alt=""' in html  # the decorative image
    assert "<blockquote>«&#8239;Le réseau, c’est nous&#8239;»</blockquote>" in html
    assert "<figcaption>Une élue, maire</figcaption>" in html
    assert '<p class="callout-title">Chiffres clés</p>' in html
    assert "<dt>42\u00a0%</dt>" in html and "<dd>des communes (Le Mag)</dd>" in html
    assert "<caption>Les coûts comparés</caption>" in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert f'href="{document.url}" download' in html
    size = document.get_file_size()
    assert "(CSV, " in html and size > 0


def test_an_embed_is_a_light_card_that_asks_nothing_of_the_other_site(client, every_block_article):
    """Title, kind, duration, source (the site's name when none is given), description, a
    poster from the library, a link: no iframe, no script, no resource from another site."""
    html = client.get(every_block_article.url).content.decode()
    cards = re.findall(r'<figure class="embed">.*?</figure>', html, re.S)
    assert len(cards) == 3
    video, audio, untitled = cards
    assert (
        '<a href="https://video.example.org/w/conseil-communautaire">Le conseil communautaire '
        'du 12 mars</a> <span class="embed-kind">Vidéo, 2 h 10 min, sur video.example.org'
        "</span> La séance filmée, avec le vote du schéma numérique."
    ) in video
    assert "<picture>" in video and 'alt=""' in video and 'loading="lazy"' in video
    assert '<span class="embed-kind">Son, sur Radio Pays</span>' in audio and "<img" not in audio
    assert (
        '<a href="https://www.openstreetmap.org/#map=12/45/2">Carte sur openstreetmap.org</a>'
        in (untitled)
    )
    assert not any(tag in card for card in cards for tag in ("<iframe", "<script", "<video"))
    loaded = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    assert loaded and all(address.startswith("/") for address in loaded), loaded


def test_image_block_requires_alt_text_unless_decorative(image):
    block = ImageBlock()
    image.description = ""
    image.save()
    value = block.to_python({"image": image.pk, "alt_text": "", "decorative": False})
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(value)
    assert "texte alternatif" in str(error.value.block_errors["alt_text"])
    decorative = block.to_python({"image": image.pk, "alt_text": "", "decorative": True})
    assert block.clean(decorative)["decorative"] is True


def test_image_block_refuses_a_file_name_as_alt_text(image):
    value = ImageBlock().to_python({"image": image.pk, "alt_text": "IMG_0042.JPG"})
    with pytest.raises(blocks.StructBlockValidationError) as error:
        ImageBlock().clean(value)
    assert "nom de fichier" in str(error.value.block_errors["alt_text"])
