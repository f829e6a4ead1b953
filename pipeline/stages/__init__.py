"""Stage runners: the library calls behind each command. ``stages`` owns the run: it
reads the configuration once (``Run.of``), writes the store through ``store.writing``,
and every runner returns a ``StageResult``. The CLI only parses options, calls a runner
and prints, so the same runs are available to scripts and tests without click.
"""

from pipeline.stages.build import run_build
from pipeline.stages.core import Run, StageResult
from pipeline.stages.data import (
    run_diff,
    run_ingest,
    run_new_cycle,
    run_theme,
    run_themes_check,
    run_themes_explain,
    run_themes_promote,
)
from pipeline.stages.derive import derive
from pipeline.stages.evidence import run_evidence_proposals, run_evidence_status
from pipeline.stages.output import Inputs, run_publish, run_render
from pipeline.stages.review import (
    Gate,
    load_profiles,
    publication_gate,
    run_check,
    run_signoff_status,
)
from pipeline.stages.signoffs import run_signoff_import, run_signoff_request
from pipeline.stages.translations import (
    run_translations_export,
    run_translations_import,
    run_translations_status,
)

__all__ = [
    "Gate",
    "Inputs",
    "Run",
    "StageResult",
    "derive",
    "load_profiles",
    "publication_gate",
    "run_build",
    "run_check",
    "run_diff",
    "run_evidence_proposals",
    "run_evidence_status",
    "run_ingest",
    "run_new_cycle",
    "run_publish",
    "run_render",
    "run_signoff_import",
    "run_signoff_request",
    "run_signoff_status",
    "run_theme",
    "run_themes_check",
    "run_themes_explain",
    "run_themes_promote",
    "run_translations_export",
    "run_translations_import",
    "run_translations_status",
]
