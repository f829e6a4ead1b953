"""Reviewers' side of sign-off: review packets out (``osaaja signoff request``), sign-off
files in (``osaaja signoff import``)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from pipeline import render, signoff
from pipeline.errors import DataError, UsageError
from pipeline.i18n import STRINGS_FILE, Translator
from pipeline.model import Profile
from pipeline.signoff.importing import apply_import, plan_import
from pipeline.stages.core import Run, StageResult, holding_build_lock
from pipeline.stages.output import Inputs
from pipeline.templating import make_environment, render_template
from pipeline.views.packet import PACKET_LANGUAGE, packet_page

PACKET_TEMPLATE = "review_packet.html.j2"


def packet_name(profile_id: str) -> str:
    """The self-contained packet page in BUILD/review/<id>/."""
    return f"{profile_id}.review.html"


@holding_build_lock("signoff request")
def run_signoff_request(
    run: Run, profile_ids: tuple[str, ...], *, all_profiles: bool
) -> StageResult:
    """A review packet per profile in BUILD/review/<id>/: the packet page (the draft profile,
    what changed since the published version or the reader's last approval, and the form
    that downloads their sign-off file), the draft pages and PDFs, and a pre-filled
    sign-off file for those who prefer to write YAML."""
    if not profile_ids and not all_profiles:
        raise UsageError(
            "name at least one PROFILE (or use --all); see `osaaja signoff request --help`"
        )
    inputs = Inputs.of(run)
    by_id = {p.id: p for p in inputs.profiles}
    unknown = [pid for pid in profile_ids if pid not in by_id]
    if unknown:
        raise UsageError(
            f"unknown profile(s): {', '.join(unknown)}; known: {', '.join(sorted(by_id)) or 'none'}"
        )
    chosen = inputs.profiles if all_profiles else [by_id[pid] for pid in dict.fromkeys(profile_ids)]
    versions = {pv.id: pv for pv in inputs.publication.profiles}
    build, templates = run.project.build, run.project.templates
    env = make_environment(templates)
    tolerance = run.config.publication.change_tolerance

    def write_packet(profile: Profile, folder: Path) -> None:
        build.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=build, prefix=".review-") as tmp:
            render.render_profiles(
                [profile],
                inputs.themes,
                Path(tmp),
                templates=templates,
                draft=True,
                catalogue=run.config.strings,
                reviews=inputs.gate.reviews,
                texts=run.config.translations,
                languages=run.config.languages,
            )
            for path in sorted((Path(tmp) / profile.id).iterdir()):
                shutil.move(str(path), str(folder / path.name))
        changes, by_reviewer = signoff.packet_changes(
            profile, inputs.gate.signoffs, versions[profile.id].published, tolerance
        )
        page = packet_page(
            profile,
            inputs.themes,
            run.config.strings,
            changes=changes,
            by_reviewer=by_reviewer,
            yaml_parts=signoff.signoff_parts(profile),
            assets=templates / render.ASSETS_DIR,
        )
        t = Translator(run.config.strings, PACKET_LANGUAGE, str(templates / STRINGS_FILE))
        html = render_template(env, PACKET_TEMPLATE, page=page, meta=page.meta, t=t)
        (folder / packet_name(profile.id)).write_text(html, encoding="utf-8")

    written = signoff.write_review_packets(chosen, run.project.review_dir, render_fn=write_packet)
    return StageResult(
        [f"review packet: {path / packet_name(path.name)}" for path in written]
        + [
            "send the packet page to the reviewers; `osaaja signoff import FILE...` files what they send back"
        ]
    )


@holding_build_lock("signoff import")
def run_signoff_import(run: Run, files: tuple[Path, ...]) -> StageResult:
    """Validate reviewers' sign-off files and file them at RAW/signoffs/<profile>/<slug>.yaml
    (all or nothing); then each affected profile's state."""
    if not files:
        raise UsageError("name at least one FILE; see `osaaja signoff import --help`")
    specs = run.config.require_profiles(run.project)
    signoffs_dir = run.project.signoffs_dir
    plan, problems = plan_import(list(files), signoffs_dir, [s.id for s in specs], dt.date.today())
    if problems:
        raise DataError(problems, headline=f"{len(problems)} problem(s); nothing was filed.")
    apply_import(plan)
    lines = []
    for f in plan:
        s = f.signoff
        what = (
            f"{s.decision.replace('_', ' ')} by {signoff.role_label(s.role, 'en')} "
            f"{s.reviewer}, {s.date.isoformat()} (cycle {s.cycle})"
        )
        verb = "unchanged" if f.unchanged else "filed"
        lines.append(f"{verb} {f.target}: {what}")
        if f.kept is not None:
            lines.append(
                f"  kept the earlier approval of the {f.kept.parent.name} version: {f.kept}"
            )
    if run.project.store_path.exists():
        affected = {f.signoff.profile for f in plan}
        inputs = Inputs.of(run)
        lines += signoff.status_lines([s for s in inputs.gate.statuses if s.profile_id in affected])
    return StageResult(lines)
