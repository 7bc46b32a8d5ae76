"""Owners recorded inside files, and vocabularies of team names: read once per run, cached per file.

A declaring file is read only when a source's patterns select it, only where a
cheap text test says its key can be there, and only when its path, size or
modification time changed since the last run (the values are kept in the cache)."""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Sequence

from ownlint.errors import OwnlintError
from ownlint.findings import INVALID_YAML, Finding
from ownlint.formats.yamlio import MAX_YAML_BYTES, UndecodableText, read_text
from ownlint.model.declarations import DIRECTORY, Reader, Source, Vocabulary

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ownlint.matching.engine import FileTree
    from ownlint.model.config import Config
    from ownlint.sources.files import FileSource

# A value that is a template, not a name: Go/Jinja/Helm, hiera, Terraform/shell, ERB.
_TEMPLATE = re.compile(r"\{\{|%\{|\$\{|<%")
# Regex groups name several owners joined by commas or '|'.
_SEPARATOR = re.compile(r"[,|]")
_TRIM = " \t'\""
PLAIN, BLOCK, TEXT = "plain", "block", "text"
# A name that stays a plain YAML scalar in block and flow context (spaces inside allowed).
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ ./@-]*(?<! )$")


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


@dataclass(frozen=True)
class Value:
    """One owner or team name as a file writes it, where it writes it."""

    text: str  # the name (a regex part: trimmed of whitespace and quotes)
    line: int
    column: int  # 1-based; of the opening quote where the YAML scalar is quoted
    style: str  # PLAIN, "'", '"', BLOCK (a YAML | or > scalar) or TEXT (a regex match)

    def edit(self, new: str) -> Optional[tuple[int, int, str, str]]:
        """The text edit (line, column, old, new) that writes `new` in place of this value,
        in the same quoting; None for a block scalar, which is left to a person."""
        if self.style == BLOCK:
            return None
        if self.style == "'":
            return self.line, self.column, "'" + self.text.replace("'", "''") + "'", "'" + new.replace("'", "''") + "'"
        if self.style == '"':
            return self.line, self.column, '"' + _escaped(self.text) + '"', '"' + _escaped(new) + '"'
        if self.style == PLAIN and not _PLAIN.match(new):
            return self.line, self.column, self.text, '"' + _escaped(new) + '"'
        return self.line, self.column, self.text, new


@dataclass(frozen=True)
class FileValues:
    """What one reader found in one file."""

    values: tuple[Value, ...] = ()
    templates: int = 0  # values skipped as templates: the file records an owner, just not a name
    problem: Optional[Finding] = None  # OWN001: the file could not be read

    @property
    def records(self) -> bool:
        return bool(self.values) or self.templates > 0


@dataclass(frozen=True)
class Declaration:
    """The owners one source finds in one file, and the paths they speak for."""

    source: Source
    file: str
    values: tuple[Value, ...]
    row: Optional[int]  # the declaring file's row in the ownership table

    @property
    def directory(self) -> Optional[str]:
        """The folder a `covers: directory` declaration speaks for ('' is the root); None for a file."""
        if self.source.covers != DIRECTORY:
            return None
        return self.file.rsplit("/", 1)[0] if "/" in self.file else ""


@dataclass(frozen=True)
class VocabularyValues:
    vocabulary: Vocabulary
    values: tuple[Value, ...]
    problem: Optional[Finding] = None

    @property
    def names(self) -> frozenset[str]:
        return frozenset(value.text for value in self.values)


@dataclass
class DeclaredTable:
    declarations: list[Declaration]
    missing: list[tuple[Source, str]]  # a required source's file that records no owner
    vocabularies: dict[str, VocabularyValues]
    findings: list[Finding]  # OWN001 for declaring and vocabulary files that cannot be read
    _by_file: dict[str, list[Declaration]] = field(default_factory=dict, repr=False)
    _by_directory: dict[str, list[Declaration]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for declaration in self.declarations:
            directory = declaration.directory
            if directory is None:
                self._by_file.setdefault(declaration.file, []).append(declaration)
            else:
                self._by_directory.setdefault(directory, []).append(declaration)

    def speaking_for(self, path: str) -> list[Declaration]:
        """The declarations whose owners are recorded for this path: in the file itself,
        or in a `covers: directory` file of its folder or a folder above."""
        found = list(self._by_file.get(path, ()))
        if self._by_directory:
            parts = path.split("/")
            for depth in range(len(parts) - 1, -1, -1):
                found.extend(self._by_directory.get("/".join(parts[:depth]), ()))
        return found

    def covering_directory(self, directory: str) -> list[Declaration]:
        """The `covers: directory` declarations of a folder and of every folder above it."""
        parts = directory.split("/") if directory else []
        found: list[Declaration] = []
        for depth in range(len(parts), -1, -1):
            found.extend(self._by_directory.get("/".join(parts[:depth]), ()))
        return found

    def within(self, directory: str) -> list[Declaration]:
        """The declarations made by files beneath a directory ('' is the root)."""
        prefix = directory + "/" if directory else ""
        return [d for d in self.declarations if d.file.startswith(prefix)]

    def covered_rows(self, declaration: Declaration, tree: "FileTree") -> list[int]:
        """The table rows a declaration speaks for."""
        directory = declaration.directory
        if directory is None:
            return [declaration.row] if declaration.row is not None else []
        if directory == "":
            return list(range(len(tree.files)))
        return tree.rows_beneath(directory)


def is_template(text: str) -> bool:
    return _TEMPLATE.search(text) is not None


# --- reading one file -----------------------------------------------------------


def read_values(text: str, reader: Reader, file: str) -> FileValues:
    """The values a reader finds in a file's text."""
    if reader.yaml is not None:
        return _yaml_values(text, reader, file)
    return _regex_values(text, reader)


def _yaml_values(text: str, reader: Reader, file: str) -> FileValues:
    from ownlint.formats.keypath import walk
    from ownlint.formats.yamlio import MAX_VALUES
    from ownlint.formats.yamlnodes import compose_documents

    assert reader.yaml is not None
    key = reader.yaml.last_key
    if key and key not in text:  # the cheap test: no parse for a file that cannot hold the key
        return FileValues()
    documents, problem = compose_documents(text, file)
    if problem is not None:
        return FileValues(problem=problem)
    values: list[Value] = []
    templates = 0
    budget = [MAX_VALUES]
    for document in documents:
        for node in walk(document, reader.yaml.segments, budget):
            for scalar in _scalars(node):
                value = _scalar_value(scalar)
                if value is None:
                    continue
                if is_template(value.text):
                    templates += 1
                else:
                    values.append(value)
    return FileValues(tuple(values), templates)


def _scalars(node: "Node") -> Iterator["Node"]:
    from yaml.nodes import ScalarNode, SequenceNode

    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, SequenceNode):
        yield from (item for item in node.value if isinstance(item, ScalarNode))


def _scalar_value(node: "Node") -> Optional[Value]:
    style = getattr(node, "style", None)
    if style is None and str(node.tag).endswith(":null"):
        return None  # `key:`, `~`, `null`: no owner written
    text = str(node.value)
    if style in ("|", ">"):
        text, kind = text.strip(), BLOCK
    else:
        kind = style if style in ("'", '"') else PLAIN
    if not text.strip():
        return None
    mark = node.start_mark
    return Value(text, mark.line + 1, mark.column + 1, kind)


def _regex_values(text: str, reader: Reader) -> FileValues:
    pattern = reader.compiled()
    values: list[Value] = []
    templates = 0
    for number, line in enumerate(text.split("\n"), 1):
        line = line[:-1] if line.endswith("\r") else line
        for match in pattern.finditer(line):
            group = match.group(reader.group)
            if group is None:
                continue
            start = match.start(reader.group)
            for part in _parts(group):
                offset, name = part
                if is_template(name):
                    templates += 1
                else:
                    values.append(Value(name, number, start + offset + 1, TEXT))
    return FileValues(tuple(values), templates)


def _parts(group: str) -> Iterator[tuple[int, str]]:
    """Each comma- or '|'-separated part, trimmed of whitespace and quotes, with its offset."""
    position = 0
    for piece in _SEPARATOR.split(group):
        stripped = piece.lstrip(_TRIM)
        name = stripped.rstrip(_TRIM)
        if name:
            yield position + len(piece) - len(stripped), name
        position += len(piece) + 1


def read_file(source: "FileSource", file: str, reader: Reader) -> FileValues:
    """Read one file of the repository as the source holds it (the working tree, git's
    index or a revision); what cannot be read is one OWN001 finding."""
    from ownlint.sources.files import WorkingTree

    if not isinstance(source, WorkingTree):
        return _read_git_file(source, file, reader)
    root = source.root
    path = root / file
    try:
        source.resolve(file)  # not through a linked folder out of the root or into .git/
        info = os.lstat(path)
    except OSError:  # PathRefused too
        return FileValues()
    if not stat.S_ISREG(info.st_mode):
        return FileValues()  # a symlink, a submodule, a directory: nothing of its own to read
    if info.st_size > MAX_YAML_BYTES:
        return FileValues(problem=Finding(
            file, 1, 1, INVALID_YAML, f"file is {info.st_size} bytes, over the limit of {MAX_YAML_BYTES}"))
    try:
        text = read_text(path, file)
    except UndecodableText as error:
        return FileValues(problem=Finding(file, error.line or 1, error.column or 1, INVALID_YAML, error.message))
    except OwnlintError as error:
        return FileValues(problem=Finding(file, 1, 1, INVALID_YAML, error.message))
    return read_values(text, reader, file)


def _read_git_file(source: "FileSource", file: str, reader: Reader) -> FileValues:
    from ownlint.sources.files import decode

    try:
        raw = source.read_bytes(file, MAX_YAML_BYTES)
    except OwnlintError as error:  # over the limit, or not a file
        if "over the limit" not in error.message:
            return FileValues()
        return FileValues(problem=Finding(file, 1, 1, INVALID_YAML, error.message))
    if raw is None:
        return FileValues()
    try:
        text = decode(raw, file)
    except UndecodableText as error:
        return FileValues(problem=Finding(file, error.line or 1, error.column or 1, INVALID_YAML, error.message))
    return read_values(text, reader, file)


# --- the per-file cache ---------------------------------------------------------

Stamp = tuple[int, int]  # size, modification time (ns)


def _modules_digest() -> str:
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in ("tables/declared.py", "formats/keypath.py", "formats/yamlnodes.py", "formats/yamlio.py"):
        try:
            digest.update((package / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


class FileCache:
    """Per reader, path -> (size, mtime, values): a warm run reads only what changed."""

    def __init__(self, source: "FileSource", enabled: bool) -> None:
        from ownlint.sources.files import WorkingTree

        self.source = source
        self.root = source.root
        # Only the working tree has stamps to trust; git's objects are read as they are.
        self.enabled = enabled and isinstance(source, WorkingTree)
        self._entries: dict[str, dict[str, tuple[Stamp, FileValues]]] = {}
        self._dirty: set[str] = set()
        self._digest = _modules_digest() if enabled else ""

    def _key(self, reader: Reader) -> str:
        from ownlint.formats import cache

        return cache.key_of("declared", [str(self.root), reader.signature, self._digest])

    def _entries_of(self, reader: Reader) -> dict[str, tuple[Stamp, FileValues]]:
        signature = reader.signature
        entries = self._entries.get(signature)
        if entries is None:
            entries = {}
            if self.enabled:
                from ownlint.formats import cache

                stored = cache.load_json("declared", self._key(reader))
                if stored is not None:
                    try:
                        entries = _entries_from_data(stored)
                    except (TypeError, ValueError):  # not what this ownlint stores: read again
                        entries = {}
            self._entries[signature] = entries
        return entries

    def values(self, file: str, reader: Reader) -> FileValues:
        if not self.enabled:
            return read_file(self.source, file, reader)
        entries = self._entries_of(reader)
        try:
            info = os.lstat(self.root / file)
            stamp: Optional[Stamp] = (info.st_size, info.st_mtime_ns)
        except OSError:
            stamp = None
        known = entries.get(file)
        if known is not None and stamp is not None and known[0] == stamp:
            return known[1]
        found = read_file(self.source, file, reader)
        if stamp is not None and self.enabled:
            entries[file] = (stamp, found)
            self._dirty.add(reader.signature)
        return found

    def save(self, readers: Iterable[Reader]) -> None:
        if not self.enabled:
            return
        from ownlint.formats import cache

        for reader in readers:
            if reader.signature in self._dirty:
                cache.store_json("declared", self._key(reader), _entries_to_data(self._entries[reader.signature]))
                self._dirty.discard(reader.signature)


def _entries_to_data(entries: dict[str, tuple[Stamp, FileValues]]) -> dict[str, Any]:
    """Per file: its stamp, then what was found, as JSON the cache can hold (never a pickle)."""
    data: dict[str, Any] = {}
    for file, ((size, mtime), found) in entries.items():
        problem = found.problem
        data[file] = [
            size, mtime, [[v.text, v.line, v.column, v.style] for v in found.values], found.templates,
            None if problem is None else [problem.line, problem.column, problem.message],
        ]
    return data


def _entries_from_data(data: Any) -> dict[str, tuple[Stamp, FileValues]]:
    """What _entries_to_data wrote; ValueError for anything of another shape."""
    if not isinstance(data, dict):
        raise ValueError("not cached declarations")
    entries: dict[str, tuple[Stamp, FileValues]] = {}
    for file, (size, mtime, values, templates, problem) in data.items():
        found = FileValues(
            tuple(Value(_str(text), _number(line), _number(column), _str(style)) for text, line, column, style in values),
            _number(templates, 0),
            None if problem is None else Finding(
                file, _number(problem[0]), _number(problem[1]), INVALID_YAML, _str(problem[2])
            ),
        )
        entries[_str(file)] = ((_number(size, 0), _number(mtime, 0)), found)
    return entries


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _number(value: Any, least: int = 1) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise ValueError("not a number")
    return value


# --- the table ------------------------------------------------------------------


def _selected(source: Source, tree: "FileTree") -> list[int]:
    """The rows of the files a source's patterns select, less those its exclude takes out."""
    from ownlint.matching.engine import Engine
    from ownlint.matching.patterns import parse_pattern

    def rows(patterns: Sequence[str]) -> set[int]:
        engine = Engine([(index, parse_pattern(text)) for index, text in enumerate(patterns)])
        found: set[int] = set()
        for index in range(len(patterns)):
            found.update(engine.rows(index, tree))
        return found

    chosen = rows(source.files)
    if source.exclude and chosen:
        chosen -= rows(source.exclude)
    return sorted(chosen)


def build_declared(
    config: "Config", files: Sequence[str], tree: "FileTree", use_cache: bool = False, folder_files: Sequence[str] = (),
    file_source: "Optional[FileSource]" = None,
) -> DeclaredTable:
    """Read every declaration source's values from the files (the ownership table's rows)
    it selects, and every vocabulary; a vocabulary file that does not exist stops the run.

    folder_files: files outside a partial table whose `covers: directory` declarations
    can speak for its paths; they are read, never checked themselves."""
    from ownlint.sources.files import WorkingTree

    files_from = file_source if file_source is not None else WorkingTree(config.root)
    sources, vocabularies = config.declarations, config.vocabularies
    for vocabulary in vocabularies:
        if not files_from.is_file(vocabulary.file):
            raise OwnlintError(f"vocabularies: '{vocabulary.file}' (of '{vocabulary.name}') does not exist",
                               config.file, vocabulary.line, vocabulary.column)
    cache = FileCache(files_from, use_cache)
    declarations: list[Declaration] = []
    missing: list[tuple[Source, str]] = []
    findings: list[Finding] = []
    broken: set[str] = set()
    for source in sources:
        for row in _selected(source, tree):
            file = files[row]
            found = cache.values(file, source.reader)
            if found.problem is not None:
                if file not in broken:  # one finding per broken file, however many sources read it
                    broken.add(file)
                    findings.append(found.problem)
                continue
            if found.values:
                declarations.append(Declaration(source, file, found.values, row))
            elif source.required and not found.records:
                missing.append((source, file))
    if folder_files:
        from ownlint.matching.engine import FileTree

        folder_tree = FileTree(folder_files)
        for source in sources:
            if source.covers != DIRECTORY:
                continue
            for row in _selected(source, folder_tree):
                found = cache.values(folder_files[row], source.reader)
                if found.values:
                    declarations.append(Declaration(source, folder_files[row], found.values, None))
    read: dict[str, VocabularyValues] = {}
    for vocabulary in vocabularies:
        found = cache.values(vocabulary.file, vocabulary.reader)
        if found.problem is not None and vocabulary.file not in broken:
            broken.add(vocabulary.file)
            findings.append(found.problem)
        read[vocabulary.name] = VocabularyValues(vocabulary, found.values, found.problem)
    cache.save([s.reader for s in sources] + [v.reader for v in vocabularies])
    return DeclaredTable(declarations, missing, read, findings)
