"""explain without a sandbox: spans, kinds and explanations over a table of command lines; option bundles and
values; redirections in the order bash applies them; errors with their positions; Korean."""

from __future__ import annotations

import pytest

from shelltutor.explain import MAX_COMMAND, Explanation, Span, explain
from shelltutor.explain.model import KINDS
from shelltutor.explain.render import command_diagram, render_text
from shelltutor.explain.wording import TEXTS, fit_particles

Top = list[tuple[str, str]]


def top(command: str, lang: str = "en") -> Top:
    """(text, kind) of the outermost spans."""
    return [(s.text, s.kind) for s in explain(command, lang).spans if s.depth == 0]


def span(explanation: Explanation, text: str, kind: str | None = None, depth: int | None = None) -> Span:
    """The first span with that text (and kind, depth)."""
    for found in explanation.spans:
        if found.text == text and kind in (None, found.kind) and depth in (None, found.depth):
            return found
    raise AssertionError(f"no span {text!r} ({kind}) in {[(s.text, s.kind, s.depth) for s in explanation.spans]}")


TABLE: list[tuple[str, Top]] = [
    ("ls -l", [("ls", "command"), ("-l", "option")]),
    ("ls -lah ~/x", [("ls", "command"), ("-lah", "option"), ("~/x", "argument")]),
    (
        "cat a | sort -rn | uniq -c",
        [
            ("cat", "command"),
            ("a", "argument"),
            ("|", "operator"),
            ("sort", "command"),
            ("-rn", "option"),
            ("|", "operator"),
            ("uniq", "command"),
            ("-c", "option"),
        ],
    ),
    (
        "make && echo ok || echo failed",
        [
            ("make", "command"),
            ("&&", "operator"),
            ("echo", "command"),
            ("ok", "argument"),
            ("||", "operator"),
            ("echo", "command"),
            ("failed", "argument"),
        ],
    ),
    ("sleep 9 &", [("sleep", "command"), ("9", "argument"), ("&", "operator")]),
    (
        "(cd /tmp; ls)",
        [
            ("(", "operator"),
            ("cd", "command"),
            ("/tmp", "argument"),
            (";", "operator"),
            ("ls", "command"),
            (")", "operator"),
        ],
    ),
    (
        "{ ls; } > f",
        [("{", "operator"), ("ls", "command"), (";", "operator"), ("}", "operator"), ("> f", "redirection")],
    ),
    ("! grep -q x f", [("!", "operator"), ("grep", "command"), ("-q", "option"), ("x", "argument"), ("f", "argument")]),
    (
        "make 2>&1 |& tee log",
        [("make", "command"), ("2>&1", "redirection"), ("|&", "operator"), ("tee", "command"), ("log", "argument")],
    ),
    ("LANG=C sort f", [("LANG=C", "assignment"), ("sort", "command"), ("f", "argument")]),
    ("x=1", [("x=1", "assignment")]),
    ("export A=1 B", [("export", "command"), ("A=1", "assignment"), ("B", "argument")]),
    (
        'for f in *.txt; do wc -l "$f"; done',
        [
            ("for", "keyword"),
            ("f", "argument"),
            ("in", "keyword"),
            ("*.txt", "argument"),
            (";", "operator"),
            ("do", "keyword"),
            ("wc", "command"),
            ("-l", "option"),
            ('"$f"', "argument"),
            (";", "operator"),
            ("done", "keyword"),
        ],
    ),
    (
        "if [ -f x ]; then cat x; fi",
        [
            ("if", "keyword"),
            ("[", "command"),
            ("-f", "operator"),
            ("x", "argument"),
            ("]", "command"),
            (";", "operator"),
            ("then", "keyword"),
            ("cat", "command"),
            ("x", "argument"),
            (";", "operator"),
            ("fi", "keyword"),
        ],
    ),
    (
        "while read -r l; do :; done < f",
        [
            ("while", "keyword"),
            ("read", "command"),
            ("-r", "option"),
            ("l", "argument"),
            (";", "operator"),
            ("do", "keyword"),
            (":", "command"),
            (";", "operator"),
            ("done", "keyword"),
            ("< f", "redirection"),
        ],
    ),
    (
        "case $x in a|b) ls;; esac",
        [
            ("case", "keyword"),
            ("$x", "argument"),
            ("in", "keyword"),
            ("a", "argument"),
            ("|", "operator"),
            ("b", "argument"),
            (")", "operator"),
            ("ls", "command"),
            (";;", "operator"),
            ("esac", "keyword"),
        ],
    ),
    ("ls # list", [("ls", "command"), ("# list", "comment")]),
    (
        "find . -name '*.py' -exec rm {} \\;",
        [
            ("find", "command"),
            (".", "argument"),
            ("-name", "option"),
            ("'*.py'", "argument"),
            ("-exec", "option"),
            ("rm", "command"),
            ("{}", "argument"),
            ("\\;", "operator"),
        ],
    ),
    (
        "sudo -u bob ls -a",
        [("sudo", "command"), ("-u", "option"), ("bob", "argument"), ("ls", "command"), ("-a", "option")],
    ),
    (
        "tar xzf a.tgz -C out",
        [("tar", "command"), ("xzf", "option"), ("a.tgz", "argument"), ("-C", "option"), ("out", "argument")],
    ),
    ("ps aux", [("ps", "command"), ("aux", "option")]),
    (
        "tmux new -s train -d",
        [("tmux", "command"), ("new", "command"), ("-s", "option"), ("train", "argument"), ("-d", "option")],
    ),
    ("kill -9 %1", [("kill", "command"), ("-9", "option"), ("%1", "argument")]),
    (
        "f() { ls; }",
        [
            ("f", "command"),
            ("()", "operator"),
            ("{", "operator"),
            ("ls", "command"),
            (";", "operator"),
            ("}", "operator"),
        ],
    ),
]


@pytest.mark.parametrize(("command", "expected"), TABLE, ids=[c for c, _ in TABLE])
def test_the_parts_of_each_line(command: str, expected: Top) -> None:
    assert top(command) == expected


@pytest.mark.parametrize("command", [c for c, _ in TABLE])
def test_every_span_is_the_text_it_covers_and_nests(command: str) -> None:
    explained = explain(command, "en")
    for index, found in enumerate(explained.spans):
        assert command[found.start : found.end] == found.text
        assert found.explanation.strip()
        if found.depth:
            parent = next(s for s in reversed(explained.spans[:index]) if s.depth == found.depth - 1)
            assert parent.start <= found.start and found.end <= parent.end


def test_a_bundle_explains_each_letter_at_its_place() -> None:
    explained = explain("ls -lah", "en")
    bundle = span(explained, "-lah", "option")
    assert "-l, -a, -h" in bundle.explanation
    letters = [(s.start, s.text, s.explanation) for s in explained.spans if s.depth == 1]
    assert letters == [
        (4, "l", "use a long listing format"),
        (5, "a", "do not ignore entries starting with ."),
        (6, "h", "with -l and -s, print sizes like 1K 234M 2G etc."),
    ]
    assert all(s.source == "manual" for s in explained.spans if s.depth == 1)


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("head -n 5 f", "-n", "5"),
        ("head -n5 f", "-n5", "5"),
        ("sort -k6,6 f", "-k6,6", "6,6"),
        ("cut -d, -f2 f", "-d,", ","),
        ("head --lines=5 f", "--lines=5", "5"),
        ("grep -e -x f", "-e", "-x"),
        ("tar -xzf a.tgz", "-xzf", "a.tgz"),
    ],
)
def test_option_values_are_read_as_the_program_reads_them(command: str, option: str, value: str) -> None:
    explained = explain(command, "en")
    assert span(explained, option, "option", 0)
    given = span(explained, value, "argument")
    assert given.explanation.startswith("The value of -") and given.source == "shelltutor"


def test_after_double_dash_every_word_is_an_argument() -> None:
    explained = explain("rm -rf -- -x", "en")
    assert "end of options" in span(explained, "--", "option").explanation
    assert span(explained, "-x").kind == "argument"


def test_head_minus_number_is_short_for_n() -> None:
    assert span(explain("head -3 f", "en"), "-3").explanation == "Short for `-n 3`."


def test_redirections_apply_left_to_right() -> None:
    both = explain("cmd > f 2>&1", "en")
    assert span(both, "2>&1").explanation == "stderr goes where stdout goes *now*: the file f."
    apart = explain("cmd 2>&1 > f", "en")
    assert span(apart, "2>&1").explanation == "stderr goes where stdout goes *now*: the terminal."
    later = span(apart, "> f").explanation
    assert later.startswith("stdout goes to the file f")
    assert "stderr still goes to the terminal: `2>&1` copied where stdout went *before* this" in later


@pytest.mark.parametrize(
    ("command", "redirect", "said"),
    [
        ("cmd > f", "> f", "stdout goes to the file f: the file is emptied first"),
        ("cmd >> f", ">> f", "stdout is added to the end of the file f"),
        ("cmd < f", "< f", "stdin reads from the file f."),
        ("cmd 2> err", "2> err", "stderr goes to the file err"),
        ("cmd 2>/dev/null", "2>/dev/null", "stderr is thrown away: it goes to /dev/null, which keeps nothing."),
        ("cmd &> f", "&> f", "stdout and stderr both go to the file f"),
        ("cmd &>> f", "&>> f", "stdout and stderr are both added to the end of the file f."),
        ("cmd >& f", ">& f", "stdout and stderr both go to the file f"),
        ("echo oops >&2", ">&2", "stdout goes where stderr goes *now*: the terminal."),
        ("cmd 3>&1", "3>&1", "file descriptor 3 goes where stdout goes *now*"),
        ("cmd 4>&3", "4>&3", "but 3 is not open here"),
        ("cmd >| f", ">| f", "even if `set -o noclobber` forbids overwriting"),
        ("cmd <<< hi", "<<< hi", "stdin reads this text, with a newline after it (a here-string): hi"),
        ("cat <<EOF\nhi $x\nEOF", "<<EOF", "up to the line `EOF` (a here-document). `$…` and `$(…)` inside"),
        ("cat <<'EOF'\nhi $x\nEOF", "<<'EOF'", "The end word is quoted, so the text is taken exactly as written"),
        ("cmd 3>&-", "3>&-", "file descriptor 3 is closed."),
    ],
)
def test_every_redirection_in_words(command: str, redirect: str, said: str) -> None:
    assert said in span(explain(command, "en"), redirect, "redirection").explanation


def test_a_pipe_is_where_stdout_goes() -> None:
    explained = explain("ls 2>&1 | wc -l", "en")
    assert span(explained, "2>&1").explanation.endswith("the pipe to the next command.")


@pytest.mark.parametrize(
    ("command", "text", "said"),
    [
        ("echo 'a b'", "'a b'", "Single quotes: everything inside is taken literally"),
        ('echo "a $b"', '"a $b"', "Double quotes: one word"),
        ("echo $'a\\n'", "$'a\\n'", "`$'…'`: like single quotes"),
        ("echo a\\ b", "\\ ", "Backslash: the next character, ` `, is taken literally."),
        ("echo $HOME", "$HOME", "The value of the variable HOME."),
        ("echo ${X:-y}", "${X:-y}", "If it is unset or empty, `y` is used instead."),
        ("echo ${#X}", "${#X}", "The length (in characters) of X's value."),
        ("echo ${f%.*}", "${f%.*}", "With the shortest end matching `.*` removed."),
        ("echo $?", "$?", "the exit status of the last command"),
        ("echo ~", "~", "your home directory ($HOME)"),
        ("echo *.txt", "*.txt", "A glob pattern"),
        ("echo {a,b}", "{a,b}", "Brace expansion: becomes 2 words: a, b"),
        ("echo {1..3}", "{1..3}", "Brace expansion: becomes 3 words: 1, 2, 3"),
        ("echo $(date)", "$(date)", "Command substitution: runs the command inside"),
        ("echo `date`", "`date`", "the old backtick form"),
        ("echo $((1+2*3))", "$((1+2*3))", "Result: 7."),
        ("echo $((x++))", "$((x++))", "It changes x, so shelltutor does not compute it."),
        ("echo $((1/0))", "$((1/0))", "It divides by zero"),
        ("diff <(ls a) <(ls b)", "<(ls a)", "Process substitution"),
    ],
)
def test_quoting_and_expansions(command: str, text: str, said: str) -> None:
    assert any(said in s.explanation for s in explain(command, "en").spans if s.text == text)


def test_a_command_inside_a_substitution_is_explained_too() -> None:
    explained = explain("echo $(wc -l < f)", "en")
    assert span(explained, "wc", "command").depth == 2
    assert span(explained, "< f", "redirection").depth == 2


@pytest.mark.parametrize(
    ("command", "kind", "offset", "line", "column", "said"),
    [
        ("ls )", "syntax", 3, 1, 4, "bash did not expect `)` here"),
        ("echo 'oops", "incomplete", 5, 1, 6, "The `'` at line 1, column 6 (offset 5) is never closed"),
        ('echo ok\necho "a', "incomplete", 13, 2, 6, 'The `"` at line 2, column 6'),
        ("for i in 1 2; do echo $i", "incomplete", 24, 1, 25, "bash still waits for `done`"),
        ("ls &&", "incomplete", 5, 1, 6, "The command is not finished"),
        ("| wc", "syntax", 0, 1, 1, "bash did not expect `|` here"),
        ("cat <<EOF\nhi", "incomplete", 12, 2, 3, "The here-document has no end line"),
        ("echo $(ls", "incomplete", 5, 1, 6, "The `$(` at line 1, column 6 (offset 5) is never closed"),
    ],
)
def test_syntax_errors_say_where(command: str, kind: str, offset: int, line: int, column: int, said: str) -> None:
    explained = explain(command, "en")
    assert explained.syntax_error
    [problem] = [p for p in explained.problems if p.kind in ("syntax", "incomplete")]
    assert (problem.kind, problem.offset, problem.line, problem.column) == (kind, offset, line, column)
    assert said in problem.message


def test_an_unknown_program_is_named_with_its_position() -> None:
    explained = explain("ls; frobnicate --now", "en")
    assert not explained.syntax_error
    [problem] = explained.problems
    assert (problem.kind, problem.offset, problem.line, problem.column) == ("unknown_command", 4, 1, 5)
    assert problem.message.startswith("Unknown command `frobnicate` at line 1, column 5 (offset 4)")
    assert (
        span(explained, "--now", "option").explanation == "An option of frobnicate that its manual page does "
        "not describe."
    )


@pytest.mark.parametrize(
    ("command", "kind", "said"),
    [
        ("", "syntax", "There is no command to explain."),
        ("   ", "syntax", "There is no command to explain."),
        ("echo a\0b", "syntax", "A NUL character (at offset 6)"),
        ("x" * (MAX_COMMAND + 1), "too_long", f"at most {MAX_COMMAND}"),
    ],
)
def test_bad_input_is_refused_in_words(command: str, kind: str, said: str) -> None:
    explained = explain(command, "en")
    assert explained.syntax_error and not explained.spans
    assert explained.problems[0].kind == kind and said in explained.problems[0].message


def test_korean_from_the_table_the_programs_own_translation_and_english_with_a_note() -> None:
    explained = explain("ls -l; wc -L f; tmux -V", "ko")
    assert span(explained, "ls", "command").explanation == "프로그램 ls: 디렉터리의 내용(파일 목록)을 보여 줍니다."
    assert span(explained, "-l", "option").source == "table"
    translated = span(explained, "-L", "option")
    assert (translated.source, translated.lang) == ("translation", "ko")  # coreutils' own Korean --help
    english = span(explained, "-V", "option")
    assert (english.source, english.lang) == ("manual", "en")
    assert any("(영어) 표시가 있는 설명은" in note for note in explained.notes)
    assert "(영어)" in render_text(explained)


def test_korean_builtins_come_from_bashs_translation() -> None:
    explained = explain("pwd -P", "ko")
    assert span(explained, "-P", "option").source == "bash" and span(explained, "-P", "option").lang == "ko"


def test_korean_particles_fit_the_word_before_them() -> None:
    said = span(explain("ls 2>&1 >f", "ko"), ">f", "redirection").explanation
    assert said.startswith("표준 출력(stdout)을 파일 f에 씁니다.")
    assert "표준 에러(stderr)는 여전히" in said


def test_json_holds_every_field() -> None:
    found = explain("ls ~", "en").as_json()
    assert set(found) == {"command", "lang", "in_sandbox", "syntax_error", "spans", "problems", "notes"}
    assert found["spans"][0] == {
        "start": 0,
        "end": 2,
        "kind": "command",
        "text": "ls",
        "explanation": "The program ls: list directory contents",
        "lang": "en",
        "source": "manual",
        "depth": 0,
    }


def test_the_diagram_marks_each_part_and_numbers_it() -> None:
    assert command_diagram(explain("ls -l|wc", "en")) == ["ls -l|wc", "^~ ^~^^~", "1  2 3", "      4"]


def test_the_diagram_counts_wide_characters_as_two_cells() -> None:
    rows = command_diagram(explain("echo 한글 x", "en"))
    assert rows == ["echo 한글 x", "^~~~ ^~~~ ^", "1    2    3"]


def test_control_characters_are_shown_not_sent() -> None:
    text = render_text(explain("echo $'\\e[2J' \x1b]0;title\x07", "en"))
    assert "\x1b" not in text and "\x07" not in text and "␛]0;title␇" in text


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_label_in_both_languages(kind: str) -> None:
    en, ko = TEXTS[f"kind.{kind}"]
    assert en and ko and en != ko


@pytest.mark.parametrize(
    ("text", "fitted"),
    [
        ("파일을(를) 지웁니다", "파일을 지웁니다"),
        ("터미널을(를) 씁니다", "터미널을 씁니다"),
        ("파이프이(가) 있습니다", "파이프가 있습니다"),
        ("터미널(으)로 갑니다", "터미널로 갑니다"),
        ("파일(으)로 갑니다", "파일로 갑니다"),
        ("다음(으)로 갑니다", "다음으로 갑니다"),
        ("표준 출력(stdout)을(를) 보냅니다", "표준 출력(stdout)을 보냅니다"),
        ("표준 에러(stderr)은(는) 갑니다", "표준 에러(stderr)는 갑니다"),
        ("디스크립터 3이(가) 닫힙니다", "디스크립터 3이 닫힙니다"),
        ("`ls`을(를) 씁니다", "`ls`을(를) 씁니다"),
    ],
)
def test_korean_particles(text: str, fitted: str) -> None:
    assert fit_particles(text) == fitted


def test_history_expansion_is_not_an_unknown_command() -> None:
    explained = explain("sudo !! | wc -l; echo !$", "en")
    assert not explained.problems
    assert span(explained, "!!", "command").explanation.startswith("History expansion: bash replaces `!!`")
    assert span(explained, "!$", "expansion").explanation.startswith("History expansion: bash replaces `!$`")
