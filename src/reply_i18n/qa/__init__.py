"""Quality assurance: Document + catalogs → coverage figures and findings → a report.

Coverage (:mod:`~reply_i18n.qa.coverage`), number and date comparison
(:mod:`~reply_i18n.qa.numbers`), the checks (:mod:`~reply_i18n.qa.checks`) and the ``check``
report with its verdict (:mod:`~reply_i18n.qa.report`).
"""
