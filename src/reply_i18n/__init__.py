"""reply-i18n: parallel multilingual editions of questionnaire replies, the gettext way."""

__version__ = "0.1.0"
