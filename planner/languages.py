"""The languages planner speaks, listed once: the words of each live in
``planner/content/<language>.py``, its messages in ``planner/locale/<language>/``.

A module of its own so that what every command loads (the choice of ``--lang``, the
interface's language, the locale of a decision's dates) does not load the words
themselves."""

LANGUAGES = ("fr", "en")  # the first is the default


def locale_of(language: str, country: str | None) -> str:
    """The Babel locale of a decision's dates and lists: 'en_US' for an organisation in the
    United States, 'en_GB' for any other in English, the language itself otherwise ('fr')."""
    if language == "en":
        return "en_US" if country == "US" else "en_GB"
    return language
