"""Engines that run the batch stages: ``LocalEngine`` in this process, ``RayEngine`` on Ray Data.

Both run the same stage functions (``newsprism.batch.stages``) in the same order and hand the
finished rows back to the caller, who writes them into the store. Ray is imported only when a
``RayEngine`` is made, so newsprism runs without it.
"""

from __future__ import annotations

import logging
import os
import pickle
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from newsprism.batch.stages import (
    AnnotateStage,
    Location,
    Staged,
    StageOptions,
    normalize_stage,
    read_stage,
    sign_stage,
)
from newsprism.errors import ConfigError, EngineError

ENGINES = ("local", "ray")
"""The engine names ``make_engine`` knows."""

RAY_EXTRA = "pip install 'newsprism[ray]'"

# Ray Data schedules by CPU shares. Annotators get most of a core each and the light stages
# (reading, normalizing, signing) a quarter, so that one annotator per core still leaves room
# for the light stages: with whole cores for annotators, the light tasks would wait for ever.
_ANNOTATOR_CPUS = 0.75
_LIGHT_CPUS = 0.25
_READ_BATCH = 8  # inputs per read task: a file may hold one article or thousands


class Engine(Protocol):
    """Runs the stages over inputs and yields the finished rows (in no particular order)."""

    name: str

    def run(self, locations: Sequence[Location], options: StageOptions) -> Iterator[Staged]:
        """Every row the stages make of ``locations``: articles annotated and signed, errors,
        and further inputs to read."""
        ...

    def close(self) -> None:
        """Release what the engine holds (models, a Ray instance it started)."""
        ...


def make_engine(name: str, *, address: str | None = None, batch_size: int = 64) -> Engine:
    """The engine called ``name`` ("local" or "ray"); raises ConfigError for another name, and
    EngineError when Ray is not installed or cannot be started or reached."""
    if batch_size < 1:
        raise ConfigError(f"batch size must be at least 1, not {batch_size}")
    if name == "local":
        if address is not None:
            raise ConfigError("--address is for the ray engine; add --engine ray")
        return LocalEngine(batch_size)
    if name == "ray":
        return RayEngine(address, batch_size)
    raise ConfigError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


class LocalEngine:
    # A plain class: it keeps one loaded annotator across rounds of a batch.
    """The stages in this process, ``batch_size`` inputs at a time."""

    name = "local"

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self._annotate: AnnotateStage | None = None

    def run(self, locations: Sequence[Location], options: StageOptions) -> Iterator[Staged]:
        """The finished rows of ``locations``, one chunk of ``batch_size`` inputs at a time."""
        if self._annotate is None:
            self._annotate = AnnotateStage(options.annotate)
        for start in range(0, len(locations), self.batch_size):
            chunk = locations[start : start + self.batch_size]
            rows = normalize_stage(read_stage(chunk, options), options)
            yield from sign_stage(self._annotate(rows), options)

    def close(self) -> None:
        """Release the annotator."""
        if self._annotate is not None:
            self._annotate.close()
            self._annotate = None


class RayEngine:
    # A plain class: it owns a connection to Ray (and the local instance it may have started).
    """The stages as Ray Data ``map_batches`` steps; the annotator as a pool of actors.

    With no ``address`` a local Ray instance is started with this machine's cores (no
    dashboard, quiet logs) and shut down by ``close``; with one, the engine joins that cluster
    (``ray start --head`` prints the address) and leaves it running.
    """

    name = "ray"

    def __init__(self, address: str | None, batch_size: int) -> None:
        self.batch_size = batch_size
        self._ray = _import_ray()
        if self._ray.is_initialized():
            self._started = False
        else:
            self._start(address)
            self._started = True
        context = self._ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        # Ray Data logs a failed job's tracebacks itself; this engine reports it as one error
        # line, and the full logs stay in Ray's session folder (/tmp/ray/session_latest/logs).
        logging.getLogger("ray").setLevel(logging.ERROR)
        logging.getLogger("ray.data").setLevel(logging.CRITICAL)

    def _start(self, address: str | None) -> None:
        quiet: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
        try:
            if address is None:
                self._ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, **quiet)
            else:
                self._ray.init(address=address, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise EngineError(f"cannot start or reach {where}: {_last_line(exc)}") from exc

    def run(self, locations: Sequence[Location], options: StageOptions) -> Iterator[Staged]:
        """The finished rows of ``locations``, streamed back as Ray finishes them."""
        if not locations:
            return
        data = self._ray.data
        annotators = max(1, int(self._ray.cluster_resources().get("CPU", 1)))
        inputs = data.from_items(
            [{"path": loc.path, "feeds_only": loc.feeds_only} for loc in locations],
            override_num_blocks=max(1, min(len(locations), annotators * 4)),
        )
        with warnings.catch_warnings():
            # Ray 2.60 has no named parameter for max_restarts, and warns that its generic
            # remote arguments are deprecated.
            warnings.filterwarnings("ignore", message=r"`ray_remote_args` is deprecated")
            pipeline = (
                inputs.map_batches(
                    _read_and_normalize,
                    fn_args=(options,),
                    batch_size=_READ_BATCH,
                    batch_format="pyarrow",
                    num_cpus=_LIGHT_CPUS,
                )
                .map_batches(
                    _RayAnnotator,
                    fn_constructor_args=(options,),
                    # a fixed pool of actors (``concurrency=`` says the same, deprecated in 2.51)
                    compute=data.ActorPoolStrategy(size=annotators),
                    batch_size=self.batch_size,
                    batch_format="pyarrow",
                    num_cpus=_ANNOTATOR_CPUS,
                    max_restarts=0,
                )
                .map_batches(
                    _sign,
                    fn_args=(options,),
                    batch_size=self.batch_size,
                    batch_format="pyarrow",
                    num_cpus=_LIGHT_CPUS,
                )
            )
        try:
            for batch in pipeline.iter_batches(batch_size=self.batch_size, batch_format="pyarrow"):
                yield from _unpack(batch)
        except self._ray.exceptions.RayError as exc:
            raise EngineError(
                f"the Ray job failed: {_last_line(exc)} (every Ray worker needs newsprism and "
                "its spaCy model installed, the same version as here)"
            ) from exc

    def close(self) -> None:
        """Shut down the local Ray instance this engine started (a cluster is left running)."""
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
        self._started = False


def _last_line(exc: BaseException) -> str:
    """The last line of an error's message: where Ray puts the cause under its tracebacks."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _import_ray() -> Any:
    """The ``ray`` module with Ray Data; raises EngineError naming the extra to install."""
    # Ray reports usage statistics to its authors unless told not to; newsprism runs offline.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
        import ray.data  # Ray Data is a separate part of the ray package
    except ImportError as exc:
        raise EngineError(
            f"the ray engine needs Ray Data, which is not installed: {RAY_EXTRA}"
        ) from exc
    return ray


# Rows travel between Ray workers as one binary column of pickled Staged records: articles
# and annotations are nested records that Arrow's inferred schemas would not keep intact.
_COLUMN = "row"


def _pack(rows: Sequence[Staged]) -> Any:
    import pyarrow as pa

    payload = [pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL) for row in rows]
    return pa.table({_COLUMN: pa.array(payload, type=pa.large_binary())})


def _unpack(table: Any) -> list[Staged]:
    return [pickle.loads(item) for item in table.column(_COLUMN).to_pylist()]


def _read_and_normalize(table: Any, options: StageOptions) -> Any:
    """Ray step: the read and normalize stages over a batch of input locations."""
    locations = [
        Location(path, bool(feeds_only))
        for path, feeds_only in zip(
            table.column("path").to_pylist(), table.column("feeds_only").to_pylist(), strict=True
        )
    ]
    return _pack(normalize_stage(read_stage(locations, options), options))


def _sign(table: Any, options: StageOptions) -> Any:
    """Ray step: the sign stage over a batch of rows."""
    return _pack(sign_stage(_unpack(table), options))


class _RayAnnotator:
    # A plain class: Ray Data makes one per actor and calls it for each batch.
    """Ray step: the annotate stage, its model loaded once per actor."""

    def __init__(self, options: StageOptions) -> None:
        self._stage = AnnotateStage(options.annotate)

    def __call__(self, table: Any) -> Any:
        return _pack(self._stage(_unpack(table)))
