"""The English term after a Korean one, shown once a page.

Each Korean message names a glossary term's English at its first use, "정확도(accuracy)", so that
the message read alone can be looked up (``locale/glossary.md``). A report puts many messages on
one page; there the English is needed once, where the term first appears, and on every later line
it is noise. :class:`FirstMentions` drops the repeats from the lines of one page.

>>> mentions = FirstMentions(["정확도(accuracy)"])
>>> mentions("테스트 정확도(accuracy) 0.97")
'테스트 정확도(accuracy) 0.97'
>>> mentions("정확도(accuracy)가 기준보다 낮습니다")
'정확도가 기준보다 낮습니다'
"""

import functools
import re
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parent / "locale" / "glossary.md"


@functools.cache
def glossary():
    """``{section title: [(english, korean), ...]}``: the tables of ``locale/glossary.md``."""
    sections, current = {}, None
    for row in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if row.startswith("## "):
            current = sections.setdefault(row[3:], [])
        elif row.startswith("| ") and not row.startswith("| English") and current is not None:
            current.append(tuple(cell.strip() for cell in row.strip("|").split("|")))
    return sections


def machine_learning_terms():
    """``[(english, korean), ...]``: the glossary's terms shown with their English."""
    return next(terms for title, terms in glossary().items() if title.startswith("Machine"))


def glossary_terms():
    """The machine-learning terms of the glossary as they are first written in a Korean
    message: ``["정확도(accuracy)", "손실 함수(loss function)", ...]``."""
    return [f"{korean}({english})" for english, korean in machine_learning_terms()]


class FirstMentions:
    """Called on each line of a page in order: the line with the English of every term already
    mentioned on the page taken out."""

    def __init__(self, terms=None):
        terms = sorted(glossary_terms() if terms is None else terms, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(term) for term in terms)) if terms else None
        self.seen = set()

    def __call__(self, text):
        if self.pattern is None:
            return text
        return self.pattern.sub(self._once, text)

    def _once(self, match):
        term = match.group()
        if term in self.seen:
            return term[:term.index("(")]
        self.seen.add(term)
        return term
