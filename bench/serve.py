"""Load benchmark of the server: brief GETs under 50 connections while the API ingests.

Builds (once, cached under build/bench-serve/) a store of 20,000 generated articles grouped
into 2,000 stories, starts ``newsprism serve``'s app under uvicorn in a child process on
127.0.0.1, warms the brief cache, then for 60 s keeps 50 keep-alive connections busy with
``GET /api/stories/{id}`` over every story while one more connection POSTs new articles to
``/api/articles``. Reports latency percentiles, errors, requests per second and articles
ingested, and writes bench/results/serve.json.

    .venv/bin/python bench/serve.py                        # the full run (about 2 minutes)
    .venv/bin/python bench/serve.py --seconds 10 --articles 2000   # a quick look

Briefs come from the library (``newsprism.stories.story_brief``) when it exists
(``--builder library``), else from a stand-in here that builds contract-valid briefs from the
stored text (``--builder synthetic``); the results say which.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "serve.json"
WORK = ROOT / "build" / "bench-serve"
HOST = "127.0.0.1"

OUTLETS = [
    f"{a} {b}"
    for a in ("Harbor", "Valley", "Metro", "Coast", "Lakeshore", "Eastbank", "Riverton", "Northern")
    for b in ("Daily", "Courier", "Post", "Times", "Ledger")
]
PLACES = (
    "Alden Millbrook Riverton Quayside Eastfold Lowfield Marsh Brookvale Cindergate "
    "Westmoor Ashby Dunmore Kellam Sorrel Tamsin Upfield Varne Wexley"
).split()
FIRST = "Amara Tomasz Beatrice Ruth Owen Ines Hana Marcus Lucia Dev Marta Samuel Felix".split()
LAST = "Okafor Reyes Lund Calder Pratt Navarro Lindqvist Bell Brandt Anand Keane Idris".split()
EVENTS = (
    "council vote",
    "depot fire",
    "transit strike",
    "flood repairs",
    "school closure",
    "port expansion",
    "hospital funding",
    "bridge inspection",
)
FILLER = (
    "officials met residents on the evening after the decision",
    "the council will publish the full minutes next week",
    "local businesses said they had been waiting for months",
    "the county has promised a further review in the spring",
    "several residents spoke during the public comment period",
)


# -- the corpus ------------------------------------------------------------------------------
def story_facts(rng: random.Random, k: int) -> dict[str, Any]:
    """What story ``k`` is about: place, event, people, figures, quotes."""
    place = f"{PLACES[k % len(PLACES)]}{'' if k < len(PLACES) else f' {k}'}"
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
    budget = rng.randrange(2, 90) / 10
    return {
        "place": place,
        "event": EVENTS[k % len(EVENTS)],
        "people": people,
        "budget": budget,
        "votes": f"{rng.randrange(5, 9)}-{rng.randrange(1, 4)}",
        "quotes": [
            f"We will see this through for {place}, and we will do it together",
            f"Nobody in {place} wanted this, but the work has to be done",
            f"The figures for {place} have not been independently reviewed",
        ],
    }


def article_body(rng: random.Random, facts: dict[str, Any], variant: int) -> str:
    """One outlet's article about a story: shared facts, quotes, its own filler."""
    budget = facts["budget"] + (0.5 if variant == 3 else 0.0)  # one outlet prints another figure
    lines = [
        f"{facts['place'].upper()} — The council voted {facts['votes']} on Monday to approve a "
        f"budget of ${budget:.1f} million for the {facts['place']} {facts['event']}.",
        f"The plan was drawn up after months of debate in {facts['place']}.",
        f"\"{facts['quotes'][variant % 3]},\" said {facts['people'][variant % 3]}.",
        f"{facts['people'][1]} said the {facts['event']} would be reviewed again in January.",
    ]
    lines += [rng.choice(FILLER).capitalize() + "." for _ in range(rng.randrange(2, 5))]
    lines.append(f"Reporting for this article was done in {facts['place']} on day {variant}.")
    return "\n\n".join(lines)


def make_store(db: Path, articles: int, seed: int = 7) -> None:
    """A store of ``articles`` generated articles in stories of ten, with reprint links."""
    from newsprism.articles import build_article
    from newsprism.model import ArticleDraft, Coverage, Reprint, Story
    from newsprism.store import open_store

    rng = random.Random(seed)
    db.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    stories: list[Story] = []
    reprints: list[Reprint] = []
    with open_store(db) as store:
        for k in range(articles // 10):
            facts = story_facts(rng, k)
            day = 1 + (k * 28) // max(1, articles // 10)
            batch = []
            for i in range(10):
                outlet = OUTLETS[(k + i * 3) % len(OUTLETS)]
                published = f"2024-03-{min(28, day + i // 4):02d}T{8 + i:02d}:00:00+00:00"
                batch.append(
                    build_article(
                        ArticleDraft(
                            source=f"bench:{k}:{i}",
                            text=article_body(rng, facts, i),
                            format="record",
                            title=f"{facts['place']} {facts['event']}: {outlet} report {i}",
                            url=f"https://{outlet.lower().replace(' ', '-')}.example/{k}/{i}",
                            outlet=outlet,
                            published=published,
                        ),
                        ingested_at="2024-04-01T00:00:00+00:00",
                    )
                )
            store.add_articles(batch)
            ids = tuple(a.id for a in batch)
            reprints.append(Reprint(ids[9], ids[0], 0.93, "near-duplicate"))
            dates = [a.published.value for a in batch if a.published]
            stories.append(
                Story(
                    f"{k:04x}{ids[0][:12]}",
                    f"{facts['place']} {facts['event']}",
                    ids,
                    min(dates),
                    max(dates),
                    Coverage(10, 10, 9, 1),
                )
            )
        store.replace_stories(stories, reprints)


# -- a stand-in brief builder (bench only) ---------------------------------------------------
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_QUOTE = re.compile(r'"([^"]+),"\s+said\s+([A-Z]\w+ [A-Z]\w+)')
_BUDGET = re.compile(r"\$\d+\.\d million")


def synthetic_brief(store: Any, story_id: str) -> dict[str, Any]:
    """A contract-valid brief built from a story's stored text with simple patterns."""
    story = store.get_story(story_id)
    arts = [store.get_article(i) for i in story.article_ids]
    reprints = store.load_reprints()
    passages: dict[str, list[dict[str, Any]]] = {}
    quotes: dict[str, list[dict[str, Any]]] = {}
    speakers: dict[str, str] = {}
    budgets: dict[str, list[dict[str, Any]]] = {}
    for a in arts:
        for m in _SENTENCE.finditer(a.text):
            text = m.group().strip()
            start = a.text.index(text, m.start())
            passages.setdefault(text, []).append(
                {"article": a.id, "text": text, "start": start, "end": start + len(text)}
            )
        for m in _QUOTE.finditer(a.text):
            quotes.setdefault(m.group(1), []).append(
                {
                    "article": a.id,
                    "text": m.group(1),
                    "start": m.start(1),
                    "end": m.end(1),
                    "verbatim": True,
                }
            )
            speakers[m.group(1)] = m.group(2)
        for m in _BUDGET.finditer(a.text):
            budgets.setdefault(m.group(), []).append(
                {"article": a.id, "text": m.group(), "start": m.start(), "end": m.end()}
            )
    claims = [
        {
            "id": f"c{n}",
            "text": text,
            "status": "corroborated" if len(found) > 1 else "single_source",
            "support": found,
        }
        for n, (text, found) in enumerate(sorted(passages.items(), key=lambda p: -len(p[1]))[:25])
    ]
    people = sorted(set(speakers.values()))
    entity_ids = {name: f"e{n}" for n, name in enumerate(people)}
    return {
        "schema": "newsprism.brief/1",
        "story": {
            "id": story.id,
            "title": story.title,
            "first_seen": story.first_seen,
            "last_seen": story.last_seen,
        },
        "articles": [
            {
                "id": a.id,
                "outlet": a.outlet,
                "source": a.source,
                "url": a.url,
                "title": a.title,
                "published": a.published.value if a.published else None,
                "wire": None,
                "reprint_of": getattr(reprints.get(a.id), "reprint_of", None),
            }
            for a in arts
        ],
        "coverage": {
            "articles": story.coverage.articles,
            "outlets": story.coverage.outlets,
            "independent_reports": story.coverage.independent_reports,
            "reprints": story.coverage.reprints,
        },
        "entities": [
            {
                "id": entity_ids[p],
                "name": p,
                "type": "person",
                "aliases": [],
                "roles": [],
                "articles": sorted(
                    {q["article"] for t, found in quotes.items() if speakers[t] == p for q in found}
                ),
            }
            for p in people
        ],
        "quotes": [
            {
                "id": f"q{n}",
                "text": text,
                "speaker": entity_ids[speakers[text]],
                "speaker_name": speakers[text],
                "attributions": found,
            }
            for n, (text, found) in enumerate(sorted(quotes.items()))
        ],
        "claims": claims,
        "discrepancies": []
        if len(budgets) < 2
        else [
            {
                "id": "d0",
                "kind": "number",
                "about": "budget",
                "summary": " vs ".join(budgets),
                "values": [
                    {
                        "value": v,
                        "articles": sorted({p["article"] for p in found}),
                        "evidence": found,
                    }
                    for v, found in sorted(budgets.items())
                ],
            }
        ],
        "timeline": [
            {
                "date": (story.first_seen or "2024-03-01")[:10],
                "text": story.title or "",
                "articles": list(story.article_ids),
            }
        ],
        "summary": [
            {"text": c["text"], "articles": sorted({p["article"] for p in c["support"]})}
            for c in claims[:3]
        ],
    }


# -- the server (child process) --------------------------------------------------------------
def run_server(db: str, port: int, builder: str, refresh: bool) -> None:
    """Serve the store at ``db`` on 127.0.0.1:``port`` until killed."""
    import uvicorn

    from newsprism.server import ServerConfig, create_app

    config = ServerConfig(db=db, cache_entries=4096, refresh_on_ingest=refresh)
    app = create_app(config, brief_builder=synthetic_brief if builder == "synthetic" else None)
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False)


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
        if status != 200:
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
                "text": article_body(rng, facts, n % 10),
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
        "errors": [],
        "ingest_latencies": [],
        "ingest_errors": [],
        "ingested": 0,
    }
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(reader_loop(port, paths, until, seed, stats) for seed in range(connections)),
        ingest_loop(port, until, stats),
    )
    stats["elapsed"] = time.perf_counter() - started
    return stats


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--builder", choices=["auto", "library", "synthetic"], default="auto")
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="re-cluster stories after each API ingest (library refresh)",
    )
    parser.add_argument("--port", type=int, default=18765)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        run_server(args.serve, args.port, args.builder, args.refresh)
        return
    builder = args.builder
    if builder == "auto":
        import importlib.util

        builder = "library" if importlib.util.find_spec("newsprism.stories") else "synthetic"

    db = WORK / f"serve-{args.articles}.db"
    built = time.perf_counter()
    if not db.exists():
        make_store(db, args.articles)
        print(f"built {db} in {time.perf_counter() - built:.0f} s", file=sys.stderr)
    run_db = WORK / "run.db"  # a fresh copy each run: the run itself ingests into it
    for suffix in ("", "-wal", "-shm"):
        Path(f"{run_db}{suffix}").unlink(missing_ok=True)
    shutil.copy(db, run_db)
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            str(run_db),
            "--port",
            str(args.port),
            "--builder",
            builder,
        ]
        + (["--refresh"] if args.refresh else [])
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
        cold = asyncio.run(warm(args.port, paths))
        load_before = round(os.getloadavg()[0], 2)  # other work on the machine skews figures
        cpu_before = cpu_seconds(server.pid)
        client_before = cpu_seconds(os.getpid())
        stats = asyncio.run(load(args.port, paths, args.seconds, args.connections))
        cpu = cpu_seconds(server.pid) - cpu_before
        client_cpu = cpu_seconds(os.getpid()) - client_before
        after = asyncio.run(get_json(args.port, "/api/health"))
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
            "brief_builder": builder,
            "refresh_on_ingest": args.refresh,
            "server": "uvicorn (1 process), 4 reader threads, 1 writer thread",
            "client": "asyncio HTTP/1.1 keep-alive, same machine, separate process",
        },
        "warm_up": {
            "requests": len(cold),
            "p50_ms": ms(percentile(cold, 0.5)),
            "p95_ms": ms(percentile(cold, 0.95)),
        },
        "reads": {
            "requests": len(lat),
            "errors": len(stats["errors"]),
            "error_kinds": sorted(set(stats["errors"])),
            "requests_per_s": round(len(lat) / stats["elapsed"], 1),
            "p50_ms": ms(percentile(lat, 0.5)),
            "p95_ms": ms(percentile(lat, 0.95)),
            "p99_ms": ms(percentile(lat, 0.99)),
            "max_ms": ms(max(lat, default=0)),
        },
        "ingest": {
            "articles_ingested": stats["ingested"],
            "errors": len(stats["ingest_errors"]),
            "error_kinds": sorted(set(stats["ingest_errors"])),
            "articles_per_s": round(stats["ingested"] / stats["elapsed"], 1),
            "p50_ms": ms(percentile(stats["ingest_latencies"], 0.5)),
            "p95_ms": ms(percentile(stats["ingest_latencies"], 0.95)),
            "articles_after": after["articles"],
        },
        "server_cpu_s_per_s": round(cpu / stats["elapsed"], 2),
        "client_cpu_s_per_s": round(client_cpu / stats["elapsed"], 2),
        "load_average_1min_before": load_before,
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "cache": after["cache"],
    }
    result["pass"] = {
        "p95_at_most_100_ms": result["reads"]["p95_ms"] <= 100,
        "zero_errors": not stats["errors"] and not stats["ingest_errors"],
        "ingestion_kept_going": stats["ingested"] > 0,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
