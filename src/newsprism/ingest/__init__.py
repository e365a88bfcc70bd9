"""Readers, one per input format, and the format sniffing that picks one."""

from newsprism.ingest.reader import ReadResult, read_bytes, read_path, read_stream
from newsprism.ingest.tabular import FieldMap

__all__ = ["FieldMap", "ReadResult", "read_bytes", "read_path", "read_stream"]
