"""Messages in Korean and English: the catalog is complete and current, the language is chosen
as Unix tools choose it, and Korean lines fit the report's width."""

import ast
import re
import subprocess
import sys

import pytest
import wcwidth
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

import messages as i18n
from messages.terms import glossary, machine_learning_terms
from grader import report
from grader.results import Verdict
from grader.spec import available_exercises
from tests.conftest import ROOT

KO_CATALOG = i18n.catalog_path("ko")


def korean_catalog():
    with open(KO_CATALOG, "rb") as file:
        return read_po(file, locale="ko")


def messages_in_the_code():
    """Every message ``make messages`` extracts (babel.cfg: the code and the specs' texts)."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {message if isinstance(message, str) else message[0]
            for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT, method_map, options_map,
                keywords={"_": None, "N_": None, "ngettext": (1, 2)})}


def singular(text):
    return text if isinstance(text, str) else text[0]


def test_every_message_in_the_code_has_a_korean_translation():
    catalog = korean_catalog()
    missing = sorted(messages_in_the_code() - {singular(message.id) for message in catalog
                                               if message.id})
    assert not missing, f"not in the catalog (run make messages, then translate): {missing}"
    untranslated = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert not untranslated and not fuzzy, (untranslated, fuzzy)


def test_the_catalog_compiles_and_translates():
    translations = i18n.translations("ko")
    assert translations.gettext("hint:") == "힌트:"
    for message in korean_catalog():  # every {name} kept, none invented
        if message.id:
            assert placeholders(singular(message.id)) == placeholders(
                singular(message.string)), message.id


def placeholders(text):
    return sorted(re.findall(r"\{(\w*)[^{}]*\}", text))


@pytest.mark.parametrize("requested, environ, expected", [
    (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
    ("en", {"LANG": "ko_KR.UTF-8"}, "en"),
    (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),  # LC_ALL comes first
    (None, {"LANGUAGE": "ko:en", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"KIT_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
    (None, {}, "en"),
    (None, {"LANG": "fr_FR.UTF-8"}, "en"),
])
def test_the_language_is_chosen_as_unix_tools_choose_it(requested, environ, expected):
    assert i18n.choose_language(requested, environ) == expected


def test_a_korean_locale_gives_korean_help_and_lang_en_overrides_it():
    def help_text(*arguments):
        return subprocess.run([sys.executable, "-m", "grader", *arguments, "--help"], cwd=ROOT,
                              capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "LANG": "ko_KR.UTF-8"}).stdout
    korean, english = help_text(), help_text("--lang", "en")
    assert "사용법:" in korean and "이 연습 문제만 채점" in korean
    assert "usage:" in english and "grade only this exercise" in english
    for line in korean.splitlines():
        assert wcwidth.width(line) <= 80, line  # wrapped by display width, not len()


def test_korean_report_lines_fit_the_width():
    i18n.set_language("ko", children=False)
    try:
        verdict = Verdict("build_model", "모델 만들기: 4 -> 30 relu -> 16 relu -> 3 softmax",
                          "failed", 0, 2, message="층 2: Dense(16, activation='relu') 가 "
                          "필요한데 Dense(32, activation='relu') 가 있습니다. " * 3,
                          expected="Dense(16, activation='relu') " * 4,
                          found="Dense(32, activation='relu') " * 4, hint="층의 유닛 수를 "
                          "확인하세요. 손실 함수(loss function)와는 상관없습니다. " * 3)
        text = report.format_verdict(verdict, 5)
    finally:
        i18n.set_language("en", children=False)
    assert "기댓값:" in text and "실제 값:" in text and "힌트:" in text
    lines = text.splitlines()
    assert all(wcwidth.width(line) <= report.WIDTH for line in lines), text
    assert wcwidth.width(lines[0]) == wcwidth.width(report.format_verdict(
        Verdict("build_model", "Build the model", "failed", 0, 2), 5).splitlines()[0])


def english_prose(message_id):
    """The words of an English message, without its placeholders and code (quoted names,
    keyword arguments, CONSTANTS), where a glossary term counts."""
    text = re.sub(r"\{[^{}]*\}", " ", message_id)
    text = re.sub(r"`[^`]*`|(?<!\w)'[^']*'(?!\w)|\b\w+=|\b[A-Z][A-Z0-9_]+\b", " ", text)
    return text


def term_pattern(english):
    """The term as a word of the text: not part of a name (val_loss, model.fit, Dropout(0.2))."""
    return rf"(?<![\w.]){re.escape(english)}(?:s|es)?(?![\w/(=]|\.\w)"


def test_korean_messages_use_the_glossary_words():
    ml_terms = machine_learning_terms()
    kit_words = next(terms for title, terms in glossary().items() if title.startswith("The kit"))
    assert ("loss function", "손실 함수") in ml_terms and len(ml_terms) + len(kit_words) >= 30
    in_parentheses = {english for english, _korean in ml_terms}
    titles = {title if isinstance(title, str) else title[0]  # no English in a title
              for title in spec_titles()}
    longest_first = sorted(ml_terms + kit_words, key=lambda term: -len(term[0]))
    for message in korean_catalog():
        if not message.id:
            continue
        english_text, korean_text = english_prose(singular(message.id)), singular(message.string)
        for english, korean in longest_first:  # "loss function" before "loss"
            pattern = term_pattern(english)
            if not re.search(pattern, english_text, re.IGNORECASE):
                continue
            assert korean in korean_text, (english, korean, message.id, korean_text)
            if english in in_parentheses and message.id not in titles:
                # the first time: 손실 함수(loss function)
                after = korean_text[korean_text.index(korean) + len(korean):]
                assert after.lower().startswith(f"({english}"), (
                    f"{korean}({english}) the first time", message.id, korean_text)
            english_text = re.sub(pattern, " ", english_text, flags=re.IGNORECASE)
            korean_text = korean_text.replace(korean, "\0")  # "배치 정규화" is not "배치" again


HANGUL = re.compile(r"[\uac00-\ud7a3]")


def instruction_facts(text):
    """The code (``...``) and the numbers of an instruction: what both languages must say."""
    return ({" ".join(code.split()) for code in re.findall(r"``[^`]+``", text)}
            | set(re.findall(r"\d[\d,.]*\d|\d", text)))


def english_then_korean(text):
    """``(english, korean)``: an instruction's paragraphs before the first one in Hangul, and
    from there on."""
    paragraphs = re.split(r"\n\s*\n", text)
    first = next((i for i, paragraph in enumerate(paragraphs) if HANGUL.search(paragraph)),
                 len(paragraphs))
    return "\n\n".join(paragraphs[:first]), "\n\n".join(paragraphs[first:])


def instructions(exercise):
    """``{name: text}``: an exercise file's introduction (its first markdown cell) and each
    function's docstring."""
    source = (ROOT / "exercises" / f"{exercise}.py").read_text(encoding="utf-8")
    first_cell = source.split("\n\n\n")[0].splitlines()[1:]  # after "# %% [markdown]"
    texts = {"introduction": "\n".join(line[2:] for line in first_cell)}
    texts.update((function.name, ast.get_docstring(function) or "")
                 for function in ast.parse(source).body if isinstance(function, ast.FunctionDef))
    return texts


@pytest.mark.parametrize("exercise", available_exercises())
def test_every_instruction_is_in_korean_too_with_the_same_facts(exercise):
    for name, text in instructions(exercise).items():
        english, korean = english_then_korean(text)
        assert english and korean, f"{exercise}: {name} needs its instructions in both languages"
        missing = instruction_facts(english) - instruction_facts(korean)
        assert not missing, f"{exercise}: {name}'s Korean instructions leave out {sorted(missing)}"


# Particles that change with the word before them (은/는, 이/가, 을/를, 와/과, (으)로, 이다).
CHANGING_PARTICLE = re.compile(
    r"\s*(?:은|는|이|가|을|를|와|과|으로|로|이어야|여야|이라는|라는|이라고|라고|이다|이고|이며|이나"
    r"|이면|였|이었)(?![\uac00-\ud7a3])")


def korean_messages():
    for message in korean_catalog():
        if message.id:
            yield singular(message.id), singular(message.string)


def test_no_particle_is_fixed_after_a_placeholder():
    """"곡선 {label} 은" printed "곡선 A 은": after a placeholder a Korean message writes both
    forms ("{label}은(는)"), and formatting keeps the one that fits the value."""
    from messages.particles import BOTH_FORMS

    fixed = []
    for message_id, text in korean_messages():
        for field in re.finditer(r"(?<!\{)\{[^{}]*\}(?!\})", text):
            after = text[field.end():]
            if not BOTH_FORMS.match(after) and CHANGING_PARTICLE.match(after):
                fixed.append((text[max(0, field.start() - 10):field.end() + 12], message_id))
    assert not fixed, "\n".join(f"{where!r}  ({message_id!r})" for where, message_id in fixed)


# A particle written apart from the code, Latin word or number before it ("0 입니다", "Python 을").
SPACED_PARTICLE = re.compile(
    r"(?<=[A-Za-z0-9)\]}'\"`])[ ]+(?:은|는|을|를|와|과|으로|로|에서|에게|에는|에|의|도|만|입니다|이다"
    r"|이어야|여야|이|가|은\(는\)|이\(가\)|을\(를\)|와\(과\)|\(으\)로|\(이\)[\uac00-\ud7a3]+)"
    r"(?=[\s.,:;!?)]|$)")


def test_particles_are_attached_to_the_word_before_them():
    """"0 입니다", "Python 을": Korean spelling writes a particle against its word."""
    found = [(text[max(0, match.start() - 12):match.end() + 4], message_id)
             for message_id, text in korean_messages()
             for match in SPACED_PARTICLE.finditer(text)]
    assert not found, "\n".join(f"{where!r}  ({message_id!r})" for where, message_id in found)


# Words a review found wrong or unusual, with the word that replaced them.
REPLACED_WORDS = {
    "그래디언트(gradient) 하강": "경사 하강법(gradient descent)",
    "은닉층(layer)": "은닉층(hidden layer)",
    "있이": "있을 때",
    "간직": "저장해 두다 / 담아 두다",
    "예제": "샘플 (a sample)",
    "학습 단계를": "가중치 업데이트 (weight updates)",
    "부호화": "인코딩",
    "흐름": "파이프라인",
    "돌려주": "반환하다",
    "감소율": "감쇠 (decay)",
    "베끼기": "복사 의심 (copy flags)",
    "님의 피드백": "님께 드리는 피드백",
    "라고 말합니다": "곡선을 보면 ...",
    "곁에": "함께",
    "테스트셋": "테스트 세트",
    "채점기가 돌려준": "여러분의 함수가 반환한",
    "두 번 세지 않음": "앞 단계의 함수를 다시 쓰는 단계라서 점수가 따로 없습니다",
}


def test_words_a_review_replaced_are_gone():
    found = [(word, better, message_id) for message_id, text in korean_messages()
             for word, better in REPLACED_WORDS.items() if word in text]
    assert not found, "\n".join(f"{word!r} -> {better!r}  ({message_id!r})"
                                for word, better, message_id in found)


def spec_titles(steps_only=False):
    """Every exercise and step title of the specs (only the steps' with ``steps_only``), as the
    English msgid; an exercise's as ``(title, its notebook's name)``."""
    import tomllib

    titles = []
    for path in sorted((ROOT / "grader" / "specs").glob("*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        titles += [] if steps_only else [(spec["title"], f"{path.stem}.ipynb")]
        titles += [step["title"] for step in spec.get("steps", []) if "title" in step]
    return titles


def test_titles_carry_no_english_in_parentheses_and_fit_their_column():
    """A title is short; the lines under it say the English term. The report gives a numbered
    step title 66 columns (``report.format_verdict``), an exercise title its header line."""
    translations = i18n.translations("ko")
    english_terms = [english for english, _korean in machine_learning_terms()]
    for title in spec_titles():
        title, notebook = (title, None) if isinstance(title, str) else title
        korean = translations.gettext(title)
        assert not any(f"({term}" in korean for term in english_terms), korean
        for text in (title, korean):
            if notebook is None:
                assert wcwidth.width(f"10. {text}") <= 66, text
            else:
                assert wcwidth.width(report.format_header(text, notebook)) <= report.WIDTH, text


@pytest.mark.parametrize("exercise", available_exercises())
def test_each_step_heading_says_the_title_the_report_says_in_both_languages(exercise):
    """``# ## 5. Build the model · 모델 만들기``: the English and Korean halves of a step's
    heading are its title in the report, in each language."""
    from grader.spec import load_spec
    from tests.test_spec import HEADING

    translations = i18n.translations("ko")
    titles = {step.title for step in load_spec(exercise).steps}
    source = (ROOT / "exercises" / f"{exercise}.py").read_text(encoding="utf-8")
    headings = [match.group(3, 4) for match in map(HEADING.match, source.splitlines()) if match]
    assert headings
    for english, korean in headings:
        if english in titles:
            assert korean == translations.gettext(english), (english, korean)


def korean_instructions():
    """``(exercise, name, Korean text)`` for every instruction of every exercise file."""
    for exercise in available_exercises():
        for name, text in instructions(exercise).items():
            yield exercise, name, english_then_korean(text)[1]


def test_the_instructions_attach_their_particles_and_use_the_reviewed_words():
    """The rules of the catalog, on the exercises' Korean instructions too."""
    found = [(exercise, name, text[max(0, match.start() - 12):match.end() + 4])
             for exercise, name, text in korean_instructions()
             for match in SPACED_PARTICLE.finditer(text)]
    found += [(exercise, name, word) for exercise, name, text in korean_instructions()
              for word in REPLACED_WORDS if word in text]
    assert not found, "\n".join(map(repr, found))
