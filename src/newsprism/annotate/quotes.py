"""Quotes and their speakers: direct quotes from quote marks, paraphrases from the parse.

A quoted passage (``quote_marks.find_quoted``) is attributed, in this order, by:

1. the words right after it ("…,” Okafor said", "…,” said the minister", "…” ― Jane Doe");
2. the words before it that introduce it ("Okafor told Reuters: “…”", "According to X, “…”");
3. the verb it hangs from when it sits inside the reporter's sentence (a partial quote:
   "Okafor called the plan “a disaster”");
4. the speaker of the quote just before it, when it carries on that quote ("“…,” he said.
   “…”") or follows an introduction ending with a colon in the paragraph before.

A pronoun speaker is resolved to the person it most likely refers to, a document ("the
letter stated") to its author where the article says who wrote it. Sentences with a speech
verb and a clause but no quote marks ("He said the party was …") give paraphrases
(``direct=False``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsprism.annotate.lexicon import (
    DOCUMENT_NOUNS,
    SPEECH_VERBS,
)
from newsprism.annotate.quote_marks import ALL_MARKS, QuotedPassage, find_quoted
from newsprism.annotate.quote_shapes import carries_on, looks_like_title, scare_quoted
from newsprism.annotate.records import EntityMention, QuoteMention
from newsprism.annotate.speakers import SUBJECTS, SpeakerResolver

_SENTENCE_END = frozenset({".", "!", "?"})
_DOUBLE_MARK_TOKENS = frozenset({"“", "”", '"', "«", "»", "„", "''", "``"})
_CUE_OBJECTS = frozenset({"dobj", "dative", "iobj"})
_TELL_VERBS = frozenset({"tell", "ask", "remind", "warn", "assure", "inform", "urge"})
_NOUN_PARTS = frozenset({"pobj", "det", "compound", "amod", "poss", "case", "nummod"})
_ADJUNCTS = frozenset({"advmod", "npadvmod", "prt", "prep", "punct", "tmod"})
# Verbs that speak only right beside a quote ("“…,” she began"); a partial quote deep in
# their clause ("the case began when X charged him with “false statements”") is not theirs.
_SEQUENCE_VERBS = frozenset({"begin", "continue"})
_LEAD_IN = frozenset({"CCONJ", "ADV", "INTJ", "PUNCT", "SPACE", "X", "SYM"})
_DASH_AFTER = re.compile(r"[^\S\n]*[―—–]+[^\S\n]*|[^\S\n]+--?[^\S\n]+")
_CUE_SETTINGS = DOCUMENT_NOUNS | frozenset(
    {
        "interview",
        "statement",
        "speech",
        "conference",
        "briefing",
        "call",
        "hearing",
        "rally",
        "tweet",
        "twitter",
        "facebook",
        "podcast",
        "show",
        "program",
        "programme",
        "appearance",
        "debate",
        "address",
        "remarks",
        "meeting",
        "broadcast",
        "op-ed",
    }
)


@dataclass(frozen=True)
class _Attribution:
    speaker: int | None  # token index of the speaker's head word
    cue_start: int | None
    cue_end: int | None


class QuoteFinder(SpeakerResolver):
    # A plain class: it holds the token and entity lookups for one parsed article while its
    # passages are attributed one after another.
    """Finds the quotes and paraphrases of one parsed article."""

    # -- the stage ----------------------------------------------------------------------
    def find(self) -> list[QuoteMention]:
        """Return the article's quotes and paraphrases, sorted by position."""
        if len(self.doc) == 0:
            return []
        quotes: list[QuoteMention] = []
        previous: QuoteMention | None = None
        previous_passage: QuotedPassage | None = None
        passages = find_quoted(self.text)
        for n, passage in enumerate(passages):
            following = passages[n + 1] if n + 1 < len(passages) else None
            quote = self._attribute(passage, previous, previous_passage, following)
            if quote is not None:
                quotes.append(quote)
                if quote.speaker_name is not None and not quote.partial:
                    previous, previous_passage = quote, passage
        quotes.extend(self._paraphrases(passages))
        quotes.sort(key=lambda q: (q.start, q.end))
        return quotes

    def _attribute(
        self,
        passage: QuotedPassage,
        previous: QuoteMention | None,
        previous_passage: QuotedPassage | None,
        following: QuotedPassage | None = None,
    ) -> QuoteMention | None:
        text = self.text
        if looks_like_title(passage.content(text)):
            return None
        orphan = passage.open < 0 or text[passage.open] not in ALL_MARKS
        open_tok = self.token_at(passage.open) if passage.open >= 0 else 0
        para_start = text.rfind("\n", 0, max(passage.open, 0)) + 1
        left = [] if orphan else self._left_frame(passage, open_tok, para_start)
        attribution = None
        partial = False
        if left and self.doc[left[-1]].text in (":", ",", "—", "–"):
            attribution = self._left_attribution(left)
            if attribution is None and self.doc[left[-1]].text == ":":
                attribution = self._colon_subject(left)
        elif left and not all(self.doc[i].pos_ in _LEAD_IN for i in left):
            attribution = self._left_attribution(left)
            if attribution is None:
                partial = True
                attribution = self._governing_attribution(passage)
        if attribution is None and not partial and passage.close is not None:
            attribution = self._right_attribution(passage)
        if orphan and attribution is None:
            return None
        if attribution is None and not left and not partial:
            attribution = self._colon_introduction(para_start)
        if attribution is None and not partial and previous is not None and previous_passage:
            gap = text[previous_passage.end : max(passage.open, 0)]
            if carries_on(gap):
                return self._quote(passage, partial, None, previous)
        if attribution is None and not partial and not left and not orphan:
            attribution = self._next_quote_attribution(passage, following)
        if attribution is None and not partial and not left and not orphan:
            attribution = self._neighbour_attribution(passage, para_start)
        if attribution is None:
            return None  # a title or scare quotes, or a quote the article does not attribute
        if partial and scare_quoted(passage.content(text)):
            return None
        return self._quote(passage, partial, attribution, None)

    def _quote(
        self,
        passage: QuotedPassage,
        partial: bool,
        attribution: _Attribution | None,
        inherit: QuoteMention | None,
    ) -> QuoteMention:
        content = passage.content(self.text).rstrip(",").rstrip()
        start, end = passage.start, passage.end
        if self.text[start:end].endswith(","):
            end -= 1
        speaker_name = speaker = speaker_start = speaker_end = cue = None
        if inherit is not None:
            speaker_name, speaker = inherit.speaker_name, inherit.speaker
            speaker_start, speaker_end, cue = inherit.speaker_start, inherit.speaker_end, None
        elif attribution is not None:
            if attribution.speaker is not None:
                speaker_start, speaker_end, speaker, speaker_name = self._speaker(
                    attribution.speaker
                )
            if attribution.cue_start is not None and attribution.cue_end is not None:
                first = self.doc[attribution.cue_start]
                last = self.doc[attribution.cue_end - 1]
                cue = self.text[first.idx : last.idx + len(last.text)]
        if speaker_name is not None and speaker_start is not None:
            self.speakers.append((speaker_start, speaker, speaker_name))
        return QuoteMention(
            text=content,
            start=start,
            end=end,
            direct=True,
            speaker_name=speaker_name,
            speaker=speaker,
            speaker_start=speaker_start,
            speaker_end=speaker_end,
            cue=cue,
            partial=partial,
        )

    # -- frames -------------------------------------------------------------------------
    def _left_frame(self, passage: QuotedPassage, open_tok: int, para_start: int) -> list[int]:
        """Return the token indexes between the sentence's start and the opening mark."""
        if passage.open < para_start:
            return []
        doc = self.doc
        tokens: list[int] = []
        i = open_tok - 1
        while i >= 0 and doc[i].idx >= para_start:
            word = doc[i].text
            if word in _SENTENCE_END or word in _DOUBLE_MARK_TOKENS:
                break
            if "\n" in doc[i].whitespace_ or "\n" in word:
                break
            if not doc[i].is_space:
                tokens.append(i)
            i -= 1
        tokens.reverse()
        # Bullets, dashes and a lone "and" before a quote do not make it partial.
        while tokens and (doc[tokens[0]].is_punct or doc[tokens[0]].is_space):
            tokens.pop(0)
        return tokens

    def _right_frame(self, close: int) -> list[int]:
        """Return up to 30 token indexes after the closing mark, to the end of the sentence."""
        doc = self.doc
        text = self.text
        tokens: list[int] = []
        i = self.token_at(close)
        if doc[i].idx + len(doc[i].text) <= close:
            i += 1
        # Skip the closing mark's own token(s).
        while i < len(doc) and doc[i].idx <= close:
            i += 1
        while i < len(doc) and len(tokens) < 30:
            word = doc[i].text
            if "\n" in text[doc[i - 1].idx : doc[i].idx] if i > 0 else False:
                break
            if word in _SENTENCE_END or (len(word) == 1 and word in '“„«"'):
                break
            if doc[i].is_space:
                if "\n" in word:
                    break
                i += 1
                continue
            tokens.append(i)
            i += 1
        return tokens

    # -- attribution rules --------------------------------------------------------------
    def _right_attribution(self, passage: QuotedPassage) -> _Attribution | None:
        """Attribution in the words right after a quote ("…,” she said on Monday).

        A speech verb in the rest of the sentence counts when it comes first ("said Okafor"),
        when its subject comes first ("Okafor, the mayor, said"), or when the quote is part of
        what the verb governs.
        """
        assert passage.close is not None
        after = _DASH_AFTER.match(self.text, passage.close + 1)
        if after is not None:
            # An embedded post: "…” ― Jane Doe (@janedoe) May 3, 2024
            head = self.token_at(after.end())
            token = self.doc[head]
            if token.idx >= after.end() and (token.pos_ == "PROPN" or token.text[:1].isupper()):
                dash = self.token_at(after.end() - 1)
                return _Attribution(int(self._phrase_head(token).i), dash, dash + 1)
            return None
        frame = self._right_frame(passage.close)
        doc = self.doc
        while frame and doc[frame[0]].text in {",", ":"}:
            frame.pop(0)
        if not frame:
            return None
        first = doc[frame[0]]
        if first.lower_ == "according" and len(frame) > 2 and doc[frame[1]].lower_ == "to":
            return self._according(frame[0])
        quote_token = self.token_at(passage.start)
        for i in frame:
            token = doc[i]
            if not self._is_cue(token):
                continue
            speaker = self._subject(token, frame if i == frame[0] else None)
            if speaker is not None and not frame[0] <= speaker <= frame[-1]:
                # The parser may hang a subject of the quote's own words on the verb too.
                inside = [c.i for c in token.children if c.dep_ in SUBJECTS and c.i in frame]
                speaker = int(inside[0]) if inside else None
            if speaker is None:
                continue
            edge = doc[speaker].left_edge.i
            governs = token.left_edge.i <= quote_token and quote_token in {
                t.i for t in token.subtree
            }
            if i == frame[0] or edge <= frame[0] or governs:
                return self._with_cue(token, speaker)
        return None

    def _left_attribution(self, frame: list[int]) -> _Attribution | None:
        """Attribution in words that introduce a quote ("Okafor told Reuters: “…”).

        Without a colon or comma before the quote, the speech verb must end the words before
        it, but for a time, a manner or the person told ("said Monday", "told reporters").
        """
        doc = self.doc
        last = doc[frame[-1]]
        introduced = last.text in {":", ",", "—", "–", "-"}
        for i in reversed(frame):
            token = doc[i]
            according = token.lower_ == "according" and i + 1 < len(doc)
            if according and introduced and doc[i + 1].lower_ == "to":
                return self._according(i)
            if not self._is_cue(token):
                continue
            if i < frame[-1] and doc[i + 1].lower_ in {"that", "if", "whether", "how", "what"}:
                return None
            if not introduced and not self._only_adjuncts(token, frame[frame.index(i) + 1 :]):
                return None
            speaker = self._subject(token, frame)
            if speaker is not None:
                return self._with_cue(token, speaker)
        return None

    def _only_adjuncts(self, verb: Any, after: list[int]) -> bool:
        """Return True when the words ``after`` the verb only say when, how or to whom."""
        tells = verb.lemma_.lower() in _TELL_VERBS
        for i in after:
            token = self.doc[i]
            if token.dep_ in _ADJUNCTS or (tells and token.dep_ in ("dobj", "dative")):
                continue
            attached = token.head.dep_ in _ADJUNCTS or (tells and token.head.dep_ == "dobj")
            if attached and token.dep_ in _NOUN_PARTS:
                continue
            return False
        return True

    def _governing_attribution(self, passage: QuotedPassage) -> _Attribution | None:
        """Attribution of a partial quote: the speech verb its words hang from."""
        doc = self.doc
        token = doc[self.token_at(passage.start)]
        para_start = self.text.rfind("\n", 0, passage.start) + 1
        para_end = self.text.find("\n", passage.end)
        para_end = len(self.text) if para_end < 0 else para_end
        for _ in range(8):
            if not para_start <= token.idx < para_end:
                break  # the parse ran over a line break: another line's verb says nothing
            if self._is_cue(token) and token.lemma_.lower() not in _SEQUENCE_VERBS:
                subject = self._subject(token, None)
                if subject is not None and para_start <= doc[subject].idx < para_end:
                    return self._with_cue(token, subject)
            if token.head.i == token.i:
                break
            token = token.head
        return None

    def _colon_introduction(self, para_start: int) -> _Attribution | None:
        """Attribution from a paragraph before that ends with a colon ("Okafor added:")."""
        text = self.text
        end = para_start - 1
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end <= 0 or text[end - 1] != ":":
            return None
        colon = self.token_at(end - 1)
        frame: list[int] = []
        i = colon - 1
        while i >= 0 and self.doc[i].text not in _SENTENCE_END and len(frame) < 30:
            if "\n" in self.doc[i].whitespace_:
                break
            frame.append(i)
            i -= 1
        frame.reverse()
        if not frame:
            return None
        return self._left_attribution([*frame, colon]) or self._colon_subject([*frame, colon])

    def _next_quote_attribution(
        self, passage: QuotedPassage, following: QuotedPassage | None
    ) -> _Attribution | None:
        """Attribution of a quote from the quote that follows it with no narration between.

        "“…, “Maybe it is us?” he wrote." and a quote paragraph followed by another quote
        paragraph that ends "…,” she said." are one speaker's words.
        """
        if following is None or following.close is None:
            return None
        end = passage.close + 1 if passage.close is not None else passage.end
        gap = self.text[end : following.open]
        if gap.count("\n") > 2 or gap.strip(" \n\t,;:—–-") != "":
            return None
        found = self._right_attribution(following)
        if found is None or found.speaker is None:
            return None
        return found

    def _neighbour_attribution(
        self, passage: QuotedPassage, para_start: int
    ) -> _Attribution | None:
        """Attribution of a quote standing alone, from the sentence after it or before it.

        "“…” On Monday, Okafor added that the plan was dead." names the speaker in the next
        sentence of the paragraph (the next paragraph is as often someone else's reaction);
        a quote that opens its paragraph after "She also stressed the cost of delay." takes
        the speaker of the paragraph before. Only a speech verb whose subject is a named
        person or body, or "he"/"she".
        """
        doc = self.doc
        after = passage.close + 1 if passage.close is not None else passage.end
        following = self.token_at(after)
        while following < len(doc) and (doc[following].idx < after or doc[following].is_space):
            following += 1
        if (
            following < len(doc)
            and "\n" not in self.text[after : doc[following].idx]
            and doc[following].is_sent_start
        ):
            found = self._speaking_person(doc[following].sent)
            if found is not None:
                return found
        end = para_start
        while end > 0 and self.text[end - 1].isspace():
            end -= 1
        if passage.open != para_start or end == 0:
            return None
        line_start = self.text.rfind("\n", 0, end) + 1
        sentence = doc[self.token_at(end - 1)].sent
        while sentence.start_char >= line_start:
            found = self._speaking_person(sentence)
            if found is not None:
                return found
            if sentence.start == 0:
                break
            sentence = doc[sentence.start - 1].sent
        return None

    def _speaking_person(self, sentence: Any) -> _Attribution | None:
        """Return the attribution of a sentence whose main verb is a named speaker's speech verb."""
        root = sentence.root
        if not self._is_cue(root):
            return None
        for child in root.children:
            if child.dep_ not in SUBJECTS:
                continue
            if child.pos_ == "PRON" and child.lower_ in ("he", "she"):
                return _Attribution(int(child.i), None, None)
            head = self._phrase_head(child)
            entity = self.entity_at(head.idx, head.idx + len(head.text))
            if entity is not None and self.entities[entity].type != "place":
                return _Attribution(int(head.i), None, None)
        return None

    def _colon_subject(self, frame: list[int]) -> _Attribution | None:
        """Attribution of a quote after a colon without a speech verb: the clause's subject."""
        doc = self.doc
        for i in frame:
            token = doc[i]
            in_clause = token.head.i in frame and token.head.dep_ == "ROOT"
            if token.dep_ in SUBJECTS and in_clause and token.pos_ in ("PROPN", "NOUN", "PRON"):
                return _Attribution(i, None, None)
        return None

    # -- parse helpers ------------------------------------------------------------------
    def _is_cue(self, token: Any) -> bool:
        return token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX")

    def _subject(self, verb: Any, frame: list[int] | None) -> int | None:
        """Return the token index of the verb's subject (or inverted subject), or None."""
        allowed = set(frame) if frame is not None else None
        for child in verb.children:
            if child.dep_ in SUBJECTS and (allowed is None or child.i in allowed):
                return int(child.i)
        if (
            verb.dep_ == "acl"
            and verb.head.pos_ in ("PROPN", "NOUN")
            and (allowed is None or verb.head.i in allowed)
        ):
            return int(verb.head.i)  # "footage of Hillary Clinton asking, “…”"
        # A subject shared with a coordinated or governing verb ("…, he said and added").
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            for child in verb.head.children:
                if child.dep_ in SUBJECTS and (allowed is None or child.i in allowed):
                    return int(child.i)
        if frame is None:
            return None
        # Inverted order the parser missed: "said Mr. Okafor", "says the report".
        for i in frame:
            if i <= verb.i:
                continue
            token = self.doc[i]
            if token.pos_ in ("PROPN", "PRON") or (
                token.pos_ == "NOUN" and token.dep_ != "npadvmod"
            ):
                if token.pos_ == "NOUN" and token.lower_ in {"monday", "tuesday"}:
                    continue
                return int(self._phrase_head(token).i)
            if token.pos_ in ("ADP", "VERB") and token.lower_ not in {"in", "on"}:
                break
        return None

    def _according(self, i: int) -> _Attribution | None:
        doc = self.doc
        to = doc[i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if objects:
            return _Attribution(int(objects[0].i), i, i + 2)
        if i + 2 < len(doc):
            return _Attribution(int(self._phrase_head(doc[i + 2]).i), i, i + 2)
        return None

    def _with_cue(self, verb: Any, speaker: int) -> _Attribution:
        """Return the attribution with its cue: the verb, with "told Reuters" or "in a letter".

        The cue grows over the words right after the verb while they are a particle, the
        person or outlet told, or "in/on/at" a setting ("in a statement", "on Twitter").
        """
        end = verb.i + 1
        for child in verb.rights:
            if child.left_edge.i > end or child.i == speaker:
                break
            if child.dep_ == "prt" or (child.dep_ in _CUE_OBJECTS and child.lemma_ != "that"):
                end = child.right_edge.i + 1
                continue
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "at", "via"):
                nouns = [c for c in child.children if c.dep_ == "pobj"]
                if nouns and nouns[0].lemma_.lower() in _CUE_SETTINGS:
                    end = nouns[0].i + 1
                    continue
            break
        return _Attribution(speaker, int(verb.i), end)

    # -- paraphrases --------------------------------------------------------------------
    def _paraphrases(self, passages: list[QuotedPassage]) -> list[QuoteMention]:
        """Return attributed paraphrases: a speech verb with a clause and no quote marks."""
        quoted = [(p.open, p.close if p.close is not None else p.end) for p in passages]
        results = []
        for sentence in self.doc.sents:
            s_start = sentence.start_char
            s_end = sentence.end_char
            if any(a < s_end and b >= s_start for a, b in quoted):
                continue
            for token in sentence:
                if (
                    token.lower_ == "according"
                    and token.i + 1 < len(self.doc)
                    and (self.doc[token.i + 1].lower_ == "to")
                ):
                    found = self._according_paraphrase(sentence, token)
                    if found is not None:
                        results.append(found)
                    break
                if not self._is_cue(token):
                    continue
                clause = [c for c in token.children if c.dep_ == "ccomp"]
                subject = self._subject(token, None)
                if not clause or subject is None or len(list(clause[0].subtree)) < 3:
                    continue
                body = list(clause[0].subtree)
                while body and (body[0].dep_ == "mark" or body[0].is_punct):
                    body.pop(0)
                while body and body[-1].is_punct:
                    body.pop()
                if len(body) < 3 or (body[0].i < token.i < body[-1].i):
                    continue
                results.append(self._paraphrase(body, subject, token))
                break
        return results

    def _according_paraphrase(self, sentence: Any, according: Any) -> QuoteMention | None:
        attribution = self._according(according.i)
        if attribution is None or attribution.speaker is None:
            return None
        phrase_end = self.doc[attribution.speaker].right_edge.i + 1
        body = [t for t in sentence if not (according.i <= t.i < phrase_end)]
        while body and body[0].is_punct:
            body.pop(0)
        while body and body[-1].is_punct:
            body.pop()
        if len(body) < 3:
            return None
        return self._paraphrase(body, attribution.speaker, None, cue="according to")

    def _paraphrase(
        self, body: list[Any], subject: int, verb: Any | None, cue: str | None = None
    ) -> QuoteMention:
        start = body[0].idx
        end = body[-1].idx + len(body[-1].text)
        speaker_start, speaker_end, speaker, speaker_name = self._speaker(subject)
        return QuoteMention(
            text=self.text[start:end],
            start=start,
            end=end,
            direct=False,
            speaker_name=speaker_name,
            speaker=speaker,
            speaker_start=speaker_start,
            speaker_end=speaker_end,
            cue=cue if verb is None else verb.text,
            partial=False,
        )


def extract_quotes(doc: Any, entities: list[EntityMention]) -> list[QuoteMention]:
    """Return the quotes and paraphrases of one parsed article, sorted by position.

    ``entities`` are the article's entity mentions (``extract_entities``); a speaker that is
    one of them carries its index in ``QuoteMention.speaker``.
    """
    return QuoteFinder(doc, entities).find()
