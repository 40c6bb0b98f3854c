"""Commands that read the keyboard at the prompt (`cat > notes.txt`, `sort`, `wc -l`) run on the real terminal,
so that the learner can type their input and end it with Ctrl-D; the same programs given a file, a pipe or a
redirection do not."""

from __future__ import annotations

import pytest

from shelltutor.grading.shape import hands_over_to_tmux, needs_terminal

READS_THE_KEYBOARD = [
    "cat",
    "cat -",
    "cat > notes.txt",
    "cat >> notes.txt",
    "cat >notes.txt",
    "cat -n",
    "cat - > notes.txt",
    "cat header.txt - > notes.txt",  # the file, then the keyboard
    "cat > notes.txt 2>/dev/null",
    "tee log",
    "tee -a log",
    "tee",
    "sort",
    "sort -n",
    "sort -o out.txt",
    "sort -t, -k2,2",
    "uniq -c",
    "wc -l",
    "wc",
    "head -n 3",
    "head -3",
    "tail -n 2",
    "tr a-z A-Z",
    "tr -d ,",
    "tr -s ' '",
    "tr -s ' ' gpus.txt",  # tr takes no file: gpus.txt is the second set, and tr reads the keyboard
    "cut -d, -f1",
    "grep x",
    "grep -i error",
    "grep -e x",
    "grep -c ERROR > count.txt",
    "awk '{print $1}'",
    "awk -F, '{print $2}'",
    "awk -v n=2 '{print $n}'",
    "awk '{print $1}' n=2",  # an assignment, not a file
    "sed 's/a/b/'",
    "sed -n 1p",
    "sed -e 's/a/b/'",
    "xargs echo",
    "python3 -",
    "python3 - --epochs 3",
    "cat | sort",  # the first stage reads the keyboard, the second its output
    "grep x | wc -l",
    "cd logs && cat > notes.txt",
    "ls; cat >> notes.txt",
    "(cat > notes.txt)",
    "{ cat; } > notes.txt",
    "env LC_ALL=C sort",
    "time cat > notes.txt",
    "command cat > notes.txt",
    "exec cat",
    "/bin/cat > notes.txt",
]

READS_SOMETHING_ELSE = [
    "cat file",
    "cat notes.txt > copy.txt",
    "cat a b > both.txt",
    "cat *.log",
    'cat "$f"',
    "cat $(ls)",
    "cat <(ls)",
    "echo a | cat",
    "echo a | cat > notes.txt",
    "ls | tee listing.txt",
    "cat < f",
    "cat 0< f",
    "cat <&3",
    "cat <<EOF\nhello\nEOF",
    "cat > notes.txt <<'EOF'\nhello\nEOF",
    "cat <<-EOF\n\thello\n\tEOF",
    "cat <<< hello",
    "cat > train.sh <<'EOF'",  # the first line of a here-document: the rest is still to be typed
    "cat >> ~/.ssh/config <<'EOF'\nHost gpu",
    "tr a b <<END",
    "cat <<EOF\nno end",
    "tr a b < f",
    "tr 'A-Z' 'a-z' labels.txt",  # "extra operand": tr stops at once
    "tr -d , runs.csv",
    "tr a",  # "missing operand"
    "tr -d , <<< '1,2'",
    "sort < runs.csv",
    "sort runs.csv",
    "sort -o out in.txt",
    "sort --files0-from=list",
    "wc -l train.log",
    "wc --files0-from=list",
    "head -n 3 train.log",
    "tail -f train.log",
    "uniq labels.txt",
    "cut -d, -f1 runs.csv",
    "grep x f",
    "grep -r x .",
    "grep -r x",  # searches the current directory
    "grep -rn TODO",
    "grep -e x f",
    "grep -f patterns.txt log",
    "awk '{print $1}' f",
    "awk -f prog.awk f",
    "sed 's/a/b/' f",
    "sed -i 's/a/b/'",  # "no input files"
    "sed -e p f",
    "sed s/;/,/g results/eval.csv",  # `sed s/`: "unterminated `s' command", at once
    "xargs -a list.txt echo",
    "find . -name '*.tmp' | xargs rm",
    "cat --help",
    "sort --version",
    "grep -V",
    "python3 train.py",
    "python3 -c 'print(1)'",
    "python3 - < script.py",
    "echo x | python3 -",
    "x=$(cat)",  # captured: its output is not shown (left alone, as $(bash) is)
    "nohup cat > out.txt",  # nohup gives it no terminal
    "sudo cat",
    "ls",
    "echo cat",
    "cp a b",
    "while read line; do echo $line; done < f",
    "ls | sort | uniq -c",
]


@pytest.mark.parametrize("line", READS_THE_KEYBOARD)
def test_a_command_that_reads_the_keyboard_runs_on_the_terminal(line: str) -> None:
    assert needs_terminal(line) is True


@pytest.mark.parametrize("line", READS_SOMETHING_ELSE)
def test_a_command_with_its_input_elsewhere_does_not(line: str) -> None:
    assert needs_terminal(line) is False


def test_full_screen_programs_still_need_the_terminal() -> None:
    assert needs_terminal("vi notes.txt")
    assert needs_terminal("less train.log")
    assert not needs_terminal("less train.log | head")


@pytest.mark.parametrize(
    ("line", "tmux"),
    [
        ("tmux attach -t train", True),
        ("tmux a", True),
        ("tmux new -s eval", True),
        ("tmux", True),
        ("vi notes.txt", False),
        ("less app.log", False),
        ("tmux ls", False),
        ("tmux new -d -s eval 'python3 eval.py'", False),
    ],
)
def test_the_way_back_from_tmux_is_to_detach(line: str, tmux: bool) -> None:
    """The hand-over notice says Ctrl-b d for a tmux client (quitting it would end the session)."""
    assert hands_over_to_tmux(line) is tmux
