"""ShellCheck's findings as the learner reads them: the common codes explained in English and Korean, and the words
around them. Codes without an entry show ShellCheck's own (English) message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shelltutor.course.model import Lang, LocalText


def _t(en: str, ko: str) -> LocalText:
    return LocalText(en=en, ko=ko)


EXPLANATIONS: dict[str, LocalText] = {
    "SC2086": _t(
        "Unquoted variable: the shell splits its value at spaces and expands a `*` in it as a pattern, so a file "
        'named `my data.csv` becomes two arguments. Put it in double quotes: `"$file"`.',
        "따옴표 없는 변수: 셸이 값을 공백에서 나누고 그 안의 `*`를 패턴으로 펼치기 때문에 `my data.csv` 같은 파일 "
        '이름이 인자 두 개가 됩니다. 큰따옴표로 감싸세요: `"$file"`.',
    ),
    "SC2164": _t(
        "`cd` without `|| exit`: if the directory is missing, `cd` fails and the script carries on in the wrong "
        "directory, where the next `rm` or `mv` does its damage. Write `cd dir || exit 1`.",
        "`|| exit` 없는 `cd`: 디렉터리가 없으면 `cd`가 실패하고 스크립트는 엉뚱한 디렉터리에서 계속 실행됩니다. "
        "그다음 `rm`이나 `mv`가 엉뚱한 파일을 건드리게 되죠. `cd dir || exit 1`로 쓰세요.",
    ),
    "SC2002": _t(
        "Useless `cat`: `cat file | cmd` starts an extra process to read a file that `cmd` can read itself: "
        "`cmd file` or `cmd < file`.",
        "쓸모없는 `cat`: `cat file | cmd`는 `cmd`가 직접 읽을 수 있는 파일을 읽으려고 프로세스를 하나 더 띄웁니다. "
        "`cmd file`이나 `cmd < file`로 쓰세요.",
    ),
    "SC2046": _t(
        'Unquoted `$(…)`: its output is split at spaces and expanded as patterns. Quote it, `"$(…)"`, or read the '
        "output line by line with `while read`.",
        '따옴표 없는 `$(…)`: 출력이 공백에서 나뉘고 패턴으로 펼쳐집니다. `"$(…)"`처럼 따옴표로 감싸거나 '
        "`while read`로 한 줄씩 읽으세요.",
    ),
    "SC2006": _t(
        "Backticks `` `…` `` are the old way of writing command substitution: use `$(…)`, which nests and reads "
        "better.",
        "백틱 `` `…` ``은 예전 방식의 명령어 치환입니다. 중첩할 수 있고 읽기도 쉬운 `$(…)`를 쓰세요.",
    ),
    "SC2034": _t(
        "This variable is set but never used: is its name misspelt where it is used, or is it left over? (If "
        "another program reads it, `export` it.)",
        "값을 넣고 한 번도 쓰지 않는 변수입니다. 쓰는 곳에서 이름을 잘못 적었거나 남은 코드가 아닌가요? (다른 "
        "프로그램이 읽는 변수라면 `export` 하세요.)",
    ),
    "SC2162": _t(
        "`read` without `-r` treats a backslash as an escape and drops it (`C:\\data` becomes `C:data`). Use "
        "`read -r`.",
        "`-r` 없는 `read`는 역슬래시를 이스케이프로 보고 없애 버립니다(`C:\\data`가 `C:data`가 됩니다). "
        "`read -r`을 쓰세요.",
    ),
    "SC2148": _t(
        "No shebang: nothing says which shell this script is for, so neither ShellCheck nor a program that runs "
        "the file directly can tell. Make line 1 `#!/bin/bash`.",
        "셰뱅이 없습니다. 어떤 셸용 스크립트인지 알 수 없어서 ShellCheck도, 파일을 직접 실행하는 프로그램도 판단할 "
        "수 없습니다. 첫 줄을 `#!/bin/bash`로 하세요.",
    ),
    "SC1091": _t(
        "ShellCheck reads only your script, so it did not follow the file given to `source` (or `.`): nothing to fix.",
        "ShellCheck은 스크립트 하나만 읽기 때문에 `source`(또는 `.`)로 불러오는 파일은 따라가지 않았습니다. 고칠 "
        "것은 없습니다.",
    ),
    "SC2155": _t(
        "`local x=$(cmd)` (or `export`, `declare`) hides whether `cmd` failed: the status you get is that of "
        "`local`, which succeeds. Declare first, then assign: `local x; x=$(cmd)`.",
        "`local x=$(cmd)`(`export`, `declare`도 마찬가지)는 `cmd`가 실패했는지를 가립니다. 돌아오는 종료 코드는 "
        "늘 성공하는 `local`의 것이기 때문입니다. 먼저 선언하고 따로 대입하세요: `local x; x=$(cmd)`.",
    ),
    "SC2045": _t(
        "Looping over `ls` output breaks on file names with spaces. Loop over a glob instead: `for f in *.log; do …`.",
        "`ls` 출력으로 반복하면 공백이 있는 파일 이름에서 깨집니다. 글롭으로 반복하세요: `for f in *.log; do …`.",
    ),
    "SC2013": _t(
        "`for line in $(cat file)` goes over words, not lines. To read lines: "
        "`while IFS= read -r line; do …; done < file`.",
        "`for line in $(cat file)`은 줄이 아니라 단어 단위로 돕니다. 줄 단위로 읽으려면: "
        "`while IFS= read -r line; do …; done < file`.",
    ),
    "SC2181": _t(
        "`if [ $? -ne 0 ]` tests the previous command's status the long way round (an `echo` in between changes "
        "`$?`). Test the command itself: `if ! cmd; then …`.",
        "`if [ $? -ne 0 ]`는 바로 앞 명령어의 종료 코드를 돌려서 검사합니다(그 사이에 `echo` 하나만 들어가도 "
        "`$?`가 바뀝니다). 명령어를 직접 검사하세요: `if ! cmd; then …`.",
    ),
    "SC2115": _t(
        'With an empty or unset `$dir`, `rm -rf "$dir/"*` becomes `rm -rf /*`. Write `"${dir:?}"/*`: the script '
        "stops when `dir` is empty.",
        '`$dir`이 비어 있거나 설정되지 않으면 `rm -rf "$dir/"*`는 `rm -rf /*`가 됩니다. `"${dir:?}"/*`로 쓰면 '
        "`dir`이 비었을 때 스크립트가 멈춥니다.",
    ),
    "SC2068": _t(
        'Unquoted `$@` splits each argument again at its spaces (`"my file"` becomes two). Write `"$@"`.',
        '따옴표 없는 `$@`는 인자를 공백에서 다시 나눕니다(`"my file"`이 둘이 됩니다). `"$@"`로 쓰세요.',
    ),
    "SC2048": _t(
        'Unquoted `$*` splits the arguments at spaces; `"$@"` passes them on as they were given.',
        '따옴표 없는 `$*`는 인자를 공백에서 나눕니다. `"$@"`를 쓰면 받은 그대로 넘깁니다.',
    ),
    "SC2035": _t(
        "A glob such as `*.log` as an argument: a file named `-rf.log` would be read as options. Write `./*.log`, "
        "or put `--` before it.",
        "`*.log` 같은 글롭을 인자로 쓰면 `-rf.log`라는 파일이 옵션으로 읽힐 수 있습니다. `./*.log`로 쓰거나 앞에 "
        "`--`를 붙이세요.",
    ),
    "SC2012": _t(
        "Reading `ls` output breaks on unusual file names: in a script, list files with `find` or a glob.",
        "`ls` 출력을 가공하면 특이한 파일 이름에서 깨집니다. 스크립트에서는 `find`나 글롭으로 파일 목록을 만드세요.",
    ),
    "SC2126": _t(
        "`grep … | wc -l` is one command: `grep -c …`.",
        "`grep … | wc -l`은 명령어 하나로 됩니다: `grep -c …`.",
    ),
    "SC2154": _t(
        "This variable is used but never set in the script: is its name misspelt, or does it come from the "
        "environment?",
        "스크립트 안에서 값을 넣은 적이 없는 변수를 쓰고 있습니다. 이름을 잘못 적었거나, 환경 변수로 들어오는 "
        "값인가요?",
    ),
    "SC2016": _t(
        "Inside single quotes, `$var` and `$(…)` stay as they are written: use double quotes if you meant the value.",
        "작은따옴표 안의 `$var`와 `$(…)`는 적힌 그대로 남습니다. 값을 넣으려던 것이라면 큰따옴표를 쓰세요.",
    ),
    "SC2069": _t(
        "`2>&1 > file` sends errors to the terminal, not to the file: redirections apply from left to right. "
        "Write `> file 2>&1`.",
        "`2>&1 > file`은 에러를 파일이 아니라 터미널로 보냅니다. 리디렉션은 왼쪽부터 차례로 적용되기 때문입니다. "
        "`> file 2>&1`로 쓰세요.",
    ),
    "SC2059": _t(
        "A variable in `printf`'s format: a `%` in its value would be read as a format. Write "
        "`printf '%s\\n' \"$var\"`.",
        "`printf` 형식 문자열에 변수를 넣으면 값 안의 `%`가 형식으로 읽힙니다. `printf '%s\\n' \"$var\"`로 쓰세요.",
    ),
    "SC2004": _t(
        "Inside `$(( ))` variables need no `$`: `$((count + 1))`.",
        "`$(( ))` 안의 변수에는 `$`가 필요 없습니다: `$((count + 1))`.",
    ),
    "SC2044": _t(
        "`for f in $(find …)` breaks on file names with spaces: use `find … -exec …`, or "
        "`find … -print0 | while IFS= read -r -d '' f`.",
        "`for f in $(find …)`는 공백이 있는 파일 이름에서 깨집니다. `find … -exec …`나 "
        "`find … -print0 | while IFS= read -r -d '' f`를 쓰세요.",
    ),
    "SC2207": _t(
        "`arr=( $(cmd) )` splits the output at spaces and expands patterns in it: `mapfile -t arr < <(cmd)` keeps "
        "one line per item.",
        "`arr=( $(cmd) )`는 출력을 공백에서 나누고 패턴을 펼칩니다. `mapfile -t arr < <(cmd)`를 쓰면 한 줄이 "
        "항목 하나가 됩니다.",
    ),
    "SC1017": _t(
        "The file has Windows line endings (CR LF), and bash reads the `\\r` as part of each line. Convert it: "
        "`sed -i 's/\\r$//' file` (or `dos2unix file`).",
        "파일 줄 끝이 윈도우 방식(CR LF)이라 bash가 `\\r`까지 줄의 일부로 읽습니다. 변환하세요: "
        "`sed -i 's/\\r$//' file`(또는 `dos2unix file`).",
    ),
    "SC2166": _t(
        "`-a` and `-o` inside `[ ]` are ambiguous: write `[ a ] && [ b ]` or `[ a ] || [ b ]`.",
        "`[ ]` 안의 `-a`와 `-o`는 뜻이 모호합니다. `[ a ] && [ b ]`나 `[ a ] || [ b ]`로 쓰세요.",
    ),
    "SC2196": _t(
        "`egrep` is deprecated: write `grep -E`.",
        "`egrep`은 더 이상 권장되지 않습니다. `grep -E`를 쓰세요.",
    ),
    "SC2197": _t(
        "`fgrep` is deprecated: write `grep -F`.",
        "`fgrep`은 더 이상 권장되지 않습니다. `grep -F`를 쓰세요.",
    ),
    "SC2116": _t(
        'Useless `echo`: `$(echo $x)` is just `$x` (quoted: `"$x"`).',
        '쓸모없는 `echo`: `$(echo $x)`는 그냥 `$x`입니다(따옴표까지: `"$x"`).',
    ),
    "SC2009": _t(
        "`ps … | grep name` also finds the `grep` itself: use `pgrep name`.",
        "`ps … | grep name`은 `grep` 자신까지 찾아냅니다. `pgrep name`을 쓰세요.",
    ),
    "SC2143": _t(
        "To test whether `grep` found something, use its exit status: `if grep -q …; then` rather than "
        '`if [ "$(grep …)" ]`.',
        '`grep`이 무언가 찾았는지는 종료 코드로 검사하세요. `if [ "$(grep …)" ]` 대신 `if grep -q …; then`으로 '
        "쓰면 됩니다.",
    ),
    "SC2129": _t(
        "Several `>> file` in a row: group the commands and redirect once, `{ cmd1; cmd2; } >> file`.",
        "`>> file`이 여러 번 이어집니다. 명령어를 묶어서 한 번만 리디렉션하세요: `{ cmd1; cmd2; } >> file`.",
    ),
}
"""The common codes in words a learner understands (what goes wrong, and the fix)."""

TEXTS: dict[str, LocalText] = {
    "title": _t("ShellCheck on `{path}`", "`{path}`에 대한 ShellCheck의 조언"),
    "advice": _t(
        "advice from a linter: it does not change the verdict", "린터의 조언일 뿐, 채점 결과는 바뀌지 않습니다"
    ),
    "finding": _t("line {line}: {text} ({code})", "{line}번째 줄: {text} ({code})"),
    "more": _t("(and {count} more)", "(그 밖에 {count}개 더)"),
    "wiki": _t(
        "Every code is explained at https://www.shellcheck.net/wiki/ (e.g. …/wiki/{code}).",
        "코드마다 https://www.shellcheck.net/wiki/ 에 설명이 있습니다(예: …/wiki/{code}).",
    ),
    "fails": _t(
        "ShellCheck finds {code} in `{path}` (line {line}): {text} This exercise asks for a script without it.",
        "ShellCheck이 `{path}`의 {line}번째 줄에서 {code}를 찾았습니다: {text} 이 연습에서는 이것이 없는 "
        "스크립트를 만들어야 합니다.",
    ),
}
"""The words around the findings (the verdict's section title, the message of a `fail_on` code found)."""


def text(key: str, lang: Lang, **fields: object) -> str:
    """`TEXTS[key]` in `lang` with its fields filled in."""
    return TEXTS[key].get(lang).format(**fields)


@dataclass(frozen=True)
class LintFinding:
    """One thing ShellCheck found in a script."""

    code: str
    """As ShellCheck's wiki writes it, e.g. `SC2086`."""
    line: int
    column: int
    level: str
    """error, warning, info or style."""
    message: str
    """ShellCheck's own message (English)."""

    def explanation(self, lang: Lang) -> str:
        """What it means: the table's explanation when the code is a common one, else ShellCheck's message."""
        known = EXPLANATIONS.get(self.code)
        return known.get(lang) if known is not None else self.message

    def format(self, lang: Lang) -> str:
        """`line 2: … (SC2086)`."""
        return text("finding", lang, line=self.line, text=self.explanation(lang), code=self.code)

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "code": self.code,
            "line": self.line,
            "column": self.column,
            "level": self.level,
            "message": self.message,
            "explanation": self.explanation(lang),
        }


@dataclass(frozen=True)
class ScriptLint:
    """ShellCheck's findings on one of the learner's scripts, as read after the attempt."""

    path: str
    """As the exercise names it."""
    findings: tuple[LintFinding, ...] = ()
    failing: tuple[str, ...] = ()
    """The codes of the exercise's `fail_on` that were found."""

    def title(self, lang: Lang) -> str:
        """The heading the findings are shown under."""
        return text("title", lang, path=self.path)

    def failure(self) -> LocalText | None:
        """Why the attempt fails, when a `fail_on` code was found (its first finding)."""
        first = next((f for f in self.findings if f.code in self.failing), None)
        if first is None:
            return None
        fields = {"code": first.code, "path": self.path, "line": first.line}
        return LocalText(
            en=text("fails", "en", text=first.explanation("en"), **fields),
            ko=text("fails", "ko", text=first.explanation("ko"), **fields),
        )

    def lines(self, lang: Lang, limit: int = 8) -> list[str]:
        """The findings as lines, at most `limit` of them and a count of the rest."""
        shown = [finding.format(lang) for finding in self.findings[:limit]]
        if len(self.findings) > limit:
            shown.append(text("more", lang, count=len(self.findings) - limit))
        return shown

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "path": self.path,
            "findings": [f.to_json(lang) for f in self.findings],
            "failing": list(self.failing),
        }
