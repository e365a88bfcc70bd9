"""Entity resolution across the articles of one story: one entity per real thing, with aliases.

Each article's annotations already tie its own mentions together (a surname to the full
name printed before it, an acronym to its expansion). This module ties the articles together:

1. mentions of one article with the same canonical name become one local entity (given
   names the model left out before a person's name are put back);
2. local entities with the same cleaned name merge, whatever their type, and names an
   article itself ties together ("also known as", "alias", a ticker beside its company,
   ``name_links``) merge, and so do well-known other names of one thing ("Burma" /
   "Myanmar", a national team's nickname; ``known_names``);
3. each cluster's type is decided from all its mentions and the words around them
   (``entity_types``);
4. people with full names merge when their surnames match (variant spellings allowed, a
   surname printed as two words, the two name orders) and their given names fit (a dropped
   middle name, an initial, a transliteration); two different first names never merge, nor
   two full names one article prints side by side; a name with its last part dropped joins
   the one longer name it starts;
5. a surname or a given name alone ("Mayor Okafor", "Tavish") joins the one entity it can
   name; when the story holds several ("Amara Okafor" and "Chidi Okafor"), the role decides
   ("Mayor" fits the mayor) and otherwise the mention stays unresolved;
6. organisations and places merge by spelling, acronym, abbreviation and short form
   (``body_merges``); a name the excerpt cut off joins the name it starts, or is dropped;
7. names the model missed in some articles, and untagged spellings of a name, are found in
   the text (``missed_names``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsprism.annotate.records import EntityMention
from newsprism.compare.body_merges import attach_short_forms as _attach_short_forms
from newsprism.compare.body_merges import resolve_cut_names as _resolve_cut_names
from newsprism.compare.entity_clusters import LocalEntity as _Local
from newsprism.compare.entity_clusters import UnionFind as _UnionFind
from newsprism.compare.entity_clusters import types_fit as _types_fit
from newsprism.compare.entity_types import retype_clusters as _retype
from newsprism.compare.ids import stable_id
from newsprism.compare.known_names import merge_known_names
from newsprism.compare.missed_names import (
    find_missed_names,
    find_missed_variants,
    given_names_before,
)
from newsprism.compare.name_links import alias_links
from newsprism.compare.names import (
    TITLES,
    clean_words,
    full_names_match,
    given_compatible,
    name_prefix_of,
    org_key,
    person_name,
    surnames_match,
    word_order_variant,
)
from newsprism.compare.records import BriefEntityType, Entity, Passage, Role
from newsprism.compare.roles import appositive_role, role_heads
from newsprism.compare.story import StoryArticles

MentionKey = tuple[str, int]  # (article id, index in ArticleAnnotations.entities)


@dataclass(frozen=True)
class EntityResolution:
    """The story's entities and, for each annotated mention, the entity it belongs to.

    ``roles_by_article`` gives, per entity id, the roles each article prints for it (with the
    passages), which the discrepancy finder compares.
    """

    entities: tuple[Entity, ...]
    mention_entity: dict[MentionKey, str]
    roles_by_article: dict[str, dict[str, list[Passage]]] = field(default_factory=dict)

    def by_id(self) -> dict[str, Entity]:
        """Return the entities keyed by id."""
        return {e.id: e for e in self.entities}


def resolve_entities(story: StoryArticles) -> EntityResolution:
    """Return the story's entities, each with its aliases, roles, articles and mentions."""
    locals_ = _local_entities(story)
    uf = _UnionFind(len(locals_))
    _merge_exact(locals_, uf)
    extra = _merge_linked_names(story, locals_, uf)
    merge_known_names(locals_, uf)
    _retype(story, locals_, uf)
    _merge_people(locals_, uf)
    _attach_short_forms(locals_, uf)
    _resolve_cut_names(locals_, uf)
    _retype(story, locals_, uf)
    entities, mention_entity, roles = _build(story, locals_, uf, extra)
    entities = find_missed_names(story, entities)
    entities = find_missed_variants(story, entities)
    return EntityResolution(
        entities=entities, mention_entity=mention_entity, roles_by_article=roles
    )


def _local_entities(story: StoryArticles) -> list[_Local]:
    """Return one local entity per (article, canonical name), in a stable order."""
    locals_: list[_Local] = []
    for article_id in sorted(story.articles):
        text = story.articles[article_id].text
        by_name: dict[str, _Local] = {}
        notes = story.annotations[article_id].entities
        tagged = [(m.start, m.end) for m in notes]
        for index, mention in enumerate(notes):
            name = " ".join((mention.name or mention.text).split())
            if not clean_words(name):
                continue
            if mention.type == "person" and not mention.role and name == mention.text:
                start = given_names_before(text, mention.start, tagged)
                if start < mention.start:
                    # "official Devan [Kumar Rai]": given names the model left out.
                    name = " ".join(text[start : mention.end].split())
            key = name.lower()
            local = by_name.get(key)
            if local is None:
                local = _Local(article_id, name, Counter(), [])
                by_name[key] = local
            local.types[mention.type] += 1
            local.mentions.append(index)
            local.forms.add(" ".join(mention.text.split()))
            if name.endswith(" ".join(mention.text.split())) and name != mention.text:
                local.forms.add(name)
            if mention.role:
                passage = _role_passage(story, article_id, mention)
                printed = passage.text[: max(0, mention.start - passage.start)].strip(" ,")
                local.roles.append((printed or mention.role, passage))
            if mention.type == "person":
                apposed = appositive_role(text, mention.start, mention.end)
                at = text.find(apposed, max(0, mention.start - 120)) if apposed else -1
                # A role that names another person is that person's ("a lawmaker in Prime
                # Minister Boris Johnson's party"), not this one's.
                if (
                    apposed
                    and at >= 0
                    and not any(
                        other.type == "person"
                        and other.start < at + len(apposed)
                        and at < other.end
                        and other is not mention
                        for other in story.annotations[article_id].entities
                    )
                ):
                    local.roles.append((apposed, story.passage(article_id, at, at + len(apposed))))
        stripped = text.rstrip()
        for local in by_name.values():
            notes = story.annotations[article_id].entities
            local.cut = stripped[-1:].isalnum() and all(
                notes[i].end >= len(stripped) for i in local.mentions
            )
        locals_.extend(by_name[k] for k in sorted(by_name))
    return locals_


def _role_passage(story: StoryArticles, article_id: str, mention: EntityMention) -> Passage:
    """Return the printed title of a mention with the name ("Deputy Commissioner David Black").

    The title is extended to the left over title words the annotation left out, so that
    "Deputy" is not lost from "Deputy Social Security Commissioner".
    """
    start, end, role = mention.start, mention.end, mention.role or ""
    text = story.articles[article_id].text
    at = text.rfind(role, max(0, start - len(role) - 40), end)
    if at < 0:
        return story.passage(article_id, start, end)
    # Up to four capitalised words right before the title, when a title word starts them
    # ("Deputy Social Security Commissioner", "Deputy Commissioner").
    offset = max(0, at - 60)
    best = current = at
    for w in reversed(list(re.finditer(r"([A-Za-z.]+)\s+", text[offset:at]))[-4:]):
        if offset + w.end() != current or not w.group(1)[:1].isupper():
            break
        current = offset + w.start()
        if w.group(1).lower().rstrip(".") in TITLES:
            best = current
    at = best
    return story.passage(article_id, min(at, start), max(at + len(role), end))


def _key(local: _Local) -> str:
    if local.type == "person":
        name = person_name(local.name)
        return " ".join((*name.given, name.surname))
    return org_key(local.name)


def _merge_exact(locals_: list[_Local], uf: _UnionFind) -> None:
    """Merge local entities whose cleaned names are equal (types may differ)."""
    first: dict[str, int] = {}
    for i, local in enumerate(locals_):
        key = _key(local)
        if not key or (local.type == "person" and " " not in key):
            continue  # a surname alone may name several people: resolved in _merge_people
        if key in first:
            if " " in key or _types_fit(locals_[first[key]].type, local.type):
                uf.union(first[key], i)
        else:
            first[key] = i


def _merge_linked_names(
    story: StoryArticles, locals_: list[_Local], uf: _UnionFind
) -> dict[int, list[Passage]]:
    """Merge the names an article ties together ("also known as", a ticker).

    Returns, per local entity, the other names printed for it that no annotation holds
    (a nickname in quotes), to be added as its aliases.
    """
    local_of: dict[MentionKey, int] = {}
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, local in enumerate(locals_):
        for index in local.mentions:
            local_of[(local.article, index)] = i
        by_key[" ".join(clean_words(local.name))].append(i)
    extra: dict[int, list[Passage]] = defaultdict(list)
    for link in alias_links(story):
        at = local_of.get((link.article, link.mention))
        key = " ".join(clean_words(link.alias))
        if at is None or not key:
            continue
        targets = by_key.get(key, [])
        for j in targets:
            uf.union(at, j)
        if not targets:
            extra[at].append(story.passage(link.article, link.start, link.end))
    return dict(extra)


def _merge_people(locals_: list[_Local], uf: _UnionFind) -> None:
    """Merge full person names that fit, then attach surnames and initials where unique."""
    people = [i for i, local in enumerate(locals_) if local.type == "person"]
    names = {i: person_name(locals_[i].name) for i in people}
    full = [i for i in people if names[i].full and any(len(g) > 1 for g in names[i].given)]
    # Full names one article prints for different people ("Hamid Rahmani met Hamid
    # Rahmany") never merge, not even through a third spelling.
    cluster_of: dict[int, set[int]] = {uf.find(i): set() for i in full}
    for i in full:
        cluster_of[uf.find(i)].add(i)

    def side_by_side(x: int, y: int) -> bool:
        return any(
            locals_[p].article == locals_[q].article
            and not _one_name_holds_the_other(locals_[p].name, locals_[q].name)
            for p in cluster_of.get(uf.find(x), {x})
            for q in cluster_of.get(uf.find(y), {y})
        )

    for x, i in enumerate(full):
        for j in full[x + 1 :]:
            a, b = names[i], names[j]
            if uf.find(i) == uf.find(j):
                continue
            if not (full_names_match(a, b) or word_order_variant(locals_[i].name, locals_[j].name)):
                continue
            if side_by_side(i, j):
                continue
            ri, rj = uf.find(i), uf.find(j)
            joined = cluster_of.pop(ri, {i}) | cluster_of.pop(rj, {j})
            uf.union(i, j)
            cluster_of[uf.find(i)] = joined
    _attach_name_prefixes(locals_, full, uf)
    clusters = _person_clusters(full, names, uf)
    full_set = set(full)
    # Initials and surnames alone: attach to the one cluster they can name.
    partial = [i for i in people if i not in full_set]
    leftover: dict[str, list[int]] = defaultdict(list)
    for i in partial:
        name = names[i]
        candidates = [
            root
            for root, members in clusters.items()
            if any(
                surnames_match(name, names[m]) and given_compatible(name.given, names[m].given)
                for m in members
            )
        ]
        if len(candidates) > 1:
            candidates = _by_role(locals_[i], candidates, clusters, locals_)
        if not candidates and len(clean_words(locals_[i].name)) == 1:
            # A given name alone ("Tavish", "Idris"), when one person of the story has it.
            candidates = [
                root
                for root, members in clusters.items()
                if any(name_prefix_of(locals_[i].name, locals_[m].name) for m in members)
            ]
            candidates = candidates if len(candidates) == 1 else []
        if len(candidates) == 1:
            uf.union(candidates[0], i)
        elif not candidates:
            leftover[name.surname].append(i)
    # Surnames that name nobody with a full name: one entity per surname, within the story.
    for members in leftover.values():
        for i in members[1:]:
            uf.union(members[0], i)
    # A one-word organisation or place that is a person's surname ("Okafor's plan" tagged
    # ORG), or the given name of one person with a full name ("Tavish said").
    surname_roots: dict[str, set[int]] = defaultdict(set)
    given_roots: dict[str, set[int]] = defaultdict(set)
    for i in people:
        surname_roots[names[i].surname].add(uf.find(i))
        if i in full_set:
            given_roots[names[i].given[0]].add(uf.find(i))
    for i, local in enumerate(locals_):
        if local.type == "person" or len(clean_words(local.name)) != 1:
            continue
        word = clean_words(local.name)[0]
        roots = surname_roots.get(word, set())
        if not roots and word not in surname_roots:
            roots = given_roots.get(word, set())
        if len(roots) == 1 and not _is_known_org(local, locals_):
            uf.union(next(iter(roots)), i)


def _one_name_holds_the_other(a: str, b: str) -> bool:
    """Return True when one name's words are all in the other, in order ("President-elect
    Ana Lopez" / "Ana Lopez"): one person, printed once with more words."""
    wa, wb = clean_words(a), clean_words(b)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    it = iter(long)
    return all(w in it for w in short)


def _attach_name_prefixes(locals_: list[_Local], full: list[int], uf: _UnionFind) -> None:
    """Tie a full name with its last part dropped to the one longer name it starts.

    "Reza Tavakoli" / "Reza Tavakoli Nia"; two longer names that it starts ("Reza Tavakoli
    Nia", "Reza Tavakoli Moghadam") leave it alone.
    """
    for i in full:
        roots = {
            uf.find(j) for j in full if j != i and name_prefix_of(locals_[i].name, locals_[j].name)
        }
        if len(roots) == 1:
            uf.union(next(iter(roots)), i)


def _is_known_org(local: _Local, locals_: list[_Local]) -> bool:
    # The same word is an organisation's name somewhere as a person would not be ("Apple").
    word = clean_words(local.name)[0]
    return any(
        other.type == "organization"
        and clean_words(other.name)[:1] == [word]
        and len(clean_words(other.name)) > 1
        for other in locals_
    )


def _first_names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    # Full names with spelled-out first names: those must fit, not just share an initial.
    return given_compatible(a, b)


def _person_clusters(full: Iterable[int], names: dict, uf: _UnionFind) -> dict[int, list[int]]:
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in full:
        clusters[uf.find(i)].append(i)
    # Clusters whose members disagree on the first name are split back by the union's
    # transitivity rarely; keep them, they share a surname and fitting given names pairwise.
    return dict(clusters)


def _by_role(
    local: _Local, candidates: list[int], clusters: dict[int, list[int]], locals_: list[_Local]
) -> list[int]:
    """Return the candidate clusters whose roles share an office word with the mention's role."""
    heads: set[str] = set()
    for role, _ in local.roles:
        heads |= role_heads(role)
    if not heads:
        return candidates
    fitting = []
    for root in candidates:
        theirs: set[str] = set()
        for member in clusters[root]:
            for role, _ in locals_[member].roles:
                theirs |= role_heads(role)
        if heads & theirs:
            fitting.append(root)
    return fitting


def _build(
    story: StoryArticles,
    locals_: list[_Local],
    uf: _UnionFind,
    extra: dict[int, list[Passage]],
) -> tuple[tuple[Entity, ...], dict[MentionKey, str], dict[str, dict[str, list[Passage]]]]:
    entities: list[Entity] = []
    mention_entity: dict[MentionKey, str] = {}
    roles_out: dict[str, dict[str, list[Passage]]] = {}
    used_ids: set[str] = set()
    groups = sorted(
        (
            [m for m in members if not locals_[m].dropped]
            for members in uf.groups().values()
            if any(not locals_[m].dropped for m in members)
        ),
        key=lambda members: _canonical(locals_, members),
    )
    for members in groups:
        name = _canonical(locals_, members)
        kind = locals_[members[0]].type
        entity_type: BriefEntityType = (
            kind
            if kind
            in (  # type: ignore[assignment]
                "person",
                "organization",
                "place",
                "group",
            )
            else "other"
        )
        entity_id = stable_id("e", entity_type, name)
        suffix = 2
        while entity_id in used_ids:
            entity_id = stable_id("e", entity_type, name, str(suffix))
            suffix += 1
        used_ids.add(entity_id)
        aliases: set[str] = set()
        mentions: list[Passage] = []
        role_articles: dict[str, set[str]] = defaultdict(set)
        role_text: dict[str, str] = {}
        by_article: dict[str, list[Passage]] = defaultdict(list)
        for m in members:
            local = locals_[m]
            notes = story.annotations[local.article].entities
            text = story.articles[local.article].text
            for index in local.mentions:
                mention = notes[index]
                mention_entity[(local.article, index)] = entity_id
                mentions.append(story.passage(local.article, mention.start, mention.end))
                aliases.add(_printed_form(text, mention.start, mention.end, mention.role))
            aliases.update(f for f in local.forms if f == local.name)
            for passage in extra.get(m, []):
                aliases.add(passage.text)
                mentions.append(passage)
            for role, passage in local.roles:
                key = " ".join(role.lower().split())
                role_articles[key].add(local.article)
                role_text.setdefault(key, " ".join(role.split()))
                by_article[local.article].append(passage)
        if by_article:
            roles_out[entity_id] = dict(by_article)
        article_ids = tuple(sorted({locals_[m].article for m in members}))
        roles = tuple(
            Role(text=role_text[key], articles=tuple(sorted(arts)))
            for key, arts in sorted(role_articles.items())
        )
        entities.append(
            Entity(
                id=entity_id,
                name=name,
                type=entity_type,
                aliases=tuple(sorted(a for a in aliases if a)),
                roles=roles,
                articles=article_ids,
                mentions=tuple(sorted(mentions, key=lambda p: (p.article, p.start))),
            )
        )
    entities.sort(key=lambda e: (-len(e.articles), e.name, e.id))
    return tuple(entities), mention_entity, roles_out


def _canonical(locals_: list[_Local], members: list[int]) -> str:
    """Return the entity's name: the full form most articles use (longest on a tie)."""
    votes: Counter[str] = Counter()
    forms: dict[str, str] = {}
    for m in members:
        key = " ".join(clean_words(locals_[m].name))
        votes[key] += 1
        forms.setdefault(key, locals_[m].name)
    person = any(locals_[m].type == "person" for m in members)

    def rank(key: str) -> tuple[int, int, int, str]:
        words = len(key.split())
        full = 1 if (not person or words >= 2) else 0
        return (-full, -votes[key], -len(key), key)

    best = sorted(votes, key=rank)[0]
    return _strip_leading_the(forms[best])


def _strip_leading_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _printed_form(text: str, start: int, end: int, role: str | None) -> str:
    """Return the mention as printed, with the title or honorific printed right before it."""
    surface = " ".join(text[start:end].split())
    if role:
        before = text[max(0, start - len(role) - 1) : start]
        if before.rstrip().endswith(role) and len(role.split()) <= 3 and role[:1].isupper():
            return f"{role} {surface}"
    return surface
