"""The public API is exactly what ``newsprism.__all__`` lists, and every name in it exists."""

from __future__ import annotations

import dataclasses
import inspect

import newsprism
from newsprism import errors, model


def test_all_names_exist_and_are_unique() -> None:
    assert len(newsprism.__all__) == len(set(newsprism.__all__))
    for name in newsprism.__all__:
        assert hasattr(newsprism, name), name


def test_every_public_error_is_exported_and_in_one_tree() -> None:
    for name, value in vars(errors).items():
        if inspect.isclass(value) and issubclass(value, Exception):
            assert issubclass(value, errors.NewsprismError), name
            assert name in newsprism.__all__, name
            assert name in (errors.__doc__ or ""), f"{name} missing from the drawn tree"


def test_records_are_frozen_dataclasses() -> None:
    for name, value in vars(model).items():
        if inspect.isclass(value) and value.__module__ == model.__name__:
            assert dataclasses.is_dataclass(value), name
            assert value.__dataclass_params__.frozen, name  # type: ignore[attr-defined]


def test_ingest_function_and_ingest_subpackage_both_import_in_any_order() -> None:
    """`from newsprism import IngestOptions, ingest` gives something callable as the pipeline's
    ingest, whatever was imported first; the readers' subpackage still imports."""
    import subprocess
    import sys

    orders = [
        "from newsprism import IngestOptions, ingest, open_store",
        "from newsprism import ingest, IngestOptions, open_store",
        "import newsprism.ingest.reader; from newsprism import ingest, IngestOptions",
        "from newsprism.ingest import read_path; from newsprism import ingest",
    ]
    for order in orders:
        code = (
            f"{order}\n"
            "import tempfile, os\n"
            "from newsprism import IngestOptions, open_store\n"
            "from newsprism.ingest import read_path\n"
            "d = tempfile.mkdtemp()\n"
            "p = os.path.join(d, 'a.txt')\n"
            "open(p, 'w').write('title A test\\n\\nThe harbour board met on Tuesday.\\n')\n"
            "with open_store(os.path.join(d, 'n.db')) as store:\n"
            "    print(ingest([p], store, IngestOptions()).summary())\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, (order, result.stderr)
        assert result.stdout.strip() == "1 stored, 0 already there, 0 failed", order
