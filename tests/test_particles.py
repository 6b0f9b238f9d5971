"""Korean particles chosen by the value before them, and the English of a term once a page."""

import doctest
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import messages as i18n
from grader import report
from grader.results import Verdict
from messages import particles, terms
from messages.particles import BOTH_FORMS, format_message, guess_coda, particle


@pytest.mark.parametrize("module", [particles, terms])
def test_the_documented_examples_hold(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("word, forms, expected", [
    ("모델", "은(는)", "은"), ("데이터", "은(는)", "는"), ("A", "은(는)", "는"),
    ("L", "이(가)", "이"), ("과대적합", "이(가)", "이"), ("0.85", "이(가)", "가"),
    ("10", "을(를)", "을"), ("softmax", "을(를)", "를"), ("Flatten", "을(를)", "을"),
    ("relu", "와(과)", "와"), ("adam", "와(과)", "과"), ("학습률", "(으)로", "로"),
    ("x_train", "(으)로", "으로"), ("(28, 28, 1)", "(으)로", "로"), ("Dense(16)", "이(가)", "가"),
    ("'sparse_categorical_crossentropy'", "이(가)", "가"), ("model.fit", "이(가)", "이"),
    ("3", "(이)어야", "이어야"), ("0.5", "(이)어야", "여야"), ("MAE", "(이)라는", "라는"),
    ("overfitting", "은(는)", "은"), ("None", "이(가)", "이"), ("compile", "을(를)", "을"),
])
def test_the_particle_fits_how_the_word_is_read(word, forms, expected):
    assert particle(word, forms) == expected


def test_a_word_nobody_can_read_keeps_both_forms():
    assert guess_coda("→") is None
    assert format_message("{arrow}은(는)", arrow="→") == "→은(는)"


def test_translated_messages_choose_their_particles_when_formatted():
    i18n.set_language("ko", children=False)
    try:
        message = i18n._("curve {label} is not {diagnosis}")
        assert isinstance(message, particles.Message) and "{label}은(는)" in message
        assert message.format(label="A", diagnosis="과대적합") == "곡선 A는 과대적합이 아닙니다"
        assert message.format(label="B", diagnosis="과소적합") == "곡선 B는 과소적합이 아닙니다"
    finally:
        i18n.set_language("en", children=False)
    assert i18n._("curve {label} is not {diagnosis}").format(label="A", diagnosis="x") == (
        "curve A is not x")


def sample_value(field):
    """A value for a catalog placeholder, from its name and format spec."""
    name, _, spec = field.partition(":")
    name = name.split("!")[0]
    if spec and spec[-1] in "fgde%":
        return name, 3
    return name, "A"


def test_every_korean_message_formats_with_every_both_forms_resolved():
    """Each catalog message, formatted with values: no "은(는)" is left after a value the reader
    can read, and nothing else of the message changes."""
    from babel.messages.pofile import read_po

    with open(i18n.catalog_path("ko"), "rb") as file:
        catalog = read_po(file, locale="ko")
    formatted = 0
    for entry in catalog:
        text = entry.string if isinstance(entry.string, str) else entry.string[0]
        if not entry.id or not BOTH_FORMS.search(text):
            continue
        fields = re.findall(r"(?<!\{)\{([^{}]*)\}(?!\})", text)
        values = dict(sample_value(field) for field in fields)
        result = format_message(text, **values)
        assert not re.search(r"\}|은\(는\)|이\(가\)|을\(를\)|와\(과\)|\(으\)로", result), (
            text, result)
        formatted += 1
    assert formatted >= 50  # the fixed particles of the review, now chosen by value


@given(st.text(max_size=30), st.sampled_from(["은(는)", "이(가)", "을(를)", "와(과)", "(으)로",
                                                "(이)어야", "(이)라는"]))
def test_any_value_formats_and_stays_whole(value, forms):
    """Whatever a student's value prints as, the message formats and shows it unchanged."""
    result = format_message("값 {value}" + forms + " 있습니다", value=value)
    assert result.startswith("값 " + value) and result.endswith(" 있습니다")


def test_a_page_shows_the_english_of_a_term_once():
    """"정확도(accuracy)" on the first line that says it; later lines say 정확도 alone."""
    i18n.set_language("ko", children=False)
    try:
        live_lines = []

        class Stream:
            def write(self, text):
                live_lines.append(text)

            def flush(self):
                pass

        live = report.LiveReport(["a", "b"], stream=Stream())
        for name in ("a", "b"):
            live.verdict(Verdict(name, "제목", "failed", 0, 1, message="정확도(accuracy)가 낮습니다",
                                 hint="손실(loss)과 정확도(accuracy)를 보세요"))
    finally:
        i18n.set_language("en", children=False)
    page = "".join(live_lines)
    assert page.count("(accuracy)") == 1 and page.count("(loss)") == 1, page
    assert page.index("(accuracy)") < page.index("(loss)") and page.count("정확도") == 4, page
