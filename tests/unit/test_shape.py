"""Command shape read with tree-sitter-bash: tricky syntax, redirection normalization, wrappers, terminals."""

from __future__ import annotations

import shlex

import pytest

from shelltutor.course.model import CommandUse, ShapeCheck
from shelltutor.grading.shape import check_shape, needs_terminal, parse, same_commands


def names(line: str) -> list[str]:
    return [c.name for c in parse(line).commands]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ls -l | grep txt", ["ls", "grep"]),
        ("[[ -f run.sh ]] && bash run.sh", ["[[", "bash"]),
        ("echo $(( 3 * 4 ))", ["echo"]),
        ('echo "$(ls | wc -l) files"', ["echo", "ls", "wc"]),
        ('for f in *.log; do gzip "$f"; done', ["gzip"]),
        ('while read -r line; do echo "$line"; done < ids.txt', ["read", "echo"]),
        ("sudo -u ops systemctl restart nginx", ["sudo", "systemctl"]),
        ("find . -name '*.pt' | xargs -n 1 du -h", ["find", "xargs", "du"]),
        ("time python train.py", ["time", "python"]),
        ("timeout 5 curl localhost:8000", ["timeout", "curl"]),
        ("env LR=0.1 python train.py", ["env", "python"]),
        ("bash -c 'sort a | uniq'", ["bash", "sort", "uniq"]),
        ("/usr/bin/sort -r f", ["sort"]),
        ("find data -name '*.jsonl' -exec wc -l {} \\;", ["find", "wc"]),
        ("find . -type f -execdir chmod 600 {} + -exec ls {} ';'", ["find", "chmod", "ls"]),
        ("export PATH=$PATH:~/bin", ["export"]),
        ('f() { grep -c x "$1"; }; f a', ["grep", "f"]),
        ("echo 'cat | grep' # cat", ["echo"]),
    ],
)
def test_commands_found(line: str, expected: list[str]) -> None:
    assert names(line) == expected


@pytest.mark.parametrize(
    ("line", "ops"),
    [
        ("cmd > f", [">"]),
        ("cmd 1> f", [">"]),
        ("cmd >> f", [">>"]),
        ("cmd 2> e", ["2>"]),
        ("cmd 2>> e", ["2>>"]),
        ("cmd > f 2>&1", [">", "2>&1"]),
        ("cmd 2>&1 > f", ["2>&1", ">"]),
        ("echo oops >&2", ["1>&2"]),
        ("echo oops 1>&2", ["1>&2"]),
        ("cmd &> f", ["&>"]),
        ("cmd >& f", ["&>"]),
        ("cmd &>> f", ["&>>"]),
        ("wc -l < f", ["<"]),
        ("wc -w <<< 'a b'", ["<<<"]),
        ("cat <<EOF\nx\nEOF", ["<<"]),
        ("make |& tee log", ["|&"]),
        ("echo '> not a redirect'", []),
    ],
)
def test_redirect_operators_normalized(line: str, ops: list[str]) -> None:
    assert [r.op for r in parse(line).redirects] == ops


def test_redirect_order_kept_per_command() -> None:
    groups = parse("ls a b 2>&1 > out.txt; ls a b > out.txt 2>&1").redirect_groups
    assert [[r.op for r in g] for g in groups] == [["2>&1", ">"], [">", "2>&1"]]
    assert groups[0][1].target == "out.txt"


def test_pipelines_and_stages() -> None:
    line = parse("cut -d, -f2 runs.csv | sort | uniq -c | sort -rn | head -3")
    assert line.pipelines == (5,)
    assert parse("a && b").pipelines == ()


def test_pipe_stage_flags() -> None:
    cmds = parse("grep x f | sort > out").commands
    assert [(c.name, c.piped_out, c.stdout_to_file) for c in cmds] == [("grep", True, False), ("sort", False, True)]


@pytest.mark.parametrize(
    ("line", "background"),
    [("sleep 60 &", True), ("(cd x && make) &", True), ("a && b", False), ("ls &> f", False), ("ls >& f", False)],
)
def test_background(line: str, background: bool) -> None:
    assert parse(line).background is background


def test_options_split_and_long() -> None:
    sort = parse("sort -rn -k2,2 --field-separator=, f").commands[0]
    assert {"-r", "-n", "-k", "--field-separator"} <= sort.options()
    assert "f" not in sort.options()


def test_first_word() -> None:
    assert parse("sudo apt update").first_word == "sudo"
    assert parse("LANG=C sort f").first_word == "sort"


def test_syntax_error_flagged() -> None:
    assert parse('echo "unclosed').has_error
    assert not parse("echo done").has_error


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("echo  'hi there'", 'echo "hi there"', True),
        ("echo hi there", "echo 'hi there'", False),
        ("sort -r f|head", "sort -r f | head", True),
        ("echo a\\ b", "echo 'a b'", True),
        ("ls 2>&1", "ls 2 >&1", False),
        ("X=1", "X='1'", True),
        ("X=1", "X = 1", False),
        ("grep x f # why", "grep x f", True),
    ],
)
def test_same_commands(a: str, b: str, same: bool) -> None:
    assert same_commands([a], [b]) is same


@pytest.mark.parametrize(
    ("line", "terminal"),
    [
        ("vi notes.txt", True),
        ("vim +10 train.py", True),
        ("nano x", True),
        ("sudo vim /etc/hosts", True),
        ("man ls", True),
        ("man ls | grep -- -l", False),
        ("man -k copy", False),
        ("man ls > ls.txt", False),
        ("less app.log", True),
        ("grep ERROR app.log | less", True),
        ("less app.log | head", False),
        ("top", True),
        ("top -b -n 1", False),
        ("htop", True),
        ('echo "$(man ls)"', False),
        ("ls -l", False),
        ("echo vi", False),
        ("bash", True),
        ("sh", True),
        ("bash -l", True),
        ("python3", True),
        ("python3 -i", True),
        ("exec bash", True),
        ("bash script.sh", False),
        ("bash -c 'ls'", False),
        ("echo ls | bash", False),
        ("bash < steps.sh", False),
        ("python3 -c 'print(1)'", False),
        ("python3 -m http.server", False),
        ("python3 train.py", False),
        ("x=$(bash)", False),
        ("sudo bash", False),
        ("nohup python3 &", False),
    ],
)
def test_needs_terminal(line: str, terminal: bool) -> None:
    assert needs_terminal(line) is terminal


@pytest.mark.parametrize(
    ("shape", "commands", "failed"),
    [
        (ShapeCheck(uses=("vi|vim",)), ["vim notes.txt"], []),
        (ShapeCheck(uses=("vi|vim",)), ["vi notes.txt"], []),
        (ShapeCheck(uses=("vi|vim",)), ["nano notes.txt"], ["uses"]),
        (ShapeCheck(uses=(CommandUse(command="sort|gsort", options=("-n",)),)), ["gsort -n f"], []),
        (ShapeCheck(avoids=("rm|rmdir",)), ["rmdir old"], ["avoids"]),
        (ShapeCheck(avoids=("rm|rmdir",)), ["ls old"], []),
    ],
)
def test_alternative_command_names(shape: ShapeCheck, commands: list[str], failed: list[str]) -> None:
    assert [f.key for f in check_shape(shape, commands)] == failed


def test_alternatives_are_named_in_the_message() -> None:
    (failure,) = check_shape(ShapeCheck(uses=("vi|vim",)), ["nano notes.txt"])
    assert "vi / vim" in failure.message.en


BOTH_STREAMS = ShapeCheck(any_of=(ShapeCheck(redirects=("&>",)), ShapeCheck(redirects=(">", "2>&1"))))


@pytest.mark.parametrize(
    ("commands", "failed"),
    [
        (["python3 train.py &> run.log"], []),
        (["python3 train.py > run.log 2>&1"], []),
        (["python3 train.py > run.log"], ["any_of"]),
        (["python3 train.py 2> run.log"], ["any_of"]),
    ],
)
def test_any_of_accepts_either_form(commands: list[str], failed: list[str]) -> None:
    assert [f.key for f in check_shape(BOTH_STREAMS, commands)] == failed


def test_any_of_says_what_the_first_form_needs_and_that_others_exist() -> None:
    (failure,) = check_shape(BOTH_STREAMS, ["python3 train.py > run.log"])
    assert "`&>`" in failure.message.en and "1 other accepted form" in failure.message.en
    assert "`&>`" in failure.message.ko and "1가지" in failure.message.ko


def test_any_of_combines_with_other_requirements() -> None:
    shape = ShapeCheck(uses=("tee",), any_of=(ShapeCheck(redirects=("2>&1",)), ShapeCheck(redirects=("|&",))))
    assert [f.key for f in check_shape(shape, ["python3 train.py |& tee log"])] == []
    assert [f.key for f in check_shape(shape, ["python3 train.py | tee log"])] == ["any_of"]
    assert [f.key for f in check_shape(shape, ["python3 train.py |& cat"])] == ["uses"]


def test_pipe_of_both_streams_is_called_a_pipe_not_a_redirection() -> None:
    (pipe,) = check_shape(ShapeCheck(redirects=("|&",)), ["python3 train.py 2>&1 | tee log"])
    assert pipe.message.en.startswith("Use the pipe `|&`") and "redirection" not in pipe.message.en
    assert "파이프" in pipe.message.ko and "리다이렉션" not in pipe.message.ko
    (redirect,) = check_shape(ShapeCheck(redirects=("2>&1",)), ["python3 train.py > log"])
    assert redirect.message.en.startswith("Use the redirection `2>&1`")


DEPTH = 10_000
"""Far deeper than Python's call stack (1,000 frames): a recursive walk over the tree fails at about 1,000."""
DEEP_LINES: dict[str, tuple[str, str | None]] = {
    # family: (the line, a command it runs that must be found at the bottom)
    "arithmetic ((((…))))": ("(" * DEPTH + "1" + ")" * DEPTH, None),
    "subshells ( ( … ) )": ("( " * DEPTH + "ls" + " )" * DEPTH, "ls"),
    "command substitutions $( $( … ) )": ("echo " + "$( " * DEPTH + "ls" + " )" * DEPTH, "echo"),
    "command substitutions $(echo $(…))": ("echo " + "$(echo " * DEPTH + "$(ls)" + ")" * DEPTH, "ls"),
    "groups { { … } }": ("{ " * DEPTH + "ls; " + "}; " * DEPTH, "ls"),
    "test [[ ( ( … ) ) ]]": ("[[ " + "( " * DEPTH + "-f x" + " )" * DEPTH + " ]]", "[["),
    "quotes in substitutions": ("echo " + '"$(echo ' * DEPTH + "ls" + ')"' * DEPTH, "echo"),
    "arrays a=((…))": ("a=" + "(" * DEPTH + "x" + ")" * DEPTH, None),
    "expansions ${a:-${a:-…}}": ("echo " + "${a:-" * DEPTH + "x" + "}" * DEPTH, "echo"),
    "process substitutions <(…<(…))": ("cat " + "<(cat " * DEPTH + "f" + ")" * DEPTH, "cat"),
    "if inside if": ("if true; then " * DEPTH + "ls" + "; fi" * DEPTH, "ls"),
    "pipes in subshells": ("(ls | " * DEPTH + "cat" + ")" * DEPTH, "cat"),
    "wrappers sudo sudo … ls": ("sudo " * DEPTH + "ls", "sudo"),
    "find -exec find -exec …": ("find . -exec " * DEPTH + "ls ;", "find"),
}


@pytest.mark.parametrize("family", DEEP_LINES)
def test_deeply_nested_lines_are_read_without_recursion(family: str) -> None:
    line, bottom = DEEP_LINES[family]
    parsed = parse(line)  # a RecursionError here crashed the tutor, plain mode and `shelltutor grade`
    if bottom is not None:
        assert bottom in [c.name for c in parsed.commands]
    assert parsed.tokens  # the token walk is a loop too
    assert needs_terminal(line) is False
    assert same_commands([line], [line]) and not same_commands([line], ["ls"])
    assert [f.key for f in check_shape(ShapeCheck(pipe=True, avoids=("rm",)), [line])] in (["pipe"], [])


def test_the_innermost_command_of_deep_substitutions_is_found_with_its_context() -> None:
    (echo, *_, ls) = parse("echo " + "$(echo " * DEPTH + "$(ls -l)" + ")" * DEPTH).commands
    assert echo.name == "echo" and not echo.captured
    assert (ls.name, ls.args, ls.captured) == ("ls", ("-l",), True)
    (last,) = parse("( " * 2000 + "grep x f | sort > out" + " )" * 2000).commands[-1:]
    assert (last.name, last.stdout_to_file) == ("sort", True)


def test_a_deep_line_that_takes_the_screen_is_still_recognised() -> None:
    # As deep as the sandbox's 4 KiB allow: 1,000 subshells, past what the recursive walk survived.
    assert needs_terminal("( " * 1000 + "vi notes.txt" + " )" * 1000)
    assert needs_terminal("{ " * 800 + "less log; " + "}; " * 800)


def test_a_line_longer_than_the_sandbox_takes_is_not_read_for_the_screen() -> None:
    # The front door refuses it; reading a pasted megabyte of nested substitutions would cost its length squared.
    assert needs_terminal("vi notes.txt; echo " + "x" * 4000)
    assert not needs_terminal("vi notes.txt; echo " + "x" * 5000)
    assert not needs_terminal("vi notes.txt; echo " + "$(echo " * 200_000 + ")" * 200_000)


def test_long_chains_of_wrappers_and_shells_stop_at_their_bounds() -> None:
    # Each level holds the rest of the line: following every level would cost the chain's length squared.
    names = [c.name for c in parse("sudo " * DEPTH + "ls").commands]
    assert names[0] == "sudo" and len(names) == 33  # the line and the 32 wrappers followed
    nested = "ls"
    for _ in range(10):
        nested = "bash -c " + shlex.quote(nested)  # 39 KB: each level's quoting costs three times the last
    found = [c.name for c in parse(nested).commands]
    assert found.count("bash") == 9 and "ls" not in found  # eight scripts looked into, not the tenth's `ls`
    assert "ls" in [c.name for c in parse("bash -c 'bash -c \"ls -l\"'").commands]
