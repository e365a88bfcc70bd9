"""Reprint evidence kept in the store: each article's three signatures and LSH band keys.

The batch detector (``newsprism.dedup``) computes every article's ``Evidence`` and buckets it
by LSH band keys in memory. Stored, the same evidence serves twice: the full recomputation
reads it back instead of hashing every text again, and a new article's reprint check on the
incremental path (``newsprism.incremental.reprints``) looks up only the articles that share
one of its band keys. The keys are those ``FamilyIndex`` buckets by: the bands of the whole
text and of the narration in one key space, and the anchor bands (only for a text with at
least ``anchor_runs`` runs) in another, told apart by a salt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

from newsprism.dedup import ReprintDetector
from newsprism.dedup_evidence import Evidence
from newsprism.dedup_rules import DedupOptions
from newsprism.errors import InputError
from newsprism.minhash import Signature, band_keys
from newsprism.model import Article
from newsprism.store import StoredSignature

_ANCHOR_SALT = 0x5BD1E9955BD1E995  # anchor-band keys live apart from text-band keys
_SIGNATURES_MARK = ("signatures", "stored")
"""The term_stats row (kind, term) marking a store whose articles all have stored signatures."""


@runtime_checkable
class SignatureCache(Protocol):
    """Where signatures are read and kept: a ``SignatureStore``, or a proxy that keeps its
    writes aside (the server's staged refresh)."""

    def load_signatures(self, article_ids: Iterable[str]) -> dict[str, StoredSignature]:
        """The stored signatures of these articles, by id."""
        ...

    def save_signatures(self, signatures: Sequence[StoredSignature]) -> None:
        """Store (or replace) these signatures."""
        ...


def params_key(options: DedupOptions) -> str:
    """The options a stored signature and its keys depend on, as one string."""
    o = options
    shape = f"p{o.num_perm} s{o.shingle_size} seed{o.seed}"
    return f"minhash/1 {shape} b{o.bands}x{o.rows} a{o.anchor_runs}"


def pack(evidence: Evidence) -> bytes:
    """The three signatures as bytes (``unpack`` reads them back)."""
    parts = [sig.to_bytes() for sig in (evidence.text, evidence.narration, evidence.anchors)]
    return b"".join(len(part).to_bytes(4, "little") + part for part in parts)


def unpack(data: bytes, *, source: str = "signature") -> Evidence:
    """The Evidence packed by ``pack``; raises MalformedInputError on other bytes."""
    sigs: list[Signature] = []
    at = 0
    for _ in range(3):
        size = int.from_bytes(data[at : at + 4], "little")
        sigs.append(Signature.from_bytes(data[at + 4 : at + 4 + size], source=source))
        at += 4 + size
    return Evidence(sigs[0], sigs[1], sigs[2])


def evidence_keys(evidence: Evidence, options: DedupOptions) -> tuple[int, ...]:
    """The LSH band keys the batch detector buckets this evidence by, as signed 64-bit
    integers (what SQL integer columns hold), without repeats."""
    keys = band_keys(evidence.text.registers, options.bands, options.rows)
    keys += band_keys(evidence.narration.registers, options.bands, options.rows)
    if evidence.anchors.shingles >= options.anchor_runs:
        keys += [
            k ^ _ANCHOR_SALT
            for k in band_keys(evidence.anchors.registers, options.bands, options.rows)
        ]
    return tuple(_signed(k) for k in dict.fromkeys(keys))


def stored_signature(article_id: str, evidence: Evidence, options: DedupOptions) -> StoredSignature:
    """The store's record of an article's evidence and band keys."""
    return StoredSignature(
        article_id, params_key(options), pack(evidence), evidence_keys(evidence, options)
    )


def load_evidence(
    store: SignatureCache, article_ids: Iterable[str], options: DedupOptions
) -> dict[str, Evidence]:
    """The stored evidence of these articles that was made with ``options``, by id."""
    params = params_key(options)
    found: dict[str, Evidence] = {}
    for article_id, row in store.load_signatures(article_ids).items():
        if row.params == params:
            found[article_id] = unpack(row.evidence, source=f"signature of {article_id}")
    return found


def evidence_for(
    store: SignatureCache,
    articles: Sequence[Article],
    options: DedupOptions,
    *,
    save: bool = True,
) -> list[Evidence | None]:
    """Each article's evidence, in order: read from the store where it was stored with these
    options, else computed (and, with ``save``, stored). None for a text with no words (the
    detector then skips it, as it does in batch)."""
    stored = load_evidence(store, (a.id for a in articles), options)
    detector = ReprintDetector(options)
    out: list[Evidence | None] = []
    fresh: list[StoredSignature] = []
    for article in articles:
        evidence = stored.get(article.id)
        if evidence is None:
            try:
                evidence = detector.evidence(article)
            except InputError:
                out.append(None)
                continue
            fresh.append(stored_signature(article.id, evidence, options))
        out.append(evidence)
    if save and fresh:
        store.save_signatures(fresh)
    return out


def save_evidence(
    store: SignatureCache, evidence: Mapping[str, Evidence], options: DedupOptions
) -> None:
    """Store evidence computed earlier with ``options`` (a batch's signature stage) as the
    articles' signatures, so that the story update reads it instead of computing it again."""
    store.save_signatures(
        [stored_signature(article_id, e, options) for article_id, e in sorted(evidence.items())]
    )


def mark_all_stored(store: object) -> None:
    """Record that every stored article's signatures are stored (see ``all_stored``)."""
    from newsprism.store import IncrementalStore

    if isinstance(store, IncrementalStore) and not all_stored(store):
        store.count_terms(_SIGNATURES_MARK[0], [_SIGNATURES_MARK[1]])


def all_stored(store: object) -> bool:
    """Whether a full recomputation (or a one-time backfill) stored every article's
    signatures, so that band-key look-ups see all stored articles."""
    from newsprism.store import IncrementalStore

    if not isinstance(store, IncrementalStore):
        return False
    kind, term = _SIGNATURES_MARK
    return bool(store.term_frequencies(kind, [term]))


def _signed(key: int) -> int:
    """The unsigned 64-bit key as the signed integer with the same bits."""
    return key - (1 << 64) if key >= 1 << 63 else key
