"""CourseMapScreen: chapters, lessons and exercises with their completion, overall progress, open and reset."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from shelltutor.tui.inline import inline_markdown
from shelltutor.tui.keys import GLOBAL_KEYS, MAP_KEYS, bindings
from shelltutor.tui.screens.base import TutorScreen
from shelltutor.tui.strings import local, tr
from shelltutor.tui.widgets.banner import Banner
from shelltutor.tui.widgets.course_tree import CourseTree, MapItem, lesson_mark, progress_bar, tree_label, walk
from shelltutor.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.timer import Timer

    from shelltutor.course.model import Lesson
    from shelltutor.service import CourseOverview

LabelParts = tuple[Text, Text, Text, int]
"""A tree label's parts: its head (number or mark), title, tail (a count) and indent."""
PREPARE_AFTER_SECONDS = 0.3
"""The cursor rested this long on a lesson or exercise: its sandbox starts, so that Enter finds it ready."""


class CourseMapScreen(TutorScreen):
    """The home screen."""

    DEFAULT_CSS = """
    CourseMapScreen #map-header { height: auto; padding: 0 1; background: $boost; }
    CourseMapScreen #map-body { height: 1fr; }
    CourseMapScreen #details-scroll {
        width: 42%; border-left: vkey $primary 50%; padding: 0 1;
    }
    CourseMapScreen #welcome { height: auto; padding: 0 1; color: $text-accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(MAP_KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.overview: CourseOverview | None = None
        self.resume: tuple[str, str] | None = None
        """(lesson id, exercise id) where the learner left off."""
        self.fresh = True
        self._shown_once = False
        self.completed: set[str] = set()
        """Global ids of passed exercises, read once per redraw."""
        self._tree_width = 0
        self._labels: dict[int, LabelParts] = {}
        """Every tree node's label parts (head, title, count, indent) by node id, to cut them again on a resize."""
        self._unfilled: dict[int, Lesson] = {}
        """Lesson nodes whose exercise nodes are not made yet, by node id, with their lesson."""
        self._prepare_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Banner(id="banner")
        yield Static(id="map-header")
        yield Static(id="welcome")
        with Horizontal(id="map-body"):
            yield CourseTree(id="course-tree")
            with VerticalScroll(id="details-scroll"):
                yield Static(id="details")
        yield KeyBar(MAP_KEYS + GLOBAL_KEYS, id="keys")

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        """Long titles are cut to the tree's width: cut them again when it changed."""
        width = self._label_width()
        if width == self._tree_width or not width:
            return
        self._tree_width = width
        for node in walk(self.query_one(CourseTree).root)[1:]:  # every node but the root was made by `_add`
            label = self._label(self._labels[node.id])
            if label.plain != str(node.label):  # most labels fit either way: setting one redraws the tree
                node.set_label(label)

    def _label_width(self) -> int:
        """The tree's width for labels, leaving room for its scrollbar whether it shows or not (0: no layout yet)."""
        tree = self.query_one(CourseTree)
        width = tree.content_region.width
        return max(width - tree.styles.scrollbar_size_vertical, 1) if width else 0

    def on_mount(self) -> None:
        self.query_one(CourseTree).fill = self._fill
        self.resume = self._resume_target()
        self.refresh_overview(select=("lesson", self.resume[0]) if self.resume else None)
        self.query_one(CourseTree).focus()

    def on_screen_resume(self) -> None:
        self._prepare_soon()
        if self._shown_once:  # back from a lesson or a dialog: progress may have changed
            before, self.resume = self.resume, self._resume_target()
            # Where to continue moved on (an exercise was passed): the cursor follows it, so that Enter opens
            # what the banner says it continues with, not the finished lesson the learner came back from.
            moved = self.resume is not None and self.resume != before
            self.refresh_overview(select=("lesson", self.resume[0]) if moved and self.resume else None)
        self._shown_once = True

    def apply_lang(self, lang: str) -> None:
        self.refresh_overview()

    # --- rendering ---

    def refresh_overview(self, select: tuple[str, str] | None = None) -> None:
        """Re-read progress and redraw everything, keeping the selection."""
        tree = self.query_one(CourseTree)
        if select is None and tree.cursor_node is not None and tree.cursor_node.data is not None:
            select = (tree.cursor_node.data.kind, tree.cursor_node.data.id)
        expanded = {node.data.id for node in walk(tree.root) if node.data is not None and node.is_expanded}
        overview = self.overview = self.service.overview()
        self.completed = self.service.store.completed()
        lang = self.lang
        self.fresh = overview.done == 0 and self.resume == self._first_target()
        tree.clear()
        self._labels.clear()
        self._unfilled.clear()
        self._tree_width = self._label_width()

        target: TreeNode[MapItem] | None = None
        for chapter in overview.chapters:
            done = sum(s.done for s in chapter.lessons)
            total = sum(s.total for s in chapter.lessons)
            chapter_item = MapItem("chapter", str(chapter.number))
            chapter_node = self._add(
                tree.root,
                (
                    Text(f"{chapter.number}. ", style="bold"),
                    Text(local(chapter.title, lang), style="bold"),
                    Text(f"  {done}/{total}"),  # not dim: on the highlighted row of the light theme that is 2.3:1
                    2,
                ),
                chapter_item,
                expand=True,
            )
            for status in chapter.lessons:
                lesson = status.lesson
                sign, style = lesson_mark(status.done, status.total)
                parts = (
                    Text(f"{sign} ", style=style),
                    Text(local(lesson.title, lang)),
                    Text(f"  {status.done}/{status.total}"),
                    4,
                )
                node = self._add(chapter_node, parts, MapItem("lesson", lesson.id), leaf=not lesson.exercises)
                self._unfilled[node.id] = lesson
                if select == ("lesson", lesson.id):
                    target = node
                chosen = select is not None and select[0] == "exercise" and select[1].partition("/")[0] == lesson.id
                if lesson.id in expanded or chosen:
                    tree.open_node(node)
                if chosen:
                    assert select is not None
                    target = next((c for c in node.children if c.data and c.data.id == select[1]), target)
            if select == ("chapter", chapter_item.id):
                target = chapter_node
        self._render_header()
        if target is None and tree.root.children and tree.root.children[0].children:
            target = tree.root.children[0].children[0]
        tree.pending = target
        if target is not None:
            self.call_after_refresh(self._move_to, target)
        self._render_details(target.data if target is not None else None)
        if self.tutor.isolation_warning:
            self.query_one(Banner).warn(*self.tutor.isolation_warning)
        self.query_one(KeyBar).set_lang(lang)

    def _add(
        self, parent: TreeNode[MapItem], parts: LabelParts, item: MapItem, *, leaf: bool = False, expand: bool = False
    ) -> TreeNode[MapItem]:
        """A node under `parent`, its label cut to the tree's width as it is now (uncut before the first layout:
        `_refit` cuts it then), its parts kept for `_refit`."""
        node = parent.add(self._label(parts), data=item, expand=expand, allow_expand=not leaf)
        self._labels[node.id] = parts
        return node

    def _label(self, parts: LabelParts) -> Text:
        """A label cut to the tree's width as last measured (uncut before the first layout)."""
        head, title, tail, indent = parts
        width = self._tree_width
        return tree_label(head, title, tail, width - indent if width > 0 else None)

    def _fill(self, node: TreeNode[MapItem]) -> None:
        """Make a lesson node's exercise nodes, once."""
        lesson = self._unfilled.pop(node.id, None)
        if lesson is None:
            return
        for exercise in lesson.exercises:
            done = exercise.global_id in self.completed
            mark = Text("✔ " if done else "○ ", style="green" if done else "dim")
            parts = (mark, Text(local(exercise.title, self.lang)), Text(""), 4)
            self._add(node, parts, MapItem("exercise", exercise.global_id), leaf=True)

    def _move_to(self, node: TreeNode[MapItem]) -> None:
        tree = self.query_one(CourseTree)
        if tree.pending is not node:
            return  # Enter already opened it, or a later redraw moves the cursor elsewhere
        tree.pending = None
        tree.move_cursor(node)
        tree.scroll_to_node(node, animate=False)

    def _resume_target(self) -> tuple[str, str] | None:
        """Where to continue, as (lesson id, exercise id) with the lesson being the exercise's own."""
        try:
            _, global_id = self.service.resume_target()
        except LookupError:  # no lessons
            return None
        return global_id.partition("/")[0], global_id

    def _first_target(self) -> tuple[str, str] | None:
        lessons = self.service.course.lessons
        if not lessons:
            return None
        return lessons[0].id, lessons[0].exercises[0].global_id

    def _render_header(self) -> None:
        overview = self.overview
        assert overview is not None
        lang = self.lang
        header = Text()
        header.append("shelltutor", style="bold")
        header.append("  " + local(self.service.course.title, lang) + "\n")
        header.append_text(progress_bar(overview.done, overview.total))
        header.append("  " + tr("map.progress", lang, done=overview.done, total=overview.total))
        problems = len(self.service.course.problems)
        if problems:
            header.append("\n⚠ " + tr("map.problems", lang, count=problems), style="bold yellow")
        self.query_one("#map-header", Static).update(header)
        welcome = self.query_one("#welcome", Static)
        if not self.service.course.lessons:
            welcome.update(tr("map.no_lessons", lang))
        elif self.fresh:
            welcome.update(Text(tr("map.welcome", lang)))
        elif self.resume is not None:
            exercise = self.service.course.exercise(self.resume[1])
            name = local(exercise.title, lang) if exercise is not None else self.resume[1]
            welcome.update(Text(tr("map.welcome_back", lang, exercise=name)))

    def _render_details(self, item: MapItem | None) -> None:
        details = self.query_one("#details", Static)
        lesson = self._lesson_of(item)
        if lesson is None:
            details.update("")
            return
        lang = self.lang
        parts: list[RenderableType] = [
            Text(local(lesson.title, lang), style="bold"),
            Text(""),
            inline_markdown(local(lesson.summary, lang)),
            Text(""),
            Text(tr("map.exercises", lang), style="bold underline"),
        ]
        for number, exercise in enumerate(lesson.exercises, 1):
            done = exercise.global_id in self.completed
            line = Text(f"{number}. ")
            line.append("✔ " if done else "○ ", style="green" if done else "dim")
            line.append(local(exercise.title, lang), style="bold" if item and item.id == exercise.global_id else "")
            parts.append(line)
        target = self._open_target(item)
        if target is not None:
            opens = self.service.course.exercise(target)
            if opens is not None:
                parts.append(Text(""))
                parts.append(Text("⏎ " + tr("map.open_at", lang, exercise=local(opens.title, lang)), style="italic"))
        details.update(Group(*parts))

    def _lesson_of(self, item: MapItem | None) -> Lesson | None:
        if item is None or item.kind == "chapter":
            return None
        lesson_id = item.id.partition("/")[0]
        return self.service.course.lesson(lesson_id)

    def _open_target(self, item: MapItem | None) -> str | None:
        """The exercise Enter opens: the exercise itself, or the lesson's resume point or first unfinished one."""
        if item is None or item.kind == "chapter":
            return None
        if item.kind == "exercise":
            return item.id
        if self.resume is not None and self.resume[0] == item.id and not self.service.is_completed(self.resume[1]):
            return self.resume[1]
        return self.service.first_unfinished(item.id)

    # --- events and actions ---

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[MapItem]) -> None:
        self._render_details(event.node.data)
        self._prepare_soon()

    def _prepare_soon(self) -> None:
        """Prepare what Enter would open once the cursor rests (scrolling past lessons starts nothing)."""
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(PREPARE_AFTER_SECONDS, self._prepare_selected)

    def _prepare_selected(self) -> None:
        self._prepare_timer = None
        if self.app.screen is not self:
            return  # a lesson or a dialog is on top: it prepares what it needs
        node = self.query_one(CourseTree).cursor_node
        self.tutor.prepare(self._open_target(node.data if node is not None else None))

    def on_tree_node_selected(self, event: Tree.NodeSelected[MapItem]) -> None:
        event.stop()
        item = event.node.data
        if item is None:
            return
        if item.kind == "chapter":
            event.node.toggle()
            drop = getattr(self.app, "drop_typeahead", None)
            if callable(drop):
                drop()  # Enter folded a chapter: nothing opens, keys typed now are for the map
            return
        target = self._open_target(item)
        if target is not None:
            self.tutor.open_exercise(target)

    def action_reset(self) -> None:
        """R: reset the selected lesson's or exercise's progress, after asking."""
        node = self.query_one(CourseTree).cursor_node
        item = node.data if node is not None else None
        if item is None or item.kind == "chapter":
            return
        lang = self.lang
        if item.kind == "lesson":
            lesson = self.service.course.lesson(item.id)
            if lesson is None:
                return
            done = sum(self.service.is_completed(e.global_id) for e in lesson.exercises)
            if not done:
                self.notify(tr("map.nothing_to_reset", lang, title=local(lesson.title, lang)))
                return
            question = tr("map.reset_lesson_q", lang, title=local(lesson.title, lang), done=done)
        else:
            exercise = self.service.course.exercise(item.id)
            if exercise is None:
                return
            if not self.service.is_completed(item.id):
                self.notify(tr("map.nothing_to_reset", lang, title=local(exercise.title, lang)))
                return
            question = tr("map.reset_exercise_q", lang, title=local(exercise.title, lang))

        from shelltutor.tui.screens.confirm import ConfirmScreen  # not needed to draw the map

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if item.kind == "lesson":
                self.service.reset_lesson(item.id)
            else:
                self.service.reset_exercise(item.id)
            self.resume = self._resume_target()
            self.refresh_overview()
            self.notify(tr("map.reset_done", self.lang))

        self.app.push_screen(ConfirmScreen(question), answered)
