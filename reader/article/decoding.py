"""Turn an article file's bytes into text, and say so when the guess was not plain UTF-8.

Files come from anywhere: editors that write a byte-order mark, Windows tools that
write UTF-16 without one, copy-and-paste that left a few broken bytes in a UTF-8
file. The order below picks, for each, the reading a person would call right:

1. A byte-order mark decides (UTF-32, UTF-16, UTF-8); it is not part of the text,
   so a file with a BOM has the same text and fingerprint as one without.
2. NUL bytes mean UTF-16 without a BOM when they sit at one parity only and the
   rest decodes cleanly; any other NULs mean a binary file.
3. Valid UTF-8 is UTF-8.
4. Almost-valid UTF-8 (see ``_mostly_utf8``) is UTF-8 with ``U+FFFD`` for the
   broken bytes, and a notice counting them.
5. Anything else is Windows-1252 (Latin-1 where 1252 has holes), unless it is
   mostly control characters, which is a binary file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from reader.errors import ArticleError

_SNIFF_BYTES = 8192

_UTF32_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"))
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_UTF16_MIN_NULS = 0.05
"""Share of code units with a zero byte at one parity that says UTF-16: spaces and
punctuation alone give that in any alphabetic script."""
_UTF16_MAX_OTHER_NULS = 0.01
"""Zero bytes allowed at the other parity (U+xx00 characters are rare)."""

_UTF8_VALID_PER_INVALID = 1
"""Valid non-ASCII characters needed for each broken sequence to call a file UTF-8.
Windows-1252 prose almost never forms a valid multi-byte sequence by accident (it
takes "Ã©" or "â€™"), so as many valid ones as broken ones means the file was
written as UTF-8 and damaged, not written in 1252."""
_UTF8_MAX_INVALID_SHARE = 0.01
"""At most this share of the bytes may be broken (a tiny fraction)…"""
_UTF8_MIN_INVALID_ALLOWED = 16
"""…or this many bytes, so that a short damaged file still counts."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, the codec that read it, and what to tell the user about it."""

    text: str
    encoding: str
    notice: str | None = None


def normalize_newlines(text: str) -> str:
    """The only change made to a file's text: CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, name: str) -> Decoded:
    """Decode an article file's bytes (see the module docs); binary data raises."""
    bom = _decode_with_bom(data, name)
    if bom is not None:
        return bom
    if b"\x00" in data[:_SNIFF_BYTES]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ArticleError(f"{name}: binary file, not text")
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    return _single_byte(data, name)


def _decode_with_bom(data: bytes, name: str) -> Decoded | None:
    for bom, codec in _UTF32_BOMS:  # before UTF-16: FF FE 00 00 starts with FF FE
        if data.startswith(bom):
            return Decoded(
                _strict(data[len(bom) :], codec, name), codec, f"decoded as {codec.upper()}"
            )
    if data.startswith(_UTF16_BOMS):
        return Decoded(_strict(data, "utf-16", name), "utf-16", "decoded as UTF-16")
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return Decoded(body.decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            text, replaced = _utf8_replacing(body, limit=None)
            return Decoded(text, "utf-8-sig", _replaced_notice(replaced))
    return None


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        label = codec.upper().removesuffix("-LE").removesuffix("-BE")
        raise ArticleError(f"{name}: not valid {label} text ({exc.reason})") from None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text of a Latin or other alphabetic script has a zero byte in most
    code units at the high byte's parity, and almost none at the other."""
    sample = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    units = len(sample) // 2
    if units == 0 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= units * _UTF16_MIN_NULS and others <= units * _UTF16_MAX_OTHER_NULS:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if _mostly_controls(text):
                return None
            label = codec.upper()
            return Decoded(text, codec, f"no byte-order mark; decoded as {label}")
    return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few broken bytes, or None when the bytes look like another encoding.

    The rule: at least as many valid non-ASCII characters as broken sequences, and
    broken bytes at most 1% of the file (or 16 bytes in a short one). A
    Windows-1252 file has no valid multi-byte sequences to speak of, so it fails the
    first test however few accented letters it holds.
    """
    limit = max(_UTF8_MIN_INVALID_ALLOWED, int(len(data) * _UTF8_MAX_INVALID_SHARE))
    scanned = _utf8_replacing(data, limit=limit)
    if scanned is None:
        return None
    text, replaced = scanned
    if replaced.valid_non_ascii < replaced.sequences * _UTF8_VALID_PER_INVALID:
        return None
    return Decoded(text, "utf-8", _replaced_notice(replaced))


@dataclass(frozen=True, slots=True)
class _Replaced:
    sequences: int
    bytes: int
    valid_non_ascii: int


def _utf8_replacing(data: bytes, *, limit: int | None) -> tuple[str, _Replaced] | None:
    """Decode like ``errors="replace"`` while counting what was replaced.

    With a ``limit``, gives up (None) once more bytes than that are broken, or once
    past the first few broken sequences the valid non-ASCII characters are too few:
    a file in another encoding then costs a few dozen failed decodes, not one per
    accented letter.
    """
    view = memoryview(data)
    parts: list[str] = []
    position = sequences = broken = valid = 0
    while True:
        try:
            parts.append(codecs.utf_8_decode(view[position:], "strict", True)[0])
            valid += _non_ascii(parts[-1])
            break
        except UnicodeDecodeError as exc:
            start, end = position + exc.start, position + exc.end
        parts.append(codecs.utf_8_decode(view[position:start], "strict", True)[0])
        valid += _non_ascii(parts[-1])
        parts.append("\ufffd")
        sequences += 1
        broken += end - start
        position = end
        if limit is not None and (
            broken > limit
            or (
                sequences > _UTF8_MIN_INVALID_ALLOWED
                and valid < sequences * _UTF8_VALID_PER_INVALID
            )
        ):
            return None
    return "".join(parts), _Replaced(sequences, broken, valid)


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def _replaced_notice(replaced: _Replaced) -> str:
    count = replaced.bytes
    noun = "byte" if count == 1 else "bytes"
    return f"{count} invalid UTF-8 {noun} replaced by �"


def _single_byte(data: bytes, name: str) -> Decoded:
    try:
        text, encoding, label = data.decode("cp1252"), "cp1252", "Windows-1252"
    except UnicodeDecodeError:
        text, encoding, label = data.decode("latin-1"), "latin-1", "Latin-1"
    if _mostly_controls(text):
        raise ArticleError(f"{name}: binary file, not text")
    return Decoded(text, encoding, f"not valid UTF-8; decoded as {label}")


def _mostly_controls(text: str) -> bool:
    head = text[:_SNIFF_BYTES]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(8, len(head) // 20)
