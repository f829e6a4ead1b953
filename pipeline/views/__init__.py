"""The template contract: view dataclasses, and the pure functions that build them.

Only ``pipeline.model`` dataclasses come in; templates see these views and nothing else
(plus ``t``, the UI strings of the page language from ``pipeline.i18n``). No I/O here.
``page``: what every page has; ``profile``: a profile's CV page; ``site``: the index
and the overview.
"""

from pipeline.views.page import (
    Alternate,
    PageMeta,
    anchor_id,
    cv_page_name,
    fmt_date,
    index_name,
    language_label,
    plain_colophon,
)
from pipeline.views.profile import (
    RISING_COUNT,
    UNTHEMED,
    CvPage,
    ProfileView,
    cv_page,
    profile_view,
    publishes_figures,
    section_views,
)
from pipeline.views.site import IndexPage, OverviewPage, index_page, overview_name, overview_page

__all__ = [
    "RISING_COUNT",
    "UNTHEMED",
    "Alternate",
    "CvPage",
    "IndexPage",
    "OverviewPage",
    "PageMeta",
    "ProfileView",
    "anchor_id",
    "cv_page",
    "cv_page_name",
    "fmt_date",
    "index_name",
    "index_page",
    "language_label",
    "overview_name",
    "overview_page",
    "plain_colophon",
    "profile_view",
    "publishes_figures",
    "section_views",
]
