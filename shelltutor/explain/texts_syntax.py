"""explain's wording of the shell's structure, in English and Korean: operators, keywords, redirections, problems."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- where a file descriptor goes ---
    "fd.0": ("stdin", "표준 입력(stdin)"),
    "fd.1": ("stdout", "표준 출력(stdout)"),
    "fd.2": ("stderr", "표준 에러(stderr)"),
    "fd.n": ("file descriptor {n}", "파일 디스크립터 {n}"),
    "fd.keyboard": ("the terminal (what you type)", "터미널(키보드 입력)"),
    "fd.terminal": ("the terminal", "터미널"),
    "fd.pipe_out": ("the pipe to the next command", "다음 명령어로 가는 파이프"),
    "fd.pipe_in": ("the pipe from the command before", "앞 명령어에서 오는 파이프"),
    "fd.captured": ("the text `$(…)` captures", "`$(…)`가 받아 두는 텍스트"),
    "fd.file": ("the file {name}", "파일 {name}"),
    "fd.devnull": ("nowhere (/dev/null throws it away)", "아무 데도 아닌 곳(/dev/null은 받은 것을 버립니다)"),
    "fd.heredoc": ("the here-document", "히어 도큐먼트"),
    "fd.herestring": ("the here-string", "히어 스트링"),
    # --- redirections ---
    "redir.out": (
        "{fd} goes to {target}: the file is emptied first (created if missing).",
        "{fd}을(를) {target}에 씁니다. 파일 내용을 먼저 비웁니다(없으면 새로 만듭니다).",
    ),
    "redir.clobber": (
        "{fd} goes to {target}, emptied first, even if `set -o noclobber` forbids overwriting.",
        "{fd}을(를) {target}에 씁니다. `set -o noclobber`로 덮어쓰기를 막아 두었어도 내용을 비우고 씁니다.",
    ),
    "redir.append": (
        "{fd} is added to the end of {target} (created if missing).",
        "{fd}을(를) {target}의 끝에 덧붙입니다(없으면 새로 만듭니다).",
    ),
    "redir.devnull": (
        "{fd} is thrown away: it goes to /dev/null, which keeps nothing.",
        "{fd}을(를) 버립니다. 아무것도 남기지 않는 /dev/null로 보냅니다.",
    ),
    "redir.in": ("{fd} reads from {target}.", "{fd}은(는) {target}에서 읽습니다."),
    "redir.readwrite": (
        "{fd} is opened on {target} for reading and writing.",
        "{fd}을(를) 읽기와 쓰기용으로 {target}에 엽니다.",
    ),
    "redir.both": (
        "stdout and stderr both go to the file {target}, emptied first.",
        "표준 출력과 표준 에러를 둘 다 파일 {target}에 씁니다. 파일 내용은 먼저 비웁니다.",
    ),
    "redir.both_append": (
        "stdout and stderr are both added to the end of the file {target}.",
        "표준 출력과 표준 에러를 둘 다 파일 {target}의 끝에 덧붙입니다.",
    ),
    "redir.dup": (
        "{fd} goes where {other} goes *now*: {where}.",
        "{fd}을(를) {other}이(가) *지금* 가는 곳으로 보냅니다: {where}.",
    ),
    "redir.dup_in": (
        "{fd} reads from where {other} reads *now*: {where}.",
        "{fd}이(가) {other}이(가) *지금* 읽는 곳에서 읽습니다: {where}.",
    ),
    "redir.dup_closed": (
        "{fd} would go where descriptor {other} goes, but {other} is not open here: bash says “Bad file descriptor”.",
        "{fd}을(를) 디스크립터 {other}번이 가는 곳으로 보내려 하지만, {other}번은 여기서 열려 있지 않아 bash가 "
        "“Bad file descriptor” 오류를 냅니다.",
    ),
    "redir.earlier_copy": (
        "{copy} still goes to {went}: `{written}` copied where {source} went *before* this (redirections apply left "
        "to right).",
        "{copy}은(는) 여전히 {went} 쪽으로 갑니다. `{written}` 리디렉션이 이보다 *앞에서* {source}이(가) 가던 곳을 "
        "복사했기 때문입니다(리디렉션은 왼쪽부터 차례로 적용됩니다).",
    ),
    "redir.close": ("{fd} is closed.", "{fd}을(를) 닫습니다."),
    "redir.exists": (
        "{target} exists in your sandbox: what it holds now will be replaced.",
        "샌드박스에 {target} 파일이 이미 있습니다. 지금 들어 있는 내용은 지워지고 새로 쓰입니다.",
    ),
    "redir.heredoc": (
        "{fd} reads the lines that follow, up to the line `{delimiter}` (a here-document).",
        "{fd}이(가) 다음 줄부터 `{delimiter}` 줄 직전까지를 읽습니다(히어 도큐먼트).",
    ),
    "redir.heredoc_expands": (
        "`$…` and `$(…)` inside it are expanded, as in double quotes.",
        "그 안의 `$…`와 `$(…)`는 큰따옴표 안에서처럼 확장됩니다.",
    ),
    "redir.heredoc_literal": (
        "The end word is quoted, so the text is taken exactly as written (no `$` expansion).",
        "끝 단어에 따옴표가 있어서 텍스트를 쓴 그대로 씁니다(`$` 확장 없음).",
    ),
    "redir.heredoc_tabs": ("`<<-` removes the tabs at the start of its lines.", "`<<-`는 각 줄 앞의 탭을 지웁니다."),
    "redir.herestring": (
        "{fd} reads this text, with a newline after it (a here-string): {text}",
        "{fd}이(가) 이 텍스트에 줄바꿈을 붙여 읽습니다(히어 스트링): {text}",
    ),
    "redir.other": ("A redirection.", "리디렉션입니다."),
    "heredoc.body": (
        "The here-document's lines, given to the command's stdin, and its end line.",
        "히어 도큐먼트의 내용(명령어의 표준 입력으로 들어갑니다)과 끝 줄입니다.",
    ),
    "arg.after_close": (
        "A separate word after the redirection: an argument of the command.",
        "리디렉션 뒤의 별개 단어로, 명령어의 인자입니다.",
    ),
    # --- operators ---
    "op.pipe": (
        "Pipe: the stdout of the command on the left becomes the stdin of the command on the right; both run at "
        "the same time.",
        "파이프: 왼쪽 명령어의 표준 출력이 오른쪽 명령어의 표준 입력이 됩니다. 두 명령어는 동시에 실행됩니다.",
    ),
    "op.pipe_both": (
        "Pipe with stderr: stdout *and* stderr of the left command go to the right one (like `2>&1 |`).",
        "표준 에러까지 보내는 파이프: 왼쪽 명령어의 표준 출력*과* 표준 에러가 오른쪽 명령어로 갑니다(`2>&1 |`와 같음).",
    ),
    "op.and": (
        "AND: the right side runs only if the left side succeeded (exit status 0).",
        "AND: 왼쪽이 성공했을 때만(종료 상태 0) 오른쪽을 실행합니다.",
    ),
    "op.or": (
        "OR: the right side runs only if the left side failed (exit status not 0).",
        "OR: 왼쪽이 실패했을 때만(종료 상태가 0이 아님) 오른쪽을 실행합니다.",
    ),
    "op.semicolon": (
        "Ends a command; the next one runs after it, whether it succeeded or not.",
        "명령어의 끝입니다. 성공하든 실패하든 그다음 명령어를 이어서 실행합니다.",
    ),
    "op.background": (
        "Runs what comes before it in the background: the prompt comes back at once (see `jobs`, `fg`).",
        "앞의 명령어를 백그라운드에서 실행합니다. 프롬프트가 바로 돌아옵니다(`jobs`, `fg` 참고).",
    ),
    "op.not": (
        "NOT: turns the exit status around (success becomes failure and back).",
        "NOT: 종료 상태를 뒤집습니다(성공은 실패로, 실패는 성공으로).",
    ),
    "op.subshell_open": (
        "Starts a subshell: what runs inside (cd, variables) does not change your shell.",
        "서브셸의 시작: 안에서 한 일(cd, 변수 설정)은 지금 셸에 남지 않습니다.",
    ),
    "op.subshell_close": ("Ends the subshell.", "서브셸의 끝입니다."),
    "op.group_open": (
        "Starts a group: the commands inside run in this shell, as one unit (a `;` or newline must come before `}`).",
        "그룹의 시작: 안의 명령어들을 지금 셸에서 하나로 묶어 실행합니다(`}` 앞에는 `;`나 줄바꿈이 있어야 합니다).",
    ),
    "op.group_close": ("Ends the group.", "그룹의 끝입니다."),
    "op.case_pattern_end": ("Ends the patterns of this branch.", "이 분기의 패턴이 끝나는 곳입니다."),
    "op.case_end": ("Ends this branch of `case`.", "`case`의 이 분기를 끝냅니다."),
    "op.case_fallthrough": ("Ends this branch and runs the next one too.", "이 분기를 끝내고 다음 분기도 실행합니다."),
    "op.case_continue": (
        "Ends this branch and goes on testing the next patterns.",
        "이 분기를 끝내고 다음 패턴들도 계속 검사합니다.",
    ),
    "op.case_or": ("Or: either pattern matches this branch.", "또는: 어느 패턴이든 맞으면 이 분기입니다."),
    # --- keywords ---
    "kw.if": (
        "`if`: runs the commands after `then` if this command succeeds.",
        "`if`: 이 명령어가 성공하면 `then` 뒤를 실행합니다.",
    ),
    "kw.then": ("`then`: what runs when the condition succeeded.", "`then`: 조건이 성공했을 때 실행할 부분입니다."),
    "kw.elif": (
        "`elif`: another condition, tried when those before failed.",
        "`elif`: 앞의 조건이 실패했을 때 검사하는 다른 조건입니다.",
    ),
    "kw.else": (
        "`else`: what runs when no condition succeeded.",
        "`else`: 어떤 조건도 성공하지 않았을 때 실행할 부분입니다.",
    ),
    "kw.fi": ("`fi`: ends the `if`.", "`fi`: `if`를 끝냅니다."),
    "kw.for": ("`for`: repeats the loop body once for each word.", "`for`: 단어마다 한 번씩 반복 본문을 실행합니다."),
    "kw.select": ("`select`: a numbered menu of the words.", "`select`: 단어들로 번호 메뉴를 만듭니다."),
    "kw.in": ("`in`: the words to go through come next.", "`in`: 뒤에 반복할 단어들이 옵니다."),
    "kw.do": ("`do`: the loop body starts.", "`do`: 반복 본문이 시작됩니다."),
    "kw.done": ("`done`: the loop body ends.", "`done`: 반복 본문이 끝납니다."),
    "kw.while": (
        "`while`: repeats the body as long as this command succeeds.",
        "`while`: 이 명령어가 성공하는 동안 본문을 반복합니다.",
    ),
    "kw.until": (
        "`until`: repeats the body until this command succeeds.",
        "`until`: 이 명령어가 성공할 때까지 본문을 반복합니다.",
    ),
    "kw.case": (
        "`case`: picks the branch whose pattern matches the word.",
        "`case`: 단어와 맞는 패턴의 분기를 고릅니다.",
    ),
    "kw.esac": ("`esac`: ends the `case`.", "`esac`: `case`를 끝냅니다."),
    "kw.function": ("`function`: defines a function.", "`function`: 함수를 정의합니다."),
    "kw.test_open": (
        "`[[`: a test in bash's own syntax (no word splitting or globbing inside; `==` compares with a pattern).",
        "`[[`: bash 고유의 조건 검사입니다(안에서는 단어 분리와 글롭이 없고, `==`는 패턴과 비교합니다).",
    ),
    "kw.test_close": ("`]]`: ends the test.", "`]]`: 조건 검사를 끝냅니다."),
    "kw.arith_open": (
        "`((`: an arithmetic test: succeeds when the result is not 0.",
        "`((`: 산술 검사입니다. 결과가 0이 아니면 성공합니다.",
    ),
    "kw.arith_close": ("`))`: ends the arithmetic.", "`))`: 산술 부분을 끝냅니다."),
    "for.variable": (
        "The loop variable: `${name}` holds the current word in the body.",
        "반복 변수: 본문 안에서 `${name}`에 지금 단어가 들어 있습니다.",
    ),
    "for.value": ("A word the loop goes through.", "반복할 단어입니다."),
    "case.subject": ("The word `case` matches against the patterns.", "`case`가 패턴들과 맞춰 볼 단어입니다."),
    "case.pattern": (
        "A pattern (a glob: `*` matches anything, `?` one character).",
        "패턴입니다(글롭: `*`는 무엇이든, `?`는 한 글자).",
    ),
    "function.name": ("Defines a function named {name}.", "{name} 함수를 정의합니다."),
    "function.parens": ("`()`: marks a function definition.", "`()`: 함수 정의라는 표시입니다."),
    "comment": (
        "A comment: bash ignores everything from `#` to the end of the line.",
        "주석: bash는 `#`부터 줄 끝까지 무시합니다.",
    ),
    # --- problems ---
    "problem.unexpected": (
        "Syntax error at line {line}, column {column} (offset {offset}): bash did not expect `{token}` here.",
        "{line}번째 줄 {column}번째 칸(오프셋 {offset})에 문법 오류: bash는 여기에 `{token}` 토큰이 올 것을 예상하지 "
        "않았습니다.",
    ),
    "problem.unclosed": (
        "The `{opener}` at line {line}, column {column} (offset {offset}) is never closed: bash is still waiting for "
        "its `{closer}`.",
        "{line}번째 줄 {column}번째 칸(오프셋 {offset})의 `{opener}` 기호가 닫히지 않았습니다. "
        "bash는 아직 닫는 `{closer}` 기호를 기다립니다.",
    ),
    "problem.missing": (
        "The command is not finished at line {line}, column {column} (offset {offset}): bash still waits for "
        "`{missing}`.",
        "{line}번째 줄 {column}번째 칸(오프셋 {offset})에서 명령어가 끝나지 않았습니다. "
        "bash는 아직 `{missing}` 키워드를 기다립니다.",
    ),
    "problem.unfinished": (
        "The command is not finished at line {line}, column {column} (offset {offset}): something must follow.",
        "{line}번째 줄 {column}번째 칸(오프셋 {offset})에서 명령어가 끝나지 않았습니다. 뒤에 무언가 더 와야 합니다.",
    ),
    "problem.heredoc": (
        "The here-document has no end line (line {line}, column {column}, offset {offset}).",
        "히어 도큐먼트의 끝 줄이 없습니다({line}번째 줄 {column}번째 칸, 오프셋 {offset}).",
    ),
    "problem.syntax": (
        "Syntax error at line {line}, column {column} (offset {offset}): {message}",
        "{line}번째 줄 {column}번째 칸(오프셋 {offset})에 문법 오류: {message}",
    ),
    "problem.nul": (
        "A NUL character (at offset {offset}) cannot be part of a shell command.",
        "NUL 문자(오프셋 {offset})는 셸 명령어에 들어갈 수 없습니다.",
    ),
    "problem.too_long": (
        "The command is too long to explain ({length} characters; at most {limit}).",
        "명령어가 너무 길어서 설명할 수 없습니다({length}자, 최대 {limit}자).",
    ),
    "problem.empty": ("There is no command to explain.", "설명할 명령어가 없습니다."),
    "problem.unknown_command": (
        "Unknown command `{name}` at line {line}, column {column} (offset {offset}): not a shell builtin, not "
        "installed here, and no manual page describes it.",
        "{line}번째 줄 {column}번째 칸(오프셋 {offset})의 `{name}` 명령어는 알 수 없는 명령어입니다. "
        "셸 내장 명령이 아니고, 여기에 설치되어 있지 않으며, 설명하는 매뉴얼 페이지도 없습니다.",
    ),
    "cmd.not_found_but_documented": (
        "`{name}` (line {line}, column {column}, offset {offset}) has a manual page but is not found on the PATH "
        "here: running it would say “command not found”.",
        "`{name}` 명령어({line}번째 줄 {column}번째 칸, 오프셋 {offset})는 매뉴얼 페이지는 있지만 "
        "여기 PATH에서 찾을 수 없습니다. 실행하면 “command not found”가 나옵니다.",
    ),
    # --- the kinds of span, as the text front ends label them ---
    "kind.command": ("command", "명령어"),
    "kind.option": ("option", "옵션"),
    "kind.argument": ("argument", "인자"),
    "kind.expansion": ("expansion", "확장"),
    "kind.quoting": ("quoting", "따옴표"),
    "kind.redirection": ("redirection", "리디렉션"),
    "kind.operator": ("operator", "연산자"),
    "kind.assignment": ("assignment", "대입"),
    "kind.keyword": ("keyword", "키워드"),
    "kind.comment": ("comment", "주석"),
    "kind.heredoc": ("here-document", "히어 도큐먼트"),
    "render.english": ("(en)", "(영어)"),
    "render.problems": ("Cannot explain:", "설명할 수 없는 부분:"),
    # --- notes on the whole ---
    "note.english": (
        "Descriptions marked (en) are in English: no Korean translation of them exists.",
        "(영어) 표시가 있는 설명은 매뉴얼의 영어 원문입니다. 한국어 번역이 없습니다.",
    ),
    "note.sandbox": (
        "Values are those of your exercise's shell right now; `$(…)` and backticks are described, never run.",
        "값은 지금 연습 문제 셸의 값입니다. `$(…)`와 백틱은 설명만 하고 실행하지는 않습니다.",
    ),
    "note.parser": (
        "bash accepts this line, but part of it was not understood here (from line {line}, column {column}); that "
        "part is not explained.",
        "bash는 이 줄을 받아들이지만, 일부({line}번째 줄 {column}번째 칸부터)는 여기서 이해하지 못해 설명하지 "
        "않았습니다.",
    ),
    "note.busy": (
        "A command is running, so values from your shell are not shown.",
        "명령어가 실행 중이라 셸의 값은 보여 주지 않습니다.",
    ),
}
