"""Turning an input's bytes into text: refusing empty and binary inputs, finding the encoding."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from newsprism.errors import BinaryInputError, EmptyInputError, EncodingError

# Leading bytes of binary formats people are likely to drop into a folder of articles.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"%!PS", "a PostScript document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_DECLARED_CHARSET = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_FIRST_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def describe_binary(data: bytes) -> str | None:
    """What binary format these bytes start with, or None if they do not look binary."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime media file"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "a RIFF media file"
    return None


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> str:
    """The text these bytes encode; raises EmptyInputError, BinaryInputError or EncodingError.

    Order: byte-order mark, UTF-8, the charset the input declares (HTTP header, HTML meta,
    XML prolog), then statistical detection. A result full of control characters is refused.
    """
    if not data.strip():
        raise EmptyInputError(source, "the input is empty; nothing to ingest")
    kind = describe_binary(data)
    if kind:
        raise BinaryInputError(
            source, f"this is {kind}, not text; convert it to text, HTML or JSONL first"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data, encoding, source)
    head = data[:8192]
    if b"\x00" in head:
        utf16 = _bomless_utf16(head)
        if utf16 is None:
            raise BinaryInputError(source, "the input contains NUL bytes: it is binary, not text")
        return _decode_strict(data, utf16, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for encoding in _declared_encodings(data, declared):
        try:
            return data.decode(encoding)
        except (UnicodeError, LookupError, ValueError):
            continue
    best = charset_normalizer.from_bytes(data[:65536] if len(data) > 65536 else data).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and not _mostly_control(text):
            return text
    bad = utf8_error.start
    raise EncodingError(
        source,
        f"not valid UTF-8 (byte {bad} is 0x{data[bad]:02x}) and no other text encoding fits; "
        "re-save the file as UTF-8",
    )


def _decode_strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            source, f"declares {encoding} but byte {exc.start} does not decode; re-save as UTF-8"
        ) from exc


def _bomless_utf16(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit in every other position, else None."""
    even = head[0::2]
    odd = head[1::2]
    if odd and odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even and even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _declared_encodings(data: bytes, declared: str | None) -> list[str]:
    found = [declared] if declared else []
    match = _DECLARED_CHARSET.search(data[:4096])
    if match:
        found.append(match.group(1).decode("ascii"))
    return [e for e in found if _is_text_encoding(e)]


def _is_text_encoding(name: str) -> bool:
    """Whether ``name`` is a text encoding other than UTF-8 (tried already) that decodes bytes
    by a fixed table: not a codec for another purpose (idna, base64, unicode_escape, utf-7)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return False
    return info.name not in _NOT_DECLARABLE and getattr(info, "_is_text_encoding", True)


# Codecs Python calls text encodings that no page can honestly declare.
_NOT_DECLARABLE = frozenset(
    {"utf-8", "idna", "punycode", "utf-7", "undefined", "unicode-escape", "raw-unicode-escape"}
)


def _mostly_control(text: str) -> bool:
    sample = text[:20000]
    controls = len(_FIRST_CONTROL.findall(sample))
    return controls > 0.02 * max(len(sample), 1)
