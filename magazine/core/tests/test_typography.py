import datetime

from django.template import Context, Template
from django.utils.safestring import mark_safe

from magazine.core.typography import NBSP, NNBSP, french_date, french_html, french_text


def test_french_text_puts_no_break_spaces_where_french_puts_them():
    text = french_text("« Bonjour » : l'état ; 12 % et 2 500 habitants !")
    assert text == (
        f"«{NNBSP}Bonjour{NNBSP}»{NBSP}: l’état{NNBSP}; 12{NBSP}% et 2{NNBSP}500 habitants{NNBSP}!"
    )


def test_french_text_leaves_urls_alone():
    assert french_text("Voir https://example.org/a?b=1:2 ?") == (
        f"Voir https://example.org/a?b=1:2{NNBSP}?"
    )


def test_french_html_changes_text_nodes_only():
    html = '<p>Il dit : <a href="https://x.fr/a:b" title="a : b">oui ?</a></p>'
    assert french_html(html) == (
        f'<p>Il dit{NBSP}: <a href="https://x.fr/a:b" title="a : b">oui{NNBSP}?</a></p>'
    )


def test_french_date_uses_month_names_and_premier():
    assert french_date(datetime.date(2026, 11, 26)) == "26 novembre 2026"
    assert french_date(datetime.date(2025, 8, 1)) == "1er août 2025"


def test_typo_filter_escapes_plain_text_and_keeps_safe_html():
    template = Template("{{ plain|typo }}|{{ html|typo }}")
    rendered = template.render(
        Context({"plain": "<b>Tiens !</b>", "html": mark_safe("<em>Oui ?</em>")})
    )
    assert rendered == f"&lt;b&gt;Tiens{NNBSP}!&lt;/b&gt;|<em>Oui{NNBSP}?</em>"


def test_date_fr_filter_uses_paris_time():
    moment = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    assert Template("{{ moment|date_fr }}").render(Context({"moment": moment})) == "1er avril 2026"


def test_french_html_keeps_entities_intact():
    assert french_html("<p>R&amp;D ; l&#x27;état</p>") == f"<p>R&amp;D{NNBSP}; l&#x27;état</p>"
