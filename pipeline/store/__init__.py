"""The DuckDB store at ``BUILD/skills.duckdb``: schema, bulk loads, views, every query.

All SQL of the project lives in this package, one module per subject: ``schema`` (what
ingest loads, the item views), ``items`` (identities and themes), ``profiles``,
``changes`` (between cycles), ``history`` (sign-offs), ``surveys`` (the surveys view and
the surveys no profile uses), ``evidence`` (qualification requirements, job ads,
interviews), ``adhoc`` (analysts' queries), ``translations`` (the survey texts to
translate).
``connection`` opens the store and is the one way it is written: a new file beside the
old one, swapped in when complete (``writing``).
"""

from pipeline.store.adhoc import read_query
from pipeline.store.changes import (
    CHANGE_STATUSES,
    create_views,
    cycle_changes,
    cycles_in_store,
    profile_organisations,
    theme_share_pairs,
)
from pipeline.store.connection import (
    OFFLINE,
    SCHEMA_VERSION,
    connect,
    open_store,
    table_exists,
    writing,
)
from pipeline.store.evidence import (
    confidential_names,
    evidence_status_rows,
    has_evidence,
    item_evidence_rows,
    item_identities,
    profile_evidence_row,
    requirement_queue_rows,
    write_evidence,
)
from pipeline.store.history import (
    carry_signoff_history,
    new_signoffs,
    record_signoffs,
    signoff_history,
)
from pipeline.store.items import (
    analyst_rows,
    distinct_item_surveys,
    distinct_item_texts,
    identity_collisions,
    item_occurrences,
    item_theme_rows,
    rules_version,
    write_item_identity,
    write_item_themes,
)
from pipeline.store.profiles import (
    compute_profiles,
    dropped_items,
    has_profiles,
    profile_cycles,
    profile_item_rows,
)
from pipeline.store.schema import load, set_meta
from pipeline.store.surveys import create_survey_view, unfed_surveys
from pipeline.store.translations import translation_source_rows

__all__ = [
    "CHANGE_STATUSES",
    "OFFLINE",
    "SCHEMA_VERSION",
    "analyst_rows",
    "carry_signoff_history",
    "compute_profiles",
    "confidential_names",
    "connect",
    "create_survey_view",
    "create_views",
    "cycle_changes",
    "cycles_in_store",
    "distinct_item_surveys",
    "distinct_item_texts",
    "dropped_items",
    "evidence_status_rows",
    "has_evidence",
    "has_profiles",
    "identity_collisions",
    "item_evidence_rows",
    "item_identities",
    "item_occurrences",
    "item_theme_rows",
    "load",
    "new_signoffs",
    "open_store",
    "profile_cycles",
    "profile_evidence_row",
    "profile_item_rows",
    "profile_organisations",
    "read_query",
    "record_signoffs",
    "requirement_queue_rows",
    "rules_version",
    "set_meta",
    "translation_source_rows",
    "signoff_history",
    "table_exists",
    "theme_share_pairs",
    "unfed_surveys",
    "write_evidence",
    "write_item_identity",
    "write_item_themes",
    "writing",
]
