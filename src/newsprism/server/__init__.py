"""The web side of newsprism: a REST API and server-rendered pages over one store.

``create_app(ServerConfig(db=...))`` gives the FastAPI app; ``serve`` runs it under uvicorn.
Modules: ``app`` (factory), ``views`` (pages and their JSON twins), ``writes`` (ingest),
``refresh`` (story refresh after ingests, in a worker process), ``export`` (streamed export),
``apidocs`` (/docs), ``briefs`` (brief source and cache), ``catalog`` (the story list's JSON;
its queries are the store's ``StoryCatalog``), ``story_page`` and ``article_page`` (what the
pages show), ``charts`` (SVG charts), ``security`` (headers, limits, tokens), ``errors`` (the
one error shape), ``threads`` (reader threads and the single writer), ``rendering`` (Jinja2).
"""

from newsprism.server.app import check_workers, create_app, serve
from newsprism.server.security import check_bind
from newsprism.server.state import ServerConfig

__all__ = ["ServerConfig", "check_bind", "check_workers", "create_app", "serve"]
