"""Evidence beyond the survey (issue 16): qualification requirements from ePerusteet,
job ads and interviews, read as data with positions for every problem.

- ``eperusteet``: a qualification's requirements from ePerusteet's public JSON
- ``mapping``: survey items <-> requirements: proposals, the reviewed map, the gap
- ``jobads``: job ads and how many of them mention each competence
- ``interviews``: publishable, anonymised quotes from interview notes
- ``terms``: text -> lemmas and Finnish-aware word matching (the one swap point)

Readers are pure apart from reading their files; none raises for bad content: each returns
``(result, problems)`` and the caller decides (see docs/evidence.md).
"""
