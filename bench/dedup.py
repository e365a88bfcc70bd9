"""Benchmark of newsprism.dedup: signature speed, Jaccard accuracy, reprint precision/recall.

Run ``.venv/bin/python bench/dedup.py`` (``--quick`` for a smoke run); results go to
``bench/results/dedup.json``. Peers (datasketch, datasketch with xxhash, rensa) are measured in
the same run and process, interleaved, on one core; install them with
``.venv/bin/pip install datasketch xxhash rensa`` (the benchmark runs without them).

Parts: ``throughput_2000_words`` (signatures per CPU-second, shingling included, median of
runs); ``jaccard_accuracy_*`` (mean absolute error against exact 3-gram Jaccard);
``shingle_size_choice``; ``reprints_tune`` (seed 1, which the defaults were tuned on) and
``reprints_report`` (seed 2): precision/recall of reprint links on generated stories with
edited wire copies and hard negatives; ``online_add_cost``; ``real_data_negatives`` (ECB+
and NeuS/AllSides from ../shared/data when present); ``real_data_gate``, a gate (the run exits
1 when it fails): at most 2 of the NeuS/AllSides raw reports (independent by construction)
called reprints, and on the real-stories dev set reprint links with precision and recall of at
least 0.95 and no independent report called a reprint (scored as the shared scorer does).
"""

from __future__ import annotations

import os

os.environ.setdefault("RAYON_NUM_THREADS", "1")  # rensa's batch calls: one core, like ours

import argparse
import json
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # dedup_gate.py beside this file

from dedup_gate import real_data_gate  # beside this file (see sys.path above)

from newsprism.dedup import DedupOptions, ReprintDetector
from newsprism.dedup_evidence import Evidence
from newsprism.minhash import band_keys, text_signature
from newsprism.model import Article, PublishedDate, WireCredit

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

# ---------------------------------------------------------------- news-like text generator

FIRST = (
    "Amara Daniel Priya Kofi Elena Marcus Ingrid Tomasz Aisha Rafael Mei Oluwaseun Hannah "
    "Victor Leila Dmitri Grace Mateo Sofia Kenji Fatima Owen Chloe Ibrahim Nadia Samuel Ruth "
    "Lucas Zanele Henrik Maya Carlos Yusuf Isabel Arjun Teresa Pavel Lauren Emeka Sienna Hugo "
    "Beatriz Kwame Julia Anders Noor Patrick Esther Rohan Claire Tariq Martina Felix Adaeze"
).split()
LAST = (
    "Okafor Lindqvist Moreau Haddad Brennan Takahashi Mensah Kowalski Delgado Abernathy Osei "
    "Fischer Nakamura Petrov Castillo Whitfield Adeyemi Sorensen Gallagher Rahman Ferreira "
    "Novak Hollis Mbeki Santoro Kaplan Oyelaran Duarte Ashworth Vasquez Engel Chowdhury Laurent "
    "Mwangi Rossi Halvorsen Quinlan Bakshi Ortega Stein Achebe Lambert Varga Okonkwo Drummond "
    "Sato Navarro Keller Aziz Whitaker Romano Eriksen Obi Marchetti Hughes Ivanova Tembo"
).split()
PLACES = (
    "Harbor City|Ashford|New Carden|Port Elsby|Millbrook|Riverton|Kessington|Lake Morrow|"
    "Dunmore|Carver Falls|Westhaven|Greyport|Northfield|Elm Valley|Bramley|Santa Lucia|"
    "Oakridge|Fairmont|Stonebridge|Marlow Bay|Eastgate|Highcliff|Redmond Springs|Cedar Point"
).split("|")
ORG_HEADS = (
    "Farmers Union|Transit Authority|Health Ministry|Teachers Federation|Port Commission|"
    "Energy Board|Water Agency|Chamber of Commerce|Police Department|Housing Council|"
    "Election Commission|Medical Association|Steel Workers Union|Wildlife Trust|Court of Appeals|"
    "Central Bank|Fire Service|University Hospital|Rail Company|Mining Consortium"
).split("|")
ROLES = (
    "mayor|governor|spokesperson|minister|chief executive|union leader|police chief|judge|"
    "senator|professor|analyst|director|resident|council member|economist|lawyer|doctor"
).split("|")
NOUNS = (
    "plan proposal agreement investigation report budget decision strike protest vote storm "
    "flood fire outbreak shortage deal lawsuit hearing inquiry program project election "
    "reform policy measure contract ban crisis recovery shutdown merger dispute review "
    "warning rally campaign audit settlement ruling bill tax fund bridge road hospital school "
    "factory pipeline harbor market airport station clinic court council committee board "
    "evidence testimony statement figures data forecast response effort talks negotiations "
    "delay cost price damage losses payments wages jobs families residents workers officials "
    "critics supporters investors patients students voters drivers farmers lawmakers experts "
    "teachers nurses tenants owners suppliers engineers volunteers inspectors prosecutors "
    "river valley coast district neighborhood village county province border highway tunnel "
    "reservoir dam power grid network system software vaccine treatment trial study survey "
    "poll index rate inflation interest loan debt deficit surplus revenue profit share stock "
    "bond currency export import harvest drought heat wave snow wind rain earthquake quake "
    "aftershock evacuation shelter aid donation grant subsidy pension benefit license permit "
    "zoning housing rent mortgage construction renovation demolition closure opening launch "
    "schedule deadline target goal limit cap threshold standard rule law regulation guideline "
    "order appeal verdict sentence charge arrest suspect victim witness jury trial lawyer "
    "league season match game tournament coach player team fans stadium title record injury "
    "album film festival museum exhibition concert theater artist author book prize award "
    "ship vessel cargo flight route train bus fleet fuel oil gas coal solar turbine battery"
).split()
ADJS = (
    "new major local regional national federal emergency temporary controversial long-awaited "
    "sweeping modest rare unexpected severe fragile public private independent official "
    "broader early final initial crucial disputed costly widespread urgent historic annual "
    "unprecedented limited growing significant formal joint recent previous separate "
    "complex bitter heavy light quiet busy strong weak sharp steady rapid slow careful bold "
    "cautious angry hopeful divided united remote rural urban coastal northern southern "
    "eastern western overnight weekly monthly seasonal digital legal medical financial "
    "military political economic social environmental technical critical minor key"
).split()
VERBS = (
    "announced approved rejected delayed criticized defended launched suspended expanded "
    "blocked reviewed questioned welcomed confirmed denied postponed proposed endorsed "
    "challenged investigated halted restored reduced raised cut extended opened closed "
    "signed backed opposed revised published disclosed demanded promised warned described "
    "reached secured lost won hired fired replaced inspected repaired evacuated rescued "
    "arrested charged sued fined cleared dismissed upheld overturned funded financed bought "
    "sold acquired merged built completed abandoned resumed paused tightened eased lifted "
    "imposed renewed cancelled scheduled moved shifted doubled tripled matched missed"
).split()
ADVS = (
    "quickly publicly formally again repeatedly sharply largely quietly initially recently "
    "finally still already reportedly briefly openly strongly narrowly gradually suddenly "
    "partly fully nearly mostly officially unanimously reluctantly"
).split()
PREPS = (
    "after|before|during|despite|following|ahead of|because of|amid|without|under|against"
).split("|")
SAYS = "said|told reporters|said in a statement|wrote on social media|told a news conference".split(
    "|"
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
AGENCIES = ("Reuters", "AP", "AFP")
BOILER = (
    "Sign up for our morning newsletter to get the day's top stories in your inbox.",
    "Copyright {year} {agency}. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Reporting by {p1}; Editing by {p2}.",
    "Follow us on social media for the latest updates. Read more local news on our website.",
    "This story has been updated with additional details. Have a tip? Contact our newsroom.",
    "Related: What we know so far. Watch the video above for more.",
)


@dataclass(frozen=True)
class Event:
    """One real-world story: the names, places, numbers and quotes its reports share."""

    people: tuple[tuple[str, str, str], ...]  # (first, last, role)
    orgs: tuple[str, ...]
    places: tuple[str, ...]
    topic: tuple[str, ...]  # topical nouns this story's reports keep using
    numbers: tuple[str, ...]
    day: str
    quotes: tuple[str, ...]


class NewsWriter:
    # A plain class: it carries one seeded random generator through many small choices.
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def event(self) -> Event:
        """A fresh story with its own people, organisations, places and quotes."""
        r = self.rng
        people = tuple(
            (r.choice(FIRST), r.choice(LAST), r.choice(ROLES)) for _ in range(r.randint(3, 6))
        )
        places = tuple(r.sample(PLACES, 2))
        orgs = tuple(f"{r.choice(places)} {h}" for h in r.sample(ORG_HEADS, 2))
        topic = tuple(r.sample(NOUNS, 6))
        numbers = tuple(
            r.choice(
                (
                    f"{r.randint(2, 900)}",
                    f"{r.randint(2, 95)} percent",
                    f"${r.randint(2, 900)} million",
                )
            )
            for _ in range(4)
        )
        ev = Event(people, orgs, places, topic, numbers, r.choice(WEEKDAYS), ())
        quotes = tuple(self._clause(ev, depth=1) for _ in range(r.randint(2, 4)))
        return replace(ev, quotes=quotes)

    def _person(self, ev: Event, first: bool = False) -> str:
        f, last, role = self.rng.choice(ev.people)
        return f"{role.capitalize()} {f} {last}" if first else last

    def _np(self, ev: Event) -> str:
        r = self.rng
        pick = r.random()
        if pick < 0.25:
            return f"the {r.choice(ADJS)} {r.choice(ev.topic)}"
        if pick < 0.4:
            return (
                f"the {r.choice(NOUNS)} {r.choice(('in', 'near', 'outside'))} {r.choice(ev.places)}"
            )
        if pick < 0.5:
            return f"the {r.choice(ev.orgs)}"
        if pick < 0.6:
            return f"{r.choice(ev.numbers)} in {r.choice(NOUNS)}"
        if pick < 0.8:
            return f"a {r.choice(ADJS)} {r.choice(NOUNS)} {r.choice(NOUNS)}"
        return f"{r.choice(('its', 'their', 'the', 'some', 'several'))} {r.choice(NOUNS)}"

    def _subject(self, ev: Event) -> str:
        r = self.rng
        pick = r.random()
        if pick < 0.25:
            return self._person(ev, first=r.random() < 0.3)
        if pick < 0.32:
            return f"Officials in {r.choice(ev.places)}"
        if pick < 0.4:
            return f"The {r.choice(ev.orgs)}"
        if pick < 0.7:
            return f"The {r.choice(ADJS)} {r.choice(NOUNS)}"
        return f"{r.choice(('Many', 'Some', 'Local', 'Several'))} {r.choice(NOUNS)}"

    def _clause(self, ev: Event, depth: int = 0) -> str:
        r = self.rng
        parts = [self._subject(ev)]
        if r.random() < 0.25:
            parts.append(r.choice(ADVS))
        parts += [r.choice(VERBS), self._np(ev)]
        tail = r.random()
        if tail < 0.15:
            parts.append(f"on {ev.day}")
        elif tail < 0.45:
            parts.append(f"{r.choice(PREPS)} {self._np(ev)}")
        elif tail < 0.55:
            parts.append(f"over {r.choice(ADJS)} {r.choice(NOUNS)}")
        elif tail < 0.65 and depth == 0:
            inner = self._clause(ev, depth + 1)
            parts.append(f"as {inner[0].lower()}{inner[1:]}")
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    def sentence(self, ev: Event) -> str:
        """One news sentence about the event: a plain clause, an attribution or a quote."""
        r = self.rng
        pick = r.random()
        if pick < 0.12 and ev.quotes:
            speaker = self._person(ev, first=r.random() < 0.5)
            return f'"{r.choice(ev.quotes)}," {speaker} {r.choice(SAYS)}.'
        body = self._clause(ev)
        if pick < 0.35:
            return f"{body}, {self._person(ev)} {r.choice(SAYS)}."
        if pick < 0.45:
            return f"According to {self._np(ev)}, {body[0].lower()}{body[1:]}."
        return body + "."

    def paragraph(self, ev: Event) -> str:
        """One to three sentences."""
        return " ".join(self.sentence(ev) for _ in range(self.rng.randint(1, 3)))

    def article(self, ev: Event, paragraphs: tuple[int, int] = (6, 18)) -> list[str]:
        """An independent report of the event, as paragraphs (a dateline lede first)."""
        r = self.rng
        lede = f"{r.choice(ev.places).upper()} - {self.paragraph(ev)}"
        return [lede] + [self.paragraph(ev) for _ in range(r.randint(*paragraphs) - 1)]

    def boilerplate(self, agency: str) -> str:
        """A line of outlet boilerplate (newsletter plugs, copyright, credits)."""
        r = self.rng
        return r.choice(BOILER).format(
            year=r.randint(2019, 2025),
            agency=agency,
            p1=f"{r.choice(FIRST)} {r.choice(LAST)}",
            p2=f"{r.choice(FIRST)} {r.choice(LAST)}",
        )

    def edit_words(self, paragraphs: list[str], rate: float) -> list[str]:
        """The paragraphs with about ``rate`` of their words substituted, deleted or inserted."""
        r = self.rng
        out = []
        for para in paragraphs:
            words = []
            for word in para.split():
                if r.random() >= rate:
                    words.append(word)
                    continue
                pick = r.random()
                if pick < 0.6:
                    words.append(r.choice(NOUNS + ADJS + VERBS + ADVS))
                elif pick < 0.8:
                    words += [word, r.choice(ADJS + ADVS)]
                # else: the word is deleted
            out.append(" ".join(words))
        return out


# ---------------------------------------------------------------- labelled corpus


@dataclass(frozen=True)
class LabelledDoc:
    """A generated article with the truth about it."""

    article: Article
    family: str  # articles of one family are copies of one original
    role: str  # original, copy, independent, followup
    rate: float  # share of words edited (copies)
    edits: tuple[str, ...]  # structural edits (copies)


def _published(base: float, minutes: float, day_only: bool) -> PublishedDate:
    stamp = time.gmtime(base + 60 * minutes)
    if day_only:
        return PublishedDate(time.strftime("%Y-%m-%d", stamp), "day")
    return PublishedDate(time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp), "time")


def _article(
    doc_id: str,
    paragraphs: list[str],
    outlet: str,
    published: PublishedDate | None,
    wire: WireCredit | None,
) -> Article:
    text = "\n\n".join(p for p in paragraphs if p.strip())
    return Article(
        id=doc_id,
        source=f"generated:{doc_id}",
        format="text",
        text=text,
        content_hash=doc_id,
        ingested_at="2024-01-01T00:00:00+00:00",
        outlet=outlet,
        published=published,
        wire=wire,
    )


def make_copy(
    writer: NewsWriter, ev: Event, original: list[str], rate: float, agency: str
) -> tuple[list[str], tuple[str, ...]]:
    """An edited reprint of ``original`` and the names of the structural edits applied."""
    r = writer.rng
    paras = list(original)
    edits = []
    if r.random() < 0.3:
        paras[0] = f"{r.choice(ev.places).upper()} - {writer.paragraph(ev)}"
        edits.append("lede")
    if r.random() < 0.3 and len(paras) > 3:
        del paras[r.randrange(1, len(paras))]
        edits.append("drop")
    if r.random() < 0.25:
        paras.insert(r.randrange(1, len(paras) + 1), writer.paragraph(ev))
        edits.append("add")
    if r.random() < 0.15 and len(paras) > 4:
        paras = paras[: max(3, round(len(paras) * r.uniform(0.6, 0.9)))]
        edits.append("truncate")
    if r.random() < 0.5:
        paras.append(writer.boilerplate(agency))
        if r.random() < 0.5:
            paras.insert(0, writer.boilerplate(agency))
        edits.append("boilerplate")
    return writer.edit_words(paras, rate), tuple(edits)


def make_corpus(
    seed: int, events: int, rates: Sequence[float], copies: int = 4, independents: int = 4
) -> list[LabelledDoc]:
    """Stories, each with a wire original, edited copies at each rate and hard negatives.

    Hard negatives: independent reports of the same story by other outlets (same names,
    numbers and often the same quotes), one by the same agency and one credited to it, and a
    same-agency follow-up that reuses one background paragraph of the original.
    """
    writer = NewsWriter(seed)
    r = writer.rng
    docs: list[LabelledDoc] = []
    fam = ""

    def add(
        name: str,
        paras: list[str],
        outlet: str,
        pub: PublishedDate,
        wire: WireCredit | None,
        role: str,
        rate: float = 0.0,
        edits: tuple = (),
    ) -> None:
        doc_id = f"{fam}-{name}"
        family = fam if role in ("original", "copy") else doc_id
        docs.append(
            LabelledDoc(_article(doc_id, paras, outlet, pub, wire), family, role, rate, edits)
        )

    for e in range(events):
        ev = writer.event()
        agency = r.choice(AGENCIES)
        start = 1_700_000_000.0 + e * 86_400 * 0.37
        fam = f"s{seed}e{e}"
        original = writer.article(ev)
        own = WireCredit(agency=agency, text=agency, position="metadata")
        credited = WireCredit(agency=agency, text=f"({agency})", position="dateline")
        add("orig", original, agency, _published(start, 0, False), own, "original")
        for rate in rates:
            for c in range(copies):
                paras, edits = make_copy(writer, ev, original, rate, agency)
                wire = credited if r.random() < 0.6 else None
                pub = _published(start, r.uniform(5, 2880), r.random() < 0.2)
                outlet = f"Outlet {r.randint(1, 40)}"
                add(f"copy{rate:.2f}-{c}", paras, outlet, pub, wire, "copy", rate, edits)
        for i in range(independents):
            paras = writer.article(ev)
            wire = (own, credited)[i] if i < 2 else None  # the agency's own second story, ...
            outlet = f"Outlet {r.randint(41, 80)}"
            pub = _published(start, r.uniform(-180, 2880), False)
            add(f"ind{i}", paras, outlet, pub, wire, "independent")
        follow = writer.article(ev)
        follow.insert(r.randrange(1, len(follow)), r.choice(original[1:]))
        add("follow", follow, agency, _published(start, 1500, False), own, "followup")
    return docs


# ---------------------------------------------------------------- reprint detection quality


def score_links(
    docs: Sequence[LabelledDoc], options: DedupOptions, evidence: Mapping[str, Evidence]
) -> dict[str, object]:
    """Precision and recall of reprint links, root accuracy, and false links by role."""
    articles = [d.article for d in docs]
    result = ReprintDetector(options).fit(articles, [evidence[a.id] for a in articles]).result_
    family = {d.article.id: d.family for d in docs}
    original = {d.family: d.article.id for d in docs if d.role == "original"}
    correct = sum(family[link.reprint_of] == family[link.article_id] for link in result.links)
    copies = [d for d in docs if d.role == "copy"]
    hit = {
        d.article.id: family[result.origin(d.article.id)] == d.family
        and result.is_reprint(d.article.id)
        for d in copies
    }
    found = sum(hit.values())
    by_edit = {
        edit: round(statistics.fmean(hit[d.article.id] for d in copies if edit in d.edits), 4)
        for edit in ("lede", "drop", "add", "truncate", "boilerplate")
        if any(edit in d.edits for d in copies)
    }
    rooted = sum(result.origin(d.article.id) == original[d.family] for d in copies)
    wrong = [link for link in result.links if family[link.reprint_of] != family[link.article_id]]
    roles = {d.article.id: d.role for d in docs}
    return {
        "precision": round(correct / len(result.links), 4) if result.links else 1.0,
        "recall": round(found / len(copies), 4) if copies else 1.0,
        "root_accuracy": round(rooted / len(copies), 4) if copies else 1.0,
        "recall_by_structural_edit": by_edit,
        "links": len(result.links),
        "copies": len(copies),
        "false_links": len(wrong),
        "false_links_of_negatives": sum(
            roles[w.article_id] in ("independent", "followup") for w in wrong
        ),
    }


def subset(docs: Sequence[LabelledDoc], rates: Sequence[float]) -> list[LabelledDoc]:
    """The originals and negatives, with only the copies edited at one of ``rates``."""
    return [d for d in docs if d.role != "copy" or any(abs(d.rate - r) < 1e-9 for r in rates)]


def quality(seed: int, events: int, options: DedupOptions, rates: Sequence[float]) -> dict:
    """Reprint precision/recall per edit level, and for levels 0-15% mixed, on one seed."""
    docs = make_corpus(seed, events, rates)
    detector = ReprintDetector(options)
    sigs = {d.article.id: detector.evidence(d.article) for d in docs}
    per_rate = {f"{rate:.2f}": score_links(subset(docs, [rate]), options, sigs) for rate in rates}
    mixed = score_links(subset(docs, [r for r in rates if r <= 0.15 + 1e-9]), options, sigs)
    return {
        "seed": seed,
        "events": events,
        "documents": len(docs),
        "per_edit_rate": per_rate,
        "mixed_0_to_15": mixed,
        "lsh_recall": lsh_recall(docs, options, sigs),
    }


def lsh_recall(docs: Sequence[LabelledDoc], options: DedupOptions, sigs: dict) -> float:
    """Share of same-story pairs passing the bars that share an LSH band (as the detector bands:
    whole text and narration together, anchors apart for texts with enough anchor runs)."""
    from newsprism.dedup import evidence_match

    def keys(ev: Evidence) -> set[tuple[int, int]]:
        found = {
            (0, k)
            for sig in (ev.text, ev.narration)
            for k in band_keys(sig.registers, options.bands, options.rows)
        }
        if ev.anchors.shingles >= options.anchor_runs:
            found |= {(1, k) for k in band_keys(ev.anchors.registers, options.bands, options.rows)}
        return found

    by_event: dict[str, list[str]] = {}
    for d in docs:
        by_event.setdefault(d.family.split("-")[0], []).append(d.article.id)
    passing = found = 0
    for ids in by_event.values():
        banded = {i: keys(sigs[i]) for i in ids}
        for n, a in enumerate(ids):
            for b in ids[n + 1 :]:
                if (
                    evidence_match(sigs[a], sigs[b], same_agency=True, options=options)
                    != "distinct"
                ):
                    passing += 1
                    found += bool(banded[a] & banded[b])
    return round(found / passing, 5) if passing else 1.0


def shingle_choice(seed: int, events: int) -> dict:
    """Why 3-grams: how each shingle size separates copies from negatives, and what LSH costs.

    For each size, the 5th percentile of generated copies' estimated similarity to their
    original (15% of words edited) against the 99.9th percentile of different same-story
    reports, and (with real data) the share of random pairs of real articles from different
    stories that share an LSH band, which sets how fast candidates per lookup grow.
    """
    docs = make_corpus(seed, events, (0.15,))
    real, story = real_articles()
    rng = random.Random(seed)
    pairs = [tuple(rng.sample(range(len(real)), 2)) for _ in range(20_000)] if real else []
    pairs = [(a, b) for a, b in pairs if story[real[a].id] != story[real[b].id]]
    by_event: dict[str, list[LabelledDoc]] = {}
    for d in docs:
        by_event.setdefault(d.family.split("-")[0], []).append(d)
    out = {}
    for size in (2, 3, 4, 5):
        sig = {d.article.id: text_signature(d.article.text, shingle_size=size) for d in docs}
        copies, negatives = [], []
        for group in by_event.values():
            for n, a in enumerate(group):
                for b in group[n + 1 :]:
                    j = sig[a.article.id].jaccard(sig[b.article.id])
                    if a.family != b.family:
                        negatives.append(j)
                    elif "orig" in (a.role[:4], b.role[:4]):
                        copies.append(j)
        low, high = float(np.quantile(copies, 0.05)), float(np.quantile(negatives, 0.999))
        band_share = None
        if real:
            keys = [
                set(band_keys(text_signature(a.text, shingle_size=size).registers, 128, 2))
                for a in real
            ]
            band_share = round(statistics.fmean(bool(keys[a] & keys[b]) for a, b in pairs), 5)
        out[str(size)] = {
            "unrelated_real_pairs_sharing_a_band": band_share,
            "copies_p05": round(low, 4),
            "negatives_p999": round(high, 4),
            "gap": round(low - high, 4),
            "ratio": round(low / high, 3),
        }
    return out


# ---------------------------------------------------------------- speed and accuracy


def long_documents(seed: int, count: int, words: int) -> list[str]:
    """``count`` news-like texts of exactly ``words`` words (stories strung together)."""
    writer = NewsWriter(seed)
    out = []
    for _ in range(count):
        tokens: list[str] = []
        while len(tokens) < words:
            tokens += " ".join(writer.article(writer.event())).split()
        out.append(" ".join(tokens[:words]))
    return out


_WORD = re.compile(r"[^\W_]+")


def python_shingles(text: str) -> list[str]:
    """Word 3-grams as strings, the usual way peers are fed (same words as newsprism's)."""
    words = _WORD.findall(text.lower())
    return [" ".join(g) for g in zip(words, words[1:], words[2:], strict=False)]


Sketcher = Callable[[list[str]], list]  # texts -> sketches, each with a .jaccard(other)


def contenders() -> dict[str, Sketcher]:
    """newsprism and the installed peers, each as a function from texts to sketches.

    Peers get the same 3-gram shingles, built in Python; each uses its fastest documented
    path (datasketch ``update_batch``; rensa ``update`` per document, or one batch call).
    """
    found: dict[str, Sketcher] = {
        "newsprism": lambda texts: [text_signature(t, num_perm=128, seed=1) for t in texts]
    }
    try:
        import rensa
        import xxhash
        from datasketch import MinHash
    except ImportError:
        return found  # the peers come together: pip install datasketch xxhash rensa

    def datasketch(texts: list[str], **hashfunc: Callable) -> list:
        sketches = [MinHash(num_perm=128, seed=1, **hashfunc) for _ in texts]
        for sketch, text in zip(sketches, texts, strict=True):
            sketch.update_batch([s.encode("utf-8") for s in python_shingles(text)])
        return sketches

    def rensa_each(texts: list[str]) -> list:
        sketches = [rensa.RMinHash(128, 1) for _ in texts]
        for sketch, text in zip(sketches, texts, strict=True):
            sketch.update(python_shingles(text))
        return sketches

    found["datasketch"] = datasketch
    found["datasketch+xxhash"] = lambda texts: datasketch(texts, hashfunc=xxhash.xxh32_intdigest)
    found["rensa RMinHash"] = rensa_each
    found["rensa RMinHash (batch call)"] = lambda texts: [
        rensa.RMinHash.digest_matrix_from_token_sets([python_shingles(t) for t in texts], 128, 1)
    ]
    return found


def throughput(texts: list[str], runs: int) -> dict:
    """Signatures per CPU-second (median of ``runs``), all contenders interleaved per run."""
    sketchers = contenders()
    for fn in sketchers.values():
        fn(texts[:5])  # warm caches and lazy set-up
    cpu: dict[str, list[float]] = {name: [] for name in sketchers}
    wall: dict[str, list[float]] = {name: [] for name in sketchers}
    for _ in range(runs):
        for name, fn in sketchers.items():
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            fn(texts)
            cpu[name].append(len(texts) / (time.process_time() - start_cpu))
            wall[name].append(len(texts) / (time.perf_counter() - start_wall))
    rates = {name: statistics.median(v) for name, v in cpu.items()}
    peer_rates = {k: v for k, v in rates.items() if k != "newsprism"}
    fastest = max(peer_rates, key=peer_rates.__getitem__) if peer_rates else None
    start = time.process_time()
    for text in texts:
        python_shingles(text)
    shingling = len(texts) / (time.process_time() - start)
    return {
        "documents": len(texts),
        "words_per_document": len(texts[0].split()),
        "runs": runs,
        "signatures_per_cpu_second": {k: round(v, 1) for k, v in rates.items()},
        "signatures_per_wall_second": {k: round(statistics.median(v), 1) for k, v in wall.items()},
        "fastest_peer": fastest,
        "ratio_to_fastest_peer": round(rates["newsprism"] / peer_rates[fastest], 2)
        if fastest
        else None,
        "peers_python_shingling_alone_per_cpu_second": round(shingling, 1),
    }


def jaccard_accuracy(seed: int, words: int, pairs_per_level: int) -> dict:
    """Mean absolute error of estimated vs true 3-gram Jaccard, per method, over many pairs.

    Each pair is a text and a copy with random words replaced, at ten target similarities;
    the true value is the Jaccard similarity of the two exact sets of word 3-grams.
    """
    rng = random.Random(seed)
    levels = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
    pairs = []
    for level in levels:
        keep = (2 * level / (1 + level)) ** (1 / 3)  # share of words kept for that 3-gram J
        for base in long_documents(rng.randrange(1 << 30), pairs_per_level, words):
            tokens = base.split(" ")
            edited = " ".join(
                t if rng.random() < keep else f"x{rng.randrange(10**9)}" for t in tokens
            )
            a, b = set(python_shingles(base)), set(python_shingles(edited))
            pairs.append((level, base, edited, len(a & b) / len(a | b)))
    out: dict[str, dict] = {}
    for name, sketch in contenders().items():
        if "batch" in name:
            continue  # the same sketches as the per-document call
        errors: dict[float, list[float]] = {level: [] for level in levels}
        for level, x, y, true in pairs:
            sx, sy = sketch([x, y])
            errors[level].append(abs(sx.jaccard(sy) - true))
        every = [e for v in errors.values() for e in v]
        out[name] = {
            "mae": round(statistics.fmean(every), 5),
            "standard_error": round(statistics.stdev(every) / len(every) ** 0.5, 5),
            "mae_per_level": {f"{k:.2f}": round(statistics.fmean(v), 5) for k, v in errors.items()},
        }
    return {"words": words, "pairs": len(pairs), "num_perm": 128, "methods": out}


# ---------------------------------------------------------------- real data (optional)


def real_articles(with_probe: bool = False) -> tuple[list[Article], dict[str, str]]:
    """Real reports from ../shared/data (ECB+, NeuS/AllSides) and each one's story, if present.

    ``with_probe`` adds the NeuS training roundups' outlet items (thousands more, for scale).
    """
    rows: list[tuple[str, str, str]] = []  # (id, story, text)
    ecb = SHARED / "ecbplus" / "docs.jsonl"
    for line in ecb.read_text(encoding="utf-8").splitlines() if ecb.exists() else []:
        doc = json.loads(line)
        rows.append((f"ecb:{doc['doc_id']}", doc["subtopic"], " ".join(doc["sentences"])))
    neus = SHARED / "neus-allsides" / "raw" / "headline_11_2021-10-19_crawled_all.jsonl"
    for line in neus.read_text(encoding="utf-8").splitlines() if neus.exists() else []:
        doc = json.loads(line)
        for side, item in doc["news"].items():
            rows.append((f"neus:{doc['id']}:{side}", str(doc["id"]), " ".join(item["newBody"])))
    probe = SHARED / "neus-allsides" / "probe" / "train.source"
    lines = probe.read_text(encoding="utf-8").splitlines() if with_probe and probe.exists() else []
    for n, line in enumerate(lines):
        for side, item in enumerate(line.split(" [SEP] ")):
            rows.append((f"probe:{n}:{side}", f"probe:{n}", item))
    rows = [row for row in rows if len(row[2].split()) >= 40]
    articles = [_article(doc_id, [text], "real", None, None) for doc_id, _, text in rows]
    return articles, {doc_id: story for doc_id, story, _ in rows}


def real_negatives(options: DedupOptions) -> dict:
    """Links found among real reports of the same stories (ECB+, NeuS/AllSides), if present.

    Nearly every pair is a hard negative (other outlets on the same event), but some are
    genuine wire copies: links are split into same-story (to inspect) and cross-story (false).
    """
    articles, story = real_articles()
    if not articles:
        return {"available": False}
    links = ReprintDetector(options).fit(articles).result_.links
    cross = [link for link in links if story[link.article_id] != story[link.reprint_of]]
    same = [link for link in links if story[link.article_id] == story[link.reprint_of]]
    return {
        "available": True,
        "articles": len(articles),
        "links_within_story": len(same),
        "links_across_stories": len(cross),
        "examples": [vars(link) for link in (cross + same)[:12]],
    }


def add_cost(options: DedupOptions, articles: Sequence[Article], marks: Sequence[int]) -> dict:
    """Per online ``add`` (signature given): CPU microseconds and LSH candidates compared,
    over the 500 adds before each corpus size in ``marks``, articles in the given order."""
    detector = ReprintDetector(options)
    sigs = [detector.evidence(a) for a in articles]
    out, compared, start = {}, 0, 0.0
    for n, (article, sig) in enumerate(zip(articles, sigs, strict=True), 1):
        if n + 500 in marks:
            compared, start = detector._families.compared, time.process_time()
        detector.add(article, sig)
        if n in marks:
            out[str(n)] = {
                "us_per_add": round((time.process_time() - start) / 500 * 1e6, 1),
                "candidates_per_add": round((detector._families.compared - compared) / 500, 2),
            }
    return out


def online_cost(options: DedupOptions, quick: bool) -> dict:
    """add_cost on generated stories and, where present, on real reports in random order.

    Generated stories reuse a small grammar, so unrelated ones share far more 3-grams than
    real news does: their candidate counts grow with the corpus much faster than real ones.
    """
    marks = (1000, 2000) if quick else (2000, 4000, 8000)
    docs = make_corpus(99, max(marks) // 26 + 1, (0.0, 0.05, 0.1, 0.15, 0.2))
    out = {"generated": add_cost(options, [d.article for d in docs], marks)}
    real, _ = real_articles(with_probe=True)
    if len(real) >= max(marks):
        random.Random(5).shuffle(real)
        out["real"] = add_cost(options, real, marks)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run every part of the benchmark and write the JSON results; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "dedup.json"))
    args = parser.parse_args(argv)
    quick = args.quick
    options = DedupOptions()
    texts = long_documents(7, 40 if quick else 300, 2000)
    results = {
        "machine": {
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "numpy": np.__version__,
            "processes": 1,
        },
        "options": vars(options),
        "throughput_2000_words": throughput(texts, 3 if quick else 7),
        "jaccard_accuracy_2000_words": jaccard_accuracy(11, 2000, 4 if quick else 400),
        "jaccard_accuracy_300_words": jaccard_accuracy(12, 300, 4 if quick else 400),
        "shingle_size_choice": shingle_choice(1, 20 if quick else 100),
        "reprints_tune": quality(1, 20 if quick else 150, options, (0.0, 0.05, 0.1, 0.15, 0.2)),
        "reprints_report": quality(2, 20 if quick else 150, options, (0.0, 0.05, 0.1, 0.15, 0.2)),
        "online_add_cost": online_cost(options, quick),
        "real_data_negatives": real_negatives(options),
        "real_data_gate": real_data_gate(options),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    speed, mae = results["throughput_2000_words"], results["jaccard_accuracy_2000_words"]
    print("signatures per CPU-second:", speed["signatures_per_cpu_second"])
    print("ratio to the fastest peer:", speed["ratio_to_fastest_peer"])
    print("Jaccard MAE (2,000 words):", {k: v["mae"] for k, v in mae["methods"].items()})
    for rate, score in results["reprints_report"]["per_edit_rate"].items():
        print(f"report set, {rate} of words edited: P={score['precision']} R={score['recall']}")
    gate = results["real_data_gate"]
    if gate["available"]:
        dev = gate["dev_set"]
        print(
            f"real-data gate {'passed' if gate['passed'] else 'FAILED'}: NeuS raw "
            f"{gate['neus_raw']['called_reprints']} of {gate['neus_raw']['articles']} called "
            f"reprints; dev set P={dev['precision']} R={dev['recall']}, "
            f"{len(dev['independent_called_reprints'])} independent reports called reprints"
        )
    print(f"wrote {out}")
    return 0 if not gate["available"] or gate["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
