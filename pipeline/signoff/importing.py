"""``osaaja signoff import FILE...``: reviewers' sign-off files (downloaded from a review
packet, or written by hand) validated and filed at ``raw/signoffs/<profile>/<slug>.yaml``.

All or nothing: when any file has a problem, nothing is filed. A reviewer's earlier
approval of another version is not lost when their new file takes its place: it is kept
at ``raw/signoffs/<profile>/<cycle>/<slug>.yaml`` (the sign-off reader accepts it there),
so every approved version stays publishable from the committed files (``pipeline.versions``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import yamlfile
from pipeline.errors import Problem
from pipeline.fsutil import atomic_file
from pipeline.signoff.files import SignOff, read_signoff, reviewer_slug


@dataclass(frozen=True)
class Filed:
    """One file to import. source: the file given; target: where it is filed; signoff: what
    it says; data: its bytes (filed as they are); kept: where the reviewer's earlier
    approval of another version is moved to, or None; unchanged: the target holds the same
    bytes already."""

    source: Path
    target: Path
    signoff: SignOff
    data: bytes
    kept: Path | None
    unchanged: bool


def plan_import(
    files: Sequence[Path], signoffs_dir: Path, known: Iterable[str], today: dt.date
) -> tuple[list[Filed], list[Problem]]:
    """Validate every file and decide where it goes; nothing is written here."""
    known = sorted(set(known))
    out: list[Filed] = []
    problems: list[Problem] = []
    for path in files:
        data, problem = yamlfile.read_bytes(path)
        if problem is not None:
            problems.append(problem)
            continue
        signoff, found = read_signoff(Path(path), today)
        if signoff is None:
            problems += found
            continue
        if signoff.profile not in known:
            problems.append(
                Problem(
                    str(path),
                    row=signoff.rows.get("profile"),
                    message=f"no profile {signoff.profile!r} in profiles.yaml; "
                    f"known: {', '.join(known) or 'none'}",
                )
            )
            continue
        slug = reviewer_slug(signoff.reviewer)
        target = signoffs_dir / signoff.profile / f"{slug}.yaml"
        clash = next((f for f in out if f.target == target), None)
        if clash is not None:
            problems.append(
                Problem(
                    str(path),
                    message=f"{clash.source} is filed as {target} too (the same reviewer "
                    "and profile); import one of them",
                )
            )
            continue
        kept, unchanged = None, False
        if target.is_file():
            unchanged = target.read_bytes() == data
            earlier, _ = read_signoff(target, today)
            if not unchanged and earlier is not None:
                if earlier.date > signoff.date and earlier.content_hash != signoff.content_hash:
                    problems.append(
                        Problem(
                            str(path),
                            row=signoff.rows.get("reviewer"),
                            message=f"{target} holds a later sign-off by {signoff.reviewer} "
                            f"({earlier.date.isoformat()}, cycle {earlier.cycle}) than this "
                            f"one ({signoff.date.isoformat()}); it is not replaced",
                        )
                    )
                    continue
                if earlier.decision == "approved" and earlier.content_hash != signoff.content_hash:
                    kept = target.parent / str(earlier.cycle) / target.name
        out.append(Filed(Path(path), target, signoff, data, kept, unchanged))
    return out, problems


def apply_import(plan: Sequence[Filed]) -> None:
    """File every planned sign-off: the earlier approval moved aside first, then the new
    file written beside its target and swapped in."""
    for f in plan:
        if f.unchanged:
            continue
        if f.kept is not None:
            f.kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(f.target, f.kept)
        with atomic_file(f.target) as tmp:
            tmp.write_bytes(f.data)
