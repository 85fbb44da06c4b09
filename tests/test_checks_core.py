"""The checks mechanism itself: strict comparison, messages, hints, progress, and how a failure
looks in a real kernel (short, but still an error, so nbgrader scores it zero)."""

from __future__ import annotations

import os
import tempfile

import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from cmo_course.checks import (
    Checker,
    Choice,
    Frame,
    Mismatch,
    Number,
    Numbers,
    OptionalInt,
    SeriesOf,
    TryAgain,
    messages,
)
from cmo_course.checks.progress import ProgressLog


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


@pytest.mark.parametrize("value", [2.0, 2, np.float64(2.0), np.int64(2), np.float32(2.0)])
def test_number_accepts_plain_and_numpy_numbers(value):
    Number().compare(value, 2.0)


@pytest.mark.parametrize("value", [True, "2", [2.0], AlwaysEqual(), pd.Series([2.0]), None])
def test_number_rejects_anything_else(value):
    with pytest.raises(Mismatch):
        Number().compare(value, 1.0 if value is True else 2.0)


def test_number_rejects_a_float_subclass_that_lies_about_equality():
    class Liar(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    with pytest.raises(Mismatch):
        Number().compare(Liar(5.0), 5.0)


def test_number_tolerance_is_tight_but_allows_float_noise():
    Number().compare(0.1 + 0.2, 0.3)
    with pytest.raises(Mismatch):
        Number().compare(0.3001, 0.3)


def test_integer_counts_must_be_exact_whole_numbers():
    Number(integer=True).compare(np.int64(51046), 51046)
    Number(integer=True).compare(51046.0, 51046)
    with pytest.raises(Mismatch):
        Number(integer=True).compare(51046.5, 51046)


def test_optional_int_accepts_none_only_when_expected():
    OptionalInt().compare(None, None)
    OptionalInt().compare(np.int64(3), 3)
    with pytest.raises(Mismatch, match="None"):
        OptionalInt().compare(None, 3)
    with pytest.raises(Mismatch):
        OptionalInt().compare(3.0, 3)  # a month is a whole number, not a float
    with pytest.raises(Mismatch):
        OptionalInt().compare(0, None)


def test_choice_is_exact_text_from_the_options():
    choice = Choice(("aov", "cac"))
    choice.compare(" cac ", "cac")
    choice.compare("CAC", "cac")  # capitals are not a different option
    with pytest.raises(Mismatch, match="not the one"):
        choice.compare("AOV", "cac")
    with pytest.raises(Mismatch, match="not one of the options"):
        choice.compare("price", "cac")
    with pytest.raises(Mismatch, match="text"):
        choice.compare(AlwaysEqual(), "cac")


def test_a_series_of_text_is_told_it_holds_text_not_a_dtype():
    expected = pd.Series({"tiktok": 0.06, "facebook": 0.014})
    with pytest.raises(Mismatch, match="holds text or other objects") as failure:
        SeriesOf(index_what="platform").compare(expected.astype(str), expected)
    assert "holds object" not in str(failure.value) and "holds str" not in str(failure.value)


def test_series_ignores_row_order_but_not_labels():
    expected = pd.Series({"tiktok": 0.06, "facebook": 0.014})
    SeriesOf(index_what="platform").compare(expected.iloc[::-1], expected)
    with pytest.raises(Mismatch, match="missing \\['tiktok'\\]"):
        SeriesOf(index_what="platform").compare(expected.drop("tiktok"), expected)


def test_numbers_accept_a_list_an_array_or_a_series_in_order():
    expected = [100.0, 50.0, 25.0]
    for answer in (
        [100, 50, 25],
        np.array([100.0, 50.0, 25.0]),
        pd.Series([100, 50, 25]),
        (100, 50.0, 25),
    ):
        Numbers().compare(answer, expected)
    # the course counts weeks from 0: the second value is week 1, the first is week 0
    with pytest.raises(Mismatch, match="differ from week 1 \\(counting the first as week 0\\) on"):
        Numbers().compare([100, 25, 50], expected)
    with pytest.raises(Mismatch, match="differ from the first week \\(week 0\\) on"):
        Numbers().compare([150, 50, 25], expected)
    with pytest.raises(Mismatch, match="has 2 values; it should have 3, one per week"):
        Numbers().compare([100, 50], expected)
    with pytest.raises(Mismatch, match="a list \\(or array\\) of numbers"):
        Numbers().compare(100.0, expected)
    with pytest.raises(Mismatch, match="a list \\(or array\\) of numbers"):
        Numbers().compare(AlwaysEqual(), expected)
    with pytest.raises(Mismatch, match="should be a number"):
        Numbers().compare(["a", "b", "c"], expected)
    with pytest.raises(Mismatch, match="NaN"):
        Numbers().compare([100, np.nan, 25], expected)


def test_series_given_a_dataframe_says_how_to_get_a_series():
    expected = pd.Series({"a": 1.0})
    with pytest.raises(Mismatch, match="Select the one column"):
        SeriesOf().compare(expected.to_frame("rate"), expected)


def test_frame_names_missing_columns_and_checks_order_when_asked():
    expected = pd.DataFrame({"budget": [1.0, 2.0], "actual": [3.0, 1.0]}, index=["tv", "meta"])
    frame = Frame(
        columns=("budget", "actual"), index_what="channel", ordered=True, order_message="sort it"
    )
    frame.compare(expected.copy(), expected)
    with pytest.raises(Mismatch, match="Missing: \\['actual'\\]"):
        frame.compare(expected[["budget"]], expected)
    with pytest.raises(Mismatch, match="sort it"):
        frame.compare(expected.iloc[::-1], expected)
    shuffled_and_wrong = expected.iloc[::-1].copy()
    shuffled_and_wrong["actual"] = [9.0, 9.0]
    with pytest.raises(Mismatch, match="fix the order first"):
        frame.compare(shuffled_and_wrong, expected)
    with pytest.raises(Mismatch, match="one row per channel"):
        frame.compare(expected.reset_index(), expected)


def test_a_check_reads_the_answer_from_the_callers_notebook_namespace(capsys):
    check = Checker("00_start_here")
    expected = check.exercises["0.1"].expected()
    scope = {"check": check, "orders_2025": expected}
    exec('check("0.1")', scope)
    assert "✔ Exercise 0.1" in capsys.readouterr().out


def test_hints_come_one_at_a_time_then_point_to_the_solutions(capsys):
    check = Checker("01_finance")
    total = len(check.exercises["1.1"].hints)
    for number in range(1, total + 1):
        check.hint("1.1")
        assert f"Hint {number} of {total}" in capsys.readouterr().out
    check.hint("1.1")
    last = capsys.readouterr().out
    assert "No more hints" in last and "solutions/" in last


def test_unknown_exercise_lists_the_real_ones():
    from cmo_course.checks.messages import NoSuchExercise

    with pytest.raises(NoSuchExercise, match="1.1, 1.2"):
        Checker("01_finance")("9.9", namespace={})


def test_an_exercise_number_without_quotes_is_told_to_add_them():
    """check(4.10) would silently check 4.1: Python reads 4.10 as the number 4.1."""
    from cmo_course.checks.messages import NoSuchExercise

    check = Checker("04_offline_channels")
    for call in (lambda: check(4.10, namespace={}), lambda: check.hint(4.10)):
        with pytest.raises(NoSuchExercise, match='in quotes: check\\("4.10"\\)'):
            call()


def test_a_written_answer_has_no_check_and_says_so(capsys, tmp_path):
    check = Checker("04_offline_channels", log=ProgressLog(tmp_path))
    assert check.written() == ["4.14"]
    assert Checker("06_capstone").written() == ["6.7", "6.8", "6.9"]
    check.hint("4.14")
    check("4.14", namespace={})
    out = capsys.readouterr().out
    assert out.count("Exercise 4.14 is a written answer") == 2 and "instructor" in out
    assert not (tmp_path / ".cmo-course-progress.jsonl").exists()  # nothing to record


def test_unknown_module_is_named():
    with pytest.raises(KeyError, match="07_nothing"):
        Checker("07_nothing")


def test_progress_reflects_the_last_result(capsys, tmp_path):
    check = Checker("00_start_here", log=ProgressLog(tmp_path))
    with pytest.raises(TryAgain):
        check("0.1", namespace={"orders_2025": -1})
    check("0.2", namespace={"engagement_rate_by_platform": check.exercises["0.2"].expected()})
    table = check.progress()
    assert table.loc["0.1", "status"] == "not yet"
    assert table.loc["0.2", "status"] == "passed"
    assert table.loc["0.3", "status"] == "not checked yet"
    assert table.loc["0.4", "status"] == "not checked yet"
    assert "1 of 4 exercises passed" in capsys.readouterr().out


def _run_cells(*sources: str, strict: bool = False) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    env = {k: v for k, v in os.environ.items() if k != messages.STRICT_VAR}
    if strict:
        env[messages.STRICT_VAR] = "1"
    with tempfile.TemporaryDirectory() as folder:  # the kernel's folder: its progress record
        NotebookClient(
            notebook,
            timeout=120,
            allow_errors=True,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        ).execute(env=env)
    return notebook


CELLS = (
    'from cmo_course.checks import Checker\ncheck = Checker("00_start_here")',
    "orders_2025 = 1\ncheck('0.1')",
    "del orders_2025\ncheck('0.1')",
    "from cmo_course.checks.m00_start_here import _orders_in\norders_2025 = _orders_in(2025)\ncheck('0.1')",
    'raise NotImplementedError("replace this line with your answer")',
)


@pytest.mark.notebooks
def test_in_a_learners_kernel_a_failure_is_a_calm_box_and_a_pass_is_plain_text():
    notebook = _run_cells(*CELLS)
    wrong, missing, right, stub = (notebook.cells[i].outputs for i in (1, 2, 3, 4))
    assert [o.output_type for o in wrong] == ["display_data"]
    assert (
        "✘ Exercise 0.1" in wrong[0].data["text/plain"] and "#E69F00" in wrong[0].data["text/html"]
    )
    assert [o.output_type for o in missing] == ["display_data"]
    assert (
        "<details" in missing[0].data["text/html"]
        and "not attempted yet" in missing[0].data["text/plain"]
    )
    assert [o.output_type for o in right] == ["stream"] and right[0].name == "stdout"
    assert "✔ Exercise 0.1" in right[0].text
    assert [o.output_type for o in stub] == ["display_data"]
    assert stub[0].data["text/plain"].startswith("Not attempted yet")


@pytest.mark.notebooks
def test_where_nbgrader_grades_a_failure_is_a_short_error():
    notebook = _run_cells(*CELLS, strict=True)
    wrong, missing, stub = (notebook.cells[i].outputs for i in (1, 2, 4))
    assert [o.output_type for o in wrong] == ["error"] and wrong[0].ename == "TryAgain"
    assert len(wrong[0].traceback) == 1 and "✘ Exercise 0.1" in wrong[0].traceback[0]
    assert missing[0].output_type == "error" and missing[0].ename == "NotAttemptedYet"
    assert stub[0].output_type == "error" and stub[0].ename == "NotImplementedError"


@pytest.mark.notebooks
def test_other_errors_keep_their_normal_traceback():
    notebook = _run_cells(
        'from cmo_course.checks import Checker\ncheck = Checker("00_start_here")', "1 / 0"
    )
    error = notebook.cells[1].outputs[0]
    assert error.ename == "ZeroDivisionError" and len(error.traceback) > 1


@pytest.mark.notebooks
def test_a_pandas_slip_in_a_learners_own_cell_gets_a_line_under_its_traceback():
    notebook = _run_cells(
        'from cmo_course.checks import Checker\ncheck = Checker("00_start_here")',
        "import pandas as pd\ndf = pd.DataFrame({'spend': [1.0, 2.0]})\ndf[df['spend'] > 1 and df['spend'] < 3]",
        "0.9 ^ 3",
        "df['spnd']",
    )
    for index, words in ((1, "&"), (2, "**"), (3, "'spnd'")):
        outputs = notebook.cells[index].outputs
        assert outputs[0].output_type == "error", outputs  # the real traceback stays
        notes = [o for o in outputs if o.output_type == "display_data"]
        assert notes and words in notes[0].data["text/plain"], outputs


def test_an_answer_of_the_wrong_kind_is_described_in_plain_words():
    import numpy as np

    from cmo_course.checks.comparators import describe

    assert describe(np.array([1.0, 2.0])).startswith("a NumPy array of 2 values")
    assert (
        describe([1]) == "a list of 1 item" and describe({"a": 1, "b": 2}) == "a dict of 2 entries"
    )
    assert describe(None).startswith("None") and "yes/no" in describe(True)
    assert describe(object()) == "an object"  # never "a object" or "a ndarray"
    assert describe(pd.Series([1.0])) == "a Series of 1 value"  # never "1 values"
    assert describe(np.array([1.0])).startswith("a NumPy array of 1 value ")


def _shown(cell) -> str:
    return "\n".join(
        str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
        for out in cell.outputs
    )


def test_a_check_after_an_answer_cell_that_failed_says_so_instead_of_judging_the_old_value():
    """The learner changes their answer, the cell stops with an error, and the check would judge
    the value the answer held before: it says the cell failed instead. The untouched stub, a
    check run twice, and grading kernels are read as before."""
    notebook = _run_cells(
        'from cmo_course.checks import Checker\ncheck = Checker("00_start_here")',
        "orders_2025 = 5",
        "orders_2025 = len(orderz)  # a typo: NameError, and orders_2025 is still 5",
        'check("0.1")',
        'check("0.1")',  # run again: the cell before it is the check, so it judges the value
        "orders_2025 = 7\nraise NotImplementedError('replace this line with your answer')",
        'check("0.1")',
    )
    stale, again, after_stub = (_shown(notebook.cells[i]) for i in (3, 4, 6))
    assert "stopped with an error (NameError: name 'orderz' is not defined)" in stale
    assert "stopped with an error" not in again and "not yet" in again
    assert "stopped with an error" not in after_stub
    strict_run = _run_cells(
        'from cmo_course.checks import Checker\ncheck = Checker("00_start_here")',
        "orders_2025 = len(orderz)",
        'check("0.1")',
        strict=True,
    )
    assert "stopped with an error" not in _shown(strict_run.cells[2])


def test_a_number_a_cell_ends_with_shows_plainly_in_the_learners_kernel():
    notebook = _run_cells(
        'from cmo_course.checks import Checker\ncheck = Checker("00_start_here")',
        "import numpy as np\nnp.float64(0.342)",
    )
    assert _shown(notebook.cells[1]).strip() == "0.342"


def test_a_signed_dollar_amount_reads_as_a_person_writes_it():
    from cmo_course.checks.messages import money_signs, not_yet, passed

    assert money_signs("worth $-6,506, against $+141,463 and $5") == (
        "worth -$6,506, against +$141,463 and $5"
    )
    assert "-$48,215" in str(not_yet("3.13", "t", f"loses ${-48215:+,.0f}", True))
    assert "+$1" in passed("3.13", "t", f"gains ${1:+,.0f}")


def test_a_series_of_whole_series_is_told_to_pass_one_value_per_label():
    """What a loop gives that passes the whole spend column where one platform's spend is meant."""
    from cmo_course.checks.comparators import Mismatch, SeriesOf

    spend = pd.Series({"meta": 10.0, "tiktok": 5.0})
    answer = pd.Series({name: spend * 2 for name in spend.index})
    with pytest.raises(Mismatch, match=r"whole Series .* column\[label\]"):
        SeriesOf(index_what="platform").compare(answer, spend * 2)
    SeriesOf(index_what="platform").compare(spend * 2, spend * 2)


def test_a_number_asked_for_names_what_a_dict_or_a_series_of_many_values_means():
    from cmo_course.checks.comparators import Mismatch, Number
    from cmo_course.checks.slips import python_slip

    with pytest.raises(Mismatch, match=r'result\["key"\]'):
        Number().compare({"gap": 1.0, "spend": 2.0}, 1.0)
    per_channel = pd.Series([0.2, 0.3], index=pd.Index(["meta", "tv"], name="channel"))
    with pytest.raises(Mismatch, match=r"one value per channel .* \.sum\(\)"):
        Number().compare(per_channel, 0.25)
    # a key inside the call's brackets: spelt right, in the wrong place
    assert 'f(x)["key"]' in python_slip(KeyError("two_year_contribution"))


def test_a_course_functions_own_keyerror_sentence_is_not_read_as_a_column_name():
    import pandas as pd

    from cmo_course import offline
    from cmo_course.checks.slips import python_slip

    with pytest.raises(KeyError) as raised:
        offline.regress(pd.DataFrame({"x": [1.0, 2.0, 3.0]}), "x", ["tv_adstock"])
    assert python_slip(raised.value) == ""
    assert "no column" in python_slip(KeyError("spnd"))


def test_a_number_for_a_choice_is_told_to_write_the_options_words():
    from cmo_course.checks.comparators import Choice, Mismatch

    with pytest.raises(Mismatch, match="the number 2.00: write the option's words, in quotes"):
        Choice(("gifting pipeline", "platform ROAS")).compare(2.0, "gifting pipeline")


def test_a_list_of_pieces_for_a_column_is_told_append_from_extend():
    import pandas as pd

    from cmo_course.checks.slips import python_slip

    months = []
    for quarter in ([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]):
        months.append(quarter)  # the slip: two items, each a list
    with pytest.raises(ValueError) as raised:
        pd.DataFrame(index=range(6)).assign(spend=months)
    assert ".extend(x)" in python_slip(raised.value), str(raised.value)


def test_a_series_looked_up_by_position_is_told_its_rows_go_by_label():
    from cmo_course.checks.slips import python_slip

    spend = pd.Series([1.0, 2.0], index=[52, 53])  # a column cut from a table keeps its labels
    with pytest.raises(KeyError) as raised:
        spend[0]
    words = python_slip(raised.value)
    assert "labelled 0" in words and ".iloc[i]" in words and "for x in" in words
    assert python_slip(KeyError(True)) == ""


def test_the_echo_of_a_failed_answer_cell_keeps_whole_sentences():
    from cmo_course import offline
    from cmo_course.checks.checker import _error_words

    with pytest.raises(TypeError) as raised:
        offline.minimum_detectable_lift(20, 20, 52, 12, 0.5, bar="break_even")
    assert _error_words(raised.value) == str(raised.value)  # all of it, up to its last word
    table = pd.DataFrame({f"a_long_column_name_{i}": [1.0, 2.0, 3.0] for i in range(30)})
    with pytest.raises(KeyError) as raised:
        offline.regress(table, "a_long_column_name_0", ["tv_adstok"])
    # the columns the error above already lists are not repeated, nor cut mid-name
    words = _error_words(raised.value)
    assert words == "regress needs the columns ['tv_adstok'], which the table does not have."
    long = ValueError("word " * 100)
    assert _error_words(long).endswith("word ...") and len(_error_words(long)) < 310
