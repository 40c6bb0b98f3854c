"""explain: any bash command line annotated part by part (words, options, quoting, expansions, redirections,
operators), with options described from the installed programs' own manual pages, offline, and what the shell
expands shown against an exercise's live shell (read, never run). See docs/explain.md."""

from __future__ import annotations

from shelltutor.explain.model import Explanation, Problem, Span
from shelltutor.explain.source import CommandText
from shelltutor.explain.view import ShellView
from shelltutor.explain.wording import say

MAX_COMMAND = 10_000
"""Longer lines are refused (a real command line is far shorter; this bounds the work on hostile input)."""

__all__ = ["MAX_COMMAND", "Explanation", "Problem", "ShellView", "Span", "explain"]


def explain(command: str, lang: str = "en", view: ShellView | None = None, *, busy: bool = False) -> Explanation:
    """`command` explained in `lang` (`en` or `ko`); with `view`, expansions are shown against that shell. `busy`:
    the exercise's shell was running a command, so no view could be had (said in a note)."""
    from shelltutor.explain import syntaxcheck
    from shelltutor.explain.walker import Walker
    from shelltutor.grading.shape.syntax import bash_parser

    lang = "ko" if lang == "ko" else "en"
    command = _encodable(command)
    refused = _refused(command, lang)
    if refused is not None:
        return Explanation(command, lang, problems=(refused,), syntax_error=True)
    text = CommandText(command)
    tree = bash_parser().parse(text.data)
    problems = syntaxcheck.problems(text, tree.root_node, lang)
    walker = Walker(text, lang, view)
    walker.walk(tree.root_node)
    notes: list[str] = []
    if walker.found.english_fallbacks and lang != "en":
        notes.append(say("note.english", lang))
    if view is not None:
        notes.append(say("note.sandbox", lang))
    elif busy:
        notes.append(say("note.busy", lang))
    syntax_error = any(p.kind in ("syntax", "incomplete") for p in problems)
    if tree.root_node.has_error and not syntax_error:
        error = syntaxcheck.first_error(tree.root_node)
        line, column = text.position(text.char(error.start_byte) if error is not None else 0)
        notes.append(say("note.parser", lang, line=line, column=column))
    return Explanation(
        command,
        lang,
        spans=_nested(walker.found.spans),
        problems=tuple(sorted([*problems, *walker.found.problems], key=lambda p: p.offset)),
        notes=tuple(notes),
        in_sandbox=view is not None,
        syntax_error=syntax_error,
    )


def _encodable(command: str) -> str:
    """The command with any lone surrogate that no byte decoded to made U+FFFD (bash could not be given it)."""
    try:
        command.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "".join(c if not ("\ud800" <= c <= "\udfff") or "\udc80" <= c <= "\udcff" else "\ufffd" for c in command)
    return command


def _refused(command: str, lang: str) -> Problem | None:
    if not command.strip():
        return Problem("syntax", 0, 1, 1, say("problem.empty", lang))
    if len(command) > MAX_COMMAND:
        return Problem("too_long", 0, 1, 1, say("problem.too_long", lang, length=len(command), limit=MAX_COMMAND))
    if "\0" in command:
        offset = command.index("\0")
        text = CommandText(command)
        line, column = text.position(offset)
        return Problem("syntax", offset, line, column, say("problem.nul", lang, offset=offset))
    return None


def _nested(spans: list[Span]) -> tuple[Span, ...]:
    """The spans in order, each once, with its depth: how many spans it lies inside."""
    from dataclasses import replace

    unique: dict[tuple[int, int, str, str], Span] = {}
    for span in spans:
        unique.setdefault((span.start, span.end, span.kind, span.explanation), span)
    ordered = sorted(unique.values(), key=lambda s: (s.start, -s.end, s.depth))
    placed: list[Span] = []
    open_spans: list[Span] = []
    for span in ordered:
        while open_spans and not (open_spans[-1].start <= span.start and span.end <= open_spans[-1].end):
            open_spans.pop()
        placed.append(replace(span, depth=len(open_spans)))
        open_spans.append(span)
    return tuple(placed)
