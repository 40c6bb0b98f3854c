"""Every string the Textual app shows, in English and Korean (lesson content comes from the lessons)."""

from __future__ import annotations

from shelltutor.course.model import LocalText
from shelltutor.sandbox.textsafe import make_printable

STRINGS: dict[str, tuple[str, str]] = {
    # --- app-wide ---
    "app.quit_hint": ("Press Ctrl+Q to quit.", "끝내려면 Ctrl+Q를 누르세요."),
    "app.unisolated": (
        "NOT ISOLATED: commands run without a sandbox and can read and change your files.",
        "격리되지 않음: 명령어가 샌드박스 없이 실행되어 여러분의 파일을 읽고 바꿀 수 있습니다.",
    ),
    "app.unisolated_fix": ("To fix: {fix}", "해결 방법: {fix}"),
    "app.no_sandbox": (
        "NO SANDBOX: exercises cannot start until isolation works here (or restart and accept running unisolated).",
        "샌드박스 없음: 격리가 동작해야 연습 문제를 시작할 수 있습니다 "
        "(또는 다시 시작해서 격리 없이 실행을 선택하세요).",
    ),
    "app.unisolated_q": (
        "Commands cannot be isolated in a sandbox on this machine.",
        "이 컴퓨터에서는 명령어를 샌드박스로 격리할 수 없습니다.",
    ),
    "app.unisolated_continue": (
        "Continue WITHOUT isolation? Commands will run as you, in a temporary home, and can read and change "
        "your files. Answer No to fix it first.",
        "격리 없이 계속할까요? 명령어가 여러분의 권한으로 임시 홈에서 실행되며, 여러분의 파일을 읽고 바꿀 수 있습니다. "
        "먼저 고치려면 아니요를 누르세요.",
    ),
    "app.lang_switched": ("Language: English", "언어: 한국어"),
    "app.theme_switched": ("Theme: {theme}", "테마: {theme}"),
    "theme.light": ("light", "밝은 테마"),
    "theme.dark": ("dark", "어두운 테마"),
    # --- keys (footer and help) ---
    "key.quit": ("Quit", "끝내기"),
    "key.help": ("Help", "도움말"),
    "key.lang": ("한국어", "English"),
    "key.lang_long": ("Switch language (English / 한국어)", "언어 바꾸기 (English / 한국어)"),
    "key.theme": ("Theme", "테마"),
    "key.theme_long": ("Switch between light and dark themes", "밝은 테마와 어두운 테마 바꾸기"),
    "key.open": ("Open", "열기"),
    "key.open_long": (
        "Open the lesson (at its first unfinished exercise) or the exercise",
        "레슨(끝내지 않은 첫 연습 문제부터) 또는 연습 문제 열기",
    ),
    "key.move_long": ("Move through chapters, lessons and exercises", "장, 레슨, 연습 문제 사이 이동"),
    "key.expand": ("Show or hide a lesson's exercises", "레슨의 연습 문제 펼치기/접기"),
    "key.reset": ("Reset", "초기화"),
    "key.reset_map_long": (
        "Reset the progress of the selected lesson or exercise (asks first)",
        "선택한 레슨이나 연습 문제의 진도 초기화 (먼저 확인)",
    ),
    "key.back": ("Course map", "코스 지도"),
    "key.back_long": ("Back to the course map", "코스 지도로 돌아가기"),
    "key.run": ("Run the command and grade it", "명령어 실행하고 채점하기"),
    "key.history": ("Previous / next command (history)", "이전 / 다음 명령어 (히스토리)"),
    "key.search_history": (
        "Search your history as you type (again: further back; Enter runs it, Esc cancels)",
        "입력하는 대로 지난 명령어 검색 (한 번 더: 더 이전 것, Enter: 실행, Esc: 취소)",
    ),
    "key.complete": ("Complete a command or file name", "명령어나 파일 이름 자동 완성"),
    "key.interrupt": (
        "Stop the running command (or clear the line)",
        "실행 중인 명령어 멈추기 (또는 입력 줄 지우기)",
    ),
    "key.clear": ("Clear the terminal output", "터미널 출력 지우기"),
    "key.line_start": ("Cursor to the start of the line", "커서를 줄 맨 앞으로"),
    "key.line_end": ("Cursor to the end of the line", "커서를 줄 맨 끝으로"),
    "key.kill_left": ("Delete everything left of the cursor", "커서 왼쪽 전부 지우기"),
    "key.kill_word": ("Delete the word left of the cursor", "커서 왼쪽 단어 지우기"),
    "key.kill_right": ("Delete everything right of the cursor", "커서 오른쪽 전부 지우기"),
    "key.hint": ("Hint", "힌트"),
    "key.hint_long": ("Show the next hint", "다음 힌트 보기"),
    "key.solution": ("Solution", "정답 보기"),
    "key.solution_long": (
        "Show the solution (after 3 failed attempts, or once every hint is shown)",
        "정답 보기 (3번 틀린 뒤, 또는 힌트를 모두 본 뒤)",
    ),
    "key.next": ("Next", "다음"),
    "key.next_long": ("Next exercise", "다음 연습 문제"),
    "key.prev_long": ("Previous exercise", "이전 연습 문제"),
    "key.reset_long": (
        "Reset this exercise: fresh files, fresh shell (asks first)",
        "이 연습 문제 초기화: 파일과 셸을 처음 상태로 (먼저 확인)",
    ),
    "key.explain": ("Explain", "설명"),
    "key.explain_long": (
        "Explain the command line part by part (the line as typed, or the last command when it is empty)",
        "명령어를 부분별로 설명하기 (입력 중인 줄, 비어 있으면 마지막 명령어)",
    ),
    "key.files": ("Files", "파일"),
    "key.files_long": ("Show or hide the files view", "파일 보기 켜기/끄기"),
    "key.pipeline": ("Pipeline", "파이프라인"),
    "key.pipeline_long": (
        "The last pipeline, stage by stage: what came out of each",
        "마지막 파이프라인을 단계별로 보기: 각 단계에서 나온 것",
    ),
    "key.scroll_lesson": ("Scroll the lesson text", "레슨 설명 스크롤"),
    "key.scroll": ("Scroll the terminal output", "터미널 출력 스크롤"),
    "key.focus": (
        "Move focus between panels (on the command line, Tab completes instead)",
        "패널 사이 포커스 이동 (명령 줄에서는 Tab이 자동 완성)",
    ),
    "key.yes_no": ("Answer a question: yes / no", "질문에 답하기: 예 / 아니요"),
    # --- help screen ---
    "help.title": ("Keys", "키 안내"),
    "help.global": ("Everywhere", "어디서나"),
    "help.map": ("Course map", "코스 지도"),
    "help.lesson": ("Lesson", "레슨"),
    "help.command_line": ("Command line (as in bash)", "명령 줄 (bash와 같음)"),
    "help.dialog": ("Questions", "확인 질문"),
    "help.close": ("Esc or F1 closes this help.", "Esc 또는 F1을 누르면 도움말이 닫힙니다."),
    "help.fullscreen": (
        "Full-screen programs (vi, man, less) take over the terminal; quit them as usual (:q, q) to come back.",
        "전체 화면 프로그램(vi, man, less)은 터미널 전체를 씁니다. 평소처럼 (:q, q) 끝내면 돌아옵니다.",
    ),
    # --- course map ---
    "map.progress": ("{done} of {total} exercises done", "연습 문제 {total}개 중 {done}개 완료"),
    "map.welcome": (
        "Welcome! Press Enter to start with the first lesson.",
        "환영합니다! Enter를 누르면 첫 레슨부터 시작합니다.",
    ),
    "map.welcome_back": (
        "Welcome back! Enter continues with: {exercise}",
        "다시 오셨군요! Enter를 누르면 이어서 합니다: {exercise}",
    ),
    "map.exercises": ("Exercises", "연습 문제"),
    "map.open_at": ("Enter opens it at: {exercise}", "Enter를 누르면 여기서 시작: {exercise}"),
    "map.no_lessons": ("No lessons were found.", "레슨을 찾지 못했습니다."),
    "map.problems": (
        "{count} lesson file(s) could not be loaded: run `shelltutor check` to see why.",
        "레슨 파일 {count}개를 불러오지 못했습니다. `shelltutor check`로 이유를 확인하세요.",
    ),
    "map.reset_lesson_q": (
        "Reset your progress in the lesson “{title}”? Its {done} completed exercise(s) will be marked unfinished.",
        "“{title}” 레슨의 진도를 초기화할까요? 완료한 연습 문제 {done}개가 미완료로 바뀝니다.",
    ),
    "map.reset_exercise_q": (
        "Reset your progress in the exercise “{title}”?",
        "“{title}” 연습 문제의 진도를 초기화할까요?",
    ),
    "map.nothing_to_reset": (
        "Nothing to reset: nothing in “{title}” is done yet.",
        "초기화할 것이 없습니다: “{title}”에서 아직 완료한 것이 없습니다.",
    ),
    "map.reset_done": ("Progress reset.", "진도를 초기화했습니다."),
    # --- lesson screen ---
    "lesson.exercise_n": ("Exercise {n} of {total}", "연습 문제 {n}/{total}"),
    "lesson.about": ("About this lesson", "이 레슨에 대해"),
    "lesson.before_exercise": ("Before this exercise", "이 연습 문제에 앞서"),
    "lesson.terminal": ("Terminal", "터미널"),
    "lesson.legend": ("1│ stdout   2│ stderr", "1│ 표준 출력   2│ 표준 에러"),
    "lesson.files": ("Files in ~", "~ 안의 파일"),
    "lesson.starting": ("Starting a fresh shell…", "새 셸을 시작하는 중…"),
    "lesson.running": ("running… Ctrl+C stops it", "실행 중… Ctrl+C로 멈춤"),
    "lesson.elapsed": ("⏱ {seconds} s — Ctrl+C stops it", "⏱ {seconds}초 — Ctrl+C로 멈춤"),
    "lesson.stopping": ("^C — stopping it…", "^C — 멈추는 중…"),
    "lesson.queued": (
        "Runs when the current command ends: {command}  (Ctrl+C drops it)",
        "지금 명령어가 끝나면 실행합니다: {command}  (Ctrl+C를 누르면 취소)",
    ),
    "lesson.placeholder": ("type a command", "명령어 입력"),
    "lesson.exit_ok": ("exit status 0 (success)", "종료 상태 0 (성공)"),
    "lesson.exit_fail": ("exit status {code} (failure)", "종료 상태 {code} (실패)"),
    "lesson.duration": ("took {seconds} s", "{seconds}초 걸림"),
    "lesson.exit_none": ("no exit status (the command was stopped)", "종료 상태 없음 (명령어가 중지됨)"),
    "lesson.display_capped": (
        "… more output not shown here (the display keeps {lines} lines per command).",
        "… 나머지 출력은 여기에 표시하지 않습니다 (명령어마다 {lines}줄까지 표시).",
    ),
    "lesson.interrupted": ("^C", "^C"),
    "lesson.background": (
        "&│ meanwhile, background jobs wrote:",
        "&│ 그동안 백그라운드 작업이 출력한 내용:",
    ),
    "lesson.background_more": ("… and {count} more lines", "… 그리고 {count}줄 더"),
    "lesson.continue": (
        "The command is not finished (an open quote, a here-document before its end line, `do` without `done`): "
        "type the rest at the > prompt, or press Ctrl+C to drop it.",
        "명령어가 아직 끝나지 않았습니다(닫히지 않은 따옴표, 끝 줄이 아직 없는 히어 도큐먼트, `done`이 없는 `do`). "
        "> 프롬프트에 나머지를 입력하거나 Ctrl+C로 취소하세요.",
    ),
    "lesson.candidates": ("Completions: {names}", "자동 완성 후보: {names}"),
    "lesson.candidates_more": ("… and {count} more: type more letters", "… 그 밖에 {count}개 더. 글자를 더 입력하세요"),
    "lesson.needs_terminal": (
        "Handing the terminal to “{command}”… quit it to come back.",
        "터미널을 “{command}”에 넘깁니다… 끝내면 돌아옵니다.",
    ),
    "lesson.needs_terminal_tmux": (
        "Handing the terminal to “{command}”… detach with Ctrl-b d to come back (the session keeps running).",
        "터미널을 “{command}”에 넘깁니다… Ctrl-b d로 빠져나오면 돌아옵니다(세션은 계속 돕니다).",
    ),
    "lesson.no_terminal": (
        "This program needs a real terminal, which is not available here.",
        "이 프로그램은 실제 터미널이 필요한데, 지금은 쓸 수 없습니다.",
    ),
    "lesson.open_failed": ("Could not start the exercise: {error}", "연습 문제를 시작하지 못했습니다: {error}"),
    "lesson.command_failed": ("The tutor could not run that: {error}", "튜터가 명령어를 실행하지 못했습니다: {error}"),
    "lesson.reset_q": (
        "Reset this exercise? Your files and shell go back to the start, and it is marked unfinished.",
        "이 연습 문제를 초기화할까요? 파일과 셸이 처음 상태로 돌아가고 미완료로 표시됩니다.",
    ),
    "lesson.reset_done": ("Fresh start: new files, new shell.", "새로 시작: 새 파일, 새 셸."),
    "lesson.first": ("This is the first exercise.", "첫 번째 연습 문제입니다."),
    "lesson.lesson_done": (
        "Lesson complete: {done} of {total} exercises done.",
        "레슨 완료: 연습 문제 {total}개 중 {done}개 완료.",
    ),
    "lesson.no_more_hints": ("No more hints.", "더 이상 힌트가 없습니다."),
    "lesson.hint_n": ("Hint {n} of {total}", "힌트 {n}/{total}"),
    "lesson.solution": ("Solution", "정답"),
    "lesson.solution_locked": (
        "The solution unlocks after 3 failed attempts, or once you have seen every hint (F2).",
        "정답은 3번 틀린 뒤, 또는 힌트(F2)를 모두 본 뒤에 볼 수 있습니다.",
    ),
    "lesson.completed_badge": ("already done", "이미 완료"),
    "lesson.passed_badge": ("passed just now", "방금 통과"),
    # --- verdict ---
    "verdict.pass": ("PASSED", "통과"),
    "verdict.fail": ("NOT YET", "아직 아님"),
    "verdict.step": ("STEP — KEEP GOING", "단계 — 계속하세요"),
    "verdict.error": ("TUTOR ERROR (not your fault)", "튜터 오류 (여러분 잘못이 아님)"),
    "verdict.saved": ("progress saved", "진도 저장됨"),
    "verdict.not_saved": ("progress NOT saved", "진도 저장 안 됨"),
    "verdict.next": ("Press F4 for the next exercise.", "F4를 누르면 다음 연습 문제로 갑니다."),
    "verdict.last": (
        "That was the last exercise of this lesson: press Esc for the course map.",
        "이 레슨의 마지막 연습 문제였습니다. Esc를 누르면 코스 지도로 갑니다.",
    ),
    "verdict.why": ("Why this is wrong", "왜 틀렸을까요"),
    "verdict.try_again": (
        "Try again. Stuck? F2 shows a hint.",
        "다시 해 보세요. 막히면 F2로 힌트를 볼 수 있습니다.",
    ),
    "verdict.solution_ready": ("The solution is available: F3.", "이제 정답을 볼 수 있습니다: F3."),
    # --- explain screen ---
    "explain.title": ("Explain: {command}", "명령어 설명: {command}"),
    "explain.close": ("Esc closes this explanation.", "Esc를 누르면 설명이 닫힙니다."),
    "explain.problems": ("Cannot explain:", "설명할 수 없는 부분:"),
    "explain.nothing": (
        "Nothing to explain yet: type a command (or run one), then press F7.",
        "아직 설명할 명령어가 없습니다. 명령어를 입력하거나 실행한 뒤 F7을 누르세요.",
    ),
    "explain.failed": ("Could not explain it: {error}", "설명하지 못했습니다: {error}"),
    # --- confirm dialog ---
    # --- pipeline view (F8) ---
    "pipeline.title": ("Pipeline", "파이프라인"),
    "pipeline.none": (
        "No pipeline yet in this exercise. Run one, such as `sort names.txt | uniq -c`, then press F8 to see "
        "what came out of each stage.",
        "이 연습에서 아직 파이프라인을 실행하지 않았습니다. `sort names.txt | uniq -c`처럼 하나 실행한 뒤 F8을 "
        "누르면 각 단계에서 무엇이 나왔는지 볼 수 있습니다.",
    ),
    "pipeline.note": (
        "Counted while it ran, between the stages: nothing was run again.",
        "실행되는 동안 단계 사이에서 센 것입니다. 아무것도 다시 실행하지 않았습니다.",
    ),
    "pipeline.close": ("Esc or F8 closes this view.", "Esc 또는 F8을 누르면 닫힙니다."),
    "confirm.yes": ("Yes", "예"),
    "confirm.no": ("No", "아니요"),
}


def tr(key: str, lang: str, /, **values: object) -> str:
    """The string `key` in `lang` (English for any other language), with `{name}` fields filled in.

    The fields often hold learner or lesson text (a command, a file name, an error): they are made printable.
    """
    en, ko = STRINGS[key]
    text = ko if lang == "ko" else en
    if not values:
        return text
    return text.format(**{k: v if isinstance(v, int | float) else make_printable(str(v)) for k, v in values.items()})


def local(text: LocalText, lang: str) -> str:
    """A lesson's (or the grader's) LocalText in `lang`, made printable: a lesson file is untrusted input."""
    return make_printable(text.get("ko" if lang == "ko" else "en"))
