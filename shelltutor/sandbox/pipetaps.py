"""Pipeline taps: where a learner's line gets taps between its pipeline stages, and the line that runs with them.

A top-level pipeline `a | b | c` (alone, or in a `;` / `&&` / `||` list) runs as
`{ a | TAP SEQ.P.0; exit "${PIPESTATUS[0]}"; } | { b | TAP SEQ.P.1; exit …; } | c`: each stage but the last
writes into a tap (sandbox/pipetap.py) that passes every byte on and counts it into `p.SEQ.P.I` in the run
directory, and its group ends with the stage's own status, so `$?`, `${PIPESTATUS[@]}` and `set -o pipefail`
see what they would without taps. Pipelines inside functions, loops, subshells or `$( )`, background pipelines
(`&`), pipelines with here-documents, after `time`, `coproc` or `exec`, and pipelines that list processes (`ps`,
`pgrep`, … would see the taps) are left as typed. See docs/pipeline-view.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import tree_sitter

from shelltutor.sandbox.bashtree import bash_parser
from shelltutor.sandbox.results import Stage

TAP = "\\__st_tap"
"""The driver's function that runs the tap (a backslash: no alias of the learner's can stand in for it)."""
SEES_PROCESSES = frozenset(
    {"ps", "pgrep", "pkill", "pidof", "top", "htop", "pstree", "killall", "lsof", "fuser", "nvidia-smi", "watch"}
)
"""Programs whose output would list the taps themselves: their pipelines are not tapped."""
NOT_TAPPED_FIRST = frozenset({"time", "coproc", "exec"})
"""A first word that takes the whole pipeline (`time a | b` times both stages): not tapped."""
_LISTS = frozenset({"list", "program"})
HEAD_LINES = 5
HEAD_BYTES = 4096
"""The first lines kept of each stage's output (as sandbox/pipetap.py keeps them)."""


@dataclass(frozen=True)
class StagePlan:
    """One stage of a tapped pipeline as the learner wrote it."""

    command: str
    start: int
    """Offset of the stage's first character in the line (characters, not bytes)."""
    end: int
    stderr_to: str
    """Where the stage's stderr goes: `terminal`, `pipe` (into the next stage), `null`, `closed`, or the file
    named."""
    stdout_to: str
    """`pipe` for every stage but the last; for the last, `terminal`, `null`, `closed` or the file named."""


@dataclass(frozen=True)
class PipelinePlan:
    """One tapped pipeline: its stages, and whether its statuses are the line's last PIPESTATUS."""

    number: int
    stages: tuple[StagePlan, ...]
    last: bool
    """The line ends with this pipeline: the driver's kept PIPESTATUS is its stages' statuses."""
    whole: bool
    """The line is this pipeline alone: the command's stdout is the last stage's output."""


@dataclass(frozen=True)
class TapPlan:
    """The taps of one line: the line that runs, and the pipelines tapped in it."""

    line: str
    pipelines: tuple[PipelinePlan, ...]


def plan_taps(line: str, seq: int) -> TapPlan | None:
    """The tapped form of `line` for command number `seq`, or None when it has no pipeline to tap."""
    source = line.encode("utf-8", "surrogateescape")
    tree = bash_parser().parse(source)
    root = tree.root_node
    if root.has_error:
        return None
    found = list(_top_pipelines(root))
    if not found:
        return None
    statements = [c for c in root.named_children if c.type != "comment"]
    chars = _CharOffsets(source)
    edits: list[tuple[int, int, bytes]] = []
    plans: list[PipelinePlan] = []
    for number, node in enumerate(found):
        stages, ops = _flatten(node)
        if not _tappable(node, stages):
            continue
        for i, (start, end, _redirects) in enumerate(stages[:-1]):
            op = ops[i]
            body = source[start:end]
            tapped = b'{ %s %s %s %d.%d.%d; \\builtin exit "${PIPESTATUS[0]}"; }' % (
                body,
                op.type.encode(),
                TAP.encode(),
                seq,
                number,
                i,
            )
            edits.append((start, end, tapped))
            if op.type == "|&":
                edits.append((op.start_byte, op.end_byte, b"|"))
        last_statement = statements[-1] if statements else None
        plans.append(
            PipelinePlan(
                number=number,
                stages=tuple(_stage_plans(source, chars, stages, ops)),
                last=_ends_line(node, last_statement),
                whole=len(statements) == 1 and statements[0] == node and not _backgrounded(node),
            )
        )
    if not plans:
        return None
    out = source
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return TapPlan(line=out.decode("utf-8", "surrogateescape"), pipelines=tuple(plans))


def _top_pipelines(root: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Pipelines run by the line itself: statements of the line and of its `&&` / `||` lists, in order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in _LISTS:
            if node.type == "list" and _backgrounded(node):
                continue
            stack.extend(reversed(node.named_children))
        elif _is_pipeline(node):
            yield node


def _is_pipeline(node: tree_sitter.Node) -> bool:
    if node.type == "pipeline":
        return True
    body = node.child_by_field_name("body") if node.type == "redirected_statement" else None
    return body is not None and body.type == "pipeline"


def _backgrounded(node: tree_sitter.Node) -> bool:
    """Followed by `&` (its list or itself): a background job, whose text `jobs` shows."""
    while node is not None:
        after = node.next_sibling
        if after is not None and after.type == "&":
            return True
        parent = node.parent
        if parent is None or parent.type != "list":
            return False
        node = parent
    return False


def _ends_line(node: tree_sitter.Node, last_statement: tree_sitter.Node | None) -> bool:
    """The pipeline is the last thing the line runs when it runs at all (the last statement, or the right
    end of the last `&&` / `||` list)."""
    current = last_statement
    while current is not None and current.type == "list":
        current = current.named_children[-1] if current.named_children else None
    return current is not None and current == node and not _backgrounded(node)


_Span = tuple[int, int, list[tree_sitter.Node]]
"""A stage's byte span and the redirections written on it (in order)."""


def _flatten(node: tree_sitter.Node) -> tuple[list[_Span], list[tree_sitter.Node]]:
    """The stages of a pipeline and the `|` / `|&` tokens between them (tree-sitter nests `a | b 2>x | c` and
    hangs a last stage's redirections on the whole pipeline)."""
    stages: list[_Span] = []
    ops: list[tree_sitter.Node] = []
    work: list[tree_sitter.Node | tuple[str, list[tree_sitter.Node], int]] = [node]
    while work:
        item = work.pop()
        if isinstance(item, tuple):
            _, redirects, end = item
            start, _old_end, own = stages[-1]
            stages[-1] = (start, end, own + redirects)
            continue
        if item.type == "redirected_statement" and _is_pipeline(item):
            body = item.child_by_field_name("body")
            assert body is not None
            redirects = [c for c in item.named_children if c != body]
            work.append(("extend", redirects, item.end_byte))
            work.append(body)
        elif item.type == "pipeline":
            for child in reversed(item.children):
                work.append(child)
        elif item.type in {"|", "|&"}:
            ops.append(item)
        elif item.type == "negated_command":
            # `! a | b` negates the whole pipeline: the `!` stays outside the first stage's group.
            work.extend(reversed(item.named_children))
        elif item.is_named and item.type != "comment":
            stages.append((item.start_byte, item.end_byte, _own_redirects(item)))
    return stages, ops


def _own_redirects(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    if node.type != "redirected_statement":
        return []
    body = node.child_by_field_name("body")
    return [c for c in node.named_children if c != body]


def _tappable(node: tree_sitter.Node, stages: list[_Span]) -> bool:
    if len(stages) < 2 or _backgrounded(node):
        return False
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in {"heredoc_redirect", "heredoc_body"}:
            return False
        if n.type == "command_name":
            name = (n.text or b"").decode("utf-8", "replace").rsplit("/", 1)[-1]
            if name in SEES_PROCESSES:
                return False
            if name in NOT_TAPPED_FIRST and n.start_byte == stages[0][0]:
                return False
        if n.type in {"word", "string", "raw_string"} and b"/proc" in (n.text or b""):
            return False
        stack.extend(n.children)
    return True


def _stage_plans(
    source: bytes, chars: _CharOffsets, stages: list[_Span], ops: list[tree_sitter.Node]
) -> Iterator[StagePlan]:
    for i, (start, end, redirects) in enumerate(stages):
        last = i == len(stages) - 1
        out, err = _streams(redirects, "terminal" if last else "pipe", ops[i].type == "|&" if not last else False)
        yield StagePlan(
            command=source[start:end].decode("utf-8", "surrogateescape"),
            start=chars(start),
            end=chars(end),
            stderr_to=err,
            stdout_to=out,
        )


def _streams(redirects: list[tree_sitter.Node], stdout: str, stderr_into_pipe: bool) -> tuple[str, str]:
    """Where fds 1 and 2 end up after the stage's redirections (then `|&`), as bash applies them in order."""
    fds = {1: stdout, 2: "terminal"}
    for r in redirects:
        if r.type != "file_redirect":
            continue
        op = next((c.type for c in r.children if not c.is_named), "")
        desc = r.child_by_field_name("descriptor")
        dest = r.child_by_field_name("destination")
        target = (dest.text or b"").decode("utf-8", "replace") if dest is not None else ""
        where = _place(target)
        if op in {"&>", "&>>"}:
            fds[1] = fds[2] = where
            continue
        if op == ">&-":
            op, target = ">&", "-"
        if op in {">", ">>", ">|", ">&"}:
            fd = int((desc.text or b"1").decode()) if desc is not None else 1
            if fd not in fds:
                continue
            if op == ">&" and target.isdigit():
                fds[fd] = fds.get(int(target), "terminal")
            elif op == ">&" and target == "-":
                fds[fd] = "closed"
            elif op == ">&" and desc is None:
                fds[1] = fds[2] = where  # `>&file` is `&>file`
            else:
                fds[fd] = where
    if stderr_into_pipe:
        fds[2] = fds[1]
    return fds[1], fds[2]


def _place(target: str) -> str:
    return "null" if target == "/dev/null" else target


class _CharOffsets:
    """Byte offsets of the UTF-8 line as character offsets."""

    def __init__(self, source: bytes) -> None:
        self.source = source

    def __call__(self, byte_offset: int) -> int:
        return len(self.source[:byte_offset].decode("utf-8", "surrogateescape"))


def read_stages(
    plan: TapPlan, seq: int, read: Callable[[str], bytes], stdout: str | None, terminal: bool
) -> list[Stage]:
    """The stages of the last tapped pipeline that ran, from its taps' records (`read` gives a run-directory
    file's bytes, b'' when absent) and the kept statuses; `stdout` is the command's, for the last stage (None:
    not captured, as when a full-screen program had the terminal)."""
    for pipeline in reversed(plan.pipelines):
        records = [_record(read(f"p.{seq}.{pipeline.number}.{i}")) for i in range(len(pipeline.stages) - 1)]
        if any(r is not None for r in records):
            break
    else:
        return []
    statuses: list[int | None] = [None] * len(pipeline.stages)
    if pipeline.last:
        kept = read(f"ps.{seq}").split()
        if len(kept) == len(pipeline.stages) and all(k.isdigit() for k in kept):
            statuses = [int(k) for k in kept]
    stages = []
    for i, stage in enumerate(pipeline.stages):
        if i < len(records):
            rec = records[i]
            lines, size, head, cut = rec if rec is not None else (None, None, (), False)
        elif pipeline.whole and stage.stdout_to == "terminal" and stdout is not None:
            shown = stdout.replace("\r\n", "\n") if terminal else stdout
            lines, size, cut = shown.count("\n"), len(shown.encode("utf-8", "surrogateescape")), False
            head = _head_lines(shown)
        else:
            lines, size, head, cut = None, None, (), False
        stages.append(
            Stage(
                command=stage.command,
                start=stage.start,
                end=stage.end,
                lines=lines,
                size=size,
                head=head,
                stderr_to=stage.stderr_to,
                status=statuses[i],
                cut=cut,
            )
        )
    return stages


def record_names(plan: TapPlan, seq: int) -> list[str]:
    """Every run-directory file the taps of `plan` and the driver may write for command `seq`."""
    names = [f"ps.{seq}", f"t.{seq}"]
    for pipeline in plan.pipelines:
        names += [f"p.{seq}.{pipeline.number}.{i}" for i in range(len(pipeline.stages) - 1)]
    return names


def _record(data: bytes) -> tuple[int | None, int | None, tuple[str, ...], bool] | None:
    """A tap's record: its counts (None when its counter was killed: `? ?`), first lines and whether its reader
    left early; None when there is none."""
    first, _, head = data.partition(b"\n")
    words = first.split()
    if len(words) != 4 or words[0] != b"pipetap1" or not words[3].isdigit():
        return None
    counts = words[1:3]
    if counts == [b"?", b"?"]:
        lines, size = None, None
    elif all(w.isdigit() for w in counts):
        lines, size = int(counts[0]), int(counts[1])
    else:
        return None
    return lines, size, _head_lines(head.decode("utf-8", "replace")), words[3] == b"1"


def _head_lines(text: str) -> tuple[str, ...]:
    return tuple(text[:HEAD_BYTES].splitlines()[:HEAD_LINES])
