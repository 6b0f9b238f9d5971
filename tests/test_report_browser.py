"""The lead's report in a real browser: headless Chromium (Debian's package, with its
chromedriver; `.ci/run` installs them where they are missing) opens the pages from the file
system. Screenshots go to the test's folder. Skipped, with the reason, where there is no
browser."""

import shutil

import pytest

from grader.bulk.analysis import analyse
from grader.bulk.page import write_report_pages
from tests.test_mistakes import Iris, cohort

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
try:
    import selenium
except ImportError:  # pragma: no cover - in requirements.txt
    selenium = None

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER and selenium),
    reason="needs headless Chromium and its chromedriver (apt-get install chromium "
           "chromium-driver; .ci/run installs them) and selenium")


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1600"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def report(folder, language):
    import messages

    students, results = cohort()
    messages.set_language(language, children=False)
    try:
        return write_report_pages(folder, [Iris], students, results,
                                  analyse([Iris], students, results))
    finally:
        messages.set_language("en", children=False)


def visible_students(browser):
    return [row.get_attribute("data-student")
            for row in browser.find_elements("css selector", "#gradebook tbody tr")
            if row.is_displayed()]


def problems_logged(browser):
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE",
                                                                                  "WARNING")]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_report_opens_filters_and_links_each_student(tmp_path, browser, language):
    from selenium.webdriver.common.by import By

    index = report(tmp_path / "results", language)
    browser.get(index.as_uri())
    browser.save_screenshot(str(tmp_path / f"index-{language}.png"))
    assert problems_logged(browser) == []
    # What to teach next: the shared mistake with its count and students
    sigmoid = browser.find_element(By.CSS_SELECTOR,
                                   'li.mistake[data-code="architecture.activation"]')
    assert sigmoid.get_attribute("data-count") == "3"
    assert [link.text for link in sigmoid.find_elements(By.TAG_NAME, "a")] == [
        "<i>park", "kim", "lee"]
    # The gradebook: every student, then filtered by name, by status, by exercise
    everyone = ["<i>park", "choi", "han", "jung", "kim", "lee", "oh", "seo", "yoon"]
    assert visible_students(browser) == everyone
    browser.find_element(By.ID, "filter-name").send_keys("k")
    assert visible_students(browser) == ["<i>park", "kim"]
    browser.find_element(By.ID, "filter-name").clear()
    browser.find_element(By.CSS_SELECTOR, '#filter-status option[value="missing"]').click()
    assert visible_students(browser) == ["yoon"]
    browser.find_element(By.CSS_SELECTOR, '#filter-status option[value=""]').click()
    # sorted by a click on a header: by total, lowest first, then highest first
    total = browser.find_element(By.XPATH, '//table[@id="gradebook"]//th[last()]')
    for order in (sorted, lambda totals: sorted(totals, reverse=True)):
        total.click()
        totals = [float(cell.get_attribute("data-value")) for cell in browser.find_elements(
            By.CSS_SELECTOR, "#gradebook tbody td:last-child")]
        assert totals == order(totals) and totals[0] != totals[-1], totals
    # the charts are there, drawn
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart svg path")) > 10
    # Korean in a Korean font, loaded from the results folder
    assert browser.execute_script(
        "return document.fonts.ready.then(() => document.fonts.check('16px NanumGothic'))")
    if language == "ko":
        assert "다음에 가르칠 내용" in browser.find_element(By.TAG_NAME, "body").text
    # a student's page opens from the gradebook
    browser.find_element(By.LINK_TEXT, "kim").click()
    browser.save_screenshot(str(tmp_path / f"kim-{language}.png"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "kim"
    assert "the last layer should be softmax, found sigmoid" in browser.page_source
    assert problems_logged(browser) == []
