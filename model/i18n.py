"""The clerk's language: every message through gettext catalogs (English is the source).

The language is, in order: the one chosen (`--lang`), ``ESEP_LANG``, the system locale (when it
is Kyrgyz, Russian or English), the plan's language, else English. Catalogs are compiled from
``model/locale/<lang>/LC_MESSAGES/esep.po`` at install (``make install``, ``make messages``, and
the build of a package); where an install left only the .po files, `esep.catalogs` compiles
them once into the temp folder and points `use_catalogs` there, so no message falls to English.

    >>> from model.i18n import _, ngettext
    >>> ngettext("{n} form", "{n} forms", 1).format(n=1)
    '1 form'
"""

from __future__ import annotations

import gettext
import locale
import os
import sys
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import lru_cache
from pathlib import Path
from typing import Iterator

LANGUAGES = ("ky", "ru", "en")
DOMAIN = "esep"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV = "ESEP_LANG"

_chosen: str | None = None          # --lang
# a `using()` block or a page's request: per thread, so that two jobs of the page in two
# languages never write in each other's
_speaking: ContextVar[str | None] = ContextVar("esep_language", default=None)
_plan_language: str | None = None   # the plan's, once it is read


def choose(lang: str | None) -> None:
    """Set the language chosen on the command line (None: decide from the environment)."""
    global _chosen
    _chosen = known(lang)


def set_plan_language(lang: str | None) -> None:
    """Note the plan's language: the last resort before English."""
    global _plan_language
    _plan_language = known(lang)


@lru_cache(maxsize=64)  # asked for every message, of the same few values
def known(lang: str | None) -> str | None:
    """Return `lang` as one of LANGUAGES ("ru_RU.UTF-8" → "ru", "Russian_Russia" → "ru"), or None."""
    if not lang:
        return None
    lowered = lang.strip().lower()
    for code, word in (("ky", "kyrgyz"), ("ru", "russian"), ("en", "english")):
        if lowered[:2] == code and (len(lowered) == 2 or not lowered[2].isalpha()) \
                or lowered.startswith(word):
            return code
    return None


def system_language() -> str | None:
    """Return the system locale's language when it is one of LANGUAGES ("C" and others: None)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return known(value)
    if sys.platform == "win32":  # Windows keeps it out of the environment
        return known(locale.getlocale()[0])
    return None


def told_language() -> str | None:
    """Return the language the process was told to speak: `--lang`, ``ESEP_LANG``, else the
    system's (None: none of them names one of LANGUAGES)."""
    return _chosen or known(os.environ.get(ENV)) or system_language()


def language() -> str:
    """Return the language messages are written in now."""
    return _speaking.get() or told_language() or _plan_language or "en"


@contextmanager
def using(lang: str | None) -> Iterator[None]:
    """Write messages in `lang` inside the block (a unit's form language, say), then as before.

    Only the running thread speaks `lang` (and what it starts with its context copied).
    """
    token = speak(lang)
    try:
        yield
    finally:
        unspeak(token)


def speak(lang: str | None) -> Token:
    """Write this thread's messages in `lang` until `unspeak(token)` (a page's request)."""
    return _speaking.set(known(lang) or _speaking.get())


def unspeak(token: Token) -> None:
    """Go back to the language before `speak` gave `token`."""
    _speaking.reset(token)


TRANSLATED = ("ky", "ru")  # the languages with a catalog; English is the source text
_folder = LOCALE_DIR        # where the compiled catalogs are read from


def mo_file(folder: Path, lang: str) -> Path:
    """Return where the compiled catalog of `lang` lies under `folder`."""
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def use_catalogs(folder: Path) -> None:
    """Read the compiled catalogs from `folder` from now on (esep.catalogs picks it)."""
    global _folder
    _folder = folder
    catalog.cache_clear()


def catalog_dir() -> Path:
    """Return the folder the compiled catalogs are read from, ``<lang>/LC_MESSAGES/esep.mo``."""
    return _folder


def missing_catalogs() -> tuple[str, ...]:
    """Return the languages whose compiled catalog is not there (an installation broken)."""
    return tuple(lang for lang in TRANSLATED if not mo_file(_folder, lang).is_file())


@lru_cache(maxsize=None)
def catalog(lang: str) -> gettext.NullTranslations:
    """Return the compiled catalog of `lang` (English, or a missing catalog: the source text)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, catalog_dir(), languages=[lang], fallback=True)


def _(message: str) -> str:
    """Return `message` in the current language."""
    return catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the form of `singular`/`plural` for `n` in the current language (Russian has three)."""
    return catalog(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogs without translating it (translated where it is shown)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark `message` of `context` ("page": the web page's words) for the catalogs, untranslated.

    Return (context, message), for ``catalog(lang).pgettext(*marked)`` where it is shown.
    """
    return context, message
