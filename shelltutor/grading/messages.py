"""Every learner-facing grader message, in English and Korean; each says *why* in plain words.

Templates use `str.format` fields. A field's value may be a `LocalText`, resolved per language (how Korean
particles that depend on the noun, such as 표준 출력이 / 표준 에러가, are chosen).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from shelltutor.course.model import Lang, LocalText

MESSAGES: dict[str, tuple[str, str]] = {
    # Verdicts
    "pass": ("Correct!", "정답입니다!"),
    "pass_replayed": (
        "Correct! It also works on freshly generated data.",
        "정답입니다! 새로 만든 데이터에서도 제대로 동작합니다.",
    ),
    "error": (
        "Grading failed on our side, not because of your answer: {reason}",
        "채점 도중 시스템 쪽에서 문제가 생겼습니다. 여러분의 답과는 관계없습니다: {reason}",
    ),
    "no_commands": (
        "Nothing has been run yet: type a command first.",
        "아직 실행한 명령어가 없습니다. 먼저 명령어를 입력하세요.",
    ),
    "more_problems": ("(and {count} more)", "(그 밖에 {count}개 더)"),
    # How the last command ended
    "timed_out": (
        "Your command was stopped after {seconds} s because it was still running. Was it waiting for input "
        "(a program like `cat` or `read` with no file reads the keyboard: give it a file or pipe something in), "
        "or stuck in a loop?",
        "명령어가 {seconds}초가 지나도 끝나지 않아 중지했습니다. 입력을 기다리고 있었거나(파일 없이 실행한 `cat`, "
        "`read` 같은 프로그램은 키보드 입력을 기다립니다. 파일을 주거나 파이프로 넘기세요) 반복문에서 빠져나오지 "
        "못한 것 같습니다.",
    ),
    "command_refused": (
        "The sandbox did not run your command: {reason}",
        "샌드박스가 명령어를 실행하지 않았습니다: {reason}",
    ),
    "incomplete": (
        "Your command is incomplete (an unclosed quote, or a missing `done` or `fi`?), so it was not run.",
        "명령어가 완성되지 않아(닫히지 않은 따옴표나 빠진 `done`, `fi`가 있나요?) 실행되지 않았습니다.",
    ),
    "run_in_foreground": (
        "`{command}` ran in the foreground, so the prompt could not come back until it ended, and it was stopped. "
        "To keep working while it runs, start it in the background: put `&` at the end of the line.",
        "`{command}`가 포그라운드에서 실행되어 끝날 때까지 프롬프트가 돌아올 수 없었고, 결국 중지됐습니다. 실행되는 "
        "동안 다른 작업을 하려면 줄 끝에 `&`를 붙여 백그라운드에서 시작하세요.",
    ),
    "step_done": (
        "`{command}` is step {number} of {total} of this exercise: keep going. (Steps on the way are not graded "
        "as answers.)",
        "`{command}`는 이 연습의 {total}단계 중 {number}단계입니다. 계속 진행하세요. (도중의 단계는 답으로 "
        "채점하지 않습니다.)",
    ),
    "just_editing": (
        "You edited with `{command}`: a step on the way. Run what the task asks for when your file is ready.",
        "`{command}`로 파일을 고쳤습니다. 가는 길의 한 단계입니다. 파일이 준비되면 문제에서 말한 것을 실행하세요.",
    ),
    "just_looking": (
        "`{command}` only looks around, so there is nothing to grade yet. Carry on with the exercise when you "
        "are ready.",
        "`{command}`는 살펴보기만 하는 명령어라 아직 채점할 것이 없습니다. 준비되면 연습을 이어서 하세요.",
    ),
    "interrupted": (
        "Your command was interrupted (Ctrl-C) before it finished.",
        "명령어가 끝나기 전에 중단되었습니다(Ctrl-C).",
    ),
    "session_ended": (
        "Your shell ended (did a command run `exit` or `exec`?), so the result could not be checked.",
        "셸이 종료되어(`exit`이나 `exec`를 실행했나요?) 결과를 확인할 수 없습니다.",
    ),
    "truncated": (
        "Your command printed more than the tutor reads; only the beginning was checked.",
        "출력이 너무 길어서 앞부분만 확인했습니다.",
    ),
    # Streams
    "stream_differs": (
        "Your command's {stream} is not what the exercise expects.",
        "명령어의 {stream_subject} 기대한 것과 다릅니다.",
    ),
    "stream_differs_how": (
        "Your command's {stream} is not what the exercise expects: {how}",
        "명령어의 {stream_subject} 기대한 것과 다릅니다. {how}",
    ),
    "stream_should_be_empty": (
        "The exercise expects nothing on {stream}, but your command printed something there.",
        "이 문제에서는 {stream}에 아무것도 나오지 않아야 하는데, 명령어가 무언가를 출력했습니다.",
    ),
    "stream_is_empty": (
        "Your command printed nothing on {stream}; the exercise expects output there.",
        "명령어가 {stream}에 아무것도 출력하지 않았습니다. 이 문제는 그쪽으로 출력이 나와야 합니다.",
    ),
    "stream_regex": (
        "Your command's {stream} does not contain what the exercise looks for (the pattern `{pattern}`).",
        "명령어의 {stream}에서 찾는 내용(패턴 `{pattern}`)이 보이지 않습니다.",
    ),
    "stream_looks_for": (
        "Your command's {stream} does not show what the exercise looks for: {looks_for}.",
        "명령어의 {stream}에서 찾는 내용이 보이지 않습니다. 찾는 것: {looks_for}",
    ),
    "stream_contains": (
        "Your command's {stream} should contain `{text}`, but it does not.",
        "명령어의 {stream}에 다음 내용이 있어야 하는데 없습니다: `{text}`",
    ),
    "stream_excludes": (
        "Your command's {stream} should not contain `{text}`.",
        "명령어의 {stream}에 다음 내용이 나오면 안 됩니다: `{text}`",
    ),
    "stdout_went_to_stderr": (
        "Your command printed this on standard error; the exercise wants it on standard output.",
        "명령어가 이 내용을 표준 에러로 출력했습니다. 이 문제는 표준 출력으로 나와야 합니다.",
    ),
    "stderr_went_to_stdout": (
        "Your command printed its error on standard output; the exercise wants it on standard error "
        "(send it there with `>&2`).",
        "명령어가 에러 메시지를 표준 출력으로 내보냈습니다. 이 문제는 표준 에러로 나와야 합니다 "
        "(`>&2`로 보낼 수 있습니다).",
    ),
    "stderr_not_silenced": (
        "Error messages still reach the screen: send standard error away with `2>` (for example `2>/dev/null`).",
        "에러 메시지가 여전히 화면에 나옵니다. `2>`로 표준 에러를 다른 곳으로 보내세요(예: `2>/dev/null`).",
    ),
    "stderr_not_sent_on": (
        "Error messages still reach the screen: here they belong with the output, not on the terminal.",
        "에러 메시지가 여전히 화면에 나옵니다. 이 문제에서는 에러 메시지도 터미널이 아니라 출력과 함께 보내야 합니다.",
    ),
    "stdout_empty_command_failed": (
        "Your command printed nothing on standard output, only an error on standard error: {error}",
        "명령어가 표준 출력에는 아무것도 내지 않고 표준 에러에 에러만 냈습니다: {error}",
    ),
    "spaced_fd_redirect": (
        "`{fd} >` with a space is two things: the argument `{fd}`, handed to the command, and a redirection of "
        "standard output. Write the stream number against the arrow: `{fd}>`.",
        "띄어 쓴 `{fd} >`는 두 가지입니다. 명령어에 넘어가는 인자 `{fd}`, 그리고 표준 출력의 리다이렉션. "
        "스트림 번호는 화살표에 붙여 쓰세요: `{fd}>`.",
    ),
    "uniq_without_sort": (
        "`uniq` only merges duplicate lines that are next to each other: sort first (`sort | uniq`) "
        "so that equal lines sit together.",
        "`uniq`는 바로 붙어 있는 중복 줄만 합칩니다. 먼저 `sort`로 정렬해서(`sort | uniq`) 같은 줄이 "
        "나란히 오게 하세요.",
    ),
    # Near misses (completing a sentence that says what differs)
    "near_empty": ("there is nothing there.", "아무것도 없습니다."),
    "near_missing_final_newline": (
        "the text is right, but it does not end with a newline (`printf` adds none unless you write `\\n`).",
        "내용은 맞지만 마지막에 줄바꿈이 없습니다(`printf`는 `\\n`을 쓰지 않으면 줄바꿈을 넣지 않습니다).",
    ),
    "near_extra_final_newline": (
        "the text is right, but it ends with an extra newline (`echo` adds one; `printf` does not).",
        "내용은 맞지만 끝에 줄바꿈이 하나 더 있습니다(`echo`는 줄바꿈을 붙이고 `printf`는 붙이지 않습니다).",
    ),
    "near_trailing_spaces": (
        "the text is right except for spaces at the ends of lines (shown as ·).",
        "줄 끝의 공백(· 로 표시)만 다르고 내용은 맞습니다.",
    ),
    "near_extra_blank_lines": (
        "the lines are right, but there are extra blank lines.",
        "내용은 맞지만 빈 줄이 더 들어 있습니다.",
    ),
    "near_missing_blank_lines": (
        "the lines are right, but blank lines are missing.",
        "내용은 맞지만 빈 줄이 빠져 있습니다.",
    ),
    "near_spacing": ("the words are right, but the spacing differs.", "단어는 맞지만 공백(띄어쓰기)이 다릅니다."),
    "near_case": ("the text is right except for upper and lower case.", "대소문자만 다르고 내용은 맞습니다."),
    "near_reversed": (
        "the lines are right but in reverse order (check `sort`'s `-r`).",
        "줄은 맞지만 순서가 거꾸로입니다(`sort`의 `-r` 옵션을 확인하세요).",
    ),
    "near_order": ("the lines are right but in a different order.", "줄은 맞지만 순서가 다릅니다."),
    "near_doubled": ("everything is there twice.", "모든 내용이 두 번씩 들어 있습니다."),
    "near_duplicates": (
        "the same lines are there, but some appear a different number of times.",
        "같은 줄들이 있지만, 몇몇 줄이 나오는 횟수가 다릅니다.",
    ),
    "near_extra_lines": (
        "every expected line is there, plus lines that should not be.",
        "기대한 줄은 모두 있지만, 없어야 할 줄이 더 있습니다.",
    ),
    "near_missing_lines": ("some expected lines are missing.", "기대한 줄 가운데 일부가 빠져 있습니다."),
    # Exit status
    "exit_want_zero": (
        "Your command failed (exit status {got}); the exercise expects it to succeed (exit status 0).",
        "명령어가 실패했습니다(종료 코드 {got}). 이 문제는 성공(종료 코드 0)해야 합니다.",
    ),
    "exit_want_value": (
        "Your command ended with exit status {got}; the exercise expects {want}.",
        "명령어의 종료 코드가 {got}입니다. 이 문제에서 기대하는 종료 코드는 {want}입니다.",
    ),
    "exit_want_nonzero": (
        "Your command succeeded (exit status 0), but the exercise expects it to fail (a nonzero exit status).",
        "명령어가 성공했습니다(종료 코드 0). 이 문제는 실패하는(0이 아닌 종료 코드) 명령어를 원합니다.",
    ),
    "exit_unknown": (
        "Your command did not report an exit status (it was stopped).",
        "명령어가 종료 코드를 남기지 않았습니다(중간에 멈췄습니다).",
    ),
    "exit_not_found": (
        "bash could not find the command `{name}` (exit status 127): check its spelling.",
        "bash가 `{name}` 명령어를 찾지 못했습니다(종료 코드 127). 철자를 확인하세요.",
    ),
    "shape_not_by_producers": (
        "Only the commands that made the result count — here {commands}. A command whose work is not in the "
        "result does not count as the step the exercise asks for.",
        "결과를 만든 명령어만 인정됩니다. 여기서는 {commands}입니다. 한 일이 결과에 남지 않은 명령어는 문제가 "
        "요구한 단계로 치지 않습니다.",
    ),
    "leftover_state": (
        "Your last command is right, but earlier commands had already changed {paths}, so it could not give the "
        "expected result. Start the exercise afresh (F5 in the tutor) and run it again.",
        "마지막 명령어는 맞습니다. 하지만 앞선 명령어들이 이미 {paths}을(를) 바꿔 놓아서 기대한 결과가 나올 수 "
        "없었습니다. 연습 문제를 처음부터 다시 시작한 뒤(튜터에서 F5) 한 번 더 실행하세요.",
    ),
    "script_not_found": (
        "`{interpreter}` ran, but there is no file `{name}` here to run (exit status 127): check the file's name "
        "with `ls`.",
        "`{interpreter}`는 실행됐지만, 여기에는 실행할 `{name}` 파일이 없습니다(종료 코드 127). `ls`로 파일 이름을 "
        "확인하세요.",
    ),
    "kill_job_without_percent": (
        "`kill {number}` sends the signal to the process whose ID (PID) is {number}, and there is none. To name a "
        "job by its number in `jobs`, put `%` before it: `kill %{number}`.",
        "`kill {number}`은 프로세스 ID(PID)가 {number}인 프로세스에 신호를 보내는데, 그런 프로세스는 없습니다. "
        "`jobs`에 나온 작업 번호로 가리키려면 앞에 `%`를 붙이세요: `kill %{number}`.",
    ),
    "exit_not_found_other_name": (
        "This system has no command `{name}` (exit status 127), but it has the same program as `{other}`: "
        "use `{other}`. (Systems differ: some install only one of the two names, and inside a virtualenv both "
        "usually work.)",
        "이 시스템에는 `{name}` 명령어가 없지만(종료 코드 127) 같은 프로그램이 `{other}`라는 이름으로 있습니다. "
        "`{other}`를 쓰세요. (시스템마다 둘 중 한 이름만 설치하기도 하고, 가상환경 안에서는 보통 둘 다 됩니다.)",
    ),
    "exit_not_found_file": (
        "bash looks for commands in the directories of `$PATH`, not in the current directory, so it did not find "
        "`{name}` (exit status 127). To run the file from here, give its path, `./{name}` (it needs the execute "
        "bit), or hand it to its interpreter: `{interpreter} {name}`.",
        "bash는 명령어를 현재 디렉터리가 아니라 `$PATH`의 디렉터리들에서 찾기 때문에 `{name}` 명령어를 찾지 "
        "못했습니다(종료 코드 127). 여기 있는 파일을 실행하려면 경로를 붙여 `./{name}`처럼 실행하거나(실행 권한 "
        "필요), 인터프리터에 넘기세요: `{interpreter} {name}`.",
    ),
    "exit_not_executable": (
        "The program could not be started (exit status 126, permission denied): "
        "a script needs the execute bit (`chmod +x`).",
        "프로그램을 실행하지 못했습니다(종료 코드 126, 권한 없음). 스크립트에는 실행 권한이 필요합니다(`chmod +x`).",
    ),
    "exit_not_executable_py": (
        "The program could not be started (exit status 126, permission denied). A Python file is run by "
        "`python3`: `python3 {name}`. (Running it as `./{name}` also needs the execute bit and a first line "
        "`#!/usr/bin/env python3`; without that line bash reads it as shell code.)",
        "프로그램을 실행하지 못했습니다(종료 코드 126, 권한 없음). 파이썬 파일은 `python3`로 실행합니다: "
        "`python3 {name}`. (`./{name}`처럼 실행하려면 실행 권한과 함께 첫 줄에 `#!/usr/bin/env python3`도 "
        "있어야 합니다. 그 줄이 없으면 bash가 셸 코드로 읽습니다.)",
    ),
    "assignment_with_spaces": (
        "In bash, `{name} = value` runs a command called `{name}`: write the assignment without spaces, "
        "`{name}=value`.",
        "bash에서 `{name} = 값`은 `{name}`이라는 명령어를 실행합니다. `{name}=값`처럼 = 양쪽에 공백 없이 쓰세요.",
    ),
    # Files
    "file_missing": ("`{path}` does not exist.", "`{path}` 경로가 존재하지 않습니다."),
    "file_in_other_dir": (
        "`{path}` does not exist, but there is a `{name}` in `{found}`: it was created in another directory "
        "(the one you were in at the time).",
        "`{path}` 경로에는 없지만 `{found}` 디렉터리에 `{name}` 파일이 있습니다. 다른 디렉터리(그때 있던 위치)에 "
        "만든 것 같습니다.",
    ),
    "file_should_be_absent": (
        "`{path}` should not exist any more, but it is still there.",
        "`{path}` 경로는 없어야 하는데 아직 남아 있습니다.",
    ),
    "file_made_earlier": (
        "`{path}` should not exist, but one of your commands made it. Remove it (`{remove}`) or start the "
        "exercise afresh, then try again.",
        "다음 경로는 없어야 하는데 남아 있습니다: `{path}`. 직접 실행한 명령어가 만든 것입니다. `{remove}` "
        "명령어로 지우거나 연습을 처음부터 다시 시작한 다음 다시 해 보세요.",
    ),
    "file_wrong_type": (
        "`{path}` is {got}, but the exercise expects {want}.",
        "`{path}` 경로는 {got}입니다. 이 문제에서는 {want} 형태여야 합니다.",
    ),
    "file_is_symlink": (
        "`{path}` is a symbolic link (to `{target}`), not a regular file; the grader does not follow links.",
        "`{path}` 경로는 일반 파일이 아니라 심볼릭 링크입니다(대상: `{target}`). 채점기는 링크를 따라가지 않습니다.",
    ),
    "file_content": (
        "The content of `{path}` is not what the exercise expects.",
        "`{path}` 파일의 내용이 기대한 것과 다릅니다.",
    ),
    "file_content_how": (
        "The content of `{path}` is not what the exercise expects: {how}",
        "`{path}` 파일의 내용이 기대한 것과 다릅니다. {how}",
    ),
    "file_is_empty": ("`{path}` is empty.", "`{path}` 파일이 비어 있습니다."),
    "file_should_be_empty": ("`{path}` should be empty, but it is not.", "`{path}` 파일은 비어 있어야 합니다."),
    "file_regex": (
        "`{path}` does not contain what the exercise looks for (the pattern `{pattern}`).",
        "`{path}` 파일에서 찾는 내용(패턴 `{pattern}`)이 보이지 않습니다.",
    ),
    "file_looks_for": (
        "`{path}` does not contain what the exercise looks for: {looks_for}.",
        "`{path}` 파일에서 찾는 내용이 보이지 않습니다. 찾는 것: {looks_for}",
    ),
    "file_contains": (
        "`{path}` should contain `{text}`, but it does not.",
        "`{path}` 파일에 다음 내용이 있어야 하는데 없습니다: `{text}`",
    ),
    "file_excludes": (
        "`{path}` should not contain `{text}`.",
        "`{path}` 파일에 다음 내용이 들어 있으면 안 됩니다: `{text}`",
    ),
    "file_overwritten": (
        "`{path}` lost its earlier content: `>` replaces what a file holds, `>>` appends to it.",
        "`{path}` 파일의 기존 내용이 사라졌습니다. `>`는 파일 내용을 덮어쓰고, `>>`는 끝에 덧붙입니다.",
    ),
    "file_appended": (
        "`{path}` still has its old content before the new: `>>` appends; to replace the content, use `>`.",
        "`{path}` 파일에 새 내용 앞에 예전 내용이 남아 있습니다. `>>`는 덧붙이기입니다. 내용을 바꾸려면 `>`를 쓰세요.",
    ),
    "file_doubled": (
        "`{path}` holds its content twice: `>>` appends every time the command runs.",
        "`{path}` 파일에 내용이 두 번 들어 있습니다. `>>`는 명령어를 실행할 때마다 덧붙입니다.",
    ),
    "redirect_order": (
        "Some output went to the screen instead of `{path}`: redirections are applied left to right, so "
        "`2>&1 > {path}` points standard error at the screen *before* standard output moves to the file. "
        "Write `> {path} 2>&1`.",
        "일부 출력이 `{path}` 파일이 아니라 화면으로 나갔습니다. 리다이렉션은 왼쪽부터 차례로 적용되므로, "
        "`2>&1 > {path}`는 표준 출력이 파일로 옮겨 가기 *전에* 표준 에러를 화면에 연결합니다. "
        "`> {path} 2>&1`처럼 쓰세요.",
    ),
    "stderr_not_in_file": (
        "Some lines went to the screen instead of `{path}`: they were on standard error, which `>` does not "
        "redirect (add `2>&1` after it).",
        "일부 줄이 `{path}` 파일이 아니라 화면에 출력되었습니다. 그 줄들은 표준 에러였는데, `>`는 표준 에러를 "
        "리다이렉션하지 않습니다(뒤에 `2>&1`을 붙이세요).",
    ),
    "stdout_not_in_file": (
        "Some lines went to the screen (standard output) instead of into `{path}`: redirect them with `>`.",
        "일부 줄이 `{path}` 파일이 아니라 화면(표준 출력)에 나왔습니다. `>`로 리다이렉션하세요.",
    ),
    "file_mode": (
        "`{path}` has permissions {got}; the exercise expects {want}.",
        "`{path}`의 권한이 {got}입니다. 이 문제에서 기대하는 권한은 {want}입니다.",
    ),
    "file_not_executable": (
        "`{path}` is not executable: give it the execute bit with `chmod +x {path}`.",
        "`{path}` 파일에 실행 권한이 없습니다. `chmod +x {path}`로 실행 권한을 주세요.",
    ),
    "file_executable_unwanted": (
        "`{path}` should not be executable (remove the bit with `chmod -x {path}`).",
        "`{path}` 파일에는 실행 권한이 없어야 합니다(`chmod -x {path}`로 뺄 수 있습니다).",
    ),
    "symlink_target": (
        "`{path}` points to `{got}`; the exercise expects it to point to `{want}`.",
        "`{path}` 링크의 대상이 `{got}`입니다. 이 문제에서 기대하는 대상은 `{want}`입니다.",
    ),
    "file_through_symlink": (
        "`{path}` is reached through a symbolic link; the grader does not follow links.",
        "`{path}` 경로는 심볼릭 링크를 거쳐야 닿을 수 있습니다. 채점기는 링크를 따라가지 않습니다.",
    ),
    "file_unreadable": ("`{path}` could not be read: {reason}", "`{path}` 파일을 읽을 수 없습니다: {reason}"),
    # Shell state
    "cwd_wrong": (
        "You are in `{got}`; the exercise wants you to end up in `{want}`.",
        "지금 위치는 `{got}`입니다. 이 문제는 `{want}`에서 끝나야 합니다.",
    ),
    "var_unset": (
        "The variable `{name}` is not set in your shell.",
        "셸에 `{name}` 변수가 설정되어 있지 않습니다.",
    ),
    "var_value": (
        "`{name}` is `{got}`; the exercise expects `{want}`.",
        "`{name}` 변수의 값이 `{got}`입니다. 이 문제에서 기대하는 값은 `{want}`입니다.",
    ),
    "var_value_how": (
        "The value of `{name}` (`{got}`) is not what the exercise expects.",
        "`{name}` 변수의 값(`{got}`)이 기대한 것과 다릅니다.",
    ),
    "var_value_looks_for": (
        "The value of `{name}` (`{got}`) is not what the exercise looks for: {looks_for}.",
        "`{name}` 변수의 값(`{got}`)이 찾는 것과 다릅니다. 찾는 것: {looks_for}",
    ),
    "var_not_exported": (
        "`{name}` is set but not exported, so the programs you start cannot see it: use `export {name}`.",
        "`{name}` 변수는 설정되었지만 export되지 않아서, 실행하는 프로그램에서는 보이지 않습니다. "
        "`export {name}`을 사용하세요.",
    ),
    "var_exported_unwanted": (
        "`{name}` should be a plain shell variable, not exported.",
        "`{name}` 변수는 export하지 않은 일반 셸 변수여야 합니다.",
    ),
    "alias_missing": ("There is no alias `{name}` in your shell.", "셸에 `{name}` 별칭(alias)이 없습니다."),
    "alias_value": (
        "The alias `{name}` expands to `{got}`; the exercise expects `{want}`.",
        "`{name}` 별칭의 내용이 `{got}`입니다. 이 문제에서 기대하는 내용은 `{want}`입니다.",
    ),
    # Command shape
    "shape_pipe": (
        "This exercise is about pipes: connect the commands with `|`.",
        "이 문제는 파이프 연습입니다. 명령어를 `|`로 연결하세요.",
    ),
    "shape_no_pipe": ("Solve this one without a pipe (`|`).", "이 문제는 파이프(`|`) 없이 풀어야 합니다."),
    "shape_min_stages": (
        "Connect at least {count} commands in one pipeline (your longest has {got}).",
        "파이프 하나로 명령어를 {count}개 이상 연결하세요(지금 가장 긴 파이프라인은 {got}개입니다).",
    ),
    "shape_redirect": (
        "Use the redirection `{op}`: {what}.",
        "다음 리다이렉션을 사용하세요: `{op}` ({what}).",
    ),
    "shape_pipe_both": (
        "Use the pipe `{op}`: {what}.",
        "다음 파이프를 사용하세요: `{op}` ({what}).",
    ),
    "shape_uses": ("Use the command `{command}`.", "`{command}` 명령어를 사용하세요."),
    "shape_uses_options": (
        "Use `{command}` with the option(s) {options}.",
        "`{command}` 명령어에 {options} 옵션을 주세요.",
    ),
    "shape_uses_args": (
        "Give `{command}` the argument the task asks for.",
        "`{command}` 명령어에 문제에서 요구하는 인자를 주세요.",
    ),
    "shape_uses_arg_literal": (
        "Give `{command}` the argument `{arg}`.",
        "`{command}` 명령어에 다음 인자를 주세요: `{arg}`",
    ),
    "shape_uses_arg_prefix": (
        "Give `{command}` an argument that starts with `{arg}`.",
        "`{command}` 명령어에 주는 인자는 `{arg}`부터 시작해야 합니다.",
    ),
    "shape_avoids": ("Solve this one without `{command}`.", "이 문제는 `{command}` 명령어 없이 풀어야 합니다."),
    "shape_starts_with": (
        "Start the command line with `{word}`.",
        "명령줄의 첫 단어는 다음이어야 합니다: `{word}`",
    ),
    "shape_background": (
        "Run the command in the background: end it with `&`.",
        "명령어 끝에 `&`를 붙여 백그라운드에서 실행하세요.",
    ),
    "shape_any_of": (
        "{first} (or one of {count} other accepted forms)",
        "{first} (또는 인정되는 다른 형태 {count}가지 중 하나)",
    ),
    "shape_single_command": (
        "Do it with one command, as the task asks (you used {count}: {commands}).",
        "문제에서 요구한 대로 명령어 하나로 해 보세요(지금은 {count}개를 썼습니다: {commands}).",
    ),
    "shape_history_last": (
        "Let bash repeat the previous command for you: type `!!` where it goes, instead of the command itself.",
        "직접 다시 입력하지 말고, 그 자리에 `!!`를 써서 bash가 바로 앞 명령어를 다시 쓰게 하세요.",
    ),
    "shape_history_number": (
        "Re-run it by its number in `history`: `!` followed by the number (e.g. `!3`).",
        "`history`에 나오는 번호로 다시 실행하세요: `!` 뒤에 번호를 붙입니다(예: `!3`).",
    ),
    "shape_history_prefix": (
        "Re-run it by how it starts: `!` followed by the first letters of the command (e.g. `!grep`).",
        "명령어의 첫 글자들로 다시 실행하세요: `!` 뒤에 명령어 앞부분을 붙입니다(예: `!grep`).",
    ),
    "shape_history_word": (
        "Let bash fill in the word from the earlier command: `!$` is its last word (`!^` the first argument, "
        "`!!:2` the second), instead of typing it again.",
        "앞 명령어의 단어를 다시 입력하지 말고 bash가 채우게 하세요: `!$`는 마지막 단어입니다(`!^`는 첫 번째 인자, "
        "`!!:2`는 두 번째).",
    ),
    "shape_history_any": (
        "Let bash's history do the typing: `!!`, `!N`, `!text` or `!$`, instead of typing it again.",
        "다시 입력하지 말고 bash의 history를 쓰세요: `!!`, `!N`, `!글자`, `!$` 가운데 하나로요.",
    ),
    "prefer_tip": (
        "You got there another way. The usual tool here is {commands}: try it too.",
        "다른 방법으로 해냈네요. 이럴 때 흔히 쓰는 도구는 {commands}입니다. 그것도 한번 써 보세요.",
    ),
    "typed_output": (
        "Your command prints text you typed in yourself ({typed}). It would print the same whatever the "
        "answer is: let the shell work it out ({how}).",
        "직접 입력한 글자({typed})를 그대로 출력했습니다. 그러면 답이 무엇이든 똑같이 출력됩니다. 셸이 직접 "
        "알아내게 하세요({how}).",
    ),
    "typed_output_how": (
        "from the variable, the command or the status the task names",
        "문제에서 말하는 변수, 명령어 또는 종료 코드를 이용해서",
    ),
    "shape_no_background": (
        "Run it in the foreground, without `&`.",
        "`&` 없이 포그라운드에서 실행하세요.",
    ),
    # Randomized data
    "replay_failed": (
        "Your commands gave the right answer on this data, but not on freshly generated data: "
        "an answer must work on any data the task describes, not only on these files (nothing typed in, no case "
        "the task mentions left out). On the new data: {message}",
        "이 데이터에서는 답이 맞았지만, 새로 만든 데이터에서는 틀렸습니다. 답은 이 파일들에서만이 아니라 문제가 "
        "말하는 어떤 데이터에서도 맞아야 합니다(답을 직접 적어 넣거나, 문제에서 말한 경우를 빠뜨리지 마세요). "
        "새 데이터에서의 결과: {message}",
    ),
    "replay_skipped_full_screen": (
        "The re-check on freshly generated data was skipped: the attempt uses a full-screen program.",
        "전체 화면 프로그램을 사용한 시도라서, 새로 만든 데이터로 다시 확인하는 단계는 건너뛰었습니다.",
    ),
    # Diffs
    "diff_expected": ("expected", "기대한 결과"),
    "diff_got": ("yours", "내 결과"),
    "diff_no_newline": ("(no newline at end)", "(끝에 줄바꿈 없음)"),
    "diff_more_lines": ("… {count} more lines", "… {count}줄 더 있음"),
    "diff_compared_first": ("(only the first {count} lines compared)", "(앞의 {count}줄만 비교함)"),
    "diff_sorted_note": ("(lines compared in any order, shown sorted)", "(줄 순서는 따지지 않음, 정렬해서 표시)"),
    "diff_nothing": ("(nothing)", "(아무것도 없음)"),
    "diff_both_empty": ("(both empty)", "(둘 다 비어 있음)"),
    # Before the learner may see what was expected: said without quoting it (see CONCEALED and diff.render_marked)
    "stream_regex_concealed": (
        "Your command's {stream} does not contain what the exercise looks for.",
        "명령어의 {stream}에서 찾는 내용이 보이지 않습니다.",
    ),
    "stream_contains_concealed": (
        "Your command's {stream} is missing something the exercise looks for.",
        "명령어의 {stream}에 찾는 내용 가운데 빠진 것이 있습니다.",
    ),
    "file_regex_concealed": (
        "`{path}` does not contain what the exercise looks for.",
        "`{path}` 파일에서 찾는 내용이 보이지 않습니다.",
    ),
    "file_contains_concealed": (
        "`{path}` is missing something the exercise looks for.",
        "`{path}` 파일에 찾는 내용 가운데 빠진 것이 있습니다.",
    ),
    "mark_legend": (
        "(≠ differs, + should not be there, - missing; what was expected is shown once the solution unlocks)",
        "(≠ 다른 줄, + 없어야 할 줄, - 빠진 줄. 기대한 결과는 정답을 볼 수 있게 되면 보여 줍니다)",
    ),
    "mark_differs": ("column {column}: differs from here", "{column}번째 글자부터 다릅니다"),
    "mark_differs_start": ("differs from the start", "처음부터 다릅니다"),
    "mark_more": (
        "column {column}: from here on there is more than expected",
        "{column}번째 글자부터는 기대한 것보다 더 있습니다",
    ),
    "mark_ends_early": (
        "column {column}: the line ends too early, more is expected here",
        "{column}번째 글자에서 줄이 너무 일찍 끝납니다. 여기에 더 있어야 합니다",
    ),
    "mark_other_number": ("a different number is expected here", "여기에는 다른 숫자가 와야 합니다"),
    "mark_number": ("a number is expected here", "여기에는 숫자가 와야 합니다"),
    "mark_extra_word": (
        "column {column}: this word should not be there",
        "{column}번째 글자부터 시작하는 이 단어는 없어야 합니다",
    ),
    "mark_case": (
        "column {column}: only upper and lower case differ",
        "{column}번째 글자부터 대소문자만 다릅니다",
    ),
    "mark_spacing": (
        "column {column}: only the spacing differs",
        "{column}번째 글자부터 공백(띄어쓰기)만 다릅니다",
    ),
    "mark_trailing": (
        "only spaces or tabs at the end of the line differ (shown as · and →)",
        "줄 끝의 공백이나 탭만 다릅니다(· 와 → 로 표시)",
    ),
    "mark_moved": ("a right line, but in the wrong place", "맞는 줄이지만 위치가 다릅니다"),
    "mark_missing_one": ("(1 line missing here)", "(여기에 1줄이 빠져 있음)"),
    "mark_missing": ("({count} lines missing here)", "(여기에 {count}줄이 빠져 있음)"),
    "mark_newline_wanted": ("(a newline is expected at the end)", "(끝에 줄바꿈이 있어야 함)"),
    "mark_newline_unwanted": ("(no newline is expected at the end)", "(끝에 줄바꿈이 없어야 함)"),
}

STREAM_NAMES: dict[str, LocalText] = {
    "stdout": LocalText(en="standard output", ko="표준 출력"),
    "stderr": LocalText(en="standard error", ko="표준 에러"),
}
STREAM_SUBJECTS: dict[str, LocalText] = {
    "stdout": LocalText(en="standard output", ko="표준 출력이"),
    "stderr": LocalText(en="standard error", ko="표준 에러가"),
}
KIND_NAMES: dict[str, LocalText] = {
    "file": LocalText(en="a regular file", ko="일반 파일"),
    "dir": LocalText(en="a directory", ko="디렉터리"),
    "symlink": LocalText(en="a symbolic link", ko="심볼릭 링크"),
    "other": LocalText(en="a special file", ko="특수 파일"),
}
REDIRECT_MEANINGS: dict[str, LocalText] = {
    ">": LocalText(en="write standard output to a file", ko="표준 출력을 파일에 쓰기"),
    ">>": LocalText(en="append standard output to a file", ko="표준 출력을 파일 끝에 덧붙이기"),
    "<": LocalText(en="read standard input from a file", ko="파일을 표준 입력으로 읽기"),
    "2>": LocalText(en="write standard error to a file", ko="표준 에러를 파일에 쓰기"),
    "2>>": LocalText(en="append standard error to a file", ko="표준 에러를 파일 끝에 덧붙이기"),
    "2>&1": LocalText(
        en="send standard error wherever standard output goes", ko="표준 에러를 표준 출력과 같은 곳으로 보내기"
    ),
    "1>&2": LocalText(en="send standard output to standard error", ko="표준 출력을 표준 에러로 보내기"),
    "&>": LocalText(en="write both output streams to a file", ko="표준 출력과 표준 에러를 함께 파일에 쓰기"),
    "&>>": LocalText(en="append both output streams to a file", ko="표준 출력과 표준 에러를 함께 파일 끝에 덧붙이기"),
    "|&": LocalText(en="pipe both output streams", ko="표준 출력과 표준 에러를 함께 파이프로 넘기기"),
    "<<<": LocalText(en="give a string as standard input", ko="문자열을 표준 입력으로 주기(here-string)"),
    "<<": LocalText(en="give lines as standard input", ko="여러 줄을 표준 입력으로 주기(here-document)"),
}

Field = str | int | float | LocalText

CONCEALED: dict[str, str] = {
    "stream_regex": "stream_regex_concealed",
    "stream_contains": "stream_contains_concealed",
    "file_regex": "file_regex_concealed",
    "file_contains": "file_contains_concealed",
}
"""Messages that quote what the exercise expects (its pattern, a text the output must hold), and the message that
says the same without the quote, shown until the learner may see what was expected (docs/verdicts.md)."""


@dataclass(frozen=True)
class Quoting(LocalText):
    """A message that quotes what the exercise expects, or holds one that does: `en`/`ko` are the form it shows
    (whole as the grader makes it), `full` quotes and `concealed` does not."""

    full: LocalText
    concealed: LocalText


def unveiled(message: LocalText) -> LocalText:
    """`message` quoting what was expected (the message itself when it quotes nothing)."""
    return replace(message, en=message.full.en, ko=message.full.ko) if isinstance(message, Quoting) else message


def veiled(message: LocalText) -> LocalText:
    """`message` without what it would quote of the expected (the message itself when it quotes nothing)."""
    if isinstance(message, Quoting):
        return replace(message, en=message.concealed.en, ko=message.concealed.ko)
    return message


def text(key: str, lang: Lang, **fields: Field) -> str:
    """The message `key` in `lang`, with its fields filled in."""
    en, ko = MESSAGES[key]
    template = ko if lang == "ko" else en
    return template.format(**{name: _resolve(value, lang) for name, value in fields.items()})


def local(key: str, **fields: Field) -> LocalText:
    """The message `key` in every language; a `Quoting` when it quotes what was expected (`CONCEALED`) or holds a
    message that does (`replay_failed`)."""
    if key not in CONCEALED and not any(isinstance(value, Quoting) for value in fields.values()):
        return LocalText(en=text(key, "en", **fields), ko=text(key, "ko", **fields))
    whole = {name: unveiled(value) if isinstance(value, LocalText) else value for name, value in fields.items()}
    bare = {name: veiled(value) if isinstance(value, LocalText) else value for name, value in fields.items()}
    full = LocalText(en=text(key, "en", **whole), ko=text(key, "ko", **whole))
    hidden = CONCEALED.get(key, key)
    concealed = LocalText(en=text(hidden, "en", **bare), ko=text(hidden, "ko", **bare))
    return Quoting(en=full.en, ko=full.ko, full=full, concealed=concealed)


def _resolve(value: Field, lang: Lang) -> str:
    if isinstance(value, LocalText):
        return value.get(lang)
    return str(value)
