"""osaaja: competence-survey exports in, reviewer-approved future skills profiles out.

The package is a library first; ``pipeline.cli`` is a thin layer on top.
See ARCHITECTURE.md for what each module owns.
"""

__version__ = "0.1.0"
