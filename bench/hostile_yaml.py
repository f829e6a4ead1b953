"""YAML alias bombs in every configuration file, through the real command: time, peak
memory and what the analyst sees.

Before issue 11 a nine-level billion-laughs file ran 40+ s to 5.6 GB and ended in a
MemoryError traceback. Target: each ends in under 2 s with one line.

Run: .venv/bin/python bench/hostile_yaml.py
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def billion_laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def main() -> None:
    cases = {
        "osaaja.yaml": ("raw/osaaja.yaml", ["ingest"]),
        "profiles.yaml": ("raw/profiles.yaml", ["ingest"]),
        "themes.yaml": ("themes.yaml", ["ingest"]),
        # a refused sign-off does not stop the build: the line says so, the rest goes on
        "a sign-off file": ("raw/signoffs/myyja/aino-virtanen.yaml", ["build", "--no-pdf"]),
    }
    print(f"{'bomb in':<18} {'seconds':>8} {'peak MiB':>9}  exit  lines  first line")
    for label, (rel, command) in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            shutil.copytree(ROOT / "raw", root / "raw")
            shutil.copy(ROOT / "themes.yaml", root / "themes.yaml")
            (root / rel).write_text(billion_laughs(), encoding="utf-8")
            args = ["--raw", str(root / "raw"), "--build", str(root / "build")]
            args += ["--themes", str(root / "themes.yaml")]
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "pipeline", *args, *command],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=300,
            )
            seconds = time.perf_counter() - start
            peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
            lines = [
                line
                for line in (proc.stderr + proc.stdout).splitlines()
                if "alias" in line or proc.returncode
            ]
            print(
                f"{label:<18} {seconds:8.2f} {peak:9.0f}  {proc.returncode:>4}  {len(lines):>5}  "
                f"{lines[0][:90] if lines else ''}"
            )


if __name__ == "__main__":
    main()
