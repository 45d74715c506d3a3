"""The commissioner's title in the reader's language: the office's own wording, if it set one."""

from flask_babel import gettext as _

from intake.models import OfficeSettings


def commissioner_title(lang: str) -> str:
    """The holder of the office is a woman: the catalogues use the feminine title. Either
    text is escaped by the template."""
    custom = (OfficeSettings.current().commissioner_titles or {}).get(lang)
    # i18n: the title of the office's head; she is a woman, so use the feminine form
    return custom or _("The city's commissioner for integration and foreigners")
