"""A foreseen mistake's explanation is shown for that mistake, not for a command that simply failed."""

from __future__ import annotations

from pathlib import Path

from shelltutor.course.catalog import load_course
from shelltutor.grading.grader import Grader


def lesson(lesson_id: str, chapter: int) -> str:
    """A lesson file's head, up to its `exercises:` key."""
    return (
        f"format_version: 1\nid: {lesson_id}\nchapter: {chapter}\norder: 1\ntitle: {{en: L, ko: L}}\n"
        "summary: {en: L, ko: L}\nexplanation: {en: L, ko: L}\nexercises:\n"
    )


LESSON = (
    lesson("labels", 4)
    + """\
  - id: count
    title: {en: C, ko: C}
    prompt: {en: Count each label in data/labels.txt., ko: C}
    hints: [{en: a, ko: a}, {en: b, ko: b}]
    solution: sort data/labels.txt | uniq -c
    wrong:
      - commands: uniq -c data/labels.txt
        shape: {uses: [uniq], avoids: [sort]}
        explanation: {en: Sort first., ko: 먼저 정렬하세요.}
    fixture:
      files:
        - path: data/labels.txt
          content: "cat\\ndog\\ncat\\n"
    expect:
      stdout: {same_as_solution: normalized}
      exit_code: 0
"""
)


def test_shape_match_explains_the_mistake_but_not_a_failed_command(tmp_path: Path) -> None:
    (tmp_path / "labels.yaml").write_text(LESSON, encoding="utf-8")
    course = load_course([tmp_path])
    exercise = course.exercise("labels/count")
    assert exercise is not None, course.problems
    grader = Grader()
    made_the_mistake, _ = grader.grade_commands(exercise, ["uniq -c < data/labels.txt"], 1)
    assert made_the_mistake.status == "fail"
    assert made_the_mistake.wrong_explanation is not None
    assert made_the_mistake.wrong_explanation.en == "Sort first."
    wrong_path, _ = grader.grade_commands(exercise, ["uniq -c labels.txt"], 1)
    assert wrong_path.status == "fail"
    assert wrong_path.wrong_explanation is None
    assert "No such file or directory" in wrong_path.message.en


APPEND = (
    lesson("logs", 5)
    + """\
  - id: append
    title: {en: A, ko: A}
    prompt: {en: Append the run's output to runs.log., ko: A}
    hints: [{en: a, ko: a}, {en: b, ko: b}]
    solution: sh train.sh >> runs.log
    wrong:
      - commands: sh train.sh > runs.log
        explanation: {en: Overwritten., ko: 덮어썼습니다.}
    fixture:
      files:
        - {path: train.sh, content: "echo epoch 1\\necho 'warning: slow disk' >&2\\n"}
        - {path: runs.log, content: "old run\\n"}
    expect:
      files:
        - {path: runs.log, content: {exact: "old run\\nepoch 1\\n"}}
"""
)


def test_output_the_solution_prints_too_does_not_name_a_mistake(tmp_path: Path) -> None:
    # Every redirection of stdout leaves the same warning on stderr: that output cannot tell `> runs.log`
    # (the foreseen mistake) from `> other.log` (a different one), so only the former gets its explanation.
    (tmp_path / "logs.yaml").write_text(APPEND, encoding="utf-8")
    course = load_course([tmp_path])
    exercise = course.exercise("logs/append")
    assert exercise is not None, course.problems
    grader = Grader()
    foreseen, _ = grader.grade_commands(exercise, ["sh train.sh > runs.log"], 1)
    assert foreseen.wrong_explanation is not None and foreseen.wrong_explanation.en == "Overwritten."
    other, _ = grader.grade_commands(exercise, ["sh train.sh > train.log"], 1)
    assert other.status == "fail"
    assert other.wrong_explanation is None


COUNT = (
    lesson("warnings", 5)
    + """\
  - id: count
    title: {en: C, ko: C}
    prompt: {en: "Count the warnings, which train.sh writes to stderr.", ko: C}
    hints: [{en: a, ko: a}, {en: b, ko: b}]
    solution: sh train.sh 2>&1 >/dev/null | grep -c warning
    wrong:
      - commands: sh train.sh | grep -c warning
        explanation: {en: The pipe carries stdout only., ko: 파이프는 표준 출력만 나릅니다.}
      - commands: sh train.sh > /dev/null 2>&1 | grep -c warning
        explanation: {en: Both streams went to /dev/null., ko: 두 스트림 모두 /dev/null로 갔습니다.}
      - commands: sh train.sh 2>&1 | grep warning
        explanation: {en: Count them with -c., ko: -c로 세세요.}
    fixture:
      files:
        - {path: train.sh, content: "echo 'epoch 1'\\necho 'warning: slow disk' >&2\\necho 'warning: hot GPU' >&2\\n"}
    expect:
      stdout: {same_as_solution: normalized}
"""
)


def test_output_that_several_mistakes_or_none_could_print_names_no_mistake(tmp_path: Path) -> None:
    (tmp_path / "warnings.yaml").write_text(COUNT, encoding="utf-8")
    course = load_course([tmp_path])
    exercise = course.exercise("warnings/count")
    assert exercise is not None, course.problems
    grader = Grader()
    # `0`: both of the first two mistakes print it, and so does `echo 0`: no explanation fits for sure.
    for attempt in ("sh train.sh 2>/dev/null | grep -c warning", "echo 0"):
        verdict, _ = grader.grade_commands(exercise, [attempt], 1)
        assert verdict.status == "fail" and verdict.wrong_explanation is None, attempt
    # Output only one foreseen mistake prints still names it, whatever the command's spelling.
    distinct, _ = grader.grade_commands(exercise, ["sh ./train.sh 2>&1 | grep 'warning'"], 1)
    assert distinct.wrong_explanation is not None and distinct.wrong_explanation.en == "Count them with -c."
