"""What the bytes of a text file are: its encoding, its delimiter, and where it is broken.

UTF-8 (with or without a BOM) and UTF-16 are recognised for certain. The legacy encodings Seller Central files
come in (GB18030, Shift_JIS, Windows-1252) are accepted only when exactly one of them reads the file as sensible
text; otherwise the file is refused, never guessed. A UTF-8 file with a few foreign bytes is refused naming the
row and column where they are.

Why not a statistical detector (charset-normalizer): on the short files sellers download it returns *some*
answer even when two encodings read the bytes equally well, and a wrong encoding imports wrong text silently.
Here the candidates are only the encodings Seller Central uses, and an ambiguous file is refused.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata

from sellerops.errors import FileRefused, Problem

SAMPLE_BYTES = 256 * 1024
# Encodings met in Seller Central downloads besides UTF-8/UTF-16; a file in none of them is refused, not guessed.
LEGACY_ENCODINGS = ("gb18030", "shift_jis", "cp1252")
GIVE_REPORT = "give the .csv, .txt, .tsv, .xlsx or .json file that Seller Central downloaded"


def detect_encoding(name: str, head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf_16"
    whole = len(head) < SAMPLE_BYTES
    sample = head if whole else head[: head.rfind(b"\n") + 1] or head
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16
    if b"\x00" in sample:
        raise _nul_refusal(name, sample)
    if sample.startswith(codecs.BOM_UTF8):
        _check_utf8(name, sample, whole=whole)
        return "utf_8_sig"
    try:
        sample.decode("utf_8")
        return "utf_8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(sample):
        _check_utf8(name, sample, whole=whole)
    return _legacy_encoding(name, sample)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: mostly ASCII, so every other byte is NUL."""
    pairs = sample[: len(sample) // 2 * 2]
    if len(pairs) < 8:
        return None
    even, odd = pairs[0::2], pairs[1::2]
    for encoding, zeros, others in (("utf_16_le", odd, even), ("utf_16_be", even, odd)):
        if zeros.count(0) > 0.4 * len(zeros) and others.count(0) < 0.02 * len(others):
            try:
                pairs.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _row_of(data: bytes, offset: int) -> int:
    """The 1-based line at a byte offset (line ends: LF, CRLF or a lone CR)."""
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def _nul_refusal(name: str, sample: bytes) -> FileRefused:
    at = sample.index(b"\x00")
    before = sample[:at]
    if b"\n" in before and not any(b < 9 or 13 < b < 32 for b in before):
        return FileRefused(
            name,
            "the file is damaged: a row holds NUL bytes (a disk or download error)",
            problems=(Problem(_row_of(sample, at), None, None, "text, not NUL bytes"),),
            hint="download the report again",
        )
    return FileRefused(name, "this is a binary file, not a text report", hint=GIVE_REPORT)


def _mostly_utf8(sample: bytes) -> bool:
    """More well-formed UTF-8 characters than broken ones: a UTF-8 file with a few foreign bytes (legacy
    encodings make well-formed UTF-8 only by accident, and far less often than they break it)."""
    text = sample.decode("utf_8", errors="replace")
    broken = text.count("\ufffd")
    return sum(1 for c in text if ord(c) > 127) - broken > broken


def _check_utf8(name: str, sample: bytes, *, whole: bool) -> None:
    """A UTF-8 file (by its BOM, or its other characters) must be UTF-8 throughout: say where it is not."""
    try:
        sample.decode("utf_8")
        return
    except UnicodeDecodeError as exc:
        if whole and exc.reason == "unexpected end of data":
            raise FileRefused(
                name,
                "the file ends in the middle of a character: the download was cut off",
                problems=(Problem(_row_of(sample, exc.start), None, None, "complete UTF-8 text"),),
                hint="download the report again",
            ) from None
        raise encoding_refusal(name, sample, exc.start, exc.end) from None


def encoding_refusal(name: str, data: bytes, start: int, end: int) -> FileRefused:
    """Bytes that are not UTF-8 inside a UTF-8 file: the row, the column, and what they look like."""
    line_start = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
    line_end = min(
        (i for i in (data.find(b"\n", start), data.find(b"\r", start)) if i >= 0), default=len(data)
    )
    line = data[line_start:line_end]
    header = data.decode("utf_8", errors="replace").lstrip("\ufeff \t\r\n").splitlines()[:1] or [""]
    delimiter = sniff_delimiter(header[0])
    names = next(csv.reader(header, delimiter=delimiter), [])
    cells = next(csv.reader([line.decode("utf_8", errors="replace")], delimiter=delimiter), [])
    index = next((i for i, c in enumerate(cells) if "\ufffd" in c), None)
    column = names[index] if index is not None and index < len(names) else None
    bad = data[start : max(end, start + 1)]
    looks = next((e for e in LEGACY_ENCODINGS if _decodes(line, e) and _plausible(line.decode(e), e)), None)
    like = {
        "gb18030": "Chinese GB18030",
        "shift_jis": "Japanese Shift_JIS",
        "cp1252": "Windows-1252 (Latin-1)",
    }
    return FileRefused(
        name,
        "the file is UTF-8 but a row holds bytes that are not"
        + (f"; that row looks like {like[looks]} text" if looks else "")
        + ": the file mixes encodings",
        problems=(Problem(_row_of(data, start), column, "byte " + bad.hex(" "), "UTF-8 text"),),
        hint="download the report again; if it was edited, save it again as CSV UTF-8 in the spreadsheet",
    )


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _legacy_encoding(name: str, sample: bytes) -> str:
    """The one legacy encoding that reads the file as sensible text; refuse when none or several do."""
    plausible = [e for e in LEGACY_ENCODINGS if _decodes(sample, e) and _plausible(sample.decode(e), e)]
    if len(plausible) > 1 and "shift_jis" in plausible and _has_kana(sample.decode("shift_jis")):
        plausible = [
            "shift_jis"
        ]  # kana in the Shift_JIS reading is Japanese; the GB18030 reading is rare Hanzi
    if len(plausible) == 1:
        return plausible[0]
    if plausible:
        reason = f"cannot tell the text encoding: it reads as {' or as '.join(plausible)} equally well"
    else:
        reason = (
            "cannot tell the text encoding; it is none of UTF-8, UTF-16, GB18030, Shift_JIS or Windows-1252"
        )
    at = next(i for i, b in enumerate(sample) if b > 127)
    raise FileRefused(
        name,
        reason,
        problems=(
            Problem(
                _row_of(sample, at), None, "bytes " + sample[at : at + 4].hex(" "), "text in UTF-8 (best)"
            ),
        ),
        hint="open the file in a spreadsheet and save it again as CSV UTF-8",
    )


def _runs(text: str) -> list[str]:
    return re.findall(r"[^\x00-\x7f]+", text)


def _has_kana(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" for c in text)


def _plausible(text: str, encoding: str) -> bool:
    """Whether decoded text looks like the language the encoding is for (mojibake does not)."""
    runs = _runs(text)
    chars = "".join(runs)
    if encoding == "cp1252":
        # Western text has an accent or a symbol here and there; CJK bytes read as cp1252 make long runs.
        return all(len(r) <= 3 for r in runs) and not any(
            c in "\u201a\u201e\u2039\u203a\u02c6" for c in chars
        )
    cjk = sum(1 for c in chars if _is_cjk(c))
    # Punctuation and symbols (– £ “ ”) are in every encoding; letters outside CJK mean the bytes were misread.
    foreign = sum(1 for c in chars if not _is_cjk(c) and unicodedata.category(c).startswith("L"))
    half_kana = any("\uff61" <= c <= "\uff9f" for c in chars)
    return cjk > 0 and foreign == 0 and not half_kana


def _is_cjk(c: str) -> bool:
    return (
        "\u4e00" <= c <= "\u9fff"
        or "\u3000" <= c <= "\u30ff"
        or "\uff00" <= c <= "\uffef"
        or "\u3400" <= c <= "\u4dbf"
    )


_SEPARATORS = ("\t", ",", ";")


def sniff_delimiter(header_line: str) -> str:
    """The separator that splits the header into the most fields (tab wins ties: Amazon flat files use tabs)."""
    counts = {sep: len(next(csv.reader([header_line], delimiter=sep))) for sep in _SEPARATORS}
    return max(_SEPARATORS, key=lambda sep: (counts[sep], sep == "\t"))
