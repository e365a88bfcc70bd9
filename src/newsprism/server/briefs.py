"""Where the server gets a story's brief (the JSON contract's dict), and the cache in front.

``library_brief`` is the one place that calls the library's brief builder. Built briefs are
kept per story with the fingerprint of what they were built from (membership, annotations,
reprint links; see the store's ``StoryCatalog.story_fingerprint``): a GET whose story has not
changed costs two small queries and no build. Concurrent requests for the same missing brief
share one build.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsprism.annotate.records import AnnotateOptions
from newsprism.errors import NotFoundError
from newsprism.server.errors import ServerError
from newsprism.server.threads import StoreThreads
from newsprism.store import FingerprintReader, Store, StoryFingerprint, open_fingerprint_reader

BriefBuilder = Callable[[Store, str], dict[str, Any]]
"""Given a store and a full story id, the story's brief as the JSON contract's dict."""


def library_brief(
    store: Store, story_id: str, annotate: AnnotateOptions | None = None
) -> dict[str, Any]:
    """The story's brief as the contract's dict, built by the library's public API.

    Articles of the story without current annotations are annotated first (with ``annotate``)
    and the annotations saved, as ``newsprism brief`` does.
    """
    try:
        from newsprism.brief import brief_to_dict
        from newsprism.stories import story_brief
    except ImportError as exc:
        raise ServerError(
            503,
            "this newsprism cannot build briefs (newsprism.stories.story_brief is missing); "
            "reinstall newsprism",
            code="brief_unavailable",
        ) from exc
    data: dict[str, Any] = brief_to_dict(story_brief(store, story_id, annotate=annotate))
    return data


def library_builder(annotate: AnnotateOptions) -> BriefBuilder:
    """The library's brief builder, annotating with these options where it must."""
    return functools.partial(library_brief, annotate=annotate)


def brief_json(data: dict[str, Any]) -> bytes:
    """The brief as deterministic JSON bytes (sorted keys, UTF-8 kept)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class CachedBrief:
    """A built brief, as JSON bytes, with the fingerprint it was built for.

    Only the bytes are kept (a fraction of the memory of the dict); pages parse them again.
    """

    story_id: str
    fingerprint: str
    body: bytes

    @property
    def data(self) -> dict[str, Any]:
        """The brief as the contract's dict (parsed anew on each access)."""
        value: dict[str, Any] = json.loads(self.body)
        return value


class BriefCache:
    """Built briefs by story id, least recently used dropped first.

    A plain class: it holds the cache and its counters. Used from the event loop only, so it
    needs no lock; the builds themselves run on reader threads.
    """

    def __init__(
        self,
        readers: StoreThreads[Store],
        builder: BriefBuilder,
        *,
        max_entries: int = 512,
        db_path: str | None = None,
    ) -> None:
        self._readers = readers
        self._db_path = db_path
        self._loop_catalog: FingerprintReader | None = None
        self._builder = builder
        self.max_entries = max_entries
        self._entries: OrderedDict[str, CachedBrief] = OrderedDict()
        self._building: dict[tuple[str, str], asyncio.Future[CachedBrief]] = {}
        self.hits = 0
        self.misses = 0

    def fresh(self, story_ref: str) -> CachedBrief | None:
        """The cached brief if it is still current, else None (unknown, stale or busy).

        Runs on the event loop without awaiting: the fast path for repeated GETs.
        """
        try:
            found = self._fingerprint_on_loop(story_ref)
        except NotFoundError:
            return None
        if found is None:
            return None
        entry = self._entries.get(found.story_id)
        if entry is None or entry.fingerprint != found.digest:
            return None
        self._entries.move_to_end(entry.story_id)
        self.hits += 1
        return entry

    async def get(self, story_ref: str) -> CachedBrief:
        """The brief of the story with this id (or unique prefix); raises NotFoundError."""
        found = self._fingerprint_on_loop(story_ref)
        if found is None:
            found = await self._readers.run(lambda store: store.story_fingerprint(story_ref))
        story_id, fingerprint = found.story_id, found.digest
        entry = self._entries.get(story_id)
        if entry is not None and entry.fingerprint == fingerprint:
            self._entries.move_to_end(story_id)
            self.hits += 1
            return entry
        key = (story_id, fingerprint)
        pending = self._building.get(key)
        if pending is not None:
            self.hits += 1
            return await asyncio.shield(pending)
        self.misses += 1
        future: asyncio.Future[CachedBrief] = asyncio.get_running_loop().create_future()
        self._building[key] = future
        try:
            data = await self._readers.run(lambda store: self._builder(store, story_id))
            entry = CachedBrief(story_id, fingerprint, brief_json(data))
            self._remember(entry)
            future.set_result(entry)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # the waiters (if any) get it; don't warn when there are none
            raise
        finally:
            del self._building[key]
        return entry

    def _fingerprint_on_loop(self, story_ref: str) -> StoryFingerprint | None:
        """The story's fingerprint read right here on the event loop, or None if busy.

        Two indexed lookups take a fraction of a millisecond, less than handing them to a
        reader thread and back; in WAL mode a reader does not wait for the writer, and the
        short busy timeout bounds the rare wait (a checkpoint) before falling back to a thread.
        """
        if self._db_path is None:
            return None
        if self._loop_catalog is None:
            self._loop_catalog = open_fingerprint_reader(self._db_path, busy_ms=20)
        return self._loop_catalog.fingerprint(story_ref)

    def close(self) -> None:
        """Close the event loop's connection (call from the event loop's thread)."""
        if self._loop_catalog is not None:
            self._loop_catalog.close()
            self._loop_catalog = None

    def _remember(self, entry: CachedBrief) -> None:
        self._entries[entry.story_id] = entry
        self._entries.move_to_end(entry.story_id)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def stats(self) -> dict[str, int]:
        """Hits, misses and entries held."""
        return {"hits": self.hits, "misses": self.misses, "entries": len(self._entries)}
