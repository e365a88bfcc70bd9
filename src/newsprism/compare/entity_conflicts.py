"""Discrepancies about who and what: names, organisations, titles, affiliations, speakers.

- Two organisations whose names differ in a word ("Northern Farmers Union" / "Northern
  Growers Union"), that no article names together, and that appear in the same context
  (the same people, the same words around them) are one organisation named two ways.
- Two people with one surname and different first names that no article names together and
  that hold the same office are one person named two ways.
- A person given different offices ("mayor" / "deputy mayor") or parties by different
  outlets; outlets that name different speakers for one quote.

Aliases of one entity never get here: they were merged into one entity before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from newsprism.compare.discrepancies import Found, make_discrepancy
from newsprism.compare.entities import EntityResolution
from newsprism.compare.names import org_key, person_name, similar_spelling
from newsprism.compare.quotes import QuoteLedger
from newsprism.compare.records import DiscrepancyKind, DiscrepancyValue, Entity, Passage
from newsprism.compare.roles import party_near, party_of, role_heads
from newsprism.compare.spelling import spelling_key
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import content_stems, jaccard

_GENERIC_ORG_WORDS = frozenset(
    """
    the of and for union party council committee department ministry agency company group
    association federation board commission office court house senate assembly government
    city state county national international university school hospital police service
    services inc corp co ltd llc
    """.split()
)


def organization_discrepancies(story: StoryArticles, resolution: EntityResolution) -> list[Found]:
    """Return organisations (or places) named two ways by different outlets."""
    candidates = [e for e in resolution.entities if e.type in ("organization", "group", "place")]
    context = {e.id: _context(story, e) for e in candidates}
    people = _people_near(story, resolution)
    surnames = {person_name(e.name).surname for e in resolution.entities if e.type == "person"}
    found = []
    for x, a in enumerate(candidates):
        for b in candidates[x + 1 :]:
            if a.type != b.type and "place" in (a.type, b.type):
                continue
            if set(a.articles) & set(b.articles):
                continue  # one article names both: two organisations
            if not _names_differ_slightly(a.name, b.name, surnames):
                continue
            shared_people = people.get(a.id, set()) & people.get(b.id, set())
            if not shared_people and jaccard(context[a.id], context[b.id]) < 0.25:
                continue
            kind: DiscrepancyKind = "place" if a.type == "place" else "organization"
            values = [_entity_value(story, e) for e in sorted((a, b), key=lambda e: e.name)]
            about = _about(a, b)
            found.append(Found(make_discrepancy(story, kind, about, values), frozenset()))
    return found


def _names_differ_slightly(a: str, b: str, surnames: set[str]) -> bool:
    """Return True for names of one frame that differ in one distinctive word.

    "Northern Farmers Union" / "Northern Growers Union": same length, same last word, one
    word different. A differing word that is a person's name or a modifier ("Trump Justice
    Department" / "ex-Justice Department") is no other name.
    """
    wa, wb = org_key(a).split(), org_key(b).split()
    if len(wa) != len(wb) or len(wa) < 2 or wa == wb or wa[-1] != wb[-1]:
        return False
    diff = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    return all(
        len(w) >= 4 and w.isalpha() and w not in _MODIFIER_WORDS and w not in surnames
        for w in (x, y)
    )


_MODIFIER_WORDS = frozenset(
    {
        "former",
        "acting",
        "interim",
        "federal",
        "national",
        "state",
        "royal",
        "united",
        "new",
        "old",
        "north",
        "south",
        "east",
        "west",
    }
)


def _about(a: Entity, b: Entity) -> str:
    wa, wb = a.name.split(), b.name.split()
    frame = [w for w in wa if w in wb]
    return "the " + " ".join(frame) if frame else f"{a.name} / {b.name}"


def _context(story: StoryArticles, entity: Entity) -> set[str]:
    """Return the content stems of the sentences that mention an entity, less its own name."""
    own = set(content_stems(" ".join(entity.aliases)))
    stems: set[str] = set()
    for m in entity.mentions:
        index = story.sentence_index(m.article, m.start)
        sentence = story.sentence(m.article, index)
        text = story.articles[m.article].text[sentence.start : sentence.end]
        stems.update(content_stems(text))
    return stems - own


def _people_near(story: StoryArticles, resolution: EntityResolution) -> dict[str, set[str]]:
    """Return entity id -> ids of people named in the same sentences."""
    out: dict[str, set[str]] = defaultdict(set)
    for article_id, notes in story.annotations.items():
        by_sentence: dict[int, set[str]] = defaultdict(set)
        kinds: dict[str, str] = {}
        entities = resolution.by_id()
        for index, mention in enumerate(notes.entities):
            entity_id = resolution.mention_entity.get((article_id, index))
            if entity_id is None:
                continue
            kinds[entity_id] = entities[entity_id].type
            by_sentence[story.sentence_index(article_id, mention.start)].add(entity_id)
        for ids in by_sentence.values():
            persons = {i for i in ids if kinds[i] == "person"}
            for i in ids:
                if kinds[i] != "person":
                    out[i] |= persons
    return out


def _entity_value(story: StoryArticles, entity: Entity) -> DiscrepancyValue:
    order = {a: n for n, a in enumerate(story.order)}
    articles = tuple(sorted(entity.articles, key=lambda a: order[a]))
    evidence = _first_sentences(story, entity.mentions)
    return DiscrepancyValue(value=entity.name, articles=articles, evidence=evidence)


def _first_sentences(story: StoryArticles, mentions: Iterable[Passage]) -> tuple[Passage, ...]:
    """The sentence of each article's first mention, in the story's article order."""
    order = {a: n for n, a in enumerate(story.order)}
    evidence = []
    seen = set()
    for m in sorted(mentions, key=lambda p: (order[p.article], p.start)):
        if m.article in seen:
            continue
        seen.add(m.article)
        sentence = story.sentence(m.article, story.sentence_index(m.article, m.start))
        evidence.append(story.passage(m.article, sentence.start, sentence.end))
    return tuple(evidence)


def person_discrepancies(story: StoryArticles, resolution: EntityResolution) -> list[Found]:
    """Return people named two ways, and people given different offices or parties."""
    found: list[Found] = []
    people = [e for e in resolution.entities if e.type == "person"]
    offices = {e.id: _offices(resolution, e) for e in people}
    for x, a in enumerate(people):
        na = person_name(a.name)
        for b in people[x + 1 :]:
            nb = person_name(b.name)
            if set(a.articles) & set(b.articles) or not (na.given and nb.given):
                continue
            if na.surname != nb.surname and not similar_spelling(na.surname, nb.surname):
                continue
            heads_a = set().union(*offices[a.id].values()) if offices[a.id] else set()
            heads_b = set().union(*offices[b.id].values()) if offices[b.id] else set()
            if not heads_a & heads_b:
                continue
            values = [_entity_value(story, e) for e in sorted((a, b), key=lambda e: e.name)]
            about = f"the {sorted(heads_a & heads_b)[0]} named {na.surname.title()}"
            found.append(Found(make_discrepancy(story, "name", about, values), frozenset()))
    for entity in people:
        misspelled = _misspelled_surname(story, entity)
        if misspelled:
            found.append(misspelled)
        found.extend(_title_conflicts(story, resolution, entity, offices[entity.id]))
        party = _party_conflict(story, resolution, entity)
        if party:
            found.append(party)
    return found


def _misspelled_surname(story: StoryArticles, entity: Entity) -> Found | None:
    """Return a name discrepancy when one report misspells a person's surname.

    A transliteration changes vowels ("Kavoosi" / "Kevusi") and is an alias; a misspelling
    drops, adds or changes a consonant ("Vellaubio" for "Vellarubio"). It is reported
    when one independent report prints it (maybe beside the right form) and at least one
    other report prints only the other form.
    """
    reports: dict[str, set[str]] = defaultdict(set)
    printed: dict[str, list[Passage]] = defaultdict(list)
    for m in entity.mentions:
        words = m.text.split()
        if not words or not words[-1][:1].isupper():
            continue
        form = words[-1].strip(".,;:’'")
        reports[form].add(story.report[m.article])
        printed[form].append(m)
    if len(reports) < 2:
        return None
    common = sorted(reports, key=lambda f: (-len(reports[f]), f))[0]
    rares = [
        f
        for f in sorted(reports)
        if f != common
        and len(reports[f]) == 1
        and _consonants(f) != _consonants(common)
        and similar_spelling(f.lower(), common.lower())
    ]
    if len(reports[common]) < 2 or not rares or reports[common] <= reports[rares[0]]:
        return None
    rare = rares[0]
    order = {a: n for n, a in enumerate(story.order)}
    values = []
    for form in (common, rare):
        evidence = _first_sentences(story, printed[form])
        articles = tuple(sorted({p.article for p in printed[form]}, key=lambda a: order[a]))
        values.append(DiscrepancyValue(value=form, articles=articles, evidence=evidence))
    about = f"the spelling of {entity.name}'s name"
    return Found(make_discrepancy(story, "name", about, values), frozenset())


def _consonants(word: str) -> list[str]:
    # The consonants of the spelling key, in order: what a transliteration keeps.
    return [c for c in spelling_key(word) if c != "a"]


def _offices(resolution: EntityResolution, entity: Entity) -> dict[str, set[str]]:
    """Return article id -> the offices its roles give the entity."""
    out: dict[str, set[str]] = {}
    for article_id, passages in resolution.roles_by_article.get(entity.id, {}).items():
        heads: set[str] = set()
        for p in passages:
            heads |= role_heads(p.text)
        if heads:
            out[article_id] = heads
    return out


def _title_conflicts(
    story: StoryArticles,
    resolution: EntityResolution,
    entity: Entity,
    offices: dict[str, set[str]],
) -> list[Found]:
    """Return a title discrepancy when outlets give a person offices no outlet gives together.

    A military rank goes with any office ("Gen. Mark Milley, the chairman"), and some
    offices contain others (the Speaker is a representative).
    """
    offices = {a: h - _RANKS for a, h in offices.items() if h - _RANKS}
    if len(offices) < 2:
        return []
    all_heads = sorted(set().union(*offices.values()))
    together = set()
    for heads in offices.values():
        for h in heads:
            together |= {(h, g) for g in heads}
    clash = [
        (h, g)
        for x, h in enumerate(all_heads)
        for g in all_heads[x + 1 :]
        if (h, g) not in together and not _nested(h, g) and frozenset((h, g)) not in _COMPATIBLE
    ]
    if not clash:
        return []
    by_head: dict[str, list[str]] = defaultdict(list)
    for article_id, heads in offices.items():
        key = " / ".join(sorted(heads))
        by_head[key].append(article_id)
    if len(by_head) < 2:
        return []
    values = []
    roles = resolution.roles_by_article.get(entity.id, {})
    order = {a: n for n, a in enumerate(story.order)}
    for key in sorted(by_head):
        articles = sorted(by_head[key], key=lambda a: order[a])
        evidence = tuple(p for a in articles for p in roles.get(a, [])[:1])
        values.append(DiscrepancyValue(value=key, articles=tuple(articles), evidence=evidence))
    return [Found(make_discrepancy(story, "title", entity.name, values), frozenset())]


_RANKS = frozenset({"general", "admiral", "colonel", "captain", "sergeant", "major"})
_COMPATIBLE = frozenset(
    frozenset(pair)
    for pair in (
        ("representative", "speaker"),
        ("senator", "speaker"),
        ("chair", "senator"),
        ("chair", "representative"),
        ("president", "chair"),
        ("chief", "director"),
        ("chief", "commissioner"),
        ("ceo", "president"),
        ("ceo", "chair"),
        ("spokesperson", "secretary"),
    )
)


def _nested(a: str, b: str) -> bool:
    # "chief" and "fire chief"-like pairs are one office printed two ways.
    return (
        a.endswith(" " + b)
        and not a.startswith(("deputy", "vice", "former", "acting", "assistant", "ex", "interim"))
    ) or (
        b.endswith(" " + a)
        and not b.startswith(("deputy", "vice", "former", "acting", "assistant", "ex", "interim"))
    )


def _party_conflict(
    story: StoryArticles, resolution: EntityResolution, entity: Entity
) -> Found | None:
    """Return an affiliation discrepancy when outlets give a person different parties."""
    parties: dict[str, dict[str, list[Passage]]] = defaultdict(lambda: defaultdict(list))
    for m in entity.mentions:
        found = party_near(story.articles[m.article].text, m.start, m.end)
        if found:
            party, start, end = found
            parties[party][m.article].append(story.passage(m.article, start, end))
    for passages in resolution.roles_by_article.get(entity.id, {}).values():
        for p in passages:
            named = party_of(p.text)
            if named:
                parties[named][p.article].append(p)
    if len(parties) < 2:
        return None
    article_sets = [set(v) for v in parties.values()]
    if any(a & b for x, a in enumerate(article_sets) for b in article_sets[x + 1 :]):
        return None
    order = {a: n for n, a in enumerate(story.order)}
    values = []
    for party in sorted(parties):
        articles = sorted(parties[party], key=lambda a: order[a])
        evidence = tuple(parties[party][a][0] for a in articles)
        values.append(DiscrepancyValue(value=party, articles=tuple(articles), evidence=evidence))
    return Found(make_discrepancy(story, "affiliation", entity.name, values), frozenset())


def speaker_discrepancies(
    story: StoryArticles, ledger: QuoteLedger, resolution: EntityResolution
) -> list[Found]:
    """Return quotes whose outlets name different speakers."""
    entities = resolution.by_id()
    found = []
    order = {a: n for n, a in enumerate(story.order)}
    for conflict in ledger.conflicts:
        # An organisation and its spokesperson, or a crowd, are no rival speakers.
        if any(entities[s].type != "person" for s in conflict.speakers):
            continue
        values = []
        for speaker in sorted(conflict.speakers, key=lambda s: entities[s].name):
            attributions = sorted(conflict.speakers[speaker], key=lambda a: order[a.article])
            values.append(
                DiscrepancyValue(
                    value=entities[speaker].name,
                    articles=tuple(dict.fromkeys(a.article for a in attributions)),
                    evidence=tuple(
                        Passage(a.article, a.text, a.start, a.end) for a in attributions
                    ),
                )
            )
        text = conflict.quote.text
        about = f"speaker of “{text[:80]}{'…' if len(text) > 80 else ''}”"
        found.append(Found(make_discrepancy(story, "name", about, values), frozenset()))
    return found
