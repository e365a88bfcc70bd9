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
