"""explain's wording of words, in English and Korean: commands, options, arguments, quoting and expansions."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # --- the command word ---
    "cmd.program": ("The program {name}:", "프로그램 {name}:"),
    "cmd.path": ("Runs the program at the path {name}:", "경로 {name}에 있는 프로그램을 실행합니다:"),
    "cmd.builtin": ("A shell builtin (bash runs it itself):", "셸 내장 명령(bash가 직접 실행):"),
    "cmd.keyword": ("A shell keyword ({name}).", "셸 키워드({name})입니다."),
    "cmd.alias": (
        "An alias defined in your shell: {name} stands for `{text}`.",
        "지금 셸에 정의된 별칭: {name} 별칭은 `{text}` 명령을 뜻합니다.",
    ),
    "cmd.function": (
        "A function defined in your shell: {name} runs its body.",
        "지금 셸에 정의된 함수: {name} 함수의 본문을 실행합니다.",
    ),
    "cmd.from_expansion": (
        "The command's name comes from an expansion: whatever it expands to is run.",
        "명령어 이름이 확장에서 나옵니다. 확장된 결과가 실행됩니다.",
    ),
    "cmd.undocumented": (
        "installed, but no manual page describes it.",
        "설치되어 있지만 설명하는 매뉴얼 페이지가 없습니다.",
    ),
    "cmd.unknown": (
        "Unknown command {name}: not a builtin, not installed here, no manual page.",
        "알 수 없는 명령어 {name}: 내장 명령이 아니고, 여기에 설치되어 있지 않으며, 매뉴얼 페이지도 없습니다.",
    ),
    "cmd.subcommand": ("The {program} command {name}:", "{program}의 명령 {name}:"),
    # --- options ---
    "opt.unknown": (
        "An option of {program} that its manual page does not describe.",
        "{program}의 매뉴얼 페이지에 설명이 없는 옵션입니다.",
    ),
    "opt.plain": ("An option of {program}.", "{program}의 옵션입니다."),
    "opt.value_is": ("Value: {value}", "값: {value}"),
    "opt.value_of": ("The value of {option}.", "{option} 옵션의 값입니다."),
    "opt.bundle": (
        "{count} one-letter options written together: {options}.",
        "한 글자 옵션 {count}개를 붙여 쓴 것: {options}.",
    ),
    "opt.tar_old": (
        "tar's old style: one word of option letters without a dash ({options}); each one that takes a value takes "
        "the next word.",
        "tar의 옛 방식: 대시 없이 옵션 글자를 한 단어로 붙여 씁니다({options}). 값이 필요한 옵션은 뒤에 오는 단어를 "
        "차례로 값으로 씁니다.",
    ),
    "opt.bsd": (
        "BSD-style options of ps, letters without a dash: {options}.",
        "ps의 BSD 방식 옵션(대시 없는 글자): {options}.",
    ),
    "opt.end": (
        "`--`: the end of options: every word after it is an argument, even one that starts with `-`.",
        "`--`: 옵션의 끝. 뒤에 오는 단어는 `-`로 시작하더라도 모두 인자입니다.",
    ),
    "opt.numeric": ("Short for `{option} {value}`.", "`{option} {value}`의 줄임입니다."),
    # --- arguments ---
    "arg.generic": ("An argument of {program}.", "{program}의 인자입니다."),
    "arg.dash": (
        "`-` as a file name: most programs read stdin (or write stdout) instead.",
        "파일 이름 자리의 `-`: 대부분의 프로그램은 대신 표준 입력에서 읽습니다(또는 표준 출력에 씁니다).",
    ),
    "arg.cd_dash": (
        "`-`: the previous directory ($OLDPWD); cd prints it.",
        "`-`: 이전 디렉터리($OLDPWD)입니다. cd가 그 경로를 출력합니다.",
    ),
    "arg.job": ("A job of this shell, by its number in `jobs`.", "이 셸의 작업입니다(`jobs`에 나오는 번호)."),
    "arg.script": ("The script the shell runs.", "셸이 실행할 스크립트입니다."),
    "arg.is_file": ("In your sandbox it is a file.", "샌드박스에 있는 파일입니다."),
    "arg.is_dir": ("In your sandbox it is a directory.", "샌드박스에 있는 디렉터리입니다."),
    "arg.is_symlink": ("In your sandbox it is a symbolic link.", "샌드박스에 있는 심볼릭 링크입니다."),
    "arg.is_other": ("In your sandbox it is a special file.", "샌드박스에 있는 특수 파일입니다."),
    "signal.SIGKILL": (
        "Signal {number} ({name}): stops the process at once; it cannot catch or ignore it.",
        "시그널 {number}({name}): 프로세스를 즉시 끝냅니다. 프로세스가 막거나 무시할 수 없습니다.",
    ),
    "signal.SIGTERM": (
        "Signal {number} ({name}): asks the process to end (the default of kill).",
        "시그널 {number}({name}): 프로세스에 끝내라고 요청합니다(kill의 기본값).",
    ),
    "signal.SIGINT": (
        "Signal {number} ({name}): what Ctrl-C sends.",
        "시그널 {number}({name}): Ctrl-C가 보내는 시그널입니다.",
    ),
    "signal.SIGHUP": (
        "Signal {number} ({name}): “the terminal hung up”; many servers reload their settings on it.",
        "시그널 {number}({name}): “터미널이 끊겼다”는 뜻입니다. 많은 서버는 이 시그널에 설정을 다시 읽습니다.",
    ),
    "signal.SIGSTOP": (
        "Signal {number} ({name}): pauses the process (continue it with SIGCONT).",
        "시그널 {number}({name}): 프로세스를 일시 정지합니다(SIGCONT로 재개).",
    ),
    "signal.SIGCONT": (
        "Signal {number} ({name}): resumes a paused process.",
        "시그널 {number}({name}): 멈춘 프로세스를 다시 실행합니다.",
    ),
    "signal.other": ("The signal to send: {name}.", "보낼 시그널: {name}."),
    # --- find ---
    "find.start": ("Where find starts looking: {value}", "find가 찾기 시작할 곳: {value}"),
    "find.placeholder": (
        "`{}`: find puts the path of each file found here.",
        "`{}`: find가 찾은 파일의 경로를 이 자리에 넣습니다.",
    ),
    "find.exec_end": (
        "Ends the -exec command: it runs once per file (escaped so that bash passes `;` to find).",
        "-exec 명령의 끝: 파일마다 한 번씩 실행합니다(bash가 `;`를 find에 넘기도록 이스케이프했습니다).",
    ),
    "find.exec_plus": (
        "Ends the -exec command: it runs with as many files at once as fit.",
        "-exec 명령의 끝: 한 번에 되도록 많은 파일을 넘겨 실행합니다.",
    ),
    "find.group": (
        "Groups tests (escaped so bash passes the parenthesis to find).",
        "조건을 묶습니다(bash가 괄호를 find에 넘기도록 이스케이프합니다).",
    ),
    "find.not": ("NOT: the next test must fail.", "NOT: 다음 조건이 거짓이어야 합니다."),
    "find.and": (
        "AND: both tests must hold (the default between tests).",
        "AND: 두 조건이 모두 참이어야 합니다(조건 사이의 기본값).",
    ),
    "find.or": ("OR: either test may hold.", "OR: 둘 중 하나만 참이면 됩니다."),
    "find.comma": (
        "Both expressions are evaluated; the last decides.",
        "두 식을 모두 평가하고, 결과는 마지막 식이 정합니다.",
    ),
    # --- test ---
    "test.bracket_open": (
        "`[`: the builtin test: checks the condition up to `]` (spaces around it matter).",
        "`[`: 내장 명령 test입니다. `]`까지의 조건을 검사합니다(앞뒤 공백이 꼭 필요합니다).",
    ),
    "test.bracket_close": ("`]`: ends the test.", "`]`: 검사를 끝냅니다."),
    "test.operand": ("A value the test looks at.", "검사가 살펴보는 값입니다."),
    "test.exists": ("True if the file exists.", "파일이 있으면 참."),
    "test.exists_or_and": (
        "`-a`: a file exists (or AND, between tests).",
        "`-a`: 파일이 있으면 참(조건 사이에서는 AND).",
    ),
    "test.file": ("True if it is a regular file.", "일반 파일이면 참."),
    "test.dir": ("True if it is a directory.", "디렉터리이면 참."),
    "test.nonempty": ("True if the file exists and is not empty.", "파일이 있고 비어 있지 않으면 참."),
    "test.readable": ("True if you may read the file.", "파일을 읽을 수 있으면 참."),
    "test.writable": ("True if you may write the file.", "파일에 쓸 수 있으면 참."),
    "test.executable": (
        "True if you may run the file (or enter the directory).",
        "파일을 실행할 수 있으면(디렉터리는 들어갈 수 있으면) 참.",
    ),
    "test.symlink": ("True if it is a symbolic link.", "심볼릭 링크이면 참."),
    "test.empty_string": ("True if the text is empty.", "문자열이 비어 있으면 참."),
    "test.nonempty_string": ("True if the text is not empty.", "문자열이 비어 있지 않으면 참."),
    "test.equal": (
        "True if the two texts are equal (in `[[ ]]`, the right side is a pattern).",
        "두 문자열이 같으면 참(`[[ ]]`에서는 오른쪽이 패턴).",
    ),
    "test.not_equal": ("True if the two texts differ.", "두 문자열이 다르면 참."),
    "test.regex": (
        "True if the text matches the regular expression on the right.",
        "문자열이 오른쪽 정규 표현식과 맞으면 참.",
    ),
    "test.eq": ("True if the numbers are equal.", "두 수가 같으면 참."),
    "test.ne": ("True if the numbers differ.", "두 수가 다르면 참."),
    "test.lt": ("True if the left number is less.", "왼쪽 수가 작으면 참."),
    "test.le": ("True if the left number is less or equal.", "왼쪽 수가 작거나 같으면 참."),
    "test.gt": ("True if the left number is greater.", "왼쪽 수가 크면 참."),
    "test.ge": ("True if the left number is greater or equal.", "왼쪽 수가 크거나 같으면 참."),
    "test.newer": ("True if the left file is newer.", "왼쪽 파일이 더 새로우면 참."),
    "test.older": ("True if the left file is older.", "왼쪽 파일이 더 오래되었으면 참."),
    "test.not": ("NOT: turns the test around.", "NOT: 검사 결과를 뒤집습니다."),
    "test.or": ("OR: either test may hold.", "OR: 둘 중 하나만 참이면 됩니다."),
    "test.and": ("AND: both tests must hold.", "AND: 두 검사가 모두 참이어야 합니다."),
    "test.before": ("True if the left text sorts before the right.", "왼쪽 문자열이 정렬 순서상 앞이면 참."),
    "test.after": ("True if the left text sorts after the right.", "왼쪽 문자열이 정렬 순서상 뒤면 참."),
    "test.group": ("Groups tests.", "검사를 묶습니다."),
    # --- assignments ---
    "assign.alone": (
        "Sets the shell variable {name} to `{value}` (it stays set in this shell; `export` passes it on to programs).",
        "셸 변수 {name}에 `{value}` 값을 넣습니다(이 셸에 남습니다. 프로그램에 넘기려면 `export`).",
    ),
    "assign.append_alone": (
        "Adds `{value}` to the end of the variable {name}.",
        "변수 {name}의 끝에 `{value}` 값을 덧붙입니다.",
    ),
    "assign.for_command": (
        "Sets {name} to `{value}` in the environment of this command only.",
        "이 명령어의 환경에서만 {name} 변수의 값을 `{value}` 값으로 설정합니다.",
    ),
    "assign.was": ("(now: `{value}`)", "(지금 값: `{value}`)"),
    "declare.export": (
        "Marks {name} for export: programs started from this shell see it.",
        "{name} 변수를 내보냅니다: 이 셸에서 실행하는 프로그램이 볼 수 있습니다.",
    ),
    "declare.export_value": (
        "Sets {name} to `{value}` and exports it: programs started from this shell see it.",
        "{name} 변수에 `{value}` 값을 넣고 내보냅니다: 이 셸에서 실행하는 프로그램이 볼 수 있습니다.",
    ),
    "declare.local": ("Makes {name} local to the function.", "{name} 변수를 함수 안에서만 쓰는 지역 변수로 만듭니다."),
    "declare.local_value": (
        "Makes {name} local to the function, set to `{value}`.",
        "{name} 변수를 지역 변수로 만들고 `{value}` 값을 넣습니다.",
    ),
    "declare.readonly": ("Makes {name} read-only.", "{name} 변수를 읽기 전용으로 만듭니다."),
    "declare.readonly_value": (
        "Sets {name} to `{value}` and makes it read-only.",
        "{name} 변수에 `{value}` 값을 넣고 읽기 전용으로 만듭니다.",
    ),
    "declare.unset": ("Removes the variable (or function) {name}.", "{name} 변수(또는 함수)를 없앱니다."),
    "declare.declare": ("Declares the variable {name}.", "{name} 변수를 선언합니다."),
    "declare.declare_value": ("Declares {name}, set to `{value}`.", "{name} 변수를 선언하고 `{value}` 값을 넣습니다."),
    # --- quoting ---
    "quote.single": (
        "Single quotes: everything inside is taken literally ($, *, spaces and all); one word.",
        "작은따옴표: 안의 모든 것을 글자 그대로 씁니다($, *, 공백까지). 한 단어가 됩니다.",
    ),
    "quote.double": (
        "Double quotes: one word, no globbing or word splitting; `$…`, `$(…)` and backticks inside still expand.",
        "큰따옴표: 한 단어가 되고 글롭이나 단어 분리가 없습니다. 안의 `$…`, `$(…)`, 백틱은 그래도 확장됩니다.",
    ),
    "quote.ansi_c": (
        "`$'…'`: like single quotes, but backslash escapes such as \\n (newline) and \\t (tab) become those "
        "characters.",
        "`$'…'`: 작은따옴표와 같지만 \\n(줄바꿈), \\t(탭) 같은 백슬래시 이스케이프가 그 문자로 바뀝니다.",
    ),
    "quote.translated": (
        '`$"…"`: double quotes, translated to the locale\'s language.',
        '`$"…"`: 로캘의 언어로 번역되는 큰따옴표입니다.',
    ),
    "quote.backslash": (
        "Backslash: the next character, `{char}`, is taken literally.",
        "백슬래시: 다음 문자 `{char}` 하나를 글자 그대로 씁니다.",
    ),
    "quote.continuation": (
        "Backslash-newline: the line continues on the next one.",
        "백슬래시 뒤 줄바꿈: 다음 줄로 이어집니다.",
    ),
    # --- expansions ---
    "now": ("Now: `{value}`.", "지금 값: `{value}`."),
    "param.variable": ("The value of the variable {name}.", "변수 {name}의 값입니다."),
    "param.unset": ("Not set now: it expands to nothing.", "지금은 설정되어 있지 않아 빈 값으로 확장됩니다."),
    "param.split": ("Unquoted, it splits into {count} words.", "따옴표가 없어서 {count}개 단어로 나뉩니다."),
    "param.positional": (
        "Positional parameter {n}: argument {n} of the script or function.",
        "위치 매개변수 {n}: 스크립트나 함수의 {n}번째 인자.",
    ),
    "param.status": ("`$?`: the exit status of the last command.", "`$?`: 바로 앞 명령어의 종료 상태."),
    "param.pid": ("`$$`: the process id of this shell.", "`$$`: 이 셸의 프로세스 ID."),
    "param.last_job": (
        "`$!`: the process id of the last background job.",
        "`$!`: 마지막 백그라운드 작업의 프로세스 ID.",
    ),
    "param.count": ("`$#`: how many positional parameters there are.", "`$#`: 위치 매개변수의 개수."),
    "param.all": (
        "`$@`: all positional parameters (in quotes, one word each).",
        "`$@`: 모든 위치 매개변수(따옴표 안에서는 하나씩 각각의 단어).",
    ),
    "param.all_one": (
        "`$*`: all positional parameters (in quotes, as one word).",
        "`$*`: 모든 위치 매개변수(따옴표 안에서는 하나의 단어).",
    ),
    "param.zero": ("`$0`: the name of the shell or script.", "`$0`: 셸이나 스크립트의 이름."),
    "param.flags": ("`$-`: the shell's current option letters.", "`$-`: 셸의 현재 옵션 글자들."),
    "param.last_arg": ("`$_`: the last word of the previous command.", "`$_`: 앞 명령어의 마지막 단어."),
    "param.length": ("The length (in characters) of {name}'s value.", "{name} 값의 길이(글자 수)."),
    "param.indirect": (
        "Indirect: the value of the variable whose name {name} holds.",
        "간접 참조: {name}에 든 이름을 가진 변수의 값.",
    ),
    "param.index": ("(element {index} of the array)", "(배열의 {index} 원소)"),
    "param.unknown": ("A parameter expansion.", "매개변수 확장입니다."),
    "param.op.default": (
        "If it is unset or empty, `{word}` is used instead.",
        "설정되지 않았거나 비어 있으면 대신 `{word}` 값을 씁니다.",
    ),
    "param.op.default_unset": (
        "If it is unset, `{word}` is used instead.",
        "설정되지 않았으면 대신 `{word}` 값을 씁니다.",
    ),
    "param.op.assign": (
        "If it is unset or empty, {name} is set to `{word}` (and that is used).",
        "설정되지 않았거나 비어 있으면 {name} 변수에 `{word}` 값을 넣고 그 값을 씁니다.",
    ),
    "param.op.error": (
        "If it is unset or empty, bash stops with the message `{word}`.",
        "설정되지 않았거나 비어 있으면 bash가 `{word}` 메시지를 내고 멈춥니다.",
    ),
    "param.op.alternative": (
        "If it is set and not empty, `{word}` is used instead (else nothing).",
        "설정되어 있고 비어 있지 않으면 대신 `{word}` 값을 씁니다(아니면 빈 값).",
    ),
    "param.op.strip_prefix": (
        "With the shortest start matching `{word}` removed.",
        "앞에서 `{word}` 패턴과 맞는 가장 짧은 부분을 뺍니다.",
    ),
    "param.op.strip_prefix_long": (
        "With the longest start matching `{word}` removed.",
        "앞에서 `{word}` 패턴과 맞는 가장 긴 부분을 뺍니다.",
    ),
    "param.op.strip_suffix": (
        "With the shortest end matching `{word}` removed.",
        "끝에서 `{word}` 패턴과 맞는 가장 짧은 부분을 뺍니다.",
    ),
    "param.op.strip_suffix_long": (
        "With the longest end matching `{word}` removed.",
        "끝에서 `{word}` 패턴과 맞는 가장 긴 부분을 뺍니다.",
    ),
    "param.op.replace": (
        "With the first `{word}` replaced by `{other}`.",
        "처음 나오는 `{word}` 부분을 `{other}` 값으로 바꿉니다.",
    ),
    "param.op.replace_all": (
        "With every `{word}` replaced by `{other}`.",
        "모든 `{word}` 부분을 `{other}` 값으로 바꿉니다.",
    ),
    "param.op.upper_first": ("With its first letter in upper case.", "첫 글자를 대문자로 바꿉니다."),
    "param.op.upper": ("In upper case.", "모두 대문자로 바꿉니다."),
    "param.op.lower_first": ("With its first letter in lower case.", "첫 글자를 소문자로 바꿉니다."),
    "param.op.lower": ("In lower case.", "모두 소문자로 바꿉니다."),
    "param.op.substring": (
        "A part of it: from offset {word}, {other} characters long.",
        "일부분: 위치 {word}부터 {other}글자.",
    ),
    "param.op.transform": ("Transformed by the operator `{word}`.", "`{word}` 연산으로 변환합니다."),
    "history": (
        "History expansion: bash replaces `{word}` with (part of) an earlier command from your history before it "
        "reads the line (`!!` the last command, `!-2` the one before it, `!42` number 42, `!$` the last word of "
        "the last command).",
        "히스토리 확장: bash가 줄을 읽기 전에 `{word}` 부분을 히스토리의 이전 명령어(또는 그 일부)로 바꿉니다"
        "(`!!`는 바로 앞 명령어, `!-2`는 그 전 명령어, `!42`는 42번, `!$`는 앞 명령어의 마지막 단어).",
    ),
    "tilde.home": ("`~`: your home directory ($HOME).", "`~`: 홈 디렉터리($HOME)."),
    "tilde.pwd": ("`~+`: the current directory ($PWD).", "`~+`: 현재 디렉터리($PWD)."),
    "tilde.oldpwd": (
        "`~-`: the previous directory ($OLDPWD, where `cd -` goes).",
        "`~-`: 이전 디렉터리($OLDPWD, `cd -`가 가는 곳).",
    ),
    "tilde.user": ("`~{user}`: the home directory of the user {user}.", "`~{user}`: 사용자 {user}의 홈 디렉터리."),
    "glob": (
        "A glob pattern: bash replaces it with the names of the matching files, sorted (`*` any text, `?` one "
        "character, `[…]` one of the characters).",
        "글롭 패턴: bash가 맞는 파일 이름들로 바꿔 넣습니다(정렬됨. `*`는 아무 문자열, `?`는 한 글자, `[…]`는 그중 한 "
        "글자).",
    ),
    "glob.matches": (
        "In your sandbox it matches {count}: {names}",
        "지금 샌드박스에서는 {count}개와 맞습니다: {names}",
    ),
    "glob.none": (
        "In your sandbox nothing matches, so the program gets `{word}` itself.",
        "지금 샌드박스에서는 맞는 파일이 없어서 프로그램은 `{word}` 글자를 그대로 받습니다.",
    ),
    "glob.unlisted": ("(its directory cannot be listed here)", "(그 디렉터리는 여기서 나열할 수 없습니다)"),
    "brace": ("Brace expansion: becomes {count} words: {words}", "중괄호 확장: 단어 {count}개가 됩니다: {words}"),
    "subst.command": (
        "Command substitution: runs the command inside and puts its output here.",
        "명령어 치환: 안의 명령어를 실행하고 그 출력을 이 자리에 넣습니다.",
    ),
    "subst.backtick": (
        "Command substitution (the old backtick form of `$(…)`): its output is put here.",
        "명령어 치환(`$(…)`의 옛 백틱 형태): 그 출력을 이 자리에 넣습니다.",
    ),
    "subst.process_in": (
        "Process substitution: runs the command and gives its output as a file name (/dev/fd/N) to read.",
        "프로세스 치환: 명령어를 실행하고, 그 출력을 읽을 수 있는 파일 이름(/dev/fd/N)으로 넘깁니다.",
    ),
    "subst.process_out": (
        "Process substitution: gives a file name (/dev/fd/N); what is written to it goes to the command's stdin.",
        "프로세스 치환: 파일 이름(/dev/fd/N)을 넘깁니다. 거기에 쓴 내용이 명령어의 표준 입력으로 갑니다.",
    ),
    "subst.not_run": (
        "(shelltutor does not run it to show you what it gives.)",
        "(shelltutor는 결과를 보여 주려고 이것을 실행하지 않습니다.)",
    ),
    "arith.expansion": ("Arithmetic expansion: computes the integer expression.", "산술 확장: 정수 식을 계산합니다."),
    "arith.command": ("The arithmetic expression.", "산술 식입니다."),
    "arith.value": ("Result: {value}.", "결과: {value}."),
    "arith.changes": (
        "It changes {names}, so shelltutor does not compute it.",
        "변수 {names}의 값을 바꾸는 식이라 shelltutor가 계산하지 않습니다.",
    ),
    "arith.division": ("It divides by zero: bash reports an error.", "0으로 나누므로 bash가 오류를 냅니다."),
}
