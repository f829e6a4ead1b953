"""Rendering and publishing (``osaaja render``, ``osaaja publish``)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline import publish, render
from pipeline.model import Profile, ThemeInfo
from pipeline.stages.core import Run, StageResult, holding_build_lock
from pipeline.stages.review import Gate, load_profiles, publication_gate, theme_infos


@dataclass(frozen=True)
class Inputs:
    """What rendering and publishing read: profiles, themes and the publication gate.
    ``run_build`` makes it once for both stages; a single command makes its own."""

    profiles: list[Profile]
    themes: list[ThemeInfo]
    gate: Gate

    @classmethod
    def of(cls, run: Run) -> Inputs:
        profiles = load_profiles(run)
        return cls(profiles, theme_infos(run), publication_gate(run, profiles))


def render_stage(
    run: Run,
    *,
    draft: bool = False,
    pdf: bool = True,
    workers: int | None = None,
    inputs: Inputs | None = None,
) -> StageResult:
    """Render every profile (HTML and PDF) in every configured language. Final pages go to BUILD/profiles/,
    drafts to BUILD/drafts/profiles/ so they can never be mistaken for final pages."""
    result = StageResult()
    if inputs is None:
        inputs = Inputs.of(run)
        result.warnings += inputs.gate.refused_lines()
    project = run.project
    report = render.render_profiles(
        inputs.profiles,
        inputs.themes,
        project.drafts_profiles_dir if draft else project.profiles_dir,
        templates=project.templates,
        reviews=inputs.gate.reviews,
        draft=draft,
        pdf=pdf,
        workers=workers,
        progress=run.progress,
        catalogue=run.config.strings,
        texts=run.config.translations,
        languages=run.config.languages,
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
    """Assemble the site from rendered pages. The public site (BUILD/site/) takes only
    approved, current, check-passing profiles; ``draft`` renders every profile as a draft
    and assembles BUILD/drafts/site/ instead (never the public folder)."""
    result = StageResult()
    if inputs is None:
        inputs = Inputs.of(run)
        result.warnings += inputs.gate.refused_lines()
    if draft:
        result.add(render_stage(run, draft=True, pdf=pdf, workers=workers, inputs=inputs))
    project = run.project
    report = publish.publish_site(
        inputs.profiles,
        inputs.themes,
        project.drafts_profiles_dir if draft else project.profiles_dir,
        project.drafts_site_dir if draft else project.site_dir,
        templates=project.templates,
        excluded=None if draft else inputs.gate.excluded,
        pdf=pdf,
        workers=workers,
        draft=draft,
        catalogue=run.config.strings,
        texts=run.config.translations,
        languages=run.config.languages,
    )
    result.lines += report.lines()
    return result


# The commands take the build lock; ``run_build`` calls the stages inside its own.
run_render = holding_build_lock("render")(render_stage)
run_publish = holding_build_lock("publish")(publish_stage)
