"""Messages in Korean and English: the catalog is complete and current, the language is chosen
as Unix tools choose it, and Korean lines fit the report's width."""

import re
import subprocess
import sys

import pytest
import wcwidth
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from grader import i18n, report
from grader.grading import Verdict
from tests.conftest import ROOT

KO_CATALOG = i18n.catalog_path("ko")


def korean_catalog():
    with open(KO_CATALOG, "rb") as file:
        return read_po(file, locale="ko")


def messages_in_the_code():
    found = set()
    for folder in ("grader", "datasets"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")],
                keywords={"_": None, "N_": None, "ngettext": (1, 2)}):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_in_the_code_has_a_korean_translation():
    catalog = korean_catalog()
    missing = sorted(messages_in_the_code() - {message.id for message in catalog if message.id})
    assert not missing, f"not in the catalog (run make messages, then translate): {missing}"
    untranslated = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert not untranslated and not fuzzy, (untranslated, fuzzy)


def test_the_catalog_compiles_and_translates():
    translations = i18n.translations("ko")
    assert translations.gettext("hint:") == "힌트:"
    for message in korean_catalog():  # every {name} kept, none invented
        if message.id:
            assert placeholders(message.id) == placeholders(message.string), message.id


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
    rows = (ROOT / "grader" / "locale" / "glossary.md").read_text(encoding="utf-8").splitlines()
    return [tuple(cell.strip() for cell in row.strip("|").split("|")) for row in rows
            if row.startswith("| ") and not row.startswith("| English")]


def test_korean_messages_use_the_glossary_words():
    terms = glossary()
    assert ("loss function", "손실 함수") in terms and len(terms) >= 30
    longest_first = sorted(terms, key=lambda term: -len(term[0]))
    for message in korean_catalog():
        if not message.id:
            continue
        english_text = re.sub(r"\{[^{}]*\}", " ", message.id)  # not the placeholders
        for english, korean in longest_first:  # "exercise file" before "exercise"
            pattern = rf"\b{re.escape(english)}s?\b(?![/.])"  # a word, not a folder or file
            if re.search(pattern, english_text, re.IGNORECASE):
                assert korean in message.string, (english, korean, message.id, message.string)
                english_text = re.sub(pattern, " ", english_text, flags=re.IGNORECASE)
