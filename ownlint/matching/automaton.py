"""Rules with a wildcard in the middle of the path, all at once: one walk down the directory tree.

A GENERAL shape (shapes.py) is a list of segments: a literal name, a glob, or '**'
(any number of directories). All of an engine's GENERAL shapes are compiled together
into one automaton over directory names. A state is (rule, how many segments the
path so far has matched); a directory's set of states is computed from its parent's
and its own name, and since most directories share their set with many others, each
distinct step (a set, the classes of names that set waits for) is computed once and
remembered. A directory then costs a few dictionary lookups, whatever the number of
rules, and siblings whose names are of one class share their step. The walk touches
no file: it notes where a set that waits for a file's name applies (a level: the
files of its directories; a frame: every file beneath the directories that added
it), and each such set then finds its files in one pass over those runs of file
numbers, in C: what each rule accepts costs in proportion to the directories and
files it can match, never files x depth x rules.

A floating rule (`**/a/**/b`) waits for its first segment everywhere: those states
are kept once, beside every set, not in each.
"""
from __future__ import annotations

from array import array
from collections import deque
from itertools import chain, compress, islice
from operator import eq, ge

from ownlint.matching.filetree import FileTree, prefixed
from ownlint.matching.shapes import Mode, Segment, Shape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable, Optional, Sequence, Union

SPAN = "**"  # zero or more directories
WILD = "*"  # exactly one name, any
Key = tuple[str, str]  # Segment.key: what a literal or glob segment accepts
Step = tuple[int, int]  # (rule, segments matched)
# From this many files, the walk is shared with a forked child (two cores): below it,
# the fork and the answer's way back cost more than half a walk saves.
HALVED_FROM = 250_000


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

    __slots__ = ("states", "waits", "wild", "accepts", "last", "last_wild", "passes")

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
        self.passes = bool(self.last or self.last_wild)  # some file may pass one of its rules


class _Frames:
    """The frames above a directory: the sets waiting on a '**', which every directory
    beneath keeps. One node serves every directory beneath the one that added its last
    frame, and a child node grows it by one frame. What a directory's name advances is
    asked of each frame that waits for a name (merging those would copy every rule's
    next segment into every node, hundreds of megabytes on a million files); what a
    file passes through a frame is found once per frame, over the files beneath the
    directory that added it (see Automaton.hits), not file by file in the walk."""

    __slots__ = ("sets", "waiting", "wild", "accepts")

    def __init__(self, sets: tuple[_Set, ...] = (), parent: Optional[_Frames] = None) -> None:
        self.sets = sets
        # Shared with the parent where the new frame adds nothing (read, never changed).
        self.waiting: tuple[dict[Key, list[Step]], ...] = parent.waiting if parent else ()
        self.wild: list[Step] = parent.wild if parent else []
        self.accepts: list[int] = parent.accepts if parent else []
        if sets:
            added = sets[-1]
            if added.waits:
                self.waiting = (*self.waiting, added.waits)
            if added.wild:
                self.wild = self.wild + added.wild
            if added.accepts:
                self.accepts = self.accepts + added.accepts

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
        self._empty = self._set(frozenset())

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

    def _move(self, level: _Set, frames: _Frames, keys: Sequence[Key]) -> Place:
        """The place of a directory beneath this one whose name has these keys."""
        reached = level.wild + frames.wild
        for key in keys:
            reached += level.waits.get(key, ())
            for waits in frames.waiting:
                reached += waits.get(key, ())
        return self._enter(frames, reached) if reached else (self._empty, frames)

    def hits(self, tree: FileTree) -> tuple[list[list[str]], list[array[int]]]:
        """Per automaton rule, the directories and the file numbers its entry test accepts."""
        if not self.rules:
            return [], []
        # Names as classes: the keys of the segments that accept them, numbered from 1 (0: none).
        dir_classes, dir_keys = _classes(self._name_keys(tree.dir_names, tree, self.literals, self.globs, files=False))
        named = tree.dir_names
        class_of = {directory: number for name, number in dir_classes.items() for directory in named[name]}
        classes = _FileClasses(self._name_keys(tree.name_counts, tree, self.final_literals, self.final_globs, files=True), tree)
        floating = [(number, 0) for number, rule in enumerate(self.rules) if rule.steps[0] == SPAN]
        anchored = [(number, 0) for number, rule in enumerate(self.rules) if rule.steps[0] != SPAN]
        top = self._enter(_Frames(), floating)[1]  # the floating rules wait everywhere
        root_level, root_frames = self._enter(top, anchored)
        walk = _Walk(self, tree, class_of, dir_keys, classes)
        halving = len(tree.files) >= HALVED_FROM
        if halving:  # (imported here: a hook's few paths never fork, and never load it)
            from ownlint.sources.forked import Forked, spare_core

            halving = spare_core()
        # (a walk of its own: each half notes the frames its top-level directories add)
        tops = tree.children.get("") if halving else None
        below = _Walk(self, tree, class_of, dir_keys, classes).below(tops, root_level, root_frames) if tops else []
        if len(below) < 2:  # one walk from the root, in this process
            for frame in root_frames.sets:
                walk.framed[frame] = [""]
            walk.walk([("", root_level, root_frames)])
            return walk.answer()
        # Two halves of the top-level directories, one walked by a forked child: the root's
        # own files and the frames added at the root are shared out with them.
        below.sort(key=lambda entry: tree.under.get(entry[0], 0), reverse=True)
        halves: tuple[list[Entry], list[Entry]] = ([], [])
        sizes = [0, 0]
        for entry in below:
            smaller = 0 if sizes[0] <= sizes[1] else 1
            halves[smaller].append(entry)
            sizes[smaller] += tree.under.get(entry[0], 0)
        child = Forked(lambda: walk.half(halves[1], root_frames).sent())
        walk.half(halves[0], root_frames)
        if root_level.passes:
            walk.levels.setdefault(root_level, []).append("")
        for frame in root_frames.sets:
            walk.levels.setdefault(frame, []).append("")  # the root's own files, beneath each root frame
        walk.files_found()  # (before waiting: the child's half is found meanwhile)
        other = child.answer()
        if other is None:  # no child, or it failed: this process walks its half too
            other = _Walk(self, tree, class_of, dir_keys, classes).half(halves[1], root_frames).sent()
        return walk.answer(other)

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


def _classes(keys: dict[str, list[Key]]) -> tuple[dict[str, int], list[tuple[Key, ...]]]:
    """Each name's class (names of the same keys share one, numbered from 1) and each
    class's keys (class 0: none)."""
    numbers: dict[frozenset[Key], int] = {}
    found: list[tuple[Key, ...]] = [()]
    classes: dict[str, int] = {}
    for name, its in keys.items():
        number = numbers.get(frozenset(its))
        if number is None:
            number = numbers[frozenset(its)] = len(found)
            found.append(tuple(its))
        classes[name] = number
    return classes, found


def _runs_beneath(tree: FileTree, directory: str) -> list[tuple[int, int]]:
    """The files at any depth beneath a directory ('' the root), as runs of file numbers."""
    if not directory:
        return [(0, len(tree.files))] if not tree.odd else [run for found in tree.runs.values() for run in found]
    span = tree.spans.get(directory)
    if span is not None:
        return [span]
    runs = tree.runs
    return [run for below in (directory, *prefixed(tree.dirs, directory + "/")) for run in runs.get(below, ())]


class _FileClasses:
    """The files' names as classes (see _classes), and per set of states the rules a
    file of each class passes (worked out once per set: many directories share one)."""

    def __init__(self, keys: dict[str, list[Key]], tree: FileTree) -> None:
        classes, self.keys = _classes(keys)
        # Per file number, its name's class (0: no rule's last segment takes it), looked
        # up per distinct name.
        self.keyed: list[int] = list(map(tree.by_name(classes, 0).__getitem__, tree.name_numbers)) if classes else []
        self.classes_of: dict[Key, list[int]] = {}
        for kind, its in enumerate(self.keys):
            for key in its:
                self.classes_of.setdefault(key, []).append(kind)
        self._passing: dict[_Set, dict[int, tuple[int, ...]]] = {}

    def passing(self, states: _Set) -> dict[int, tuple[int, ...]]:
        found = self._passing.get(states)
        if found is None:
            lists: dict[int, list[int]] = {}
            for key, rules in states.last.items():
                for kind in self.classes_of.get(key, ()):
                    lists.setdefault(kind, []).extend(rules)
            found = self._passing[states] = {kind: tuple(dict.fromkeys(rules)) for kind, rules in lists.items()}
        return found

    def pass_files(self, states: _Set, runs: list[tuple[int, int]], files: list[array[int]]) -> None:
        """Add to files[rule] the file numbers of runs that the set's rules accept: every
        file for a rule waiting for any name, by its name's class for the others. All in
        C: the files of a class no rule waits for are passed over, the others are sorted
        into one list per class, and each class's list is added to its rules' at once."""
        runs.sort()  # (each rule's numbers ascend: sorted() then only merges a few runs)
        for rule in states.last_wild:
            for start, stop in runs:
                files[rule].extend(range(start, stop))
        passing = self.passing(states) if states.last and self.keyed else None
        if not passing:
            return
        keyed, wanted = self.keyed, passing.__contains__
        numbers = array("q", chain.from_iterable(
            compress(range(start, stop), map(wanted, keyed[start:stop])) for start, stop in runs
        ))
        if len(passing) > 1:
            by_class: dict[int, array[int]] = {kind: array("q") for kind in passing}
            deque(map(array.append, map(by_class.__getitem__, map(keyed.__getitem__, numbers)), numbers), maxlen=0)
        else:
            by_class = dict.fromkeys(passing, numbers)
        for kind, found in by_class.items():
            for rule in passing[kind]:
                files[rule] += found


# A directory waiting to be walked: its path, the set its last name reached, the frames above it.
Entry = tuple[str, "_Set", "_Frames"]


class _Walk:
    """One walk down (part of) the directory tree: the directories each rule accepts,
    and where each set's files are, then those files found (see Automaton.hits)."""

    def __init__(self, automaton: Automaton, tree: FileTree, class_of: dict[str, int],
                 dir_keys: list[tuple[Key, ...]], classes: _FileClasses) -> None:
        self.automaton, self.tree, self.class_of, self.dir_keys, self.classes = automaton, tree, class_of, dir_keys, classes
        self.dirs: list[list[str]] = [[] for _ in automaton.rules]
        # A set's rules that a file passes, and where: a level's for the files of its
        # directory, a frame's for the files at any depth beneath the directory that added it.
        self.levels: dict[_Set, list[str]] = {}
        self.framed: dict[_Set, list[str]] = {}  # (a frame is never added beneath itself: its directories are disjoint)
        self.files: Optional[list[array[int]]] = None

    def below(self, below: list[str], level: _Set, frames: _Frames) -> list[Entry]:
        """The directories just beneath one (below), each with its place (siblings of one
        class share theirs); where a child adds a frame, the frame's directories note it."""
        found: list[Entry] = []
        moves: dict[int, tuple[_Set, _Frames]] = {}
        class_of, dir_keys, framed, move = self.class_of, self.dir_keys, self.framed, self.automaton._move
        for child in below:
            kind = class_of.get(child, 0)
            place = moves.get(kind)
            if place is None:
                place = moves[kind] = move(level, frames, dir_keys[kind])
            down = place[1]
            if down is not frames:
                at = framed.get(down.sets[-1])
                if at is None:
                    framed[down.sets[-1]] = [child]
                else:
                    at.append(child)
            found.append((child, place[0], down))
        return found

    def walk(self, pending: list[Entry]) -> None:
        """Depth first from these directories, each handed its parent's place: a place
        (and its frames) lives only while directories beneath it wait, not for the whole walk."""
        dirs, levels, below, children = self.dirs, self.levels, self.below, self.tree.children
        pop, extend = pending.pop, pending.extend
        while pending:
            directory, level, frames = pop()
            if level.accepts and directory:  # (the root is no candidate)
                for rule in level.accepts:
                    dirs[rule].append(directory)
            if frames.accepts and directory:
                for rule in frames.accepts:
                    dirs[rule].append(directory)
            if level.passes:
                at = levels.get(level)
                if at is None:
                    levels[level] = [directory]
                else:
                    at.append(directory)
            inside = children.get(directory)
            if inside is not None:  # (most directories hold only files: no call for them)
                extend(below(inside, level, frames))

    def half(self, tops: list[Entry], root_frames: _Frames) -> _Walk:
        """The walk beneath some top-level directories, the root's frames over their files."""
        framed = self.framed
        for frame in root_frames.sets:
            framed.setdefault(frame, []).extend(entry[0] for entry in tops)
        for directory, _, frames in tops:
            if frames is not root_frames:
                framed.setdefault(frames.sets[-1], []).append(directory)
        self.walk(list(tops))
        return self

    def files_found(self) -> list[array[int]]:
        """Per rule, the file numbers it accepts, from the sets the walk noted (in no order)."""
        if self.files is not None:
            return self.files
        files: list[array[int]] = [array("q") for _ in self.automaton.rules]
        runs, tree, classes = self.tree.runs, self.tree, self.classes
        for level, places in self.levels.items():
            classes.pass_files(level, [run for directory in places for run in runs.get(directory, ())], files)
        for frame, places in self.framed.items():
            if frame.passes:
                classes.pass_files(frame, [run for directory in places for run in _runs_beneath(tree, directory)], files)
        self.files = files
        return files

    def sent(self) -> tuple[list[list[str]], list[bytes]]:
        """What the walk found, as a forked child sends it (see ownlint/sources/forked.py)."""
        return self.dirs, [found.tobytes() for found in self.files_found()]

    def answer(self, other: Optional[tuple[list[list[str]], list[bytes]]] = None) -> tuple[list[list[str]], list[array[int]]]:
        """Per rule, its directories and file numbers, ascending, with another walk's added."""
        dirs, files = self.dirs, self.files_found()
        if other is not None:
            for found, more in zip(dirs, other[0]):
                found += more
            for numbers, sent in zip(files, other[1]):
                numbers.frombytes(sent)
        return [_ascending(found) for found in dirs], [_ascending_numbers(found) for found in files]


def _ascending(names: list[str]) -> list[str]:
    """Sorted, each once (a state reached twice on one path, through two frames, finds
    its paths twice)."""
    names.sort()
    if any(map(eq, names, islice(names, 1, None))):
        return sorted(set(names))
    return names


def _ascending_numbers(numbers: array[int]) -> array[int]:
    """Sorted, each once, as _ascending (one C pass when they are already)."""
    if any(map(ge, numbers, islice(numbers, 1, None))):
        return array("q", sorted(set(numbers)))
    return numbers


def general_hits(shapes: Sequence[Shape], tree: FileTree) -> list[tuple[list[str], array[int]]]:
    """Per GENERAL shape, in order, the directories and file numbers its entry test accepts."""
    automaton = Automaton(shapes)
    dirs, files = automaton.hits(tree)
    found: list[Optional[tuple[list[str], array[int]]]] = [None] * len(shapes)
    for rule, positions in enumerate(automaton.owners):
        for position in positions:
            found[position] = (dirs[rule], files[rule])
    return [answer if answer is not None else ([], array("q")) for answer in found]
