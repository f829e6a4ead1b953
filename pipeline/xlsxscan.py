"""One streaming pass over every part of an untrusted workbook, before any XML parser runs.

python-calamine (Rust) reads a worksheet into one dense grid, then we copy it into Python;
its memory is not bounded by the file's size:

- a cell at ``A1`` and one at ``XFD1048576`` make a 17-billion-cell grid: a 600-byte file
  aborts the process;
- every reference to a shared string copies the string: one 1 MB string referenced 3,000
  times is a 650 KB file that needs 3 GB;
- a row of 16,000 cells among 100,000 one-cell rows is a 1 MB file and a 1.6-billion-cell
  grid, even without cell references.

So each part is inflated once, in chunks, and measured with vectorised byte searches
(numpy; no per-cell Python): DTD and entity declarations anywhere in the part and in
UTF-8 or UTF-16; the number of rows and cells, the largest row and column any ``r``
attribute names, the most cells in one row, and which shared strings cells refer to. From
that, ``Estimate`` gives an upper bound of the grid and of the text the reader will copy,
and ``pipeline.workbook`` refuses a workbook before reading it when the bound is too large.
Memory of the scan: a chunk and a histogram of shared-string references (16 MB).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

import numpy as np

CHUNK = 1 << 20
MAX_RECORD = 16 << 20  # one row or one shared string larger than this: refused
MAX_ROWS = 1_048_576  # Excel's limits: references beyond them are not a spreadsheet
MAX_COLUMNS = 16_384
SHARED_INDEX_CAP = 1 << 21  # shared-string indexes tracked one by one; larger ones in bulk

# DTD and entity declarations, as written in UTF-8 and in UTF-16 (either byte order).
_MARKERS = tuple(
    m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_ROOT = re.compile(rb"<\s*(?:([\w.-]+):)?([\w.-]+)[\s/>]")


class Refused(Exception):
    """The part is not what Excel writes (a DTD, a reference beyond Excel's grid, a
    record larger than ``MAX_RECORD``): the message says which."""


@dataclass
class Totals:
    """What the reader will build, summed over all parts."""

    cells: int = 0
    grid: int = 0  # upper bound of grid cells (rows x columns of each sheet's used range)
    inline_text: int = 0  # bytes of cell text written in the sheets themselves
    shared_text: int = 0  # bytes of shared strings copied into cells
    biggest: tuple[str, int] = ("", 0)  # part with the largest grid bound, and that bound
    _refs: np.ndarray = field(default_factory=lambda: np.zeros(SHARED_INDEX_CAP, np.int64))
    _refs_beyond: int = 0
    _lengths: list[np.ndarray] = field(default_factory=list)

    def finish(self) -> Totals:
        """Weigh the shared-string references by the strings' lengths (known only once
        every part, the shared strings among them, has been scanned)."""
        if self._lengths:
            width = max(len(x) for x in self._lengths)
            lengths = np.zeros(width, np.int64)
            for x in self._lengths:
                lengths[: len(x)] = np.maximum(lengths[: len(x)], x)
            n = min(width, SHARED_INDEX_CAP)
            self.shared_text = int(self._refs[:n] @ lengths[:n])
            self.shared_text += int(self._refs_beyond * lengths.max())
        return self


def scan(zf: zipfile.ZipFile, totals: Totals | None = None) -> Totals:
    """Scan every part of ``zf``; raises ``Refused`` for what Excel never writes."""
    totals = totals or Totals()
    for info in zf.infolist():
        if not info.is_dir():
            with zf.open(info) as stream:
                _scan_part(info.filename, stream, totals)
    return totals.finish()


def _table(values: bytes) -> np.ndarray:
    table = np.zeros(256, bool)
    table[list(values)] = True
    return table


_IS_DELIM = _table(b" \t\n\r>/")
_IS_WS = _table(b" \t\n\r")
_IS_LETTER = _table(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_IS_DIGIT = _table(b"0123456789")


def _at(buf: np.ndarray, pos: np.ndarray, pattern: bytes) -> np.ndarray:
    """Mask of the positions in ``pos`` where ``pattern`` starts (``buf`` is padded)."""
    hit = np.ones(len(pos), bool)
    for k, byte in enumerate(pattern):
        hit &= buf[pos + k] == byte
    return hit


class _Chunk:
    """A chunk with the positions of its "<" and "=" found once; tags and attributes are
    then checked at those positions only (a tenth of the bytes)."""

    def __init__(self, data: bytes):
        arr = np.frombuffer(data, np.uint8)
        self.buf = np.concatenate([arr, np.zeros(64, np.uint8)])
        lt = np.flatnonzero(arr == ord("<"))
        after = self.buf[lt + 1]
        self.open, self.open_next = lt, after
        self.close = lt[after == ord("/")]
        self.eq = np.flatnonzero(arr == ord("="))

    def starts(self, name: bytes) -> np.ndarray:
        """Positions of start tags ``<name`` followed by a space, ``>`` or ``/``."""
        pos = self.open[self.open_next == name[0]]
        pos = pos[_at(self.buf, pos + 2, name[1:])]
        return pos[_IS_DELIM[self.buf[pos + len(name) + 1]]]

    def ends(self, name: bytes) -> np.ndarray:
        return self.close[_at(self.buf, self.close + 2, name + b">")]

    def attribute(self, name: bytes, value: bytes = b"") -> np.ndarray:
        """Positions just after ``name="value`` where a whitespace precedes ``name``."""
        eq = self.eq[self.eq > len(name)]
        eq = eq[self.buf[eq - 1] == name[-1]]
        hit = _at(self.buf, eq - len(name), name) & _at(self.buf, eq + 1, b'"' + value)
        hit &= _IS_WS[self.buf[eq - len(name) - 1]]
        return eq[hit] + 2 + len(value)


def _leading(mask: np.ndarray) -> np.ndarray:
    """Per row of ``mask``, how many leading columns are True."""
    n = np.argmin(mask, axis=1)
    return np.where(mask.all(axis=1), mask.shape[1], n)


def _numbers(
    buf: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Parse ``[A-Z]*[0-9]*`` at each start: (letters, column number, digits, number).

    Digits are read up to 8 (Excel's rows need 7: more is refused; a longer shared-string
    index is past ``SHARED_INDEX_CAP`` either way), and each loop stops at the longest
    run found, usually 2 letters and 5 digits: this is the scan's hot loop."""
    win = buf[starts[:, None] + np.arange(5)]
    n_letters = _leading(_IS_LETTER[win])
    col = np.zeros(len(starts), np.int64)
    for j in range(min(4, int(n_letters.max(initial=0)))):  # Excel has 3; a 4th is refused
        col = np.where(n_letters > j, col * 26 + (win[:, j].astype(np.int64) - 64), col)
    digits = buf[(starts + n_letters)[:, None] + np.arange(8)]
    n_digits = _leading(_IS_DIGIT[digits])
    num = np.zeros(len(starts), np.int64)
    for j in range(int(n_digits.max(initial=0))):
        num = np.where(n_digits > j, num * 10 + (digits[:, j].astype(np.int64) - 48), num)
    return n_letters, col, n_digits, num


@dataclass
class _Part:
    """Running state of one part's scan (rows and strings cross chunk boundaries)."""

    prefix: bytes = b""
    root: bytes = b""
    open_row_cells: int = 0
    rows: int = 0
    rows_with_ref: int = 0
    cells: int = 0
    cells_with_ref: int = 0
    max_row: int = 0
    max_col: int = 0
    max_cells_in_row: int = 0
    lengths: list = field(default_factory=list)
    records: bytes = b""  # end tag of the part's records (rows, shared strings)


SHEET_ROOTS = (b"worksheet", b"dialogsheet", b"macrosheet", b"chartsheet")


def _scan_part(name: str, stream, totals: Totals) -> None:
    part = _Part()
    carry = b""
    first = True
    while True:
        block = stream.read(CHUNK)
        data = carry + block
        if first:
            first = False
            part.prefix, part.root = _root(data)
        if not part.records and (part.root in SHEET_ROOTS or b"<" + part.prefix + b"row" in data):
            part.records = b"</" + part.prefix + b"row>"
        elif part.root == b"sst":
            part.records = b"</" + part.prefix + b"si>"
        if block:
            carry, data = _split(name, data, part.records)
            if not data:
                continue
        else:
            carry = b""
        _scan_chunk(name, data, part, totals)
        if not block:
            break
    part.max_cells_in_row = max(part.max_cells_in_row, part.open_row_cells)
    _add(name, part, totals)


def _split(name: str, data: bytes, records: bytes) -> tuple[bytes, bytes]:
    """(what to keep for the next chunk, what to scan now): whole rows or shared strings,
    so none straddles two chunks; elsewhere whole tags (a DTD marker has no ">")."""
    if records:
        cut = data.rfind(records)
        if cut >= 0:
            cut += len(records)
            return data[cut:], data[:cut]
        if len(data) > MAX_RECORD:
            raise Refused(f"part {name} has a row or string larger than {MAX_RECORD >> 20} MiB")
        return data, b""
    cut = data.rfind(b">") + 1
    if cut == 0:  # binary data without a ">": keep a marker's length for the next chunk
        cut = max(0, len(data) - 32)
    return data[cut:], data[:cut]


def _root(head: bytes) -> tuple[bytes, bytes]:
    """(namespace prefix with its colon, local name) of the part's root element."""
    text = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head[:4096], flags=re.DOTALL)
    match = _ROOT.search(text)
    if match is None:
        return b"", b""
    return (match[1] + b":" if match[1] else b""), match[2]


def _scan_chunk(name: str, data: bytes, part: _Part, totals: Totals) -> None:
    if (b"<!" in data or b"<\x00!" in data) and any(m in data for m in _MARKERS):
        raise Refused(f"part {name} declares a DTD or XML entities, which Excel never writes")
    chunk = _Chunk(data)
    p = part.prefix
    if part.root == b"sst" or b"<" + p + b"si" in data:
        starts, ends = chunk.starts(p + b"si"), chunk.ends(p + b"si")
        if len(starts) and len(ends) == len(starts):
            part.lengths.append(ends - starts)
    # Text the reader copies: <t> elements (inline strings, shared strings) and <v> values
    # (numbers are counted too: an upper bound).
    for tag in (b"t", b"v"):
        starts, ends = chunk.starts(p + tag), chunk.ends(p + tag)
        if len(starts) == len(ends):
            totals.inline_text += int((ends - starts).sum())
        else:  # unbalanced: the whole chunk as text
            totals.inline_text += len(data)
    cells, rows = chunk.starts(p + b"c"), chunk.starts(p + b"row")
    if not len(cells) and not len(rows):
        return
    # Cells per row: the cells before the first row start belong to the row still open.
    per_row = np.bincount(np.searchsorted(rows, cells, side="right"), minlength=len(rows) + 1)
    per_row[0] += part.open_row_cells
    if len(rows):
        part.max_cells_in_row = max(part.max_cells_in_row, int(per_row[:-1].max()))
        part.open_row_cells = int(per_row[-1])
    else:
        part.open_row_cells = int(per_row[0])
    part.rows += len(rows)
    part.cells += len(cells)
    # r attributes: rows carry digits, cells letters and digits.
    n_letters, col, n_digits, num = _numbers(chunk.buf, chunk.attribute(b"r"))
    if len(num):
        beyond = (n_letters > 3) | (n_digits > 7) | (num > MAX_ROWS) | (col > MAX_COLUMNS)
        if beyond.any():
            raise Refused(
                f"part {name} refers to cells beyond Excel's {MAX_ROWS:,} rows x "
                f"{MAX_COLUMNS:,} columns"
            )
        part.max_row = max(part.max_row, int(num.max()))
        part.max_col = max(part.max_col, int(col.max()))
        part.cells_with_ref += int(((n_letters > 0) & (n_digits > 0)).sum())
        part.rows_with_ref += int(((n_letters == 0) & (n_digits > 0)).sum())
    # Shared-string references: t="s" on a cell, the index in the <v> that follows.
    shared = chunk.attribute(b"t", b's"')
    if len(shared):
        values = chunk.starts(p + b"v") + len(p) + 3
        nxt = np.searchsorted(values, shared)
        nxt = nxt[nxt < len(values)]
        if len(nxt):
            _, _, n_dig, index = _numbers(chunk.buf, values[nxt])
            index = index[n_dig > 0]
            inside = index[index < SHARED_INDEX_CAP]
            counts = np.bincount(inside)
            totals._refs[: len(counts)] += counts
            totals._refs_beyond += len(index) - len(inside)


def _add(name: str, part: _Part, totals: Totals) -> None:
    totals._lengths.extend(np.asarray(x) for x in part.lengths)
    if not part.cells:
        return
    # Upper bound of the grid: cells without a reference follow the one before them.
    rows = part.max_row if part.rows_with_ref == part.rows else part.max_row + part.rows
    rows = max(rows, 1)
    cols = (
        part.max_col if part.cells_with_ref == part.cells else part.max_col + part.max_cells_in_row
    )
    grid = rows * max(cols, 1)
    totals.cells += part.cells
    totals.grid += grid
    if grid > totals.biggest[1]:
        totals.biggest = (name, grid)
