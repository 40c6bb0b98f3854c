"""Paths as a learner spells them: output that differs from the solution's only in a path's spelling is the same."""

from __future__ import annotations

import pytest

from shelltutor.grading.pathspell import canonical, respell


@pytest.mark.parametrize(
    ("path", "cwd", "key"),
    [
        ("data", "", "data"),
        ("data/", "", "data"),
        ("./data", "", "data"),
        ("~/data", "", "data"),
        ("/home/learner/data", "", "data"),
        ("train.log", "logs", "logs/train.log"),
        (".", "checkpoints", "checkpoints"),
        ("../resumed.stamp", "checkpoints", "resumed.stamp"),
        ("~/data", "logs", "data"),  # ~ does not depend on the directory
        ("/etc/hosts", "logs", "/etc/hosts"),
        ("~", "", "~"),
        ("-R", "", None),
        ("*.log", "", None),
        ("$HOME", "", None),
        ("http://localhost:8000", "", None),
    ],
)
def test_canonical_names_the_file_however_it_is_spelled(path: str, cwd: str, key: str | None) -> None:
    assert canonical(path, cwd) == key


@pytest.mark.parametrize(
    ("text", "mine", "theirs", "cwds", "expected"),
    [
        ("data/:\na.csv\n", ["-R", "data/"], ["-R", "data"], ("", ""), "data:\na.csv\n"),
        ("4.0K\t./ckpt\n", ["-sh", "./ckpt"], ["-sh", "ckpt"], ("", ""), "4.0K\tckpt\n"),
        (
            "./a.pt\n./b.pt\n",
            [".", "-newer", "../x"],
            ["checkpoints", "-newer", "x"],
            ("checkpoints", ""),
            "checkpoints/a.pt\ncheckpoints/b.pt\n",
        ),
        (".:\na\n", ["-R", "."], ["-R", "data"], ("data", ""), "data:\na\n"),
        ("12 train.log\n", ["-l", "train.log"], ["-l", "logs/train.log"], ("logs", ""), "12 logs/train.log\n"),
        # The same file name in another directory is another file: left as it is.
        ("12 train.log\n", ["-l", "train.log"], ["-l", "logs/train.log"], ("", ""), "12 train.log\n"),
        ("data2/x\n", ["data/"], ["data"], ("", ""), "data2/x\n"),
        ("1.2M\truns/exp3/\n", ["-sh", "runs/*/"], ["-sh", "runs/*"], ("", ""), "1.2M\truns/exp3\n"),
        ("1.2M\truns/exp3/\n", ["-sh", "runs/*/"], ["-sh", "runs/*/"], ("", ""), "1.2M\truns/exp3/\n"),
        ("1M\truns2/x/\n", ["-sh", "runs/*/"], ["-sh", "runs/*"], ("", ""), "1M\truns2/x/\n"),
    ],
)
def test_respell_writes_the_learners_paths_the_solutions_way(
    text: str, mine: list[str], theirs: list[str], cwds: tuple[str, str], expected: str
) -> None:
    assert respell(text, mine, theirs, learner_cwd=cwds[0], solution_cwd=cwds[1]) == expected
