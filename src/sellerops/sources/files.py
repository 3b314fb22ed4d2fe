"""What a file is before we know which report it is: format, encoding, delimiter, header row.

Refuses what cannot be a report at all (empty, binary, an HTML page saved as .csv, undecodable text)
with a message that says what to do.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import shutil
import tempfile
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sellerops.errors import FileRefused, Problem
from sellerops.sources.text import GIVE_REPORT, SAMPLE_BYTES, detect_encoding, sniff_delimiter

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls, and any password-protected Office file
GZIP_MAGIC = b"\x1f\x8b"
# Files that are plainly something else: said by name so the seller knows what they picked up.
OTHER_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
# A large file is hashed on a thread of its own while DuckDB reads it (hashing 1 GB takes about 2 s of one core,
# which the import otherwise waits for); a small one is hashed at once.
BACKGROUND_HASH_BYTES = 64 << 20
_HASHER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sellerops-sha256")


@dataclass
class SourceFile:
    """A file on disk, inspected: enough to choose a reader and a report type."""

    path: Path
    digest: Future[
        tuple[str, int]
    ]  # the SHA-256 and the number of lines, maybe still being read: see `sha256`
    size: int
    format: str  # "text", "xlsx", "json"
    encoding: str | None = None  # Python codec name, for text and json
    delimiter: str | None = None
    header: list[str] = field(default_factory=list)
    sheet: str | None = None
    # When the bytes on disk are not what a reader can take as is (gzip, non-UTF-8), the decoded copy.
    readable_path: Path | None = None
    work_dir: Path | None = None
    # File rows (header = row 1) the reader passed over: blank lines, and rows rejected under --keep-going.
    # The reader numbers the rows it keeps 0, 1, 2…; these say which file rows those were.
    skipped_rows: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def sha256(self) -> str:
        return self.digest.result()[0]

    @property
    def lines(self) -> int:
        """Lines in the file as on disk (a last line without its line break counts)."""
        return self.digest.result()[1]

    @property
    def reader_path(self) -> Path:
        return self.readable_path or self.path

    def cleanup(self) -> None:
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None


def sha256_of(path: Path) -> tuple[str, int]:
    """The file's SHA-256 and its number of lines, in one reading."""
    digest = hashlib.sha256()
    newlines, last = 0, b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            newlines += block.count(b"\n")
            last = block[-1:]
    return digest.hexdigest(), newlines + (0 if last == b"\n" else 1)


def inspect_file(path: Path) -> SourceFile:
    """Read the head of a file and decide how to read the rest; refuse what is not a report."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise FileRefused(
                path.name,
                "the file is empty (0 bytes)",
                hint="download the report again; the download did not finish",
            )
        if size >= BACKGROUND_HASH_BYTES:
            digest = _HASHER.submit(sha256_of, path)
        else:
            digest = Future()
            digest.set_result(sha256_of(path))
        source = SourceFile(path=path, digest=digest, size=size, format="text")
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except (PermissionError, IsADirectoryError) as exc:
        raise FileRefused(
            path.name, f"the file cannot be read ({exc.strerror})", hint="check its permissions"
        ) from None
    try:
        _inspect(source, head)
    except FileRefused:
        source.cleanup()
        raise
    return source


def _inspect(source: SourceFile, head: bytes) -> None:
    path = source.path
    if head.startswith(GZIP_MAGIC):
        source.work_dir = Path(tempfile.mkdtemp(prefix="sellerops-"))
        plain = source.work_dir / path.name.removesuffix(".gz")
        try:
            with gzip.open(path, "rb") as packed, plain.open("wb") as out:
                shutil.copyfileobj(packed, out)
        except (OSError, EOFError, zlib.error) as exc:
            raise FileRefused(
                path.name,
                f"the gzip file is damaged or cut off ({exc})",
                hint="download it again; if it still fails, unpack it with another tool and import the file inside",
            ) from None
        source.readable_path = plain
        with plain.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
        if not head:
            raise FileRefused(path.name, "the file is empty once unpacked", hint="download the report again")
    for magic, what in OTHER_MAGIC:
        if head.startswith(magic):
            raise FileRefused(path.name, f"this is {what}, not a report", hint=GIVE_REPORT)
    if head.startswith(ZIP_MAGIC):
        _check_workbook_zip(source)
        source.format = "xlsx"
        return
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf_16_le") in head:
            raise FileRefused(
                path.name,
                "the workbook is password-protected, so it cannot be read",
                hint="open it in Excel, remove the password (File → Info → Protect Workbook) and save it again, "
                "or download the report again from Seller Central",
            )
        source.format = "xlsx"
        return
    _inspect_text(source, head)


def _check_workbook_zip(source: SourceFile) -> None:
    """An .xlsx is a ZIP; a ZIP that holds no workbook is an archive of downloads (or a cut-off workbook)."""
    try:
        with zipfile.ZipFile(source.reader_path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        raise FileRefused(
            source.name,
            "the spreadsheet (ZIP) file is damaged or cut off; its table of contents is missing",
            hint="download the report again",
        ) from None
    if "[Content_Types].xml" not in names:
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        raise FileRefused(
            source.name,
            f"this is a ZIP archive, not a spreadsheet; it holds: {shown or 'nothing'}",
            hint="unpack it and import the report files inside",
        )


def _inspect_text(source: SourceFile, head: bytes) -> None:
    encoding = detect_encoding(source.name, head)
    source.encoding = encoding
    text = head.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    stripped = text.lstrip()
    if not stripped:
        raise FileRefused(source.name, "the file holds only blank lines", hint="download the report again")
    lowered = stripped[:512].lower()
    if (
        lowered.startswith(("<!doctype html", "<html", "<?xml", "<!--"))
        or "<head>" in lowered
        or "<body" in lowered
    ):
        raise FileRefused(
            source.name,
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
    source.delimiter = sniff_delimiter(first_line)
    source.header = next(csv.reader([first_line], delimiter=source.delimiter))


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
                source.name,
                f"the file is not valid {encoding} text",
                problems=(
                    Problem(row, None, exc.object[exc.start : exc.end].hex(" "), f"text in {encoding}"),
                ),
                hint="the file mixes encodings or was damaged; download it again, or save it as CSV UTF-8",
            ) from None
    source.readable_path = target


_DASHES = re.compile(r"\s*[\u2013\u2014\u2212-]\s*")
_SPACES = re.compile(r"\s+")
_HEADER_CURRENCY = re.compile(r"\s*\((?P<symbol>[£$€₹¥]|rs\.?|r\$|c\$|a\$|mx\$|s\$)\)\s*$", re.IGNORECASE)


def normalize_header(name: str) -> str:
    """Casefold, unify dashes, collapse spaces: 'Sessions – Mobile APP – B2B' → 'sessions - mobile app - b2b'."""
    # Chinese and Japanese Seller Central write full-width parentheses: （父）ASIN.
    text = name.replace("\ufeff", "").replace("（", "(").replace("）", ")").strip()
    text = _DASHES.sub(" - ", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    return text


def split_header_currency(name: str) -> tuple[str, str | None]:
    """'14 day total sales (₹)' → ('14 day total sales', '₹'); headers may carry the currency symbol."""
    match = _HEADER_CURRENCY.search(name)
    if match:
        return name[: match.start()].strip(), match.group("symbol").strip()
    return name, None
