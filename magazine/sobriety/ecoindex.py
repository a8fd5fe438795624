"""The EcoIndex of a web page, from its DOM size, its requests and its transferred weight.

EcoIndex (https://www.ecoindex.fr, GreenIT / CNUMR) places each of the three measures within
quantiles of the HTTP Archive population, interpolating linearly inside a quantile, and weighs
them 3 (DOM elements), 2 (requests) and 1 (kilobytes transferred):

    score = 100 - 5 * (3 * q_dom + 2 * q_requests + q_size) / 6

The quantile tables and the grade thresholds are the published reference values
(github.com/cnumr/ecoindex_reference, ecoindex_reference.json). The formula is written here
rather than imported because the package that ships it is not under a free licence.
"""

from dataclasses import dataclass

DOM_QUANTILES = (
    0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603,
    674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601,
)  # fmt: skip
REQUEST_QUANTILES = (
    0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78,
    86, 95, 105, 117, 130, 147, 170, 205, 281, 3920,
)  # fmt: skip
SIZE_KB_QUANTILES = (
    0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32,
    1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26,
)  # fmt: skip

# A score strictly above the threshold earns the grade; G below F's.
GRADES = (("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10))


def quantile_position(quantiles, value):
    """Where `value` falls in `quantiles`, from 0 to len(quantiles) - 1, interpolated."""
    if value < 0:
        raise ValueError("Une mesure EcoIndex ne peut pas être négative.")
    for index in range(1, len(quantiles)):
        low, high = quantiles[index - 1], quantiles[index]
        if value < high:
            return index - 1 + (value - low) / (high - low)
    return len(quantiles) - 1


def score(dom_elements, requests, size_kb):
    """The EcoIndex score (0–100, higher is better), not rounded."""
    weighted = (
        3 * quantile_position(DOM_QUANTILES, dom_elements)
        + 2 * quantile_position(REQUEST_QUANTILES, requests)
        + quantile_position(SIZE_KB_QUANTILES, size_kb)
    )
    return 100 - 5 * weighted / 6


def grade(value):
    """The letter, A (best) to G, of an EcoIndex score."""
    for letter, threshold in GRADES:
        if value > threshold:
            return letter
    return "G"


@dataclass(frozen=True)
class EcoIndex:
    """A page's EcoIndex: `size_kb` counts 1 KB as 1,000 bytes, like the reference tools."""

    dom_elements: int
    requests: int
    size_kb: float

    @classmethod
    def from_bytes(cls, dom_elements, requests, transferred_bytes):
        return cls(dom_elements, requests, transferred_bytes / 1000)

    @property
    def score(self):
        return score(self.dom_elements, self.requests, self.size_kb)

    @property
    def grade(self):
        """The grade of the rounded score, as ecoindex.fr shows it."""
        return grade(round(self.score))

    def __str__(self):
        return f"EcoIndex {self.score:.1f} ({self.grade})"
