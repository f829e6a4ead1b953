"""Rendering and publishing (``osaaja render``, ``osaaja publish``)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from pipeline import crosspages, publish, render
from pipeline.model import Profile, ThemeInfo
from pipeline.stages.core import Run, StageResult, holding_build_lock
from pipeline.stages.review import (
    Gate,
    profiles_in,
    profiles_store,
    publication_gate,
    publication_plan,
    theme_infos,
)
from pipeline.versions import Publication


@dataclass(frozen=True)
class Inputs:
    """What rendering and publishing read: profiles, themes, the publication gate and the
    versions to publish. ``run_build`` makes it once for both stages; a single command
    makes its own."""

    profiles: list[Profile]
    themes: list[ThemeInfo]
    gate: Gate
    publication: Publication

    @classmethod
    def of(cls, run: Run) -> Inputs:
        with profiles_store(run) as con:
            profiles = profiles_in(con, run)
            gate = publication_gate(run, profiles)
            publication = publication_plan(run, con, profiles, gate)
        return cls(profiles, theme_infos(run), gate, publication)


def render_stage(
    run: Run,
    *,
    draft: bool = False,
    pdf: bool = True,
    workers: int | None = None,
    inputs: Inputs | None = None,
) -> StageResult:
    """Render every profile (HTML and PDF) in every configured language. Final pages go to
    BUILD/profiles/: each profile's published version (with a note when newer content is in
    review), or its current content when nothing is approved yet; other archived versions
    go to BUILD/versions/<cycle>/. Drafts (every profile's current content, saying where
    its review stands) go to BUILD/drafts/profiles/ so they can never be mistaken for final
    pages."""
    result = StageResult()
    if inputs is None:
        inputs = Inputs.of(run)
        result.warnings += inputs.gate.refused_lines()
    project = run.project
    if draft:
        targets = {
            project.drafts_profiles_dir: [
                publish.Placement(
                    p.id, p, inputs.gate.colophons.get(p.id), None, project.drafts_profiles_dir
                )
                for p in inputs.profiles
            ]
        }
    else:
        targets = publish.render_targets(
            inputs.publication, project.profiles_dir, project.versions_dir
        )
        if project.versions_dir.is_dir():  # rounds with no archived page of their own
            for old in sorted(project.versions_dir.iterdir()):
                if old not in targets:
                    shutil.rmtree(old, ignore_errors=True)
    related = crosspages.related_rows(
        Publication.simple(inputs.profiles, {}) if draft else inputs.publication,
        archive=not draft,
        languages=run.config.languages,
    )
    for out_dir, places in targets.items():
        root = out_dir in (project.profiles_dir, project.drafts_profiles_dir)
        report = render.render_profiles(
            [pl.profile for pl in places],
            inputs.themes,
            out_dir,
            templates=project.templates,
            reviews=inputs.gate.reviews if draft else None,
            colophons={pl.profile.id: pl.colophon for pl in places if pl.colophon},
            updates={pl.profile.id: pl.update for pl in places if pl.update is not None},
            draft=draft,
            pdf=pdf,
            workers=workers,
            progress=run.progress,
            catalogue=run.config.strings,
            texts=run.config.translations,
            languages=run.config.languages,
            related=related if root else None,
            base_url=None if draft else run.config.settings.base_url,
        )
        result.lines += report.lines()
    return result


def publish_stage(
    run: Run,
    *,
    draft: bool = False,
    pdf: bool = True,
    workers: int | None = None,
    inputs: Inputs | None = None,
) -> StageResult:
    """Render what is out of date, then assemble the site. The public site (BUILD/site/)
    shows each profile's latest approved version and keeps every round's approved
    versions; ``draft`` renders every profile as a draft and assembles BUILD/drafts/site/
    instead (never the public folder)."""
    result = StageResult()
    if inputs is None:
        inputs = Inputs.of(run)
        result.warnings += inputs.gate.refused_lines()
    result.add(render_stage(run, draft=draft, pdf=pdf, workers=workers, inputs=inputs))
    project = run.project
    publication = (
        Publication.simple(inputs.profiles, {}, inputs.gate.colophons)
        if draft
        else inputs.publication
    )
    report = publish.publish_site(
        publication,
        inputs.themes,
        project.drafts_profiles_dir if draft else project.profiles_dir,
        project.drafts_site_dir if draft else project.site_dir,
        templates=project.templates,
        versions_dir=None if draft else project.versions_dir,
        pdf=pdf,
        workers=workers,
        draft=draft,
        catalogue=run.config.strings,
        threshold=run.config.trend_threshold,
        base_url=run.config.settings.base_url,
        texts=run.config.translations,
        languages=run.config.languages,
    )
    result.warnings += inputs.publication.lines() if not draft else []
    result.lines += report.lines()
    return result


# The commands take the build lock; ``run_build`` calls the stages inside its own.
run_render = holding_build_lock("render")(render_stage)
run_publish = holding_build_lock("publish")(publish_stage)
