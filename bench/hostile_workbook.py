"""Legal-size and reported-size hostile workbooks: ingest memory, time and stderr.

Two workbooks, written by code with a fixed seed into ``bench/_data/hostile-*/``:

- ``reported``: the shape of the issue-11 finding - a ~400 MB sheet XML in a ~20 MB file,
  under the zip limits (400 MiB inflated, 250:1 per part) and within Excel's grid: one
  million rating rows with inline texts, one organisation rating one item 30,000 times
  (one problem with a long row list), every 700th rating out of scale;
- ``legal``: the same rows, as many as ``pipeline.workbook`` accepts (its memory estimate
  just under ``MAX_READ_MEMORY``): the largest workbook ingest has to read.

For each, ``osaaja ingest`` runs in a child process and a bare python-calamine read of the
same file in another; the script samples the resident memory of each process tree (all
processes, workers included) every 20 ms and prints peak RSS, wall time and, for ingest,
the bytes written to stderr and its longest line. Target: ingest under 1 GB for both.

Run: python bench/hostile_workbook.py [--data bench/_data] [--only legal|reported]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook xmlns="{NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Arviot" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER = [
    "Organisaatio",
    "Vastaaja",
    "Toimiala",
    "Osaamisalue",
    "Osaaminen",
    "Tyyppi",
    "Nykytarve (1-5)",
    "Tuleva tarve (1-5)",
    "Kommentti",
]
META = [("Kierros:", "2022"), ("Ala:", "Matkailu"), ("Ammatti:", "Opas")]
AREAS = ["Asiakaspalvelu", "Digitaidot", "Turvallisuus", "Kielitaito", "Työelämätaidot"]
KINDS = ["Tieto", "Taito", "Asenne"]
SECTORS = ["Majoitus", "Ravitsemus", "Ohjelmapalvelut", "Matkatoimisto"]
ROLES = ["toimitusjohtaja", "esihenkilö", "henkilöstöpäällikkö"]
COLUMNS = "ABCDEFGHI"
REPORTED_ROWS = 1_000_000
DUPLICATES = 30_000  # one organisation rating one item again and again


def write_workbook(path: Path, n_rows: int, seed: int = 20240611) -> Path:
    """Write the workbook with ``n_rows`` rating rows (deterministic: fixed seed and stamps)."""
    rng = random.Random(seed)
    n_orgs, n_items = 4000, 250
    strings: list[str] = []
    index: dict[str, int] = {}

    def sst(text: str) -> int:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    orgs = [f"Yritys {o:04d} Oy" for o in range(n_orgs)]
    items = [
        f"Osaaminen {i:03d}: hallitsee tehtävän {i % 37} vaiheet ja niiden laatuvaatimukset"
        for i in range(n_items)
    ]
    r = 0

    def row(cells: list[tuple[str, object]]) -> str:
        nonlocal r
        r += 1
        parts = [f'<row r="{r}">']
        for col, (kind, value) in zip(COLUMNS, cells, strict=False):
            ref = f"{col}{r}"
            if kind == "s":
                parts.append(f'<c r="{ref}" t="s"><v>{sst(str(value))}</v></c>')
            elif kind == "i":  # inline text, as many exporters write it
                parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
            elif kind == "n":
                parts.append(f'<c r="{ref}"><v>{value}</v></c>')
        parts.append("</row>")
        return "".join(parts)

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    stamp = (2024, 6, 1, 0, 0, 0)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ):
            zf.writestr(zipfile.ZipInfo(name, stamp), text)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as out:
            head = [
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}"><sheetData>'
            ]
            head += [row([("s", k), ("s", v)]) for k, v in META]
            head.append(row([("s", h) for h in HEADER]))
            out.write("".join(head).encode())
            buffer = []
            for n in range(n_rows):
                if n < DUPLICATES:
                    o, i = 0, 0
                else:
                    o, i = n % n_orgs, (n // n_orgs) % n_items
                now = rng.randint(1, 5) if n % 700 else 9
                cells = [
                    ("i", orgs[o]),
                    ("s", ROLES[o % 3]),
                    ("s", SECTORS[o % 4]),
                    ("s", AREAS[i % 5]),
                    ("i", items[i]),
                    ("s", KINDS[i % 3]),
                    ("n", now),
                    ("n", rng.randint(1, 5)),
                ]
                if n % 50 == 0:
                    cells.append(("i", "Tärkeä taito, koska asiakkaat odottavat sitä yhä useammin"))
                buffer.append(row(cells))
                if len(buffer) == 5000:
                    out.write("".join(buffer).encode())
                    buffer.clear()
            out.write(("".join(buffer) + "</sheetData></worksheet>").encode())
        items_xml = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        zf.writestr(
            zipfile.ZipInfo("xl/sharedStrings.xml", stamp),
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items_xml}</sst>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
    tmp.rename(path)
    return path


def legal_rows(folder: Path) -> int:
    """The most rows ``pipeline.workbook`` accepts: its estimate grows linearly with rows,
    so measure it on a sample and scale (2 % below the limit)."""
    from pipeline import workbook, xlsxscan

    sizes = []
    for n in (20_000, 40_000):
        sample = write_workbook(folder / f"sample-{n}.xlsx", n)
        with zipfile.ZipFile(sample) as zf:
            sizes.append(workbook.read_memory(xlsxscan.scan(zf)))
        sample.unlink()
    per_row = (sizes[1] - sizes[0]) / 20_000
    fixed = sizes[0] - per_row * 20_000
    return int((workbook.MAX_READ_MEMORY * 0.98 - fixed) / per_row)


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    parents: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(entry.name)
        parents.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += parents.get(p, [])
    return total


def measure(cmd: list[str]) -> tuple[float, int, bytes, int]:
    """(seconds, peak RSS of the process tree, stderr, exit code) of a command."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()))
    reader.start()
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.02)
    reader.join()
    return time.perf_counter() - start, peak, err[0], proc.returncode


BARE = """
import sys, python_calamine
wb = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
print(sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names))
"""


def run(name: str, path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        sheet = zf.getinfo("xl/worksheets/sheet1.xml")
    print(
        f"{name}: {path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.1f} MB on disk, sheet XML "
        f"{sheet.file_size / 1e6:.0f} MB ({sheet.file_size / sheet.compress_size:.0f}:1)"
    )
    with tempfile.TemporaryDirectory() as build:
        osaaja = [sys.executable, "-m", "pipeline", "--raw", str(path.parent), "--build", build]
        seconds, peak, err, code = measure([*osaaja, "ingest"])
    lines = err.decode("utf-8", "replace").splitlines()
    print(
        f"  osaaja ingest      : {seconds:6.1f} s, peak RSS {peak / 2**20:6,.0f} MiB "
        f"(target < 1024), exit {code}, stderr {len(err):,} bytes in {len(lines)} lines, "
        f"longest {max(map(len, lines), default=0):,} characters"
    )
    for line in lines[:2]:
        print(f"    {line[:160]}")
    seconds, peak, _, code = measure([sys.executable, "-c", BARE, str(path)])
    print(
        f"  bare python-calamine: {seconds:6.1f} s, peak RSS {peak / 2**20:6,.0f} MiB, exit {code}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "_data")
    parser.add_argument("--only", choices=("legal", "reported"))
    args = parser.parse_args()
    if args.only != "legal":
        reported = args.data / "hostile-reported" / "2022_matkailu_opas.xlsx"
        if not reported.exists():
            write_workbook(reported, REPORTED_ROWS)
        run("reported", reported)
    if args.only != "reported":
        legal = args.data / "hostile-legal" / "2022_matkailu_opas.xlsx"
        if not legal.exists():
            n = legal_rows(args.data)
            print(f"legal-size: {n:,} rows (the most the memory estimate accepts)")
            write_workbook(legal, n)
        run("legal-size", legal)


if __name__ == "__main__":
    main()
