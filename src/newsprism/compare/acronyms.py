"""Short forms of organisation and place names: acronyms, abbreviations, stock tickers.

- "EBV" / "Election Board of Valoria": initials of the content words ("of", "and",
  "the" skipped); "PTA" / "Pakistan Tanzeem-e-Amal": a hyphenated name gives one letter per
  part, its short connectors none; "Werefob" / "Western Region Forestry Board":
  a syllable acronym takes a prefix of every word;
- "U.S."/"US"/"United States" inside a name are one ("USBL" / "U.S. Bureau of Lighthouses");
- "DR Valoria" / "Democratic Republic of Valoria": words kept and runs of words abbreviated;
- "Quillon (NASDAQ: QLLN)": a ticker printed in brackets right after its company.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsprism.annotate.acronym_rules import prefixes_spell
from newsprism.compare.words import fold


def _plain(text: str) -> str:
    # Accents off, case kept ("Économique" -> "Economique").
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


FILLERS = frozenset(
    {"of", "for", "and", "the", "de", "du", "des", "la", "le", "&", "on", "in", "at", "del"}
)
# Country names that names print as abbreviations ("U.S. Bureau of Lighthouses").
_COUNTRY_FORMS = {
    "us": ("united", "states"),
    "usa": ("united", "states", "america"),
    "uk": ("united", "kingdom"),
    "un": ("united", "nations"),
    "eu": ("european", "union"),
    "uae": ("united", "arab", "emirates"),
}
_TICKER = re.compile(
    r"\s*\(\s*(?:(?P<exchange>[A-Z][A-Za-z]{1,8})\s*:\s*)?(?P<ticker>[A-Z]{1,5}(?:\.[A-Z])?)"
    r"(?P<move>\s+[-+]?\d[\d.,]*%)?\s*\)"
)


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """Return a name's folded words: dots gone, hyphenated parts split, country
    abbreviations written out ("U.S. Bureau of Lighthouses" -> united states bureau of
    lighthouses)."""
    text = fold(name).lower().replace("’", "'")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # "u.s." -> "us."
    text = text.replace(".", "")
    words = [w for w in re.split(r"[\s\-–]+", text) if w]
    words = [w.removesuffix("'s").strip("'\"()“”‘’,") for w in words]
    out: list[str] = []
    for w in words:
        if len(words) > 1 and w in _COUNTRY_FORMS:
            out.extend(_COUNTRY_FORMS[w])
        elif w:
            out.append(w)
    return tuple(out)


@lru_cache(maxsize=65536)
def content_words(name: str) -> tuple[str, ...]:
    """Return the words an acronym of ``name`` takes letters from.

    Fillers ("of", "and", "the") and hyphen connectors ("e" in "Tanzeem-e-Amal") go.
    """
    raw = re.split(r"[\s]+", _plain(name).replace("’", "'"))
    connectors = set()
    for part in raw:
        pieces = part.split("-")
        connectors |= {p.lower() for p in pieces[1:-1] if p.islower() and len(p) <= 3}
    return tuple(
        w for w in name_words(name) if w not in FILLERS and w not in connectors and w[:1].isalnum()
    )


def is_acronym(short: str) -> bool:
    """Return True for an acronym as printed: "EBV", "U.S.", "D.Y.", or "Werefob"."""
    letters = [c for c in _plain(short) if c.isalpha()]
    if not 2 <= len(letters) <= 8 or " " in short.strip():
        return False
    return sum(c.isupper() for c in letters) >= 2 or (short[:1].isupper() and len(letters) >= 4)


@lru_cache(maxsize=65536)
def acronym_of(short: str, long: str) -> bool:
    """Return True when ``short`` is an acronym of ``long`` ("NFU" / "National Farmers Union")."""
    if not is_acronym(short):
        return False
    letters = "".join(c for c in fold(short).lower() if c.isalnum())
    words = content_words(long)
    if len(words) < 2:
        return False
    if "".join(w[0] for w in words) == letters:
        return True
    # Syllable acronyms ("Werefob", "Unicef") are printed in title case and take several
    # letters of some words; an all-capital acronym takes initials only.
    return not short.isupper() and len(words) >= 3 and prefixes_spell(letters, words)


@lru_cache(maxsize=65536)
def abbreviation_of(short: str, long: str) -> bool:
    """Return True when ``short`` keeps some words of ``long`` and abbreviates the others.

    "DR Valoria" / "Democratic Republic of Valoria": "DR" stands for "Democratic Republic",
    "Valoria" is kept. Every word of ``long`` (fillers aside) must be covered, in order.
    """
    s_words = short.split()
    if len(s_words) < 2:
        return False
    target = content_words(long)

    def cover(i: int, j: int) -> bool:
        if i == len(s_words):
            return j == len(target)
        word = s_words[i]
        folded = " ".join(content_words(word))
        if j < len(target) and folded == target[j] and cover(i + 1, j + 1):
            return True
        if is_acronym(word) and word.isupper():
            letters = "".join(c for c in fold(word).lower() if c.isalpha())
            k = len(letters)
            if k >= 2 and "".join(w[0] for w in target[j : j + k]) == letters:
                return cover(i + 1, j + k)
        return False

    return any(is_acronym(w) and w.isupper() for w in s_words) and cover(0, 0)


def ticker_after(text: str, end: int, company: str) -> str | None:
    """Return the stock ticker printed in brackets right after a company's name, or None.

    "Quillon (NASDAQ: QLLN)", "Quillon (QLLN)", "Quillon (QLLN 1.75%)": with an exchange or a
    price move the bracket is a ticker; a bare one must spell letters of the company's name
    in order, so that "(AP)" or "(PTI)" after a name is not taken for one.
    """
    m = _TICKER.match(text, end)
    if m is None:
        return None
    ticker = m.group("ticker")
    if m.group("exchange") or m.group("move"):
        return ticker
    letters = iter(re.sub(r"[^a-z]", "", fold(company).lower()))
    if len(ticker) >= 2 and all(c in letters for c in ticker.lower()):
        return ticker
    return None
