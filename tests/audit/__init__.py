"""An independent auditor of published figures (issue 10).

Written from the input contract (`../shared/spec/cq-export.md`) and `docs/figures.md` only:
it must not import the pipeline's reading or computing code, so that a fault there cannot
hide itself by being shared with the check.
"""
