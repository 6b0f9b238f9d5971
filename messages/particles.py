"""Korean particles chosen by the value that fills a placeholder.

Which form of a particle follows a word depends on the word's last sound: 모델은 but 층은,
곡선 A는 but 학습률로. A message cannot know its values in advance, so a Korean message writes
both forms after a placeholder, as Korean software does ("{label}은(는)", "{value}이(가)",
"{file}을(를)", "{a}와(과)", "{shape}(으)로", "{expected}(이)어야"), and :func:`format_message`
keeps the one that fits the value. The choice is Tossi's (the library made for it: Hangul,
numbers, words in parentheses); for Latin words, which Tossi leaves open, :func:`guess_coda`
adds how a Korean reader says them (``relu``: 렐루, ``MAE``: 엠에이이, ``Dense(16)``: 덴스).

>>> format_message("곡선 {label}은(는) {diagnosis}이(가) 아닙니다", label="A", diagnosis="과대적합")
'곡선 A는 과대적합이 아닙니다'
>>> format_message("테스트 MAE {error:.2f}이(가) 큽니다", error=3.26)
'테스트 MAE 3.26이 큽니다'
>>> format_message("{found}(으)로 저장했습니다", found="x_train")
'x_train으로 저장했습니다'
"""

import re
import string

try:
    import tossi
    import tossi.coda
except ImportError:  # a notebook before its set-up cell: both forms stay, still readable
    tossi = None

# The both-forms notations, and the copula written "(이)" ("{x}(이)어야", "{x}(이)라는").
BOTH_FORMS = re.compile(r"은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\)"
                        r"|\(으\)로|\(이\)[\uac00-\ud7a3]+")

# Where a word cannot be read, both forms stay, written the way the messages write them.
_STYLE = tossi.parse_tolerance_style("은(는)") if tossi else None
# Letters read by name (MAE, CSV, the curve "A"): 엘, 엠, 엔 and 알 end in a consonant.
_LETTER_NAME_CODA = {"L": "ㄹ", "M": "ㅁ", "N": "ㄴ", "R": "ㄹ"}
_VOWELS = "aeiouy"


def guess_coda(word):
    """The final consonant (받침) a Korean reader hears at the end of ``word``: ``''`` for none,
    None where it cannot be told.

    >>> guess_coda("학습률"), guess_coda("0.85"), guess_coda("10")
    ('ㄹ', '', 'ㅂ')
    >>> guess_coda("relu"), guess_coda("Flatten()"), guess_coda("'adam'"), guess_coda("MAE")
    ('', 'ㄴ', 'ㅁ', '')
    """
    coda = tossi.coda.guess_coda(word)
    if coda is not None:
        return coda
    latin = re.search(r"[A-Za-z]+$", tossi.coda.filter_only_significant(word))
    return _english_coda(latin.group()) if latin else None


def _english_coda(letters):
    if len(letters) == 1 or (letters.isupper() and len(letters) <= 5):  # read letter by letter
        return _LETTER_NAME_CODA.get(letters[-1].upper(), "")
    word = letters.lower()
    if len(word) > 2 and word[-1] == "e" and word[-2] not in _VOWELS:
        word = word[:-1]  # a silent e: none 논, time 타임, compile 컴파일
        if word[-1] == "l":
            return "ㄹ"
    if word.endswith("ng"):
        return "ㅇ"
    if word[-1] in "mnl":
        return {"m": "ㅁ", "n": "ㄴ", "l": "ㄹ"}[word[-1]]
    if word.endswith("ck"):
        return "ㄱ"
    if letters.lower() == word and re.search(rf"[^{_VOWELS}][aeiou][ptk]$", word):
        return {"p": "ㅂ", "t": "ㅅ", "k": "ㄱ"}[word[-1]]  # a short vowel: step 스텝, fit 핏
    return ""  # relu, softmax, test, dense, sigmoid


def particle(word, forms):
    """The form of ``forms`` (a both-forms notation) that follows ``word``.

    >>> particle("모델", "은(는)"), particle("층", "은(는)"), particle("softmax", "이(가)")
    ('은', '은', '가')
    >>> particle("학습률", "(으)로"), particle("x_train", "(으)로"), particle("3", "(이)어야")
    ('로', '으로', '이어야')
    """
    if tossi is None:
        return forms
    return tossi.pick(word, forms, guess_coda=guess_coda, tolerance_style=_STYLE)


class ParticleFormatter(string.Formatter):
    """:meth:`str.format`, and each both-forms particle right after a field made to fit the
    field's text."""

    def vformat(self, format_string, args, kwargs):
        pieces, previous, automatic = [], None, 0
        for literal, field, spec, conversion in self.parse(format_string):
            if previous is not None:
                match = BOTH_FORMS.match(literal)
                if match:
                    literal = particle(previous, match.group()) + literal[match.end():]
            pieces.append(literal)
            previous = None
            if field is None:
                continue
            if field == "":
                field, automatic = str(automatic), automatic + 1
            value, _key = self.get_field(field, args, kwargs)
            spec = self.vformat(spec, args, kwargs) if "{" in spec else spec
            previous = self.format_field(self.convert_field(value, conversion), spec)
            pieces.append(previous)
        return "".join(pieces)


FORMATTER = ParticleFormatter()


def format_message(template, *args, **kwargs):
    return FORMATTER.vformat(template, args, kwargs)


class Message(str):
    """A translated message: its :meth:`format` chooses the particles (see the module)."""

    __slots__ = ()

    def format(self, *args, **kwargs):
        return FORMATTER.vformat(self, args, kwargs)

