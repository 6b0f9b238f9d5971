"""The language of what users read: gettext catalogs, chosen the way Unix tools choose.

Every sentence a user reads is written in English in the code (the grader's, the datasets'
loaders', the exercise specs' titles and hints), wrapped in :func:`_`, and translated through the
catalog ``messages/locale/<lang>/LC_MESSAGES/kit.po`` (extracted and compiled with Babel:
``make messages`` after adding or changing a message). A package of its own, so that both the
grader and the datasets' loaders use it and neither imports the other::

    from messages import _
    print(_("Total: {score}/{top} points").format(score=12, top=15))

A Korean message writes both forms of a particle after a placeholder ("{label}은(는)"); its
``format`` keeps the one that fits the value (:mod:`messages.particles`).

The language is ``--lang`` (or ``KIT_LANG``), else the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``: ``ko_KR.UTF-8`` gives Korean), else English. Names machines read
(CSV columns, JSON keys, status codes) are never translated.
"""

import gettext
import io
import os
from pathlib import Path

from .particles import Message

DOMAIN = "kit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "ko")  # English is the code's own; the others have a catalog
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current = gettext.NullTranslations()
_language = "en"


def choose_language(requested=None, environ=None):
    """The language to use: ``requested`` (``--lang``), ``KIT_LANG``, the locale, else English.

    >>> choose_language(environ={"LANG": "ko_KR.UTF-8"})
    'ko'
    >>> choose_language("en", environ={"LANG": "ko_KR.UTF-8"})
    'en'
    >>> choose_language(environ={"LANGUAGE": "fr:ko", "LANG": "C.UTF-8"})
    'ko'
    """
    environ = os.environ if environ is None else environ
    if requested:
        return _supported(requested) or "en"
    if environ.get("KIT_LANG"):
        return _supported(environ["KIT_LANG"]) or "en"
    for name in ENVIRONMENT:  # the first one set decides, as in gettext
        value = environ.get(name)
        if value:
            for part in value.split(":") if name == "LANGUAGE" else [value]:
                if _supported(part):
                    return _supported(part)
            if name != "LANGUAGE":
                return "en"
    return "en"


def _supported(locale_name):
    """``'ko'`` for ``ko``, ``ko_KR``, ``ko_KR.UTF-8``...; None for a language without a catalog
    (``C`` and ``POSIX`` are English)."""
    language = locale_name.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return language if language in LANGUAGES else None


def catalog_path(language, suffix=".po"):
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def translations(language):
    """The compiled catalog of ``language``: its ``.mo`` (``make`` compiles it), or, where that
    is missing or older than the ``.po`` (a kit used without ``make``), compiled in memory."""
    if language == "en":
        return gettext.NullTranslations()
    po, mo = catalog_path(language), catalog_path(language, ".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with open(mo, "rb") as file:
            return gettext.GNUTranslations(file)
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:  # a notebook's set-up cell, before it installs Babel: English until then
        return gettext.NullTranslations()

    with open(po, "rb") as file:
        catalog = read_po(file, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def set_language(language, children=True):
    """Use ``language`` from now on, in this process and (``children``) in those it starts."""
    global _current, _language
    _current, _language = translations(language), language
    if children:
        os.environ["KIT_LANG"] = language


def language():
    return _language


def _(message):
    """``message`` in the current language; its ``format`` chooses Korean particles by value
    (:mod:`messages.particles`)."""
    return Message(_current.gettext(message))


def ngettext(singular, plural, count):
    return Message(_current.ngettext(singular, plural, count))


def N_(message):
    """Marks ``message`` for extraction where it is translated later (a constant)."""
    return message


set_language(choose_language(), children=False)
