"""The one exception tree of newsprism.

Every failure a caller can act on is a ``NewsprismError``; third-party errors are mapped to one
of these at the boundary (``raise ... from exc``) so callers never catch library internals::

    NewsprismError
    ├── BriefInputError              a story's articles and annotations do not fit together
    ├── ConfigError                  a setting has a value that cannot be used
    ├── CorrectionError              a merge, split or move of stories that cannot be applied
    ├── EngineError                  a batch engine (Ray) cannot be started or its job failed
    ├── InputError                   one input (file, line, URL, feed item) cannot be read
    │   ├── EmptyInputError          nothing but whitespace, or too few words for an article
    │   ├── BinaryInputError         a PDF, an image, an archive, other non-text bytes
    │   ├── InputTooLargeError       over the size limit (setting ``max_input_bytes``)
    │   ├── EncodingError            bytes that no text encoding explains
    │   ├── MalformedInputError      broken JSON, CSV, HTML, XML; carries the line where known
    │   ├── UnsupportedInputError    a kind of input no reader handles
    │   └── FetchError               a URL that could not be fetched
    │       ├── BlockedAddressError  resolves to a loopback, private or link-local address
    │       ├── FetchTimeoutError    the server did not answer in time
    │       ├── HTTPStatusError      the server answered with an error status
    │       └── RedirectError        too many redirects, or a redirect loop
    └── StoreError                   the database cannot be opened, migrated or written
        ├── SchemaVersionError       the database was written by a newer newsprism
        └── NotFoundError            no record with the id that was asked for
"""

from __future__ import annotations

from typing import Any


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose.

    Errors cross process boundaries (files are read in worker processes), so each one pickles
    with every attribute, whatever its ``__init__`` asks for.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[NewsprismError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """An error of class ``cls`` with these args and attributes, without calling its __init__."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class BriefInputError(NewsprismError):
    """The articles and annotations given for a brief do not fit together."""


class ConfigError(NewsprismError):
    """A setting has a value that cannot be used."""


class CorrectionError(NewsprismError):
    """A merge, split or move of stories that cannot be applied as asked."""


class EngineError(NewsprismError):
    """A batch engine cannot be started or reached, or a job on it failed (not one input)."""


class InputError(NewsprismError):
    """One input cannot be read; ``source`` names it and ``line`` points into it where known."""

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = " ".join(reason.split())  # one line, whatever a library's message held
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {self.reason}")


class EmptyInputError(InputError):
    """The input holds nothing but whitespace, or too few words to be an article."""


class BinaryInputError(InputError):
    """The input is binary (PDF, image, archive, executable) rather than text."""


class InputTooLargeError(InputError):
    """The input is larger than the configured limit."""


class EncodingError(InputError):
    """The input's bytes decode in no text encoding that newsprism can detect."""


class MalformedInputError(InputError):
    """The input claims a format (JSON, CSV, HTML, XML) but breaks its rules."""


class UnsupportedInputError(InputError):
    """No reader handles this kind of input."""


class FetchError(InputError):
    """A URL could not be fetched."""


class BlockedAddressError(FetchError):
    """The URL's host resolves to an address that is refused (loopback, private, link-local)."""


class FetchTimeoutError(FetchError):
    """The server did not answer within the timeout."""


class HTTPStatusError(FetchError):
    """The server answered with an HTTP error status."""

    def __init__(self, source: str, reason: str, *, status: int) -> None:
        self.status = status
        super().__init__(source, reason)


class RedirectError(FetchError):
    """Too many redirects, or a redirect loop."""


class StoreError(NewsprismError):
    """The database cannot be opened, migrated or written."""


class SchemaVersionError(StoreError):
    """The database's schema is newer than this version of newsprism understands."""


class NotFoundError(StoreError):
    """No record has the id that was asked for."""
