"""What a file is before we know which report it is: format, encoding, delimiter, header row.

Refuses what cannot be a report at all (empty, binary, an HTML page saved as .csv, undecodable text)
with a message that says what to do.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from sellerops.errors import FileRefused, Problem

SAMPLE_BYTES = 256 * 1024
# Encodings met in Seller Central downloads; charset detection may only choose among these.
KNOWN_ENCODINGS = ("utf_8", "gb18030", "shift_jis", "cp1252", "utf_16")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class SourceFile:
    """A file on disk, inspected: enough to choose a reader and a report type."""

    path: Path
    sha256: str
    size: int
    format: str  # "text", "xlsx", "json"
    encoding: str | None = None  # Python codec name, for text and json
    delimiter: str | None = None
    header: list[str] = field(default_factory=list)
    sheet: str | None = None
    # When the bytes on disk are not what a reader can take as is (gzip, non-UTF-8), the decoded copy.
    readable_path: Path | None = None
    work_dir: Path | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def reader_path(self) -> Path:
        return self.readable_path or self.path

    def cleanup(self) -> None:
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inspect_file(path: Path) -> SourceFile:
    """Read the head of a file and decide how to read the rest; refuse what is not a report."""
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(
            str(path), "the file is empty", hint="download the report again; the download did not finish"
        )
    source = SourceFile(path=path, sha256=sha256_of(path), size=size, format="text")
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if head.startswith(GZIP_MAGIC):
        source.work_dir = Path(tempfile.mkdtemp(prefix="sellerops-"))
        plain = source.work_dir / path.name.removesuffix(".gz")
        try:
            with gzip.open(path, "rb") as packed, plain.open("wb") as out:
                shutil.copyfileobj(packed, out)
        except (OSError, EOFError) as exc:
            source.cleanup()
            raise FileRefused(
                str(path), f"the gzip file is damaged ({exc})", hint="download it again"
            ) from None
        source.readable_path = plain
        with plain.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
        if not head:
            source.cleanup()
            raise FileRefused(str(path), "the file is empty once unpacked", hint="download the report again")
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        source.format = "xlsx"
        return source
    _inspect_text(source, head)
    return source


def _inspect_text(source: SourceFile, head: bytes) -> None:
    encoding = _detect_encoding(source, head)
    source.encoding = encoding
    text = head.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    stripped = text.lstrip()
    if not stripped:
        raise FileRefused(
            str(source.path), "the file holds only blank lines", hint="download the report again"
        )
    lowered = stripped[:512].lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or "<head>" in lowered or "<body" in lowered:
        raise FileRefused(
            str(source.path),
            "this is a web page (HTML), not a report: Seller Central probably showed a sign-in or error page "
            "and the browser saved that instead",
            hint="sign in to Seller Central and download the report again",
        )
    if stripped[0] in "[{":
        source.format = "json"
        return
    if encoding not in ("utf_8", "utf_8_sig"):
        _transcode_to_utf8(source, encoding)
    first_line = stripped.splitlines()[0] if stripped.splitlines() else ""
    source.delimiter = _sniff_delimiter(first_line)
    source.header = next(csv.reader([first_line], delimiter=source.delimiter))


def _detect_encoding(source: SourceFile, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf_8_sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf_16"
    sample = head if len(head) < SAMPLE_BYTES else head[: head.rfind(b"\n") + 1] or head
    if b"\x00" in sample:
        raise FileRefused(
            str(source.path),
            "this is a binary file, not a text report (it holds NUL bytes)",
            hint="give the .csv, .txt, .tsv, .xlsx or .json file that Seller Central downloaded",
        )
    try:
        sample.decode("utf_8")
        return "utf_8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample, cp_isolation=list(KNOWN_ENCODINGS[1:])).best()
    if best is None:
        raise FileRefused(
            str(source.path),
            "cannot tell the text encoding; it is none of UTF-8, UTF-16, GB18030, Shift_JIS or Windows-1252",
            hint="open the file in a spreadsheet and save it again as CSV UTF-8",
        )
    return codecs.lookup(best.encoding).name.replace("-", "_")


def _transcode_to_utf8(source: SourceFile, encoding: str) -> None:
    """DuckDB reads UTF-8; other encodings are decoded strictly into a UTF-8 copy first."""
    if source.work_dir is None:
        source.work_dir = Path(tempfile.mkdtemp(prefix="sellerops-"))
    target = source.work_dir / (source.path.name + ".utf8")
    row = 1
    with source.reader_path.open("rb") as raw, target.open("w", encoding="utf_8", newline="") as out:
        reader = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        try:
            for line in reader:
                out.write(line)
                row += 1
        except UnicodeDecodeError as exc:
            raise FileRefused(
                str(source.path),
                f"the file is not valid {encoding} text",
                problems=(
                    Problem(row, None, exc.object[exc.start : exc.end].hex(" "), f"text in {encoding}"),
                ),
                hint="the file mixes encodings or was damaged; download it again, or save it as CSV UTF-8",
            ) from None
    source.readable_path = target


_SEPARATORS = ("\t", ",", ";")


def _sniff_delimiter(header_line: str) -> str:
    """The separator that splits the header into the most fields (tab wins ties: Amazon flat files use tabs)."""
    counts = {sep: len(next(csv.reader([header_line], delimiter=sep))) for sep in _SEPARATORS}
    return max(_SEPARATORS, key=lambda sep: (counts[sep], sep == "\t"))


_DASHES = re.compile(r"\s*[\u2013\u2014\u2212-]\s*")
_SPACES = re.compile(r"\s+")
_HEADER_CURRENCY = re.compile(r"\s*\((?P<symbol>[£$€₹¥]|rs\.?|r\$|c\$|a\$|mx\$|s\$)\)\s*$", re.IGNORECASE)


def normalize_header(name: str) -> str:
    """Casefold, unify dashes, collapse spaces: 'Sessions – Mobile APP – B2B' → 'sessions - mobile app - b2b'."""
    text = name.replace("\ufeff", "").strip()
    text = _DASHES.sub(" - ", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    return text


def split_header_currency(name: str) -> tuple[str, str | None]:
    """'14 day total sales (₹)' → ('14 day total sales', '₹'); headers may carry the currency symbol."""
    match = _HEADER_CURRENCY.search(name)
    if match:
        return name[: match.start()].strip(), match.group("symbol").strip()
    return name, None
