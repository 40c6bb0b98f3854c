"""The class report as one self-contained HTML page: inline CSS and SVG charts, no script, nothing fetched."""

from __future__ import annotations

from shelltutor.classroom.aggregate import STUCK_SHOWN, ClassReport, LearnerRow
from shelltutor.classroom.charts import Bar, bar_chart, esc, mini_bar
from shelltutor.classroom.labels import duration, label, number, when
from shelltutor.course.model import Lang

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
"""Nothing may load or run, even if some text slipped through unescaped."""

STYLE = """
:root { --ink: #1f2933; --muted: #62707d; --line: #d9dee3; --accent: #2563eb; --soft: #e8eef9;
  --warn: #b42318; --ok: #1a7f37; --bg: #ffffff; --panel: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 28px 36px 48px; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK KR", "Apple SD Gothic Neo",
  "Malgun Gothic", "Nanum Gothic", sans-serif; max-width: 1180px; }
h1 { font-size: 24px; margin: 0 0 2px; } h2 { font-size: 18px; margin: 34px 0 10px; border-bottom: 1px solid
  var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 22px 0 6px; }
.sub, .help, figcaption { color: var(--muted); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 18px 0 6px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px;
  min-width: 150px; } .card b { display: block; font-size: 22px; } .card span { color: var(--muted); }
.card.warn b { color: var(--warn); }
table { border-collapse: collapse; margin: 6px 0; } th, td { padding: 4px 10px; text-align: left;
  border-bottom: 1px solid var(--line); vertical-align: top; } th { font-weight: 600; color: var(--muted);
  font-size: 12px; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.heat td.n { min-width: 44px; } tr.out td { color: var(--muted); text-decoration: line-through; }
tr.out td.keep { text-decoration: none; }
code, pre { font-family: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
code { background: var(--panel); padding: 1px 4px; border-radius: 3px; white-space: pre-wrap;
  word-break: break-all; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
  overflow-x: auto; white-space: pre; } pre code { background: none; padding: 0; white-space: pre; }
svg.chart { max-width: 100%; height: auto; display: block; } svg .label, svg .value { font-size: 13px;
  fill: var(--ink); } svg .track { fill: var(--soft); } svg .fill { fill: var(--accent); }
svg.stuck .fill { fill: #d97706; } svg.mini { vertical-align: middle; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  background: var(--soft); } .badge.edited { background: #fde8e8; color: var(--warn); }
.badge.verified { background: #e6f4ea; color: var(--ok); }
ul.findings { margin: 4px 0 0 0; padding-left: 18px; } li.edited { color: var(--warn); }
.ids { color: var(--muted); font-size: 12px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; }
"""


def render_html(report: ClassReport) -> str:
    """The whole page."""
    lang = report.lang
    title = report.course.title.get(lang)
    body = [
        f"<header><h1>{esc(label('title', lang))}</h1>",
        f'<p class="sub">{esc(label("generated", lang, course=title, when=when(report.generated_at)))}</p>',
        f"<p>{esc(_summary(report))}</p>{_cards(report)}</header>",
    ]
    if not report.learners:
        body.append(f"<p>{esc(label('nothing_read', lang))}</p>")
    else:
        body += [_chapters(report), _stuck(report), _unforeseen(report), _exercises(report), _learners(report)]
    body += [_skipped(report), f"<footer>{esc(label('proves', lang))}</footer>"]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(label('title', lang))} · {esc(title)}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _summary(report: ClassReport) -> str:
    return label(
        "summary",
        report.lang,
        learners=len(report.learners),
        counted=len(report.counted),
        tried=len(report.exercises),
        skipped=len(report.skipped),
    )


def _cards(report: ClassReport) -> str:
    lang = report.lang
    counted = report.counted
    done = sum(r.done for r in counted)
    total = sum(r.total for r in counted)
    edited = sum(1 for r in report.learners if r.integrity == "edited")
    cards = [
        (str(len(report.learners)), label("card_learners", lang), False),
        (f"{round(100 * done / total)}%" if total else "-", label("average", lang), False),
        (str(len(report.exercises)), label("card_tried", lang), False),
        (str(edited), label("card_edited", lang), edited > 0),
        (str(len(report.skipped)), label("card_skipped", lang), bool(report.skipped)),
    ]
    items = "".join(
        f'<div class="card{" warn" if warn else ""}"><b>{esc(value)}</b><span>{esc(name)}</span></div>'
        for value, name, warn in cards
    )
    return f'<div class="cards">{items}</div>'


def _chapters(report: ClassReport) -> str:
    lang = report.lang
    counted = report.counted
    chapters = report.learners[0].chapters
    bars = []
    for i, chapter in enumerate(chapters):
        done = sum(r.chapters[i].done for r in counted)
        possible = chapter.total * len(counted)
        name = f"{chapter.number} · {report.course.chapter_title(chapter.number).get(lang)}"
        share = done / possible if possible else 0.0
        bars.append(Bar(name, share, f"{round(100 * share)}%", f"{name}: {done}/{possible}"))
    chart = bar_chart(bars, title=label("chapter_chart", lang))
    numbers = "".join(f'<th class="n">{c.number}</th>' for c in chapters)
    head = f'<th>{esc(label("learner", lang))}</th>{numbers}<th class="n">{esc(label("done", lang))}</th>'
    rows = []
    for row in report.learners:
        cells = "".join(_heat(c.done, c.total) for c in row.chapters)
        rows.append(
            f'<tr class="{"" if row.counted else "out"}"><td class="keep">{esc(row.name)}</td>{cells}'
            f'<td class="n">{row.done}/{row.total}</td></tr>'
        )
    table = _table(head, "".join(rows), "heat")
    return _section("chapters", lang, f"{_figure(chart, label('chapter_chart', lang))}{table}")


def _section(name: str, lang: Lang, content: str) -> str:
    """A section with its heading: `name` is both its id and its heading's label."""
    return f'<section id="{name}"><h2>{esc(label(name, lang))}</h2>{content}</section>'


def _table(head: str, rows: str, css_class: str = "") -> str:
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _figure(chart: str, caption: str) -> str:
    return f"<figure>{chart}<figcaption>{esc(caption)}</figcaption></figure>"


def _heat(done: int, total: int) -> str:
    share = done / total if total else 0.0
    ink = "#fff" if share > 0.55 else "inherit"
    return f'<td class="n" style="background: rgba(37, 99, 235, {share:.2f}); color: {ink}">{done}/{total}</td>'


def _stuck(report: ClassReport) -> str:
    lang = report.lang
    if not report.stuck:
        return _section("stuck", lang, f"<p>{esc(label('none_stuck', lang))}</p>")
    shown = report.stuck[:STUCK_SHOWN]
    bars = [
        Bar(
            f"{row.exercise.global_id}",
            len(row.stuck) / row.tried,
            f"{len(row.stuck)}/{row.tried}",
            f"{row.exercise.title.get(lang)}: {', '.join(row.stuck)}",
        )
        for row in shown
    ]
    chart = bar_chart(bars, title=label("stuck_chart", lang), css_class="chart stuck")
    items = []
    for row in shown:
        names = ", ".join(row.stuck)
        line = label(
            "stuck_line", lang, stuck=len(row.stuck), tried=row.tried, names=names, failures=row.stuck_failures
        )
        title = row.exercise.title.get(lang)
        items.append(f"<li><b>{esc(row.exercise.global_id)}</b> {esc(title)} — {esc(line)}</li>")
    return _section("stuck", lang, f"{_figure(chart, label('stuck_chart', lang))}<ul>{''.join(items)}</ul>")


def _exercises(report: ClassReport) -> str:
    lang = report.lang
    if not report.exercises:
        return _section("exercises", lang, f"<p>{esc(label('nothing_tried', lang))}</p>")
    rows = []
    for row in report.exercises:
        bar = mini_bar(row.passed, row.tried, title=f"{row.passed}/{row.tried}")
        rows.append(
            f'<tr><td>{esc(row.exercise.title.get(lang))}<div class="ids">{esc(row.exercise.global_id)}</div></td>'
            f'<td class="n">{row.tried}</td><td class="n">{row.passed}</td><td>{bar}</td>'
            f'<td class="n">{number(row.median_attempts)}</td>'
            f'<td class="n">{esc(duration(row.median_seconds, lang))}</td></tr>'
        )
    names = ("exercise", "tried", "passed", "", "median_attempts", "median_time")
    th = "".join(
        f'<th class="{"" if i == 0 else "n"}">{esc(label(n, lang)) if n else ""}</th>' for i, n in enumerate(names)
    )
    return _section("exercises", lang, _table(th, "".join(rows)))


def _unforeseen(report: ClassReport) -> str:
    lang = report.lang
    if not report.unforeseen:
        return _section("unforeseen", lang, f"<p>{esc(label('none_unforeseen', lang))}</p>")
    parts = [f'<p class="help">{esc(label("unforeseen_help", lang))}</p>']
    for item in report.unforeseen:
        rows = "".join(
            f"<tr><td><code>{_commands(a.commands)}</code></td>"
            f'<td class="n">{a.learners}</td><td class="n">{a.attempts}</td></tr>'
            for a in item.answers
        )
        th = f"<th>{esc(label('answer', lang))}</th><th class='n'>{esc(label('learners_n', lang))}</th>"
        th += f"<th class='n'>{esc(label('attempts_n', lang))}</th>"
        where = label("paste", lang, file=item.lesson_file or item.exercise.lesson_id)
        parts.append(
            f"<h3>{esc(item.exercise.title.get(lang))} <span class='ids'>{esc(item.exercise.global_id)}</span></h3>"
            + _table(th, rows)
            + f"<p class='help'>{esc(where)}</p><pre><code>{esc(item.yaml(lang), single_line=False)}</code></pre>"
        )
    return _section("unforeseen", lang, "".join(parts))


def _commands(commands: tuple[str, ...]) -> str:
    return esc("\n".join(commands), single_line=False)


def _learners(report: ClassReport) -> str:
    lang = report.lang
    names = ("learner", "lang", "done", "attempts", "last_active", "now_at", "integrity")
    th = "".join(f"<th>{esc(label(n, lang))}</th>" for n in names)
    rows = "".join(_learner(row, report) for row in report.learners)
    return _section("learners", lang, _table(th, rows))


def _learner(row: LearnerRow, report: ClassReport) -> str:
    lang = report.lang
    findings = "".join(
        f'<li class="{"edited" if f.edited else "note"}">{esc(f.message.get(lang))}</li>' for f in row.findings
    )
    status = label(row.integrity, lang)
    if row.integrity == "edited":
        status += " — " + label("included" if row.counted else "left_out", lang)
    return (
        f"<tr><td>{esc(row.name)}<div class='ids'>{esc(str(row.path))}</div></td><td>{esc(row.lang or '-')}</td>"
        f'<td class="n">{row.done}/{row.total}</td><td class="n">{row.attempts}</td>'
        f"<td>{esc(when(row.last_active))}</td><td>{esc(row.current or '-')}</td>"
        f'<td><span class="badge {row.integrity}">{esc(status)}</span>'
        f"{f'<ul class=findings>{findings}</ul>' if findings else ''}</td></tr>"
    )


def _skipped(report: ClassReport) -> str:
    if not report.skipped:
        return ""
    items = "".join(
        f"<li><code>{esc(str(s.path))}</code>: {esc(s.reason.get(report.lang))}</li>" for s in report.skipped
    )
    return _section("skipped", report.lang, f"<ul>{items}</ul>")
