"""The names of the checks, for the command line's choices without loading the checks.

Kept in step with :data:`reply_i18n.qa.checks.CHECKS` by a test.
"""

CHECK_NAMES = (
    "coverage",
    "completeness",
    "outdated",
    "numbers",
    "untranslated",
    "script",
    "invisible",
    "markup",
    "punctuation",
    "glossary",
    "nbsp",
    "quotes",
    "ordinal",
    "capitals",
    "consistency",
    "crossref",
    "verbatim",
    "plurals",
    "silencing",
)
