"""The class report as JSON (`class report --json`): every figure, for a program or a spreadsheet."""

from __future__ import annotations

from typing import Any

from shelltutor.classroom.aggregate import ClassReport, ExerciseRow, LearnerRow

REPORT_FORMAT = "shelltutor-class-report"
REPORT_VERSION = 1


def report_json(report: ClassReport) -> dict[str, Any]:
    """The report as a JSON-ready dict; texts in the report's language."""
    lang, course = report.lang, report.course
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_at": report.generated_at,
        "lang": lang,
        "include_edited": report.include_edited,
        "course": {
            "title": course.title.get(lang),
            "chapters": [
                {
                    "number": number,
                    "title": course.chapter_title(number).get(lang),
                    "exercises": sum(len(lesson.exercises) for lesson in lessons),
                }
                for number, lessons in course.lessons_by_chapter()
            ],
        },
        "learners": [_learner(row, report) for row in report.learners],
        "exercises": [_exercise(row, report) for row in report.exercises],
        "stuck": [
            {**_names(row, report), "stuck": row.stuck, "tried": row.tried, "failed_attempts": row.stuck_failures}
            for row in report.stuck
        ],
        "unforeseen": [
            {
                "exercise": item.exercise.global_id,
                "title": item.exercise.title.get(lang),
                "lesson_file": item.lesson_file,
                "answers": [
                    {"commands": list(a.commands), "learners": a.learners, "attempts": a.attempts} for a in item.answers
                ],
                "yaml": item.yaml(lang),
            }
            for item in report.unforeseen
        ],
        "skipped": [{"path": str(s.path), "reason": s.reason.get(lang)} for s in report.skipped],
    }


def _learner(row: LearnerRow, report: ClassReport) -> dict[str, Any]:
    return {
        "name": row.name,
        "source": str(row.path),
        "kind": row.kind,
        "export_version": row.version,
        "lang": row.lang,
        "integrity": row.integrity,
        "counted": row.counted,
        "findings": [{"edited": f.edited, "message": f.message.get(report.lang)} for f in row.findings],
        "done": row.done,
        "total": row.total,
        "chapters": [{"number": c.number, "done": c.done, "total": c.total} for c in row.chapters],
        "attempts": row.attempts,
        "last_active": row.last_active,
        "current": row.current,
    }


def _names(row: ExerciseRow, report: ClassReport) -> dict[str, Any]:
    return {"id": row.exercise.global_id, "title": row.exercise.title.get(report.lang), "chapter": row.chapter}


def _exercise(row: ExerciseRow, report: ClassReport) -> dict[str, Any]:
    return {
        **_names(row, report),
        "tried": row.tried,
        "passed": row.passed,
        "median_attempts": row.median_attempts,
        "median_seconds": row.median_seconds,
        "stuck": row.stuck,
    }
