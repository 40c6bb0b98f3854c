"""The tutor service against the real sandbox and grader: attempts graded and saved, hints, resume, reset."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shelltutor.progress import ProgressStore
from shelltutor.service import SOLUTION_AFTER_FAILURES, TutorService, locale_lang, make_service

E2E_COURSE = Path(__file__).parents[1] / "fixtures" / "e2e-course"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[TutorService]:
    svc = make_service(lang="en", extra_dirs=[E2E_COURSE], data_dir=tmp_path)
    yield svc
    svc.close()


def test_wrong_then_right_is_graded_and_saved(service: TutorService, tmp_path: Path) -> None:
    run = service.open("e2e-basics/pwd")
    try:
        assert run.prompt_label() == "learner@shelltutor:~/projects/sentiment$ "
        wrong = run.run("ls")
        assert wrong.result is not None and wrong.result.stdout == "train.py\n"
        assert wrong.verdict is not None and wrong.verdict.status == "fail"
        assert wrong.verdict.wrong_explanation is not None  # the author's explanation for `ls`
        assert wrong.saved
        right = run.run("pwd")
        assert right.verdict is not None and right.verdict.status == "pass"
        assert run.passed
    finally:
        run.close()
    store = ProgressStore.open(tmp_path)
    assert "e2e-basics/pwd" in store.completed()
    attempts = store.attempts("e2e-basics/pwd")
    assert [a.commands for a in attempts] == [("ls",), ("pwd",)]  # each attempt stores only its own command
    assert [store.attempt_commands(a.id) for a in attempts] == [("ls",), ("ls", "pwd")]
    store.close()


def test_output_arrives_in_chunks_and_cwd_follows_cd(service: TutorService) -> None:
    run = service.open("e2e-basics/pwd")
    try:
        chunks = []
        outcome = run.run("echo out; echo err >&2; cd ..", on_chunk=chunks.append)
        assert [(c.stream, c.text) for c in chunks] == [("stdout", "out\n"), ("stderr", "err\n")]
        assert outcome.result is not None and outcome.result.exit_code == 0
        assert run.prompt_label() == "learner@shelltutor:~/projects$ "
        assert "projects/sentiment/train.py" in {entry.path for entry in run.files()}
        assert run.complete("sent") == ["sentiment/"]
    finally:
        run.close()


def test_a_refused_command_is_explained_not_run(service: TutorService) -> None:
    run = service.open("e2e-basics/pwd")
    try:
        outcome = run.run("echo " + "x" * 10_000)
        assert outcome.result is None and outcome.verdict is None and not outcome.saved
        assert outcome.notices and "not run" in outcome.notices[0].en
        assert run.run("pwd").verdict.status == "pass"  # type: ignore[union-attr]
    finally:
        run.close()


def test_hints_are_progressive_and_remembered(service: TutorService, tmp_path: Path) -> None:
    run = service.open("e2e-basics/pwd")
    try:
        first = run.next_hint()
        assert first is not None and "print working directory" in first.en
        assert run.next_hint() is not None
        assert run.next_hint() is None
        assert run.can_show_solution()  # every hint seen
        assert run.solution_text() == ["pwd"]
    finally:
        run.close()
    again = service.open("e2e-basics/pwd")
    try:
        assert again.hints_shown == 2
    finally:
        again.close()


def test_solution_opens_after_failed_attempts(service: TutorService) -> None:
    run = service.open("e2e-basics/count-errors")
    try:
        assert not run.can_show_solution()
        for _ in range(SOLUTION_AFTER_FAILURES):
            assert run.run("echo 0").verdict.status == "fail"  # type: ignore[union-attr]
        assert run.can_show_solution()
    finally:
        run.close()


def test_reset_gives_fresh_files(service: TutorService) -> None:
    run = service.open("e2e-basics/count-errors")
    try:
        run.run("rm app.log")
        assert "app.log" not in {e.path for e in run.files()}
        run.reset()
        assert "app.log" in {e.path for e in run.files()}
        assert run.commands == []
        assert run.run("grep -c ERROR app.log").verdict.status == "pass"  # type: ignore[union-attr]
    finally:
        run.close()


def test_resume_and_overview(service: TutorService) -> None:
    first_lesson = service.course.lessons[0]
    assert service.resume_target() == (first_lesson.id, first_lesson.exercises[0].global_id)
    run = service.open("e2e-basics/pwd")
    run.run("pwd")
    run.close()
    # the position was saved; the exercise is done, so resuming goes on to the next one
    assert service.resume_target() == ("e2e-basics", "e2e-basics/count-errors")
    lesson = next(
        status
        for chapter in service.overview().chapters
        for status in chapter.lessons
        if status.lesson.id == "e2e-basics"
    )
    assert (lesson.done, lesson.total, lesson.completed) == (1, 2, False)
    assert service.first_unfinished("e2e-basics") == "e2e-basics/count-errors"
    service.reset_lesson("e2e-basics")
    assert service.first_unfinished("e2e-basics") == "e2e-basics/pwd"


def test_language_is_saved(tmp_path: Path) -> None:
    svc = make_service(extra_dirs=[E2E_COURSE], data_dir=tmp_path)
    svc.set_lang("ko")
    svc.close()
    again = make_service(extra_dirs=[E2E_COURSE], data_dir=tmp_path)
    assert again.lang == "ko"
    again.close()
    assert make_service(lang="en", data_dir=tmp_path).lang == "en"  # the command line wins


def test_locale_decides_the_default_language() -> None:
    assert locale_lang({"LANG": "ko_KR.UTF-8"}) == "ko"
    assert locale_lang({"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}) == "en"
    assert locale_lang({"LANG": "C.UTF-8"}) == "en"


def test_after_exit_the_prompt_shows_where_the_new_shell_is(service: TutorService) -> None:
    run = service.open("e2e-basics/pwd")
    try:
        run.run("cd /usr/share/doc")
        assert run.prompt_label() == "learner@shelltutor:/usr/share/doc$ "
        ended = run.run("exit")
        assert ended.result is not None and ended.result.session_ended
        # the new shell starts where the exercise starts, and the prompt says so
        assert run.prompt_label() == "learner@shelltutor:~/projects/sentiment$ "
        after = run.run("pwd")
        assert after.result is not None and after.result.stdout == "/home/learner/projects/sentiment\n"
    finally:
        run.close()


def test_what_the_sandbox_did_reaches_the_learner_in_their_language(service: TutorService) -> None:
    run = service.open("e2e-basics/pwd")
    try:
        # A spawn loop that keeps the sandbox at its process limit (a fork bomb's flood can die out before the
        # tutor looks, on a busy machine): the next commands find it, stop it and say so.
        said = run.run("(while :; do sleep 60 & done) >/dev/null 2>&1 &").notices
        # Until the loop has filled the sandbox: a command run while it ramps up meets the limit half-way and
        # waits in bash's fork retries (1, 2, 4 s), past this exercise's 5 s clock on a busy machine.
        deadline = time.monotonic() + 30
        while run._session.process_count() < run._session._box.limits.processes - 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        for _ in range(10):
            after = run.run("sleep 0.3; echo alive")
            assert after.result is not None and after.result.stdout == "alive\n"
            said += after.notices
            if any("64 processes" in n.en for n in said):
                break
        limit = [n for n in said if "64 processes" in n.en]
        assert limit, [n.en for n in said]
        assert "프로세스 한도(64개)" in limit[0].ko
        waiting = run.run("cat")
        assert any("waiting for input from the keyboard" in n.en for n in waiting.notices)
        assert any("키보드 입력" in n.ko for n in waiting.notices)
    finally:
        run.close()
