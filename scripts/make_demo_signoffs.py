"""Write the demo sign-offs in raw/signoffs/ from the current store.

Every profile gets an approved, current sign-off by fictional reviewers, except:

- ``--stale ID``: signed off on a slightly different earlier version (one figure moved
  and one item missing), so ``osaaja signoff status`` shows it stale and lists what changed;
- ``--changes-requested ID``: a teacher asks for changes (with comments), which blocks it;
- ``--skip ID``: no sign-off at all (missing).

Names, roles and dates are fixed, so the same store gives the same files. Run it after
``osaaja build`` (the store must exist):

    .venv/bin/python scripts/make_demo_signoffs.py --stale kokki --changes-requested lahihoitaja
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import stages  # noqa: E402
from pipeline.model import Profile  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.signoff import reviewer_slug, signoff_yaml  # noqa: E402

# Fictional reviewers (no real people): (name, role).
HEADS = [
    ("Aino Virtanen", "head_of_field"),
    ("Mikko Laaksonen", "head_of_field"),
    ("Sari Kettunen", "head_of_field"),
]
TEACHERS = [
    ("Pekka Opettaja", "teacher"),
    ("Liisa Rantanen", "teacher"),
    ("Jussi Koivisto", "teacher"),
]
REQUEST = (
    "Kielitaito-osio on suppea: ruotsin kielen tarve puuttuu, vaikka se näkyi kyselyn "
    "kommenteissa.\nTarkistakaa myös, kuvaako profiili koko ammattia eikä vain suurimpia yrityksiä."
)


def _earlier_version(profile: Profile) -> Profile:
    """The profile as it might have looked before the last data fix: the first item's
    future importance 0.6 lower and the last item not yet there."""
    items = list(profile.items)
    shown = [
        i for i, item in enumerate(items) if not item.suppressed and item.mean_future is not None
    ]
    if shown:
        first = items[shown[0]]
        future = max(1.0, first.mean_future - 0.6)
        change = None if first.mean_now is None else future - first.mean_now
        items[shown[0]] = dataclasses.replace(first, mean_future=future, change=change)
    if len(items) > 1:
        items.pop()
    return dataclasses.replace(profile, items=tuple(items))


def _write(
    signoffs_dir: Path,
    profile: Profile,
    reviewer: tuple[str, str],
    *,
    version: Profile | None = None,
    decision: str = "approved",
    date: dt.date,
    comments: str = "",
) -> Path:
    name, role = reviewer
    path = signoffs_dir / profile.id / f"{reviewer_slug(name)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        signoff_yaml(
            version or profile,
            reviewer=name,
            role=role,
            decision=decision,
            date=date.isoformat(),
            comments=comments,
        ),
        encoding="utf-8",
    )
    return path


@click.command()
@click.option(
    "--raw", type=click.Path(file_okay=False, path_type=Path), default="raw", show_default=True
)
@click.option(
    "--build", type=click.Path(file_okay=False, path_type=Path), default="build", show_default=True
)
@click.option(
    "--themes",
    type=click.Path(dir_okay=False, path_type=Path),
    default="themes.yaml",
    show_default=True,
)
@click.option(
    "--stale", "stale", multiple=True, help="Profile id signed off on an earlier version."
)
@click.option(
    "--changes-requested", "requested", multiple=True, help="Profile id with a change request."
)
@click.option("--skip", "skip", multiple=True, help="Profile id left without a sign-off.")
def main(
    raw: Path,
    build: Path,
    themes: Path,
    stale: tuple[str, ...],
    requested: tuple[str, ...],
    skip: tuple[str, ...],
) -> None:
    """Write deterministic demo sign-offs for every profile in the store."""
    project = Project.at(raw=raw, build=build, themes=themes)
    # the commands' source: the profiles as the store computed them
    profiles = sorted(stages.load_profiles(stages.Run.of(project)), key=lambda p: p.id)
    unknown = sorted((set(stale) | set(requested) | set(skip)) - {p.id for p in profiles})
    if unknown:
        raise click.UsageError(f"unknown profile(s): {', '.join(unknown)}")
    for n, profile in enumerate(profiles):
        if profile.id in skip:
            continue
        date = dt.date(profile.cycle + 1, 3, 2) + dt.timedelta(days=7 * n)
        head, teacher = HEADS[n % len(HEADS)], TEACHERS[n % len(TEACHERS)]
        if profile.id in stale:
            written = [
                _write(
                    project.signoffs_dir,
                    profile,
                    head,
                    version=_earlier_version(profile),
                    date=date,
                )
            ]
        elif profile.id in requested:
            written = [
                _write(project.signoffs_dir, profile, head, date=date),
                _write(
                    project.signoffs_dir,
                    profile,
                    teacher,
                    decision="changes_requested",
                    date=date + dt.timedelta(days=2),
                    comments=REQUEST,
                ),
            ]
        else:
            written = [_write(project.signoffs_dir, profile, head, date=date)]
            if n % 3 == 0:  # some profiles are checked by a teacher too
                written.append(
                    _write(project.signoffs_dir, profile, teacher, date=date + dt.timedelta(days=1))
                )
        for path in written:
            click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()
