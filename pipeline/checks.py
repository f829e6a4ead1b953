"""Quality checks on computed profiles, dbt-style: each check measures rows (a profile, an
item, a CV section), and its ``warn_if`` / ``error_if`` thresholds decide which rows fail
and how badly. Errors block publication of the profile; warnings are shown.

Declared in ``raw/osaaja.yaml`` (every key optional; see docs/signoff.md)::

    checks:
      profile_organisations: {warn_if: "< 5", error_if: "< 3"}
      change_spread: {error_if: null}            # only warn
      empty_sections: {sections: [ammatillinen, digitaidot]}
      ratings_completeness: {enabled: false}
      missing_translations: {error_if: "> 0"}    # no Finnish fallback on a published page
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import translations as texts
from pipeline.errors import ConfigError, Problem
from pipeline.fsutil import atomic_file
from pipeline.i18n import SOURCE_LANGUAGE
from pipeline.model import Profile
from pipeline.project import REPO_ROOT
from pipeline.templating import make_environment, render_template
from pipeline.yamlfile import line_of

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_THRESHOLD = re.compile(r"^\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:[.,]\d+)?)\s*$")
LEVELS = ("pass", "warn", "error")


@dataclass(frozen=True)
class Threshold:
    """A comparison such as ``< 3``: a row fails when ``value < 3``."""

    op: str
    value: float

    @classmethod
    def parse(cls, text: str) -> Threshold:
        match = _THRESHOLD.match(text)
        if not match:
            raise ValueError(text)
        return cls(match[1], float(match[2].replace(",", ".")))

    def fails(self, measured: float) -> bool:
        return _OPS[self.op](measured, self.value)

    def __str__(self) -> str:
        return f"{self.op} {self.value:g}"


# --- what each check measures -----------------------------------------------------------
@dataclass(frozen=True)
class CheckContext:
    """What some checks read besides the profiles: the translation catalogue and the
    published languages (``Config.translations``, ``Config.languages``)."""

    translations: texts.Catalogue = field(default_factory=dict)
    languages: tuple[texts.LanguagePlan, ...] = texts.DEFAULT_LANGUAGES


Ctx = CheckContext  # short, for the measures' signatures


# A measure yields (profile id, subject, value, detail) for every row it evaluates.
Measured = Iterator[tuple[str, str, float, str]]


def _profile_organisations(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    for p in profiles:
        yield p.id, "profile", p.n_organisations, ""


def _item_organisations(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    # Suppressed items show no figures (by design), so they do not rest on their count.
    for p in profiles:
        for item in p.items:
            if not item.suppressed:
                yield p.id, item.item, item.n_organisations, ""


def _unthemed_items(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    for p in profiles:
        texts = sorted(i.item for i in p.items if i.theme is None)
        yield p.id, "profile", len(texts), "; ".join(texts)


def _doubtful_items(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    # Themed by the rules on weak evidence (the doubtful queue): published in a CV section
    # nobody confirmed.
    for p in profiles:
        texts = sorted(i.item for i in p.items if i.doubtful)
        yield p.id, "profile", len(texts), "; ".join(texts)


def _empty_sections(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    # A CV section is a theme. Which sections every profile should have: the configured
    # list, else every theme that occurs in any checked profile.
    sections = setting.sections or sorted({i.theme for p in profiles for i in p.items if i.theme})
    for p in profiles:
        for theme in sections:
            yield p.id, theme, sum(1 for i in p.items if i.theme == theme), ""


def _ratings_completeness(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    # Share of the profile's organisations that rated an item shown with figures
    # (suppressed items are thin by definition and already published without figures).
    # A profile composed of several surveys is skipped: an item there can only reach its
    # own survey's organisations, and the profile does not record which survey that is.
    for p in profiles:
        if p.n_organisations <= 0 or len({(s.field, s.occupation) for s in p.surveys}) > 1:
            continue
        for item in p.items:
            if not item.suppressed:
                share = round(min(1.0, item.n_organisations / p.n_organisations), 3)
                yield p.id, item.item, share, f"{item.n_organisations} of {p.n_organisations}"


def _change_spread(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    for p in profiles:
        for item in p.items:
            if item.suppressed:
                continue
            change = item.change
            if change is None and item.mean_now is not None and item.mean_future is not None:
                change = item.mean_future - item.mean_now
            if change is not None:
                detail = (
                    f"now {item.mean_now:.1f}, future {item.mean_future:.1f}"
                    if (item.mean_now is not None and item.mean_future is not None)
                    else ""
                )
                yield p.id, item.item, round(abs(change), 3), detail


def _missing_translations(profiles: list[Profile], setting: CheckSetting, ctx: Ctx) -> Measured:
    # Texts a profile's page shows in Finnish (marked) for want of a usable translation,
    # per language the profile is published in (Finnish is the source).
    for p in profiles:
        for plan in ctx.languages:
            covered = plan.profiles is None or p.id in plan.profiles
            if plan.code != SOURCE_LANGUAGE and covered:
                missing = texts.missing_in(ctx.translations, p, plan.code)
                more = f"; ... {len(missing) - 5} more" if len(missing) > 5 else ""
                yield p.id, plan.code, len(missing), "; ".join(missing[:5]) + more


@dataclass(frozen=True)
class CheckSpec:
    name: str
    description: str
    unit: str  # how values read: "organisations", "items", "texts", "share", "points"
    measure: Callable[[list[Profile], CheckSetting, Ctx], Measured]
    warn_if: str | None
    error_if: str | None


SPECS: dict[str, CheckSpec] = {
    s.name: s
    for s in (
        CheckSpec(
            "profile_organisations",
            "organisations behind the profile (it must not rest on a few companies)",
            "organisations",
            _profile_organisations,
            "< 5",
            "< 3",
        ),
        CheckSpec(
            "item_organisations",
            "organisations behind each item shown with figures",
            "organisations",
            _item_organisations,
            "< 5",
            "< 3",
        ),
        CheckSpec(
            "unthemed_items",
            "items in the profile without a theme (CV section)",
            "items",
            _unthemed_items,
            "> 0",
            None,
        ),
        CheckSpec(
            "doubtful_items",
            "items in the profile themed on weak evidence (the doubtful queue)",
            "items",
            _doubtful_items,
            "> 0",
            None,
        ),
        CheckSpec(
            "empty_sections",
            "items in each CV section (theme) of the profile",
            "items",
            _empty_sections,
            "< 1",
            None,
        ),
        CheckSpec(
            "ratings_completeness",
            "share of the profile's organisations that rated an item shown with figures",
            "share",
            _ratings_completeness,
            "< 0.6",
            None,
        ),
        CheckSpec(
            "missing_translations",
            "texts a profile's page in a language shows in Finnish for want of a translation",
            "texts",
            _missing_translations,
            "> 0",
            None,
        ),
        CheckSpec(
            "change_spread",
            "|future - now| of an item's means (a suspicious spread)",
            "points",
            _change_spread,
            "> 1.5",
            "> 2",
        ),
    )
}


# --- configuration ----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSetting:
    name: str
    enabled: bool
    warn_if: Threshold | None
    error_if: Threshold | None
    sections: tuple[str, ...] = ()  # empty_sections only


_KEYS = ("enabled", "warn_if", "error_if", "sections")


@dataclass(frozen=True)
class CheckConfig:
    checks: tuple[CheckSetting, ...]

    @classmethod
    def from_settings(
        cls,
        checks: Mapping[str, Any] | None,
        settings_file: Path | None = None,
        node: Any = None,
    ) -> CheckConfig:
        """Validate ``checks:`` of ``raw/osaaja.yaml`` over the defaults; problems name the
        file and line and say what would be accepted."""
        data = dict(checks or {})
        file = str(settings_file or "osaaja.yaml")
        problems: list[Problem] = []

        def bad(path: list[str], message: str) -> None:
            problems.append(
                Problem(
                    file,
                    row=line_of(node, ["checks", *path]),
                    message=f"checks.{'.'.join(path)}: {message}",
                )
            )

        for name in sorted(set(data) - set(SPECS)):
            bad([name], f"unknown check; accepted: {', '.join(SPECS)}")
        settings = []
        for name, spec in SPECS.items():
            own = data.get(name) or {}
            if not isinstance(own, dict):
                bad([name], f"expected a mapping with {', '.join(_KEYS)}")
                continue
            for key in sorted(set(own) - set(_KEYS)):
                bad([name, key], f"unknown key; accepted: {', '.join(_KEYS)}")
            thresholds = {}
            for key in ("warn_if", "error_if"):
                text = own.get(key, getattr(spec, key))
                try:
                    thresholds[key] = None if text is None else Threshold.parse(str(text))
                except ValueError:
                    bad(
                        [name, key],
                        f"{text!r} is not accepted; expected a quoted comparison such as "
                        f'"< 3" or "> 0.5" ({", ".join(_OPS)}), or null to turn it off',
                    )
            enabled = own.get("enabled", True)
            if not isinstance(enabled, bool):
                bad([name, "enabled"], f"{enabled!r} is not accepted; expected true or false")
            sections = own.get("sections", [])
            if name != "empty_sections" and "sections" in own:
                bad([name, "sections"], "only empty_sections takes a list of sections")
            elif not (isinstance(sections, list) and all(isinstance(s, str) for s in sections)):
                bad([name, "sections"], "expected a list of theme ids")
            if len(thresholds) == 2:
                settings.append(
                    CheckSetting(
                        name,
                        enabled is True,
                        thresholds["warn_if"],
                        thresholds["error_if"],
                        tuple(sections or ()),
                    )
                )
        if problems:
            raise ConfigError(problems, headline="The quality checks in the settings are invalid.")
        return cls(tuple(settings))


# --- running ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FailingRow:
    profile_id: str
    subject: str  # "profile", an item text or a theme id
    value: float
    level: str  # "warn" | "error"
    detail: str = ""


@dataclass(frozen=True)
class CheckResult:
    name: str
    description: str
    unit: str
    enabled: bool
    warn_if: Threshold | None
    error_if: Threshold | None
    evaluated: int  # rows measured
    rows: tuple[FailingRow, ...]  # errors first

    @property
    def status(self) -> str:
        """ "off", "pass", "warn" or "error" (the worst failing row)."""
        if not self.enabled:
            return "off"
        return max((r.level for r in self.rows), key=LEVELS.index, default="pass")

    def format_value(self, value: float) -> str:
        return f"{value:.0%}" if self.unit == "share" else f"{value:g}"


@dataclass(frozen=True)
class CheckReport:
    results: tuple[CheckResult, ...]
    profiles: tuple[str, ...]  # ids checked, in order

    @property
    def errors(self) -> list[tuple[CheckResult, FailingRow]]:
        return [(c, r) for c in self.results for r in c.rows if r.level == "error"]

    @property
    def warnings(self) -> list[tuple[CheckResult, FailingRow]]:
        return [(c, r) for c in self.results for r in c.rows if r.level == "warn"]

    @property
    def passed(self) -> bool:
        """No errors (warnings do not block)."""
        return not self.errors

    def blocked_profiles(self) -> dict[str, str]:
        """Profile id -> why the checks block its publication (only profiles with errors)."""
        found: dict[str, dict[str, list[FailingRow]]] = {}
        for check, row in self.errors:
            found.setdefault(row.profile_id, {}).setdefault(check.name, []).append(row)
        checks = {c.name: c for c in self.results}
        reasons = {}
        for pid, by_check in sorted(found.items()):
            parts = []
            for name, rows in by_check.items():
                c = checks[name]
                if len(rows) == 1:
                    what = f"{rows[0].subject}: {c.format_value(rows[0].value)}"
                else:
                    what = f"{len(rows)} rows"
                parts.append(f"{name} ({what}; error_if {c.error_if})")
            reasons[pid] = "check errors: " + "; ".join(parts)
        return reasons

    def table_lines(self, max_rows: int = 20) -> list[str]:
        """The terminal report: one line per check, then the failing rows."""
        lines = [f"{'check':<22} {'warn_if':<8} {'error_if':<8} {'status':<6} failing"]
        for c in self.results:
            counts = f"{len(c.rows)} of {c.evaluated}" if c.enabled else "-"
            lines.append(
                f"{c.name:<22} {_t(c.warn_if):<8} {_t(c.error_if):<8} {c.status.upper():<6} {counts}"
            )
        for c in self.results:
            for row in c.rows[:max_rows]:
                lines.append(
                    f"  {row.level.upper():<5} {c.name} › {row.profile_id} › {row.subject}: "
                    f"{c.format_value(row.value)}" + (f" ({row.detail})" if row.detail else "")
                )
            if len(c.rows) > max_rows:
                lines.append(
                    f"  ... and {len(c.rows) - max_rows} more {c.name} row(s); see checks.html"
                )
        n_err, n_warn = len(self.errors), len(self.warnings)
        lines.append(
            f"{len(self.profiles)} profile(s) checked: {n_err} error(s), {n_warn} warning(s)"
            + (f"; blocked: {', '.join(self.blocked_profiles())}" if n_err else "")
        )
        return lines


def _t(threshold: Threshold | None) -> str:
    return "-" if threshold is None else str(threshold)


def _run_one(
    spec: CheckSpec, setting: CheckSetting, profiles: list[Profile], ctx: CheckContext
) -> CheckResult:
    rows, evaluated = [], 0
    if setting.enabled:
        for pid, subject, value, detail in spec.measure(profiles, setting, ctx):
            evaluated += 1
            if setting.error_if is not None and setting.error_if.fails(value):
                rows.append(FailingRow(pid, subject, value, "error", detail))
            elif setting.warn_if is not None and setting.warn_if.fails(value):
                rows.append(FailingRow(pid, subject, value, "warn", detail))
    order = {p.id: n for n, p in enumerate(profiles)}
    rows.sort(key=lambda r: (r.level != "error", order.get(r.profile_id, 0), r.subject))
    return CheckResult(
        spec.name,
        spec.description,
        spec.unit,
        setting.enabled,
        setting.warn_if,
        setting.error_if,
        evaluated,
        tuple(rows),
    )


def run_checks(
    profiles: Iterable[Profile],
    config: CheckConfig | Mapping[str, Any] | None = None,
    context: CheckContext | None = None,
) -> CheckReport:
    """Run every configured check over ``profiles`` (a settings mapping is validated
    first); ``context``: the translations and languages (default: none, fi and en)."""
    profiles = list(profiles)
    if not isinstance(config, CheckConfig):
        config = CheckConfig.from_settings(config)
    ctx = context or CheckContext()
    results = tuple(_run_one(SPECS[s.name], s, profiles, ctx) for s in config.checks)
    return CheckReport(results, tuple(p.id for p in profiles))


def write_checks_html(
    report: CheckReport,
    path: Path,
    templates: Path = REPO_ROOT / "templates",
    queue: Sequence[Mapping[str, Any]] | None = None,
    requirements: Sequence[Mapping[str, Any]] | None = None,
) -> Path:
    """A standalone, accessible page of the report (``BUILD/checks.html``).

    ``queue``: the theme review queues as ``theme_review.queue_table`` gives them; when
    given, the page lists the unthemed and the doubtful items with their override lines.
    ``requirements``: the requirement proposals awaiting review
    (``store.requirement_queue_rows``), listed beside them when given."""
    rows = list(queue or ())
    html = render_template(
        make_environment(templates),
        "checks.html.j2",
        report=report,
        fmt=_t,
        queue=None
        if queue is None
        else {
            "unthemed": [r for r in rows if r["queue"] == "unthemed"],
            "doubtful": [r for r in rows if r["queue"] == "doubtful"],
        },
        requirements=None if requirements is None else list(requirements),
    )
    with atomic_file(path) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return path
