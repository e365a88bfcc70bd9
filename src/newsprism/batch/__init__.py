"""``newsprism batch``: read, normalize, annotate and sign on an engine, then group stories.

``run_batch`` is the entry function; ``make_engine`` gives the local engine (the stages in
this process) or the Ray engine (the same stages as Ray Data steps, on this machine or a
cluster). Modules: ``stages`` (the stage functions), ``engines``, ``run``.
"""

from newsprism.batch.engines import ENGINES, RAY_EXTRA, Engine, LocalEngine, RayEngine, make_engine
from newsprism.batch.run import BatchReport, run_batch
from newsprism.batch.stages import Location, Staged, StageOptions

__all__ = [
    "ENGINES",
    "RAY_EXTRA",
    "BatchReport",
    "Engine",
    "LocalEngine",
    "Location",
    "RayEngine",
    "StageOptions",
    "Staged",
    "make_engine",
    "run_batch",
]
