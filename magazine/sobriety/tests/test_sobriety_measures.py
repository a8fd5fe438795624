"""The déclaration d'écoconception shows the figures `make bench` measured, not copied ones."""

from magazine.core.models import StandardPage
from magazine.demo.pages import DEMO_PAGES
from magazine.sobriety.data.sobriety import SHOWN, latest_measures


def test_bench_measured_every_page_type():
    measures = latest_measures()
    assert measures is not None, "lancez « make bench »"
    measured = {page["name"] for page in measures["pages"]}
    assert set(SHOWN) <= measured <= {page.name for page in DEMO_PAGES}


def test_the_declaration_shows_the_latest_measures(client):
    page = StandardPage.objects.get(slug="ecoconception")
    assert [block.block_type for block in page.body][-1] == "sobriety_measures"
    html = client.get(page.url).content.decode()
    measures = latest_measures()
    article = next(row for row in measures["pages"] if row["name"] == "article")
    row = html.split('<th scope="row">Article (tous les blocs)</th>')[1].split("</tr>")[0]
    ecoindex = f"{article['ecoindex']:.1f}".replace(".", ",")
    assert f"<td>{article['requests']}</td>" in row and f"<td>{article['dom']}</td>" in row
    assert f"<td>{ecoindex} ({article['grade']})</td>" in row
    assert html.count('<th scope="row">') == len(SHOWN)
