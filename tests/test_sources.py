"""Finding and reading students' files as they really hand them in: other names, other encodings,
symbolic links (no TensorFlow needed)."""

import os

import pytest

from grader.sources import SourceError, find_exercise_file, normal_name, read_source

KOREAN = "# 붓꽃 데이터를 불러옵니다\ndef load_data():\n    return '꽃'\n"


@pytest.mark.parametrize("name", ["iris.py", "Iris.py", "IRIS.PY", "iris (1).py", "iris(2).py",
                                  "iris - Copy.py", "iris_copy.py", "iris 복사본.py",
                                  "iris.py.txt"])
def test_names_a_student_or_a_browser_gives_the_file_read_as_the_exercise(name):
    assert normal_name(name) == "iris.py"


@pytest.mark.parametrize("name", ["iris2.py", "irises.py", "my_iris.py", "iris.ipynb"])
def test_other_files_are_not_taken_for_the_exercise(name):
    assert normal_name(name) != "iris.py"


def test_the_exact_name_wins_and_gets_no_note(tmp_path):
    (tmp_path / "iris.py").write_text("x = 1")
    (tmp_path / "Iris (1).py").write_text("x = 2")
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path == tmp_path / "iris.py" and not found.note and not found.problem


def test_a_near_miss_is_graded_with_a_note_naming_it(tmp_path):
    (tmp_path / "Iris.py").write_text("x = 1")
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path == tmp_path / "Iris.py"
    assert found.note == "graded Iris.py as iris.py: rename it to iris.py"


def test_of_several_near_misses_the_newest_is_graded_and_the_others_named(tmp_path):
    for age, name in enumerate(["iris (2).py", "iris (1).py"]):
        (tmp_path / name).write_text(name)
        os.utime(tmp_path / name, (1_000_000 + 100 * age, 1_000_000 + 100 * age))
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path.name == "iris (1).py"
    assert found.note == ("graded iris (1).py as iris.py: rename it to iris.py; also found "
                          "iris (2).py; graded iris (1).py, the one saved last")


def test_a_symbolic_link_is_never_followed_and_says_so(tmp_path):
    (tmp_path / "real.py").write_text("x = 1")
    (tmp_path / "iris.py").symlink_to(tmp_path / "real.py")
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path is None
    assert found.problem.startswith("iris.py is a symbolic link, not a file: hand in the file")


def test_nothing_there_is_no_problem_just_missing(tmp_path):
    assert find_exercise_file(tmp_path, "iris.py").path is None
    assert find_exercise_file(tmp_path, "iris.py").problem == ""


def test_utf8_with_or_without_bom_and_crlf_reads_without_a_note(tmp_path):
    for name, data in [("plain.py", KOREAN.encode()), ("bom.py", b"\xef\xbb\xbf" + KOREAN.encode()),
                       ("crlf.py", KOREAN.replace("\n", "\r\n").encode())]:
        (tmp_path / name).write_bytes(data)
        text, note = read_source(tmp_path / name)
        assert "붓꽃" in text and not text.startswith("\ufeff") and note == "", name


def test_a_cp949_file_is_decoded_with_a_note_on_saving_as_utf8(tmp_path):
    (tmp_path / "iris.py").write_bytes(KOREAN.encode("cp949"))
    text, note = read_source(tmp_path / "iris.py")
    assert text == KOREAN
    assert "saved as CP949/EUC-KR" in note and "Save it as UTF-8" in note


def test_a_coding_line_is_honoured(tmp_path):
    (tmp_path / "iris.py").write_bytes(b"# -*- coding: euc-kr -*-\n" + KOREAN.encode("euc-kr"))
    text, note = read_source(tmp_path / "iris.py")
    assert "붓꽃" in text and note == ""


def test_a_false_coding_line_is_a_clear_error(tmp_path):
    (tmp_path / "iris.py").write_bytes(b"# coding: ascii\n" + KOREAN.encode())
    with pytest.raises(SourceError, match="says it is ascii, but it is not"):
        read_source(tmp_path / "iris.py")


def notebook(path, *cells, outputs=None):
    """Write an .ipynb of code cells (strings) and a markdown cell first."""
    import nbformat

    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# Iris")] + [
        nbformat.v4.new_code_cell(cell) for cell in cells]
    if outputs:
        book.cells[-1].outputs = outputs
    nbformat.write(book, path)
    return path


def test_a_notebook_is_read_as_its_code_cells_with_ipython_lines_as_comments(tmp_path):
    import nbformat

    error = nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=["..."])
    path = notebook(tmp_path / "iris.ipynb",
                    "!pip install -q keras\n%matplotlib inline\nimport numpy as np\nEPOCHS = 3",
                    "def load_data():\n    return np.arange(EPOCHS)",
                    "%%time\ndata = load_data()\nprint(data)",
                    outputs=[error])
    text, note = read_source(path)
    namespace = {}
    exec(compile(text, str(path), "exec"), namespace)  # runs: no IPython line is left as code
    assert list(namespace["load_data"]()) == [0, 1, 2] and "data" not in namespace
    assert "# !pip install -q keras" in text and "# Iris" not in text
    assert note == ("graded the code cells of iris.ipynb; 2 top-level statements that only use "
                    "your functions (e.g. training, plotting, printing) were not run: the grader "
                    "calls your functions itself")


def test_a_notebook_cell_with_a_syntax_error_is_left_for_python_to_report(tmp_path):
    path = notebook(tmp_path / "iris.ipynb", "def load_data()\n    return 1")
    text, _ = read_source(path)
    with pytest.raises(SyntaxError):
        compile(text, str(path), "exec")


def test_a_broken_notebook_file_is_a_clear_error(tmp_path):
    (tmp_path / "iris.ipynb").write_text("{not json")
    with pytest.raises(SourceError, match="iris.ipynb is not a readable notebook"):
        read_source(tmp_path / "iris.ipynb")


def test_a_notebook_counts_and_with_both_forms_the_one_saved_last_is_graded(tmp_path):
    notebook(tmp_path / "iris.ipynb", "x = 1")
    assert find_exercise_file(tmp_path, "iris.py").path.name == "iris.ipynb"
    (tmp_path / "iris.py").write_text("x = 2")
    os.utime(tmp_path / "iris.ipynb", (1_000_000, 1_000_000))
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path.name == "iris.py"
    assert found.note == "also found iris.ipynb; graded iris.py, the one saved last"
    (tmp_path / "iris.py").unlink()
    notebook(tmp_path / "Iris (1).ipynb", "x = 3")
    os.utime(tmp_path / "iris.ipynb", (1_000_000, 1_000_000))
    assert find_exercise_file(tmp_path, "iris.py").path.name == "iris.ipynb"  # exact name first


def test_an_exercise_and_its_notebook_saved_together_grade_the_script_without_a_note(tmp_path):
    """The kit's exercises/ has iris.py and its generated iris.ipynb, equally new in a clone."""
    notebook(tmp_path / "iris.ipynb", "x = 1")
    (tmp_path / "iris.py").write_text("x = 2")
    os.utime(tmp_path / "iris.py", (1_000_000, 1_000_000))
    os.utime(tmp_path / "iris.ipynb", (1_000_000.5, 1_000_000.5))
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path.name == "iris.py" and found.note == ""


STUB = 'def load_data():\n    """Step 1."""\n    raise NotImplementedError\n'


def test_a_form_still_the_untouched_stub_is_no_rival_to_the_one_with_work_in_it(tmp_path):
    """In the kit's exercises/: the student fills in iris.py and never opens iris.ipynb, or the
    other way round; which was saved last does not matter, and no note about the other form."""
    notebook(tmp_path / "iris.ipynb", STUB)
    (tmp_path / "iris.py").write_text(STUB.replace("raise NotImplementedError", "return 1"))
    os.utime(tmp_path / "iris.py", (1_000_000, 1_000_000))  # the notebook is newer
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path.name == "iris.py" and found.note == ""
    (tmp_path / "iris.py").write_text(STUB)
    notebook(tmp_path / "iris.ipynb", STUB.replace("raise NotImplementedError", "return 1"))
    os.utime(tmp_path / "iris.ipynb", (1_000_000, 1_000_000))  # the script is newer
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path.name == "iris.ipynb" and found.note == ""
    notebook(tmp_path / "iris.ipynb", STUB)  # both untouched, the notebook newer: the script
    found = find_exercise_file(tmp_path, "iris.py")
    assert found.path.name == "iris.py" and found.note == ""
