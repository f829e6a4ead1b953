"""Open the analyst workbooks in LibreOffice and render them to PDF and PNG, to look at.

Run: ``.venv/bin/python scripts/preview_analyst.py [BUILD/analyst] [OUT]``
(defaults ``build/analyst`` and ``build/analyst-preview``). Needs LibreOffice
(``apt-get install -y libreoffice-calc-nogui``) and ``pdftoppm`` (poppler-utils).

Exit 1 when LibreOffice cannot convert a workbook: that is the check that the
workbooks open; the PNGs are for a person to look at (colours, frozen header, widths).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main(source: Path, out: Path) -> int:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        print(
            "LibreOffice is not installed: apt-get install -y libreoffice-calc-nogui",
            file=sys.stderr,
        )
        return 2
    books = sorted(source.glob("*_themes.xlsx"))
    if not books:
        print(f"no analyst workbooks in {source}; run `osaaja theme` first", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    # A private profile directory: a first run must not depend on (or touch) the user's.
    with tempfile.TemporaryDirectory() as profile:
        for book in books:
            result = subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(out),
                    str(book),
                ],
                capture_output=True,
                text=True,
                timeout=180,
            )
            pdf = out / (book.stem + ".pdf")
            if result.returncode != 0 or not pdf.exists():
                print(
                    f"{book}: LibreOffice could not open it: {result.stderr.strip() or result.stdout.strip()}"
                )
                failed += 1
                continue
            pages = _pages(pdf)
            print(f"{book}: opens in LibreOffice; {pdf} ({pages} page(s))")
            if shutil.which("pdftoppm"):
                subprocess.run(
                    [
                        "pdftoppm",
                        "-png",
                        "-r",
                        "60",
                        "-f",
                        "1",
                        "-l",
                        "3",
                        str(pdf),
                        str(out / book.stem),
                    ],
                    check=True,
                    timeout=120,
                )
                for png in sorted(out.glob(f"{book.stem}-*.png")):
                    print(f"  {png}")
    return 1 if failed else 0


def _pages(pdf: Path) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    source = args[0] if args else Path("build/analyst")
    out = args[1] if len(args) > 1 else source.parent / "analyst-preview"
    sys.exit(main(source, out))
