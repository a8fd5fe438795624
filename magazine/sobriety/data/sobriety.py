"""The latest sobriety measures of the demo magazine, written by `manage.py measure_sobriety`
(`make bench` runs it: bench/pages.py) to sobriety.json beside this module and shown on the
déclaration d'écoconception."""

import datetime
import json
from pathlib import Path

MEASURES_FILE = Path(__file__).with_name("sobriety.json")

# The page types the déclaration shows, in this order (measure_sobriety measures them all).
SHOWN = {
    "accueil": "Accueil",
    "article": "Article (tous les blocs)",
    "articles": "Liste des articles",
    "theme": "Thème",
    "territoire": "Territoire",
    "dossier": "Dossier",
    "auteur": "Auteur·rice",
    "archives-mois": "Archives d’un mois",
    "recherche": "Recherche",
    "ecoconception": "Page standard",
    "404": "Page introuvable",
}


def write_measures(pages, measured_on, browser):
    """Store `pages` (dicts: name, path, requests, bytes, dom, ecoindex, grade, co2e_g)."""
    data = {"measured_on": measured_on.isoformat(), "browser": browser, "pages": pages}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    MEASURES_FILE.write_text(text + "\n", encoding="utf-8")


def latest_measures():
    """{"measured_on": date, "browser": str, "pages": [dict with its "label"]} or None."""
    try:
        data = json.loads(MEASURES_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    by_name = {page["name"]: page for page in data["pages"]}
    return {
        "measured_on": datetime.date.fromisoformat(data["measured_on"]),
        "browser": data["browser"],
        "pages": [
            {**by_name[name], "label": label} for name, label in SHOWN.items() if name in by_name
        ],
    }
