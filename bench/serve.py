"""Load benchmark of the server: brief GETs under 50 connections while the API ingests.

Builds (once, cached under build/bench-serve/) a store of 20,000 generated articles in 2,000
stories of ten (each told by ten outlets in their own words, one of them a reprint), annotated
and grouped by the library itself (``update_stories``, about 10 minutes on 2 cores). Then it
starts the app as ``newsprism serve`` ships it (library briefs, story refresh after ingests)
under uvicorn in a child process on 127.0.0.1, builds every story's brief once (the warm-up),
and for 60 s keeps 50 keep-alive connections busy with ``GET /api/stories/{id}`` over every
story while one more connection POSTs new articles to ``/api/articles``. Afterwards it waits
for the story refresh those ingests started, to report what it cost. Reports latency
percentiles, errors, requests per second, articles ingested and the refresh's duration, and
writes bench/results/serve.json.

    .venv/bin/python bench/serve.py                        # the full run
    .venv/bin/python bench/serve.py --seconds 10 --articles 2000   # a quick look
    .venv/bin/python bench/serve.py --no-refresh           # without refreshes, to compare
    .venv/bin/python bench/serve.py --db postgresql://user@host/db --workers 2

With ``--db URL`` (a PostgreSQL server, e.g. the one ``scripts/postgres.sh start`` prints) the
same store is copied into a fresh database ``bench_serve_run`` on that server and served from
there, by ``--workers`` uvicorn worker processes (``newsprism serve --workers N``); each worker
has its own brief cache, so the warm-up fetches every story until a pass finds them all
cached. Results then go to bench/results/serve_postgres.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "serve.json"
PG_RESULTS = ROOT / "bench" / "results" / "serve_postgres.json"
WORK = ROOT / "build" / "bench-serve"
HOST = "127.0.0.1"

SYLLABLES = (
    "al bar cas dor el fen gar hol is ken lor mar nor os pel quin ros sal tor ul ven wil "
    "yar zan bri cal dun eth fal gor hin jas kel lun mer"
).split()
SUFFIXES = ("ton", "ford", "by", "field", "mouth", "wick", "stead", "bridge", "ham", "dale")
FIRST = (
    "Amara Tomasz Beatrice Ruth Owen Ines Hana Marcus Lucia Dev Marta Samuel Felix Nadia "
    "Joel Priya Anton Greta Kofi Elena Rafael Sina Tobias Yusuf Clara Mateo Leila Oskar "
    "Farah Bruno Ada Idris Noor Viktor Esme Ravi Lena Hugo Zara Emil"
).split()
OUTLETS = [
    f"{a} {b}"
    for a in ("Harbor", "Valley", "Metro", "Coast", "Lakeshore", "Eastbank", "Riverton", "Northern")
    for b in ("Daily", "Courier", "Post", "Times", "Ledger")
]
ROLES = (
    "mayor",
    "council leader",
    "fire chief",
    "police spokesperson",
    "union organiser",
    "school superintendent",
    "hospital director",
    "transport commissioner",
)
EVENTS: list[dict[str, Any]] = [
    {
        "what": "flood",
        "thing": "flood wall",
        "verb": "repair",
        "people": "households",
        "org": "Water Board",
    },
    {
        "what": "warehouse fire",
        "thing": "storage depot",
        "verb": "rebuild",
        "people": "workers",
        "org": "Fire and Rescue",
    },
    {
        "what": "bus strike",
        "thing": "bus network",
        "verb": "restore",
        "people": "drivers",
        "org": "Transit Authority",
    },
    {
        "what": "school closure",
        "thing": "primary school",
        "verb": "reopen",
        "people": "pupils",
        "org": "Education Board",
    },
    {
        "what": "bridge collapse",
        "thing": "river bridge",
        "verb": "replace",
        "people": "commuters",
        "org": "Highways Agency",
    },
    {
        "what": "hospital expansion",
        "thing": "emergency ward",
        "verb": "expand",
        "people": "patients",
        "org": "Health Trust",
    },
    {
        "what": "port dispute",
        "thing": "container terminal",
        "verb": "reopen",
        "people": "dockers",
        "org": "Harbour Company",
    },
    {
        "what": "power outage",
        "thing": "substation",
        "verb": "upgrade",
        "people": "customers",
        "org": "Grid Cooperative",
    },
    {
        "what": "housing plan",
        "thing": "housing estate",
        "verb": "build",
        "people": "tenants",
        "org": "Housing Association",
    },
    {
        "what": "water contamination",
        "thing": "treatment plant",
        "verb": "clean",
        "people": "residents",
        "org": "Water Utility",
    },
]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def coined(rng: random.Random, parts: int) -> str:
    """A made-up name of ``parts`` syllables (places, people, streets)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def story_facts(rng: random.Random, k: int) -> dict[str, Any]:
    """Story ``k``: a place, an event, four people, an organisation, figures and quotes."""
    place = coined(rng, 2) + rng.choice(SUFFIXES)
    event = EVENTS[k % len(EVENTS)]
    people = [f"{rng.choice(FIRST)} {coined(rng, 2)}" for _ in range(4)]
    roles = rng.sample(ROLES, 4)
    street = f"{coined(rng, 2)} {rng.choice(('Road', 'Street', 'Lane', 'Avenue'))}"
    figure = rng.randrange(12, 95) / 10
    count = rng.randrange(20, 900)
    votes = (rng.randrange(5, 9), rng.randrange(1, 4))
    day = rng.choice(WEEKDAYS)
    quotes = [
        f"We owe it to the {event['people']} of {place} to {event['verb']} the {event['thing']} "
        f"properly, and {street} will be the first to see it",
        f"Nobody on {street} asked for this, but {coined(rng, 2).lower()} or not, the work "
        f"has to start before winter",
        f"The {figure:.1f} million figure for {place} has not been checked by anyone outside "
        f"the {event['org']}",
    ]
    return {
        "place": place,
        "event": event,
        "people": people,
        "roles": roles,
        "street": street,
        "figure": figure,
        "count": count,
        "votes": votes,
        "day": day,
        "org": f"{place} {event['org']}",
        "quotes": quotes,
    }


def _fact_sentences(rng: random.Random, f: dict[str, Any], variant: int) -> list[str]:
    """The story's facts in one of several wordings (lede, count, a person, the dissent)."""
    ev, place, p = f["event"], f["place"], f["people"]
    figure = f["figure"] + (0.5 if variant == 3 else 0.0)  # one outlet prints another figure
    yes, no = f["votes"]
    lede = [
        f"{place.upper()} — The {place} council voted {yes}-{no} on {f['day']} to approve "
        f"${figure:.1f} million to {ev['verb']} the {ev['thing']} after the {ev['what']}.",
        f"{place.upper()} — Councillors in {place} on {f['day']} backed a ${figure:.1f} million "
        f"plan to {ev['verb']} the town's {ev['thing']}, by {yes} votes to {no}.",
        f"{place.upper()} — A ${figure:.1f} million plan to {ev['verb']} the {ev['thing']} in "
        f"{place} cleared the council on {f['day']}, {yes} votes to {no}.",
        f"{place.upper()} — After the {ev['what']} in {place}, the council agreed on "
        f"{f['day']} to spend ${figure:.1f} million on the {ev['thing']}.",
    ]
    count = [
        f"About {f['count']} {ev['people']} were affected by the {ev['what']}, according to "
        f"the {f['org']}.",
        f"The {f['org']} said roughly {f['count']} {ev['people']} in {place} had been hit.",
        f"Some {f['count']} {ev['people']} were affected, the {f['org']} said.",
    ]
    person = [
        f"{p[0]}, the {f['roles'][0]}, said work on {f['street']} would begin next month.",
        f"{p[0]}, {place}'s {f['roles'][0]}, told reporters that {f['street']} would come first.",
        f"According to {f['roles'][0]} {p[0]}, crews will start on {f['street']} next month.",
    ]
    dissent = [
        f"{p[1]} and {p[2]} voted against, asking for an independent review of the costs.",
        f"The two votes against came from {p[1]} and {p[2]}, who wanted the costs reviewed.",
        f"{p[1]} and {p[2]} opposed the plan until the {f['org']} publishes its figures.",
    ]
    return [
        lede[variant % len(lede)],
        rng.choice(count),
        rng.choice(person),
        rng.choice(dissent),
    ]


def _quote_sentence(rng: random.Random, f: dict[str, Any], index: int) -> str:
    speaker = f["people"][index % 3]
    text = f["quotes"][index]
    return rng.choice(
        (
            f'"{text}," said {speaker}.',
            f'"{text}," {speaker} said.',
            f'{speaker} said: "{text}."',
        )
    )


def _word(rng: random.Random) -> str:
    return coined(rng, rng.randrange(1, 4)).lower()


FUNCTION_WORDS = "the of and in to a on for with at by from as that".split()


def _local_colour(rng: random.Random, f: dict[str, Any], outlet: str, variant: int) -> list[str]:
    """Sentences only this outlet has: words of no language, so they match nothing else."""
    out = []
    for _ in range(rng.randrange(7, 12)):
        words = [
            _word(rng) if rng.random() < 0.7 else rng.choice(FUNCTION_WORDS)
            for _ in range(rng.randrange(8, 15))
        ]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), f["place"])
        text = " ".join(words)
        out.append(text[0].upper() + text[1:] + ".")
    return out


def article_body(rng: random.Random, f: dict[str, Any], variant: int, outlet: str) -> str:
    """One outlet's report of a story: shared facts in its own words, quotes, local colour."""
    facts = _fact_sentences(rng, f, variant)
    quotes = [_quote_sentence(rng, f, i) for i in [rng.randrange(3)]]
    colour = _local_colour(rng, f, outlet, variant)
    rest = [*rng.sample(facts[1:], 2), *quotes, *colour]
    rng.shuffle(rest)
    return "\n\n".join([facts[0], *rest])


def reprint_of(text: str, outlet: str) -> str:
    """A lightly edited copy: the last paragraph dropped, a credit line added."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[:-1] + [f"Additional reporting by {outlet} staff."])


def make_store(db: Path, articles: int, seed: int = 7) -> None:
    """A store of ``articles`` generated articles (stories of ten, one a reprint), annotated
    and grouped by the library as ``newsprism ingest`` would (``update_stories``)."""
    from newsprism.annotate.records import AnnotateOptions
    from newsprism.articles import build_article
    from newsprism.model import ArticleDraft
    from newsprism.pipeline import update_stories
    from newsprism.store import open_store

    rng = random.Random(seed)
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open_store(db) as store:
        for k in range(articles // 10):
            facts = story_facts(rng, k)
            day = 1 + (k * 28) // max(1, articles // 10)
            batch, texts = [], []
            for i in range(10):
                outlet = OUTLETS[(k + i * 3) % len(OUTLETS)]
                text = (
                    reprint_of(texts[0], outlet) if i == 9 else article_body(rng, facts, i, outlet)
                )
                texts.append(text)
                published = f"2024-03-{min(28, day + i // 4):02d}T{8 + i:02d}:00:00+00:00"
                batch.append(
                    build_article(
                        ArticleDraft(
                            source=f"bench:{k}:{i}",
                            text=text,
                            format="record",
                            title=f"{facts['place']} {facts['event']['what']}: {outlet} report",
                            url=f"https://{outlet.lower().replace(' ', '-')}.example/{k}/{i}",
                            outlet=outlet,
                            published=published,
                        ),
                        ingested_at="2024-04-01T00:00:00+00:00",
                    )
                )
            store.add_articles(batch)
        started = time.perf_counter()
        report = update_stories(store, annotate=AnnotateOptions(n_process=2))
        print(
            f"update_stories: {report.annotated} annotated, {report.stories.stories} stories, "
            f"{report.stories.reprints} reprints in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    settle_stories(db)


def settle_stories(db: Path) -> None:
    """Refresh the stories until a refresh changes nothing, so that the server's own refreshes
    during the run change only what the new articles change (a guard: on the 20,000-article
    store the first refresh after ``update_stories`` already changes nothing)."""
    from newsprism.store import open_store
    from newsprism.stories import refresh_stories

    with open_store(db) as store:
        for _ in range(3):
            before = {s.id: s.article_ids for s in store.list_stories()}
            refresh_stories(store)
            if {s.id: s.article_ids for s in store.list_stories()} == before:
                return


# -- the server (child process) --------------------------------------------------------------
def run_server(db: str, port: int, refresh: bool, workers: int) -> None:
    """Serve the store at ``db`` on 127.0.0.1:``port`` until killed, configured as shipped
    (library briefs, story refresh after ingests) but for a cache that holds every story; in
    ``workers`` processes as ``newsprism serve --workers`` runs them."""
    import uvicorn

    from newsprism.server import ServerConfig, create_app, serve

    config = ServerConfig(db=db, cache_entries=4096, refresh_on_ingest=refresh)
    if workers > 1:
        serve(config, host=HOST, port=port, log_level="warning", workers=workers)
        return
    uvicorn.run(create_app(config), host=HOST, port=port, log_level="warning", access_log=False)


# -- the load ----------------------------------------------------------------------------------
async def request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    method: str,
    path: str,
    body: bytes = b"",
) -> tuple[int, bytes]:
    """(status, body) of one HTTP/1.1 request on a keep-alive connection."""
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: application/json\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    raw = await reader.readuntil(b"\r\n\r\n")
    lines = raw.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
    if "content-length" in headers:
        return status, await reader.readexactly(int(headers["content-length"]))
    chunks = []
    while True:  # chunked
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        chunks.append(await reader.readexactly(size + 2))
        if size == 0:
            return status, b"".join(c[:-2] for c in chunks)


async def reader_loop(
    port: int, paths: list[str], until: float, seed: int, stats: dict[str, Any]
) -> None:
    rng = random.Random(seed)
    conn = await asyncio.open_connection(HOST, port)
    while time.perf_counter() < until:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(request(*conn, "GET", path), timeout=10)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            stats["errors"].append(type(exc).__name__)
            conn[1].close()
            conn = await asyncio.open_connection(HOST, port)
            continue
        stats["latencies"].append(time.perf_counter() - started)
        stats["stamps"].append((started, stats["latencies"][-1]))
        if status == 404:  # a story a refresh merged away: the id is gone, rightly
            stats["gone"].append(path)
        elif status != 200:
            stats["errors"].append(f"HTTP {status}")


async def ingest_loop(port: int, until: float, stats: dict[str, Any]) -> None:
    rng = random.Random(99)
    conn = await asyncio.open_connection(HOST, port)
    n = 0
    while time.perf_counter() < until:
        n += 1
        facts = story_facts(rng, 10_000 + n)
        body = json.dumps(
            {
                "text": article_body(rng, facts, n % 10, "Bench Wire"),
                "outlet": "Bench Wire",
                "title": f"Live {n}",
                "url": f"https://bench-live.example/{n}",
                "published": "2024-04-02",
            }
        ).encode()
        started = time.perf_counter()
        try:
            status, _ = await asyncio.wait_for(request(*conn, "POST", "/api/articles", body), 30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            stats["ingest_errors"].append(type(exc).__name__)
            conn[1].close()
            conn = await asyncio.open_connection(HOST, port)
            continue
        stats["ingest_latencies"].append(time.perf_counter() - started)
        stats["ingest_stamps"].append((started, stats["ingest_latencies"][-1]))
        if status == 201:
            stats["ingested"] += 1
        else:
            stats["ingest_errors"].append(f"HTTP {status}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def ms(value: float) -> float:
    return round(value * 1000, 2)


async def load(port: int, paths: list[str], seconds: float, connections: int) -> dict[str, Any]:
    stats: dict[str, Any] = {
        "latencies": [],
        "stamps": [],
        "errors": [],
        "gone": [],
        "ingest_latencies": [],
        "ingest_stamps": [],
        "ingest_errors": [],
        "ingested": 0,
    }
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    stats["started"] = started
    await asyncio.gather(
        *(reader_loop(port, paths, until, seed, stats) for seed in range(connections)),
        ingest_loop(port, until, stats),
    )
    stats["elapsed"] = time.perf_counter() - started
    return stats


def warm_all(port: int, paths: list[str], workers: int) -> tuple[list[float], int]:
    """Fetch every path once, and again while a pass still finds briefs to build (each worker
    process has its own cache; connections go to whichever worker accepts them), at most
    4 passes per worker; the first pass's latencies and the number of passes."""
    cold = asyncio.run(warm(port, paths))
    passes = 1
    while workers > 1 and passes < 4 * workers:
        again = asyncio.run(warm(port, paths))
        passes += 1
        if percentile(again, 0.99) < 0.05:  # every brief was cached somewhere it was asked
            break
    return cold, passes


async def warm(port: int, paths: list[str]) -> list[float]:
    """Fetch every path once (8 at a time); the cold latencies."""
    latencies: list[float] = []
    queue = list(paths)

    async def worker() -> None:
        conn = await asyncio.open_connection(HOST, port)
        while queue:
            path = queue.pop()
            started = time.perf_counter()
            status, _ = await request(*conn, "GET", path)
            if status != 200:
                raise RuntimeError(f"warm-up: {path} answered {status}")
            latencies.append(time.perf_counter() - started)
        conn[1].close()

    await asyncio.gather(*(worker() for _ in range(8)))
    return latencies


async def get_json(port: int, path: str) -> Any:
    conn = await asyncio.open_connection(HOST, port)
    status, body = await request(*conn, "GET", path)
    conn[1].close()
    return json.loads(body)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid`` and by them (the refresh worker), living now."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, p in parents.items() if p == parent]
        found += children
        frontier += children
    return found


def worker_cpu_seconds(pid: int) -> float:
    total = 0.0
    for child in descendants(pid):
        with contextlib.suppress(OSError):  # it ended meanwhile
            total += cpu_seconds(child)
    return total


def windows(
    stamps: list[tuple[float, float]], started: float, width: float
) -> list[dict[str, Any]]:
    """(requests, p95) per ``width``-second window of (start time, latency) pairs."""
    buckets: dict[int, list[float]] = {}
    for at, latency in stamps:
        buckets.setdefault(int((at - started) // width), []).append(latency)
    return [
        {
            "from_s": k * width,
            "requests": len(v),
            "p95_ms": ms(percentile(v, 0.95)),
        }
        for k, v in sorted(buckets.items())
    ]


def wait_for_refresh(port: int, patience: float) -> dict[str, Any]:
    """The health once no story refresh is running (or when patience runs out)."""
    deadline = time.monotonic() + patience
    while True:
        health: dict[str, Any] = asyncio.run(get_json(port, "/api/health"))
        refresh = health.get("refresh") or {}
        if not refresh.get("running") or time.monotonic() > deadline:
            return health
        time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument(
        "--no-refresh",
        dest="refresh",
        action="store_false",
        help="turn off the story refresh after API ingests (on by default, as in the server)",
    )
    parser.add_argument(
        "--refresh-wait",
        type=float,
        default=600.0,
        help="seconds to wait after the load for a running story refresh to finish",
    )
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--db", metavar="URL", help="serve from a copy on this PostgreSQL server (not SQLite)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="server worker processes (PostgreSQL only)"
    )
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        run_server(args.serve, args.port, args.refresh, args.workers)
        return
    out = args.out or (PG_RESULTS if args.db else RESULTS)

    db = WORK / f"library-{args.articles}.db"
    built = time.perf_counter()
    if not db.exists():
        make_store(db, args.articles)
        print(f"built {db} in {time.perf_counter() - built:.0f} s", file=sys.stderr)
    run_db = WORK / "run.db"  # a fresh copy each run: the run itself ingests into it
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run_db}{suffix}").unlink(missing_ok=True)
    served = str(run_db)
    if args.db:
        from postgres_copy import copy_sqlite_store, fresh_database

        copying = time.perf_counter()
        served = fresh_database(args.db, "bench_serve_run")
        copied = copy_sqlite_store(db, served)
        print(
            f"copied {copied['articles']} articles to PostgreSQL in "
            f"{time.perf_counter() - copying:.0f} s",
            file=sys.stderr,
        )
    else:
        shutil.copy(db, run_db)
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            served,
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
        ]
        + ([] if args.refresh else ["--no-refresh"])
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = asyncio.run(get_json(args.port, "/api/health"))
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        stories = asyncio.run(get_json(args.port, "/api/stories?limit=1"))["total"]
        story_ids = []
        for offset in range(0, stories, 100):
            page = asyncio.run(get_json(args.port, f"/api/stories?limit=100&offset={offset}"))
            story_ids += [s["id"] for s in page["stories"]]
        paths = [f"/api/stories/{i}" for i in story_ids]
        warm_started = time.perf_counter()
        cold, warm_passes = warm_all(args.port, paths, args.workers)
        warm_seconds = time.perf_counter() - warm_started
        load_before = round(os.getloadavg()[0], 2)  # other work on the machine skews figures
        cpu_before = cpu_seconds(server.pid)
        worker_before = worker_cpu_seconds(server.pid)
        client_before = cpu_seconds(os.getpid())
        stats = asyncio.run(load(args.port, paths, args.seconds, args.connections))
        cpu = cpu_seconds(server.pid) - cpu_before
        worker_cpu = worker_cpu_seconds(server.pid) - worker_before
        client_cpu = cpu_seconds(os.getpid()) - client_before
        load_after = round(os.getloadavg()[0], 2)
        after = asyncio.run(get_json(args.port, "/api/health"))
        waited = time.perf_counter()
        settled = wait_for_refresh(args.port, args.refresh_wait) if args.refresh else after
        waited = time.perf_counter() - waited
    finally:
        server.terminate()
        server.wait(timeout=30)
    lat = stats["latencies"]
    result = {
        "benchmark": "GET /api/stories/{id} under load while POST /api/articles ingests",
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "setup": {
            "articles": health["articles"],
            "stories": health["stories"],
            "connections": args.connections,
            "seconds": args.seconds,
            "brief_builder": "library (newsprism.stories.story_brief), the server's default",
            "refresh_on_ingest": args.refresh,
            "store": "PostgreSQL (local server, scripts/postgres.sh)" if args.db else "SQLite",
            "server": (
                f"uvicorn ({args.workers} worker process{'es' if args.workers > 1 else ''}), "
                "each with 4 reader threads, 1 writer thread, its own brief cache and story "
                "refresh in 1 worker process"
            ),
            "client": "asyncio HTTP/1.1 keep-alive, same machine, separate process",
        },
        "warm_up": {
            "passes": warm_passes,
            "requests": len(cold),
            "seconds": round(warm_seconds, 1),
            "p50_ms": ms(percentile(cold, 0.5)),
            "p95_ms": ms(percentile(cold, 0.95)),
        },
        "reads": {
            "requests": len(lat),
            "errors": len(stats["errors"]),
            "error_kinds": sorted(set(stats["errors"])),
            "not_found": len(stats["gone"]),
            "not_found_story_ids": len(set(stats["gone"])),
            "requests_per_s": round(len(lat) / stats["elapsed"], 1),
            "p50_ms": ms(percentile(lat, 0.5)),
            "p95_ms": ms(percentile(lat, 0.95)),
            "p99_ms": ms(percentile(lat, 0.99)),
            "max_ms": ms(max(lat, default=0)),
            "by_10_s": windows(stats["stamps"], stats["started"], 10),
        },
        "ingest": {
            "articles_ingested": stats["ingested"],
            "errors": len(stats["ingest_errors"]),
            "error_kinds": sorted(set(stats["ingest_errors"])),
            "articles_per_s": round(stats["ingested"] / stats["elapsed"], 1),
            "p50_ms": ms(percentile(stats["ingest_latencies"], 0.5)),
            "p95_ms": ms(percentile(stats["ingest_latencies"], 0.95)),
            "max_ms": ms(max(stats["ingest_latencies"], default=0)),
            "articles_after": after["articles"],
            "by_10_s": windows(stats["ingest_stamps"], stats["started"], 10),
        },
        "refresh": {
            "during_load": after["refresh"],
            "after_waiting": settled["refresh"],
            "waited_after_load_s": round(waited, 1),
            "stories_after": settled["stories"],
            "worker_cpu_s_per_s_during_load": round(worker_cpu / stats["elapsed"], 2),
        },
        "server_cpu_s_per_s": round(cpu / stats["elapsed"], 2),
        # the server process with every process under it (uvicorn workers, refresh workers)
        "server_tree_cpu_s_per_s": round((cpu + worker_cpu) / stats["elapsed"], 2),
        "client_cpu_s_per_s": round(client_cpu / stats["elapsed"], 2),
        "load_average_1min_before": load_before,
        "load_average_1min_after": load_after,
        "cache": after["cache"],
    }
    result["notes"] = [
        "reads.not_found: GETs of story ids that a story refresh during the run merged into "
        "another story; 404 is the right answer, so they are not counted as errors",
        "refresh.*.last_seconds: the whole refresh (annotating new articles, reprints, "
        "regrouping every story) in the worker process; last_apply_seconds: writing it on the "
        "server's writer thread",
    ]
    result["pass"] = {
        "p95_at_most_100_ms": result["reads"]["p95_ms"] <= 100,
        "zero_errors": not stats["errors"] and not stats["ingest_errors"],
        "ingestion_kept_going": stats["ingested"] > 0,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
