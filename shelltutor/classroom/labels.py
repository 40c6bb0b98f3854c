"""The class report's headings, column names and units, in English and Korean, shared by its text and HTML."""

from __future__ import annotations

import time

from shelltutor.course.model import Lang

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Class report", "학급 리포트"),
    "summary": (
        "{learners} learner{learners_s} ({counted} counted), {tried} exercise{tried_s} tried, "
        "{skipped} file{skipped_s} skipped",
        "학습자 {learners}명 (통계에 포함 {counted}명), 시도한 연습 {tried}개, 건너뛴 파일 {skipped}개",
    ),
    "generated": ("{course} · made {when}", "{course} · {when} 작성"),
    "skipped": ("Skipped files", "건너뛴 파일"),
    "learners": ("Learners", "학습자"),
    "card_learners": ("learners", "학습자"),
    "integrity": ("integrity", "무결성"),
    "chapters": ("Progress by chapter", "장별 진행 상황"),
    "chapter_chart": ("Share of each chapter done, over the class", "학급 전체의 장별 완료 비율"),
    "exercises": ("Exercises", "연습별 통계"),
    "stuck": ("Where learners are stuck", "학습자가 막힌 곳"),
    "stuck_chart": ("Learners stuck (a failed attempt, no pass)", "막힌 학습자 (실패한 시도가 있고 통과하지 못함)"),
    "unforeseen": ("Wrong answers no lesson foresaw", "레슨이 예상하지 못한 오답"),
    "unforeseen_help": (
        "Failed attempts that match none of the exercise's `wrong:` entries, most frequent first.",
        "연습의 `wrong:` 항목 어디에도 맞지 않는 실패한 시도입니다. 자주 나온 순서입니다.",
    ),
    "learner": ("learner", "학습자"),
    "lang": ("lang", "언어"),
    "done": ("done", "완료"),
    "total": ("total", "전체"),
    "attempts": ("attempts", "시도"),
    "last_active": ("last active", "마지막 활동"),
    "now_at": ("now at", "현재 연습"),
    "exercise": ("exercise", "연습"),
    "tried": ("tried", "시도한 학습자"),
    "passed": ("passed", "통과"),
    "median_attempts": ("median attempts", "시도 횟수 중앙값"),
    "median_time": ("median time", "소요 시간 중앙값"),
    "stuck_count": ("stuck", "막힘"),
    "answer": ("answer", "입력한 명령어"),
    "learners_n": ("learners", "학습자 수"),
    "attempts_n": ("attempts", "시도 수"),
    "stuck_line": (
        "{stuck} of {tried} stuck ({names}); {failures} failed attempt{failures_s}",
        "{tried}명 중 {stuck}명이 막힘 ({names}), 실패한 시도 {failures}번",
    ),
    "answer_line": (
        "{learners} learner{learners_s}, {attempts} attempt{attempts_s}",
        "학습자 {learners}명, 시도 {attempts}번",
    ),
    "paste": ("YAML to paste into {file}:", "{file}에 붙여 넣을 YAML:"),
    "left_out": ("left out of the class figures", "학급 통계에서 뺐습니다"),
    "included": ("counted all the same (--include-edited)", "그래도 통계에 넣었습니다 (--include-edited)"),
    "nothing_read": ("No learner's progress could be read.", "읽을 수 있는 학습자 진행 상황이 없습니다."),
    "nothing_tried": ("No exercise tried yet.", "아직 시도한 연습이 없습니다."),
    "none_stuck": ("Nobody is stuck.", "막힌 학습자가 없습니다."),
    "none_unforeseen": ("Every wrong answer was foreseen by its lesson.", "모든 오답을 레슨이 예상했습니다."),
    "verified": ("verified", "확인됨"),
    "unchecked": ("no checksums", "체크섬 없음"),
    "store": ("tutor database", "튜터 데이터베이스"),
    "edited": ("EDITED", "편집됨"),
    "proves": (
        "What the checks prove and do not prove: docs/class-report.md.",
        "검사로 증명되는 것과 증명되지 않는 것: docs/class-report.md",
    ),
    "card_tried": ("exercises tried", "시도한 연습"),
    "card_edited": ("edited files", "편집된 파일"),
    "card_skipped": ("skipped files", "건너뛴 파일"),
    "average": ("class average", "학급 평균"),
    "more_stuck": ("and {count} more exercise{count_s}", "그 밖에 연습 {count}개"),
}
"""Label templates by key: (English, Korean)."""

UNITS: dict[str, tuple[str, str]] = {"h": ("h", "시간"), "m": ("m", "분"), "s": ("s", "초")}


def label(key: str, lang: Lang, **values: object) -> str:
    """The label `key` in `lang`, its fields filled in (`{n_s}` is `s` unless the number `n` is 1)."""
    en, ko = LABELS[key]
    return (ko if lang == "ko" else en).format(**plurals(values))


def plurals(values: dict[str, object]) -> dict[str, object]:
    """`values` and, for each whole number `n` among them, `n_s`: the English plural ending it takes."""
    endings = {f"{k}_s": "" if v == 1 else "s" for k, v in values.items() if isinstance(v, int)}
    return {**values, **endings}


def duration(seconds: float | None, lang: Lang) -> str:
    """`1h 05m`, `3m 20s`, `45s` (`1시간 5분`, `3분 20초`, `45초` in Korean); `-` for none."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "m")] if hours else [(minutes, "m"), (secs, "s")] if minutes else [(secs, "s")]
    index = 1 if lang == "ko" else 0
    if lang == "ko":
        return " ".join(f"{value}{UNITS[unit][index]}" for value, unit in parts)
    return " ".join(f"{value:02d}{unit}" if i else f"{value}{unit}" for i, (value, unit) in enumerate(parts))


def when(timestamp: float | None) -> str:
    """A date and time in the local zone, `2026-12-02 14:03`; `-` for none."""
    return "-" if timestamp is None else time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def number(value: float | None) -> str:
    """A median: `3`, `2.5`; `-` for none."""
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
