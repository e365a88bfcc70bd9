"""The quote ledger: one entry per thing said, with every outlet that prints it.

Two printed quotes are one thing said when one is an excerpt of the other (contractions
spelled out, punctuation ignored, pieces cut by an ellipsis in order), or when most of the
shorter one's content words align in order with the other's, or when they are two windows
on one statement (a long run of words ends one and starts the other; ``quote_alignment``);
a phrase they merely share does not make two statements one. Indirect speech whose content matches a
direct quote is linked to it. The ledger's text is the version most independent reports print
(the longest on a tie); a version whose words differ from it is marked as not verbatim and
carries a word-level diff, while an excerpt, a version cut off with "…", or a window on
the statement that overlaps the ledger's (each outlet printed a different stretch) stays
verbatim.
The speaker's name is the fullest form the outlets print for the speaker entity ("Ursula
von der Leyen", not a fragment the resolution kept as the entity's name).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsprism.annotate.quote_marks import find_quoted
from newsprism.annotate.records import QuoteMention
from newsprism.compare.entities import EntityResolution
from newsprism.compare.ids import stable_id
from newsprism.compare.names import PARTICLES, TITLES, clean_words, person_name
from newsprism.compare.quote_alignment import (
    DIFFERENT_SPEAKER_SHARE,
    MIN_SHARED,
    align,
    are_windows,
    content_sequence,
    is_excerpt,
    same_statement,
    statement_pieces,
)
from newsprism.compare.records import Attribution, Quote, WordChange
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import content_stems, fold, token_spans

# A word after a name inside the speaker phrase: the name modifies a head noun.
_HEAD_AFTER = re.compile(r"[^\W\d_]{2,}")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"})


@dataclass(frozen=True)
class _Printed:
    """One quote as one article prints it, with what comparison needs."""

    article: str
    index: int
    mention: QuoteMention
    words: tuple[str, ...]
    display: tuple[str, ...]
    content: frozenset[str]
    speaker: str | None
    pieces: tuple[tuple[str, ...], ...] = ()  # words cut by ellipses, contractions spelled out
    sequence: tuple[str, ...] = ()  # content-word stems in order
    extra: bool = False  # quoted words the annotator attributed to nobody

    @property
    def statement(self) -> tuple[str, ...]:
        """Return the words of all pieces in order."""
        return tuple(w for piece in self.pieces for w in piece)


@dataclass(frozen=True)
class SpeakerConflict:
    """Attributions of one quote that name different speakers."""

    quote: Quote
    speakers: dict[str, list[Attribution]]


@dataclass(frozen=True)
class QuoteLedger:
    """The story's quotes, and the quotes whose outlets disagree on who said them."""

    quotes: tuple[Quote, ...]
    conflicts: tuple[SpeakerConflict, ...]
    quote_spans: dict[str, list[tuple[int, int]]]


def build_quote_ledger(
    story: StoryArticles, resolution: EntityResolution, threshold: float = 0.5
) -> QuoteLedger:
    """Return the quote ledger of the story: quotes, speaker conflicts, quoted spans."""
    printed = _printed_quotes(story, resolution)
    direct = [p for p in printed if p.mention.direct]
    indirect = [p for p in printed if not p.mention.direct]
    parent = list(range(len(direct)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(direct):
        for s in p.content:
            by_stem[s].append(i)
    for i, p in enumerate(direct):
        seen: set[int] = set()
        for s in p.content:
            for j in by_stem[s]:
                if j <= i or j in seen:
                    continue
                seen.add(j)
                if _same_quote(p, direct[j], threshold):
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[_Printed]] = defaultdict(list)
    for i, p in enumerate(direct):
        groups[find(i)].append(p)
    for root in list(groups):
        members = groups[root]
        if all(p.extra for p in members) and (
            len({p.article for p in members}) < 2 or max(len(p.words) for p in members) < 4
        ):
            del groups[root]  # quoted words no outlet attributes: a title, a scare quote
    linked: dict[int, list[_Printed]] = defaultdict(list)
    for p in indirect:
        best, best_score = None, 0.0
        for root, members in groups.items():
            score = max(_indirect_score(p, m) for m in members)
            if score > best_score:
                best, best_score = root, score
        if best is not None and best_score >= 0.7:
            linked[best].append(p)
    quotes: list[Quote] = []
    conflicts: list[SpeakerConflict] = []
    for root, members in groups.items():
        quote, conflict = _ledger_entry(story, resolution, members, linked.get(root, []))
        quotes.append(quote)
        if conflict:
            conflicts.append(conflict)
    order = {a: n for n, a in enumerate(story.order)}
    quotes.sort(
        key=lambda q: (
            -story.independent_reports({a.article for a in q.attributions}),
            min((order[a.article], a.start) for a in q.attributions),
            q.id,
        )
    )
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for members in groups.values():
        for p in members:
            spans[p.article].append((p.mention.start, p.mention.end))
    return QuoteLedger(quotes=tuple(quotes), conflicts=tuple(conflicts), quote_spans=dict(spans))


def _printed_quotes(story: StoryArticles, resolution: EntityResolution) -> list[_Printed]:
    out = []
    for article_id in story.order:
        text = story.articles[article_id].text
        for index, mention in enumerate(story.annotations[article_id].quotes):
            raw = text[mention.start : mention.end] or mention.text
            spans = token_spans(raw)
            words = tuple(w for w, _, _ in spans)
            if not words:
                continue
            display = tuple(raw[s:e] for _, s, e in spans)
            out.append(
                _Printed(
                    article=article_id,
                    index=index,
                    mention=mention,
                    words=words,
                    display=display,
                    content=frozenset(content_stems(raw)),
                    speaker=_speaker_entity(story, resolution, article_id, mention),
                    **_alignment_fields(raw),
                )
            )
        out.extend(_unattributed(story, article_id, len(out)))
    return out


def _alignment_fields(raw: str) -> dict:
    """Return the ``pieces`` and ``sequence`` of a printed quote, for ``_Printed``."""
    pieces = statement_pieces(raw)
    return {
        "pieces": pieces,
        "sequence": content_sequence(tuple(w for piece in pieces for w in piece)),
    }


def _unattributed(story: StoryArticles, article_id: str, first: int) -> list[_Printed]:
    """Return quoted passages of three words or more that the annotator attributed to nobody.

    They join the ledger only when another outlet prints the same words as a quote: a
    speaker the annotator missed in one outlet is still the speaker the others name.
    """
    text = story.articles[article_id].text
    known = [(q.start, q.end) for q in story.annotations[article_id].quotes]
    out: list[_Printed] = []
    for passage in find_quoted(text):
        start, end = passage.start, passage.end
        if any(s < end and start < e for s, e in known):
            continue
        raw = text[start:end]
        spans = token_spans(raw)
        if len(spans) < 3:
            continue
        mention = QuoteMention(text=raw, start=start, end=end, direct=True)
        out.append(
            _Printed(
                article=article_id,
                index=first + len(out),
                mention=mention,
                words=tuple(w for w, _, _ in spans),
                display=tuple(raw[a:b] for _, a, b in spans),
                content=frozenset(content_stems(raw)),
                speaker=None,
                extra=True,
                **_alignment_fields(raw),
            )
        )
    return out


def _speaker_entity(
    story: StoryArticles, resolution: EntityResolution, article_id: str, mention: QuoteMention
) -> str | None:
    """Return the entity id of the speaker an article names for a quote, or None."""
    if mention.speaker is not None:
        found = resolution.mention_entity.get((article_id, mention.speaker))
        if found:
            return found
    if mention.speaker_start is not None and mention.speaker_end is not None:
        text = story.articles[article_id].text
        for index, ent in enumerate(story.annotations[article_id].entities):
            if not (ent.start < mention.speaker_end and mention.speaker_start < ent.end):
                continue
            # The head of an English noun phrase is its last word: a name that only modifies
            # it ("the Riverton court") is not the speaker.
            if _HEAD_AFTER.search(text[ent.end : mention.speaker_end]):
                continue
            found = resolution.mention_entity.get((article_id, index))
            if found:
                return found
    name = mention.speaker_name
    if not name or fold(name) in _PRONOUNS:
        return None
    wanted = " ".join(clean_words(name))
    surname = person_name(name).surname
    matches: set[str] = set()
    for entity in resolution.entities:
        if article_id not in entity.articles:
            continue
        forms = {" ".join(clean_words(a)) for a in (*entity.aliases, entity.name)}
        if wanted in forms or (
            entity.type == "person" and person_name(entity.name).surname == surname == wanted
        ):
            matches.add(entity.id)
    return next(iter(matches)) if len(matches) == 1 else None


def _same_quote(a: _Printed, b: _Printed, threshold: float) -> bool:
    """Return True when two printed quotes are one thing said.

    ``threshold`` is the share of the shorter quote's content words that must align in
    order with the other's; outlets that name different speakers need more.
    """
    if a.article == b.article:
        return a.words == b.words
    if a.statement == b.statement:
        return True
    speakers_differ = bool(a.speaker and b.speaker and a.speaker != b.speaker)
    need = max(threshold, DIFFERENT_SPEAKER_SHARE) if speakers_differ else threshold
    short, long = (a, b) if len(a.statement) <= len(b.statement) else (b, a)
    could_be_excerpt = short.content <= long.content
    if not could_be_excerpt:
        # A cheap bound first: the alignment cannot exceed the content words in common.
        common = len(short.content & long.content)
        if common < MIN_SHARED:
            return False
        if common < need * len(set(short.sequence)):
            return are_windows(a.statement, b.statement)
    alignment = align(a.pieces, a.sequence, b.pieces, b.sequence)
    return same_statement(alignment, need)


def _indirect_score(p: _Printed, direct: _Printed) -> float:
    """Return how well indirect speech matches a direct quote (0 when the speakers differ)."""
    if p.speaker and direct.speaker and p.speaker != direct.speaker:
        return 0.0
    shared = len(p.content & direct.content)
    if shared < 3:
        return 0.0
    cover = shared / min(len(p.content), len(direct.content))
    if not (p.speaker and p.speaker == direct.speaker):
        cover -= 0.15
    return cover


def _ledger_entry(
    story: StoryArticles,
    resolution: EntityResolution,
    members: list[_Printed],
    indirect: list[_Printed],
) -> tuple[Quote, SpeakerConflict | None]:
    """Return one ledger quote from its printed versions, and its speaker conflict if any."""
    versions: dict[tuple[str, ...], list[_Printed]] = defaultdict(list)
    for p in members:
        versions[p.words].append(p)
    order = {a: n for n, a in enumerate(story.order)}

    def rank(words: tuple[str, ...]) -> tuple[int, int, int, tuple[str, ...]]:
        printers = versions[words]
        reports = story.independent_reports({p.article for p in printers})
        first = min(order[p.article] for p in printers)
        return (-reports, -len(words), first, words)

    canonical_words = sorted(versions, key=rank)[0]
    canonical = versions[canonical_words][0]
    text = " ".join(
        story.articles[canonical.article]
        .text[canonical.mention.start : canonical.mention.end]
        .split()
    )
    entities = resolution.by_id()
    attributions = []
    for p in sorted(members, key=lambda p: (order[p.article], p.mention.start)):
        verbatim = (
            is_excerpt(p.pieces, canonical.statement)
            or is_excerpt(canonical.pieces, p.statement)
            or are_windows(p.statement, canonical.statement)
        )
        diff = () if verbatim else _diff(canonical, p)
        attributions.append(_attribution(story, entities, p, verbatim, True, diff))
    for p in sorted(indirect, key=lambda p: (order[p.article], p.mention.start)):
        attributions.append(_attribution(story, entities, p, False, False, ()))
    votes: Counter[str] = Counter()
    for a in attributions:
        if a.speaker:
            votes[a.speaker] += 1
    speaker = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if votes else None
    if speaker:
        speaker_name: str | None = _fullest_name(
            entities[speaker].name,
            [a.speaker_name for a in attributions if a.speaker == speaker and a.speaker_name],
        )
    else:
        names = Counter(
            a.speaker_name
            for a in attributions
            if a.speaker_name and fold(a.speaker_name) not in _PRONOUNS
        )
        speaker_name = (
            sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if names else None
        )
    quote = Quote(
        id=stable_id("q", " ".join(canonical_words)),
        text=text,
        speaker=speaker,
        speaker_name=speaker_name,
        attributions=tuple(attributions),
    )
    conflict = None
    by_speaker: dict[str, list[Attribution]] = defaultdict(list)
    for a in attributions:
        if a.speaker and a.direct:
            by_speaker[a.speaker].append(a)
    if len(by_speaker) > 1:
        conflict = SpeakerConflict(quote=quote, speakers=dict(by_speaker))
    return quote, conflict


def _fullest_name(name: str, printed: list[str]) -> str:
    """Return the fullest printed form of the speaker entity's ``name``.

    An entity whose name is a fragment of the name the outlets print ("Leyen" for "Ursula von
    der Leyen") is named by the longest printed form that holds all its words in order and
    adds at most two names and any particles, with no title ("Commission President …").
    """
    wanted = clean_words(name)
    best, best_size = name, len(wanted)
    for form in sorted(set(printed)):
        words = clean_words(form)
        if len(words) <= best_size or not _holds_run(words, wanted):
            continue
        plain = [w for w in form.split() if w]
        if not plain[0][:1].isupper() or any(fold(w).strip(".,") in TITLES for w in plain):
            continue
        added = [w for w in words if w not in wanted and w not in PARTICLES]
        if len(added) > 2 or not all(w[:1].isupper() or fold(w) in PARTICLES for w in plain):
            continue
        best, best_size = form, len(words)
    return best


def _holds_run(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return bool(part) and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _attribution(
    story: StoryArticles,
    entities: dict,
    p: _Printed,
    verbatim: bool,
    direct: bool,
    diff: tuple[WordChange, ...],
) -> Attribution:
    passage = story.passage(p.article, p.mention.start, p.mention.end)
    speaker_name = p.mention.speaker_name
    if p.speaker and (not speaker_name or fold(speaker_name) in _PRONOUNS):
        speaker_name = entities[p.speaker].name
    return Attribution(
        article=p.article,
        text=passage.text,
        start=passage.start,
        end=passage.end,
        verbatim=verbatim,
        direct=direct,
        speaker=p.speaker,
        speaker_name=speaker_name,
        diff=diff,
    )


def _diff(canonical: _Printed, printed: _Printed) -> tuple[WordChange, ...]:
    """Return the word changes that turn the ledger's text into this printed version."""
    matcher = SequenceMatcher(None, canonical.words, printed.words, autojunk=False)
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    changes = []
    for tag, i1, i2, j1, j2 in ops:
        changes.append(
            WordChange(
                op=tag,  # type: ignore[arg-type]
                ledger=" ".join(canonical.display[i1:i2]),
                printed=" ".join(printed.display[j1:j2]),
            )
        )
    return tuple(changes)
