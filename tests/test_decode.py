"""Bytes to text: empty and binary inputs refused, encodings detected, bad bytes named."""

from __future__ import annotations

import codecs

import pytest

from newsprism.errors import BinaryInputError, EmptyInputError, EncodingError
from newsprism.ingest.decode import decode_bytes

TEXT = "Le café du marché a rouvert ses portes lundi, a déclaré la mairie. Über alles."


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n"])
def test_empty(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        decode_bytes(data, "empty.txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\x00\x01\x02\x03\x00\x00binary\x00\x00", "NUL"),
    ],
)
def test_binary_is_refused_with_its_kind(data: bytes, kind: str) -> None:
    with pytest.raises(BinaryInputError, match=kind) as caught:
        decode_bytes(data, "scan.bin")
    assert str(caught.value).startswith("scan.bin: ")


def test_utf8_and_bom() -> None:
    assert decode_bytes(TEXT.encode(), "a") == TEXT
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode(), "a") == TEXT


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(encoding: str) -> None:
    assert decode_bytes(TEXT.encode(encoding), "a").lstrip("\ufeff") == TEXT


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_encodings_are_detected(encoding: str) -> None:
    assert decode_bytes((TEXT + " ").encode(encoding) * 3, "old.txt") == (TEXT + " ") * 3


def test_declared_charset_is_used() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Привет мир</body></html>'
    assert "Привет мир" in decode_bytes(html.encode("cp1251"), "ru.html")


def test_undecodable_bytes_name_the_byte() -> None:
    data = bytes([0x41, 0x42, 0x81, 0x8D, 0x8F, 0x90, 0x9D] * 200)
    with pytest.raises(EncodingError, match=r"byte 2 is 0x81") as caught:
        decode_bytes(data, "mangled.txt")
    assert "mangled.txt" in str(caught.value) and "UTF-8" in str(caught.value)
