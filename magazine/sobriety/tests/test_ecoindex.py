"""EcoIndex against the reference values published with the cnumr/ecoindex implementations."""

import pytest

from magazine.sobriety.ecoindex import (
    DOM_QUANTILES,
    REQUEST_QUANTILES,
    SIZE_KB_QUANTILES,
    EcoIndex,
    grade,
    quantile_position,
    score,
)


@pytest.fixture(autouse=True)
def _database():
    """Pure computation: no database needed."""


def test_quantile_position_interpolates_inside_a_quantile():
    assert quantile_position(SIZE_KB_QUANTILES, 2500) == pytest.approx(14.086372025739513)
    assert quantile_position(DOM_QUANTILES, 150) == pytest.approx(2.892857142857143)
    assert quantile_position(REQUEST_QUANTILES, 23) == pytest.approx(2.8)


def test_quantile_position_stops_at_the_last_quantile():
    assert quantile_position(SIZE_KB_QUANTILES, 310182.902) == 20
    assert quantile_position(DOM_QUANTILES, 0) == 0


def test_quantile_position_refuses_negative_values():
    with pytest.raises(ValueError):
        quantile_position(DOM_QUANTILES, -1)


@pytest.mark.parametrize(
    ("dom", "requests", "size_kb", "expected"),
    [
        (100, 100, 100, 72),
        (100, 100, 1000, 67),
        (100, 100, 10000, 58),
        (200, 200, 10000, 46),
        (2355, 267, 2493, 10),
        (240, 20, 331, 83),
        (2240, 100, 310182.902, 16),
    ],
)
def test_score_matches_the_reference_examples(dom, requests, size_kb, expected):
    assert round(score(dom, requests, size_kb)) == expected


def test_the_wordpress_post_of_issue_5_scores_86_5():
    # WordPress 6's default theme: 241 DOM elements, 6 requests, 27.8 KB.
    assert round(score(241, 6, 27.8), 1) == 86.5


def test_an_empty_page_scores_100():
    assert score(0, 0, 0) == 100


@pytest.mark.parametrize(
    ("value", "letter"),
    [(100, "A"), (81, "A"), (80, "B"), (70.5, "B"), (50.2, "D"), (25, "F"), (10, "G"), (2, "G")],
)
def test_grade_needs_a_score_above_the_threshold(value, letter):
    assert grade(value) == letter


def test_ecoindex_of_a_measured_page():
    page = EcoIndex.from_bytes(dom_elements=100, requests=100, transferred_bytes=100_000)
    assert page.size_kb == 100
    assert round(page.score) == 72
    assert page.grade == "B"
    assert str(page) == "EcoIndex 72.0 (B)"
