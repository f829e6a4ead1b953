"""Reviewer sign-off: files bound by a content hash to exactly the profile version reviewed.

``content`` (what is judged, its hash), ``files`` (reading and verifying sign-off files),
``rule`` (the publication rule), ``changes`` (what changed since a sign-off), ``status``
(each profile's state, the colophon), ``packet`` (review packets), ``importing``
(filing the files reviewers send back).

This is an integrity check, not a signature: who signed is recorded by git history and
the store's ``signoff_history`` table.
"""

from pipeline.signoff.changes import CHANGE_KINDS, Change, diff_content
from pipeline.signoff.content import (
    HASH_ALGORITHM,
    content_hash,
    digest,
    profile_from_content,
    reviewed_content,
)
from pipeline.signoff.files import (
    DECISIONS,
    ROLE_LABELS,
    ROLES,
    STATES,
    SignOff,
    load_signoffs,
    reviewer_slug,
)
from pipeline.signoff.packet import (
    change_line,
    packet_changes,
    signoff_parts,
    signoff_yaml,
    write_review_packets,
)
from pipeline.signoff.rule import PublicationRule
from pipeline.signoff.status import (
    ProfileStatus,
    StaleSignOff,
    blocked_reasons,
    colophon,
    colophon_of,
    history_rows,
    role_label,
    status,
    status_lines,
    unknown_profiles,
)

__all__ = [
    "CHANGE_KINDS",
    "DECISIONS",
    "HASH_ALGORITHM",
    "ROLES",
    "ROLE_LABELS",
    "STATES",
    "Change",
    "ProfileStatus",
    "PublicationRule",
    "SignOff",
    "StaleSignOff",
    "blocked_reasons",
    "change_line",
    "colophon",
    "colophon_of",
    "content_hash",
    "diff_content",
    "digest",
    "history_rows",
    "load_signoffs",
    "packet_changes",
    "profile_from_content",
    "reviewed_content",
    "reviewer_slug",
    "role_label",
    "signoff_parts",
    "signoff_yaml",
    "status",
    "status_lines",
    "unknown_profiles",
    "write_review_packets",
]
