"""Rules with a wildcard in the middle of the path, all at once: one walk down the directory tree.

A GENERAL shape (shapes.py) is a list of segments: a literal name, a glob, or '**'
(any number of directories). All of an engine's GENERAL shapes are compiled together
into one automaton over directory names. A state is (rule, how many segments the
path so far has matched); a directory's set of states is computed from its parent's
and its own name, and since most directories share their set with many others, each
distinct step (a set, the classes of names that set waits for) is computed once and
remembered. A directory then costs a few dictionary lookups, whatever the number of
rules, and only files in a directory where some rule waits for its last segment are
looked at, one lookup of their name each: what each rule accepts costs in proportion
to the directories and files it can match, never files x depth x rules.

A floating rule (`**/a/**/b`) waits for its first segment everywhere: those states
are kept once, beside every set, not in each.
"""
from __future__ import annotations

from ownlint.matching.filetree import FileTree
from ownlint.matching.shapes import Mode, Segment, Shape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable, Optional, Sequence, Union

SPAN = "**"  # zero or more directories
WILD = "*"  # exactly one name, any
Key = tuple[str, str]  # Segment.key: what a literal or glob segment accepts
Step = tuple[int, int]  # (rule, segments matched)


class _Rule:
    def __init__(self, shape: Shape) -> None:
        assert shape.segments is not None
        segments: list[Segment] = list(shape.segments)
        # A trailing '**' (a directory-only pattern): the directories just beneath a
        # match of the rest, which cover the same files as every directory beneath it.
        self.steps: list[Union[str, Segment]] = [SPAN] if shape.floating else []
        for position, segment in enumerate(segments):
            if segment.spans:
                self.steps.append(WILD if position == len(segments) - 1 else SPAN)
            elif segment.glob is not None and segment.glob.everything:
                self.steps.append(WILD)
            else:
                self.steps.append(segment)
        self.size = len(self.steps)
        self.dirs = Mode.DIR in shape.mode
        self.files = Mode.SELF in shape.mode
        self.key = (shape.floating, shape.mode, tuple(s if isinstance(s, str) else s.key for s in self.steps))


class _Set:
    """One set of states, with what it waits for: per name key, the states a name
    of that key advances to; the states any name advances to; the rules it accepts."""

    __slots__ = ("states", "waits", "wild", "accepts", "last", "last_wild")

    def __init__(self, states: frozenset[Step], rules: Sequence[_Rule]) -> None:
        self.states = states
        self.waits: dict[Key, list[Step]] = {}
        self.wild: list[Step] = []
        self.accepts: list[int] = []  # rules whose whole entry test this path passes
        self.last: dict[Key, list[int]] = {}  # rules a file of that name key would pass
        self.last_wild: list[int] = []
        for rule, done in states:
            steps = rules[rule].steps
            if done == len(steps):
                if rules[rule].dirs:
                    self.accepts.append(rule)
                continue
            step = steps[done]
            if step == SPAN:  # kept by every name: the frame that holds it says so
                continue
            final = done == len(steps) - 1 and rules[rule].files
            if step == WILD:
                self.wild.append((rule, done + 1))
                if final:
                    self.last_wild.append(rule)
            else:
                assert isinstance(step, Segment)
                self.waits.setdefault(step.key, []).append((rule, done + 1))
                if final:
                    self.last.setdefault(step.key, []).append(rule)


class _Frames:
    """The frames above a directory: the sets waiting on a '**', which every directory
    beneath keeps. One node serves every directory beneath the one that added its last
    frame, and a child node grows it by one frame. What a file would pass is merged into
    one lookup (a directory has a few files and many descendants); what a directory's
    name advances is asked of each frame that waits for a name (merging those would
    copy every rule's next segment into every node, hundreds of megabytes on a million
    files)."""

    __slots__ = ("sets", "waiting", "wild", "accepts", "last", "last_wild")

    def __init__(self, sets: tuple[_Set, ...] = (), parent: Optional[_Frames] = None) -> None:
        self.sets = sets
        # Shared with the parent where the new frame adds nothing (read, never changed).
        self.waiting: tuple[dict[Key, list[Step]], ...] = parent.waiting if parent else ()
        self.last: dict[Key, list[int]] = parent.last if parent else {}
        self.wild: list[Step] = parent.wild if parent else []
        self.accepts: list[int] = parent.accepts if parent else []
        self.last_wild: list[int] = parent.last_wild if parent else []
        if sets:
            added = sets[-1]
            if added.waits:
                self.waiting = (*self.waiting, added.waits)
            if added.last:
                self.last = dict(self.last)
                for key, rules in added.last.items():
                    self.last[key] = self.last.get(key, []) + rules
            self.wild = self.wild + added.wild
            self.accepts = self.accepts + added.accepts
            self.last_wild = self.last_wild + added.last_wild

    def adding(self, frame: Optional[_Set]) -> _Frames:
        if frame is None or frame in self.sets:
            return self
        return _Frames((*self.sets, frame), self)


# Where a directory's path leaves the automaton: the states its last name reached (a
# set that lasts one level) and the frames above it.
Place = tuple[_Set, _Frames]


class Automaton:
    """Every GENERAL shape of one engine, walked down a FileTree in one pass."""

    def __init__(self, shapes: Sequence[Shape]) -> None:
        self.rules: list[_Rule] = []
        self.owners: list[list[int]] = []  # per automaton rule, the positions of its shapes
        seen: dict[object, int] = {}
        for position, shape in enumerate(shapes):
            rule = _Rule(shape)
            found = seen.get(rule.key)
            if found is None:
                found = seen[rule.key] = len(self.rules)
                self.rules.append(rule)
                self.owners.append([])
            self.owners[found].append(position)
        segments = [s for rule in self.rules for s in rule.steps if isinstance(s, Segment)]
        self.literals = {s.key for s in segments if s.literal is not None}
        self.globs = {s.key: s for s in segments if s.glob is not None}
        finals = [rule.steps[-1] for rule in self.rules if rule.files]
        self.final_literals = {s.key for s in finals if isinstance(s, Segment) and s.literal is not None}
        self.final_globs = {s.key: s for s in finals if isinstance(s, Segment) and s.glob is not None}
        self._sets: dict[frozenset[Step], _Set] = {}
        self._steps: dict[frozenset[Step], tuple[_Set, Optional[_Set]]] = {}

    def _closed(self, states: Iterable[Step]) -> set[Step]:
        """The states and those reached past a '**' matching no directory."""
        found = set(states)
        pending = list(found)
        while pending:
            rule, done = pending.pop()
            steps = self.rules[rule].steps
            if done < len(steps) and steps[done] == SPAN and (rule, done + 1) not in found:
                found.add((rule, done + 1))
                pending.append((rule, done + 1))
        return found

    def _set(self, states: frozenset[Step]) -> _Set:
        found = self._sets.get(states)
        if found is None:
            found = self._sets[states] = _Set(states, self.rules)
        return found

    def _step(self, reached: Iterable[Step]) -> tuple[_Set, Optional[_Set]]:
        """The set a name reaches, split: what lasts one level, and a frame of what
        waits on a '**' (None when nothing does). Remembered: many names reach the same."""
        key = frozenset(reached)
        found = self._steps.get(key)
        if found is None:
            closed = self._closed(key)
            spans = frozenset(s for s in closed if s[1] < self.rules[s[0]].size and self.rules[s[0]].steps[s[1]] == SPAN)
            if spans:
                framed = self._closed(spans)
                found = (self._set(frozenset(closed - framed)), self._set(frozenset(framed)))
            else:
                found = (self._set(frozenset(closed)), None)
            self._steps[key] = found
        return found

    def _enter(self, frames: _Frames, reached: list[Step]) -> Place:
        level, frame = self._step(reached)
        return level, frames.adding(frame)

    def hits(self, tree: FileTree) -> tuple[list[list[str]], list[list[int]]]:
        """Per automaton rule, the directories and the file numbers its entry test accepts."""
        dirs: list[list[str]] = [[] for _ in self.rules]
        files: list[list[int]] = [[] for _ in self.rules]
        if not self.rules:
            return [], []
        dir_keys = self._name_keys(tree.dir_names, tree, self.literals, self.globs, files=False)
        file_keys = self._name_keys(tree.name_counts, tree, self.final_literals, self.final_globs, files=True)
        # Per file number, the keys of its name (None: no rule's last segment takes it).
        keyed: list[Optional[list[Key]]] = list(map(file_keys.get, tree.names)) if file_keys else []
        runs = tree.runs

        def visit(directory: str, level: _Set, frames: _Frames) -> None:
            if directory:  # the root is no candidate
                for accepts in (level.accepts, frames.accepts):
                    for rule in accepts:
                        dirs[rule].append(directory)
            lasts = [last for last in (frames.last, level.last) if last] if file_keys else []
            wild = frames.last_wild + level.last_wild if level.last_wild else frames.last_wild
            if not lasts and not wild:
                return
            for start, stop in runs.get(directory, ()):
                for rule in wild:
                    files[rule].extend(range(start, stop))
                if not lasts:
                    continue
                for number in range(start, stop):
                    keys = keyed[number]
                    if keys is not None:
                        for key in keys:
                            for last in lasts:
                                for rule in last.get(key, ()):
                                    files[rule].append(number)

        floating = [(number, 0) for number, rule in enumerate(self.rules) if rule.steps[0] == SPAN]
        anchored = [(number, 0) for number, rule in enumerate(self.rules) if rule.steps[0] != SPAN]
        top = self._enter(_Frames(), floating)[1]  # the floating rules wait everywhere
        root = self._enter(top, anchored)
        visit("", *root)
        empty = self._set(frozenset())
        children = tree.children
        # Depth first, each directory handed its parent's place: a place (and its frames)
        # lives only while directories beneath it wait, not for the whole walk.
        pending = [(child, root) for child in children.get("", ())]
        while pending:
            directory, (level, frames) = pending.pop()
            keys = dir_keys.get(directory[directory.rfind("/") + 1:], ())
            reached = level.wild + frames.wild
            for key in keys:
                reached += level.waits.get(key, ())
                for waits in frames.waiting:
                    reached += waits.get(key, ())
            place = self._enter(frames, reached) if reached else (empty, frames)
            visit(directory, *place)
            pending.extend((child, place) for child in children.get(directory, ()))
        # A state reached twice on one path (through two frames) finds its paths twice.
        return [sorted(set(found)) for found in dirs], [sorted(set(found)) for found in files]

    @staticmethod
    def _name_keys(index: Iterable[str], tree: FileTree, literals: set[Key], globs: dict[Key, Segment],
                   files: bool) -> dict[str, list[Key]]:
        """For each name (of a directory, or of a file) that some segment accepts, the keys of those segments."""
        keys: dict[str, list[Key]] = {}
        for kind, literal in literals:
            if literal in index:
                keys.setdefault(literal, []).append((kind, literal))
        for key, segment in globs.items():
            assert segment.glob is not None
            names = (tree.file_name_index if files else tree.dir_name_index).glob(segment.glob)
            for name in names:
                keys.setdefault(name, []).append(key)
        return keys


def general_hits(shapes: Sequence[Shape], tree: FileTree) -> list[tuple[list[str], list[int]]]:
    """Per GENERAL shape, in order, the directories and file numbers its entry test accepts."""
    automaton = Automaton(shapes)
    dirs, files = automaton.hits(tree)
    found: list[Optional[tuple[list[str], list[int]]]] = [None] * len(shapes)
    for rule, positions in enumerate(automaton.owners):
        for position in positions:
            found[position] = (dirs[rule], files[rule])
    return [answer if answer is not None else ([], []) for answer in found]
