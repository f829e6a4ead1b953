"""The publication rule: ``publication:`` in ``raw/osaaja.yaml``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, Problem
from pipeline.signoff.files import ROLE_LABELS, ROLES
from pipeline.yamlfile import line_of


@dataclass(frozen=True)
class PublicationRule:
    """``publication:`` in ``raw/osaaja.yaml``. Defaults: one approved, current sign-off by
    a head of field or a teacher, and no current change request."""

    approving_roles: tuple[str, ...] = ("head_of_field", "teacher")
    min_approvals: int = 1
    changes_requested_blocks: bool = True
    show_reviewer_names: bool = False
    # Figure changes larger than this are listed one by one in a stale status.
    change_tolerance: float = 0.2

    @classmethod
    def from_settings(
        cls,
        publication: Mapping[str, Any] | None,
        settings_file: Path | None = None,
        node: Any = None,
    ) -> PublicationRule:
        """Validate the ``publication`` section; problems name the file and line."""
        data = dict(publication or {})
        file = str(settings_file or "osaaja.yaml")
        problems = []

        def bad(key: str, message: str) -> None:
            problems.append(
                Problem(
                    file,
                    row=line_of(node, ["publication", key]),
                    message=f"publication.{key}: {message}",
                )
            )

        fields = cls.__dataclass_fields__
        for key in sorted(set(data) - set(fields)):
            bad(key, f"unknown setting; accepted: {', '.join(fields)}")
        roles = data.get("approving_roles", list(cls.approving_roles))
        if not (isinstance(roles, list) and roles and all(r in ROLES for r in roles)):
            bad(
                "approving_roles",
                f"{roles!r} is not accepted; expected a list of: {', '.join(ROLES)}",
            )
        n = data.get("min_approvals", cls.min_approvals)
        if not (isinstance(n, int) and not isinstance(n, bool) and n >= 1):
            bad("min_approvals", f"{n!r} is not accepted; expected a whole number ≥ 1")
        for key in ("changes_requested_blocks", "show_reviewer_names"):
            if not isinstance(data.get(key, False), bool):
                bad(key, f"{data[key]!r} is not accepted; expected true or false")
        tol = data.get("change_tolerance", cls.change_tolerance)
        if not (isinstance(tol, int | float) and not isinstance(tol, bool) and 0 <= tol <= 4):
            bad("change_tolerance", f"{tol!r} is not accepted; expected a number from 0 to 4")
        if problems:
            raise ConfigError(problems, headline="The publication rule in the settings is invalid.")
        known = {k: v for k, v in data.items() if k in fields}
        if "approving_roles" in known:
            known["approving_roles"] = tuple(known["approving_roles"])
        return cls(**known)

    def describe(self) -> str:
        who = " or ".join(ROLE_LABELS["en"][r] for r in self.approving_roles)
        text = f"at least {self.min_approvals} approved, current sign-off(s) by a {who}"
        return text + (", and no current change request" if self.changes_requested_blocks else "")
