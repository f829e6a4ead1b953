"""The template contract: view dataclasses, and the pure functions that build them.

Only ``pipeline.model`` dataclasses come in; templates see these views and nothing else
(plus ``t``, the UI strings of the page language from ``pipeline.i18n``). No I/O here.
``page``: what every page has and the page's language; ``marks``: the vocabulary of marks
and the legend; ``items``: competences and CV sections; ``review``: where a review
stands; ``profile``: a profile's CV (the web page); ``cv``: its two-page PDF;
``evidence``: the evidence beside the survey on both; ``site``: the index and the overview.
"""

from pipeline.views.cv import CvPrintPage, CvSheet, cv_sheet, sheet_variants
from pipeline.views.items import UNTHEMED, publishes_figures, section_views
from pipeline.views.page import (
    Alternate,
    Language,
    PageMeta,
    anchor_id,
    cv_page_name,
    fmt_date,
    index_name,
    language_label,
    plain_colophon,
)
from pipeline.views.profile import (
    GLANCE_COUNT,
    CvPage,
    ProfileView,
    cv_page,
    page_meta,
    profile_view,
)
from pipeline.views.site import IndexPage, OverviewPage, index_page, overview_name, overview_page

__all__ = [
    "GLANCE_COUNT",
    "UNTHEMED",
    "Alternate",
    "CvPage",
    "CvPrintPage",
    "CvSheet",
    "IndexPage",
    "Language",
    "OverviewPage",
    "PageMeta",
    "ProfileView",
    "anchor_id",
    "cv_page",
    "cv_page_name",
    "cv_sheet",
    "fmt_date",
    "index_name",
    "index_page",
    "language_label",
    "overview_name",
    "overview_page",
    "page_meta",
    "plain_colophon",
    "profile_view",
    "publishes_figures",
    "section_views",
    "sheet_variants",
]
