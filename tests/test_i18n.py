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
    assert "기대:" in text and "실제:" in text and "힌트:" in text
    lines = text.splitlines()
    assert all(wcwidth.width(line) <= report.WIDTH for line in lines), text
    assert wcwidth.width(lines[0]) == wcwidth.width(report.format_verdict(
        Verdict("build_model", "Build the model", "failed", 0, 2), 5).splitlines()[0])


def glossary():
    """``{section title: [(english, korean), ...]}`` from messages/locale/glossary.md."""
    sections, current = {}, None
    for row in (ROOT / "messages" / "locale" / "glossary.md").read_text(encoding="utf-8").splitlines():
        if row.startswith("## "):
            current = sections.setdefault(row[3:], [])
        elif row.startswith("| ") and not row.startswith("| English") and current is not None:
            current.append(tuple(cell.strip() for cell in row.strip("|").split("|")))
    return sections


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
    sections = glossary()
    ml_terms = next(terms for title, terms in sections.items() if title.startswith("Machine"))
    kit_words = next(terms for title, terms in sections.items() if title.startswith("The kit"))
    assert ("loss function", "손실 함수") in ml_terms and len(ml_terms) + len(kit_words) >= 30
    in_parentheses = {english for english, _korean in ml_terms}
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
            if english in in_parentheses:  # the first time: 손실 함수(loss function)
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


@pytest.mark.parametrize("exercise", available_exercises())
def test_every_instruction_is_in_korean_too_with_the_same_facts(exercise):
    source = (ROOT / "exercises" / f"{exercise}.py").read_text(encoding="utf-8")
    first_cell = source.split("\n\n\n")[0].splitlines()[1:]  # after "# %% [markdown]"
    instructions = {"introduction": "\n".join(line[2:] for line in first_cell)}
    instructions.update((function.name, ast.get_docstring(function))
                        for function in ast.parse(source).body
                        if isinstance(function, ast.FunctionDef))
    for name, text in instructions.items():
        english, korean = english_then_korean(text)
        assert english and korean, f"{exercise}: {name} needs its instructions in both languages"
        missing = instruction_facts(english) - instruction_facts(korean)
        assert not missing, f"{exercise}: {name}'s Korean instructions leave out {sorted(missing)}"
