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
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple, Optional, Sequence

from ownlint.errors import OwnlintError
from ownlint.findings import INVALID_YAML, Finding
from ownlint.formats.yamlio import MAX_YAML_BYTES, UndecodableText
from ownlint.model.declarations import DIRECTORY, Reader, Source, Vocabulary

if TYPE_CHECKING:
    from yaml.nodes import Node

    from ownlint.matching.filetree import FileTree
    from ownlint.model.config import Config
    from ownlint.sources.files import FileSource
    from ownlint.tables.ownership import OwnershipTable

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


class Value(NamedTuple):
    """One owner or team name as a file writes it, where it writes it (a tuple: a warm run
    makes thousands of them from the cache)."""

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


class FileValues(NamedTuple):
    """What one reader found in one file (a tuple, as Value: a warm run makes thousands)."""

    values: tuple[Value, ...] = ()
    templates: int = 0  # values skipped as templates: the file records an owner, just not a name
    problem: Optional[Finding] = None  # OWN001: the file could not be read

    @property
    def records(self) -> bool:
        return bool(self.values) or self.templates > 0


class Declaration(NamedTuple):
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
    find = reader.finder()
    values: list[Value] = []
    templates = 0
    for number, line in enumerate(text.split("\n"), 1):
        line = line[:-1] if line.endswith("\r") else line
        for group, start in find(line):
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


def values_of_bytes(raw: bytes, file: str, reader: Reader) -> FileValues:
    """The values in a file's bytes; bytes that are not UTF-8 text are one OWN001."""
    from ownlint.sources.files import decode

    if len(raw) > MAX_YAML_BYTES:
        return _too_large(file, len(raw))
    try:
        text = decode(raw, file)
    except UndecodableText as error:
        return FileValues(problem=Finding(file, error.line or 1, error.column or 1, INVALID_YAML, error.message))
    return read_values(text, reader, file)


def read_file(root: Path, file: str, reader: Reader) -> FileValues:
    """Read one file of the repository; what cannot be read is one OWN001 finding."""
    from ownlint.sources.files import WorkingTree

    path = root / file
    try:
        WorkingTree(root).resolve(file)  # not through a linked folder out of the root or into .git/
        info = os.lstat(path)
    except OSError:  # PathRefused too
        return FileValues()
    if not stat.S_ISREG(info.st_mode):
        return FileValues()  # a symlink, a submodule, a directory: nothing of its own to read
    if info.st_size > MAX_YAML_BYTES:  # told before reading it
        return _too_large(file, info.st_size)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return FileValues(problem=Finding(file, 1, 1, INVALID_YAML, error.strerror or str(error)))
    return values_of_bytes(raw, file, reader)


def _too_large(file: str, size: int) -> FileValues:
    return FileValues(problem=Finding(file, 1, 1, INVALID_YAML, f"file is {size} bytes, over the limit of {MAX_YAML_BYTES}"))


# --- the per-file cache ---------------------------------------------------------

# What the cache keeps of one file: size, mtime (ns), values as (text, line, column,
# style) tuples, templates, and an OWN001 problem as (line, column, message). Plain
# data (marshal's layout in the cache, never a pickle), checked when read back.
Packed = tuple[int, int, tuple[tuple[str, int, int, str], ...], int, Optional[tuple[int, int, str]]]


def _pack(size: int, mtime: int, found: FileValues) -> Packed:
    problem = found.problem
    return (size, mtime, tuple((v.text, v.line, v.column, v.style) for v in found.values), found.templates,
            (problem.line or 1, problem.column or 1, problem.message) if problem is not None else None)


def _unpack(file: str, packed: Packed) -> FileValues:
    _, _, values, templates, problem = packed
    return FileValues(
        tuple(map(Value._make, values)), templates,
        Finding(file, problem[0], problem[1], INVALID_YAML, problem[2]) if problem is not None else None,
    )


def _checked_entries(data: object) -> dict[str, Packed]:
    """Cached entries as _pack wrote them (tuples, which marshal keeps); ValueError for
    anything of another shape: the cache holds data, checked on read. One pass of type
    tests: a warm run checks ten thousand entries."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError("not cached declarations")
    for key, entry in data.items():
        if type(key) is not str or type(entry) is not tuple or len(entry) != 5:
            raise ValueError("not a cached file")
        size, mtime, values, templates, problem = entry
        if type(size) is not int or type(mtime) is not int or type(templates) is not int or type(values) is not tuple:
            raise ValueError("not a cached file")
        for value in values:
            if (type(value) is not tuple or len(value) != 4 or type(value[0]) is not str or type(value[1]) is not int
                    or type(value[2]) is not int or type(value[3]) is not str or value[1] < 1 or value[2] < 1):
                raise ValueError("not a cached value")
        if problem is not None and (type(problem) is not tuple or len(problem) != 3 or type(problem[0]) is not int
                                    or type(problem[1]) is not int or type(problem[2]) is not str):
            raise ValueError("not a cached problem")
    return data


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
    """Per reader, path -> what it found, keyed by size and modification time: a warm run
    stats the selected files and reads only those that changed."""

    def __init__(self, root: Path, enabled: bool) -> None:
        self.root = str(root)
        self.enabled = enabled
        self._entries: dict[str, dict[str, Packed]] = {}
        self._dirty: set[str] = set()
        self._digest = _modules_digest() if enabled else ""

    def _key(self, kind: str, *parts: str) -> str:
        from ownlint.formats import cache

        return cache.key_of(kind, [self.root, self._digest, *parts])

    def _load(self, kind: str, key: str) -> object:
        if not self.enabled:
            return None
        from ownlint.formats import cache

        return cache.load_value(kind, key)

    def _store(self, kind: str, key: str, value: object) -> None:
        if self.enabled:
            from ownlint.formats import cache

            cache.store_value(kind, key, value)

    def _entries_of(self, reader: Reader) -> dict[str, Packed]:
        entries = self._entries.get(reader.signature)
        if entries is None:
            loaded = self._load("declared", self._key("declared", reader.signature))
            try:
                entries = _checked_entries(loaded)
            except (TypeError, ValueError):  # not what this ownlint stores: read the files again
                entries = {}
            self._entries[reader.signature] = entries
        return entries

    def values(self, file: str, reader: Reader) -> FileValues:
        entries = self._entries_of(reader)
        try:
            info = os.lstat(os.path.join(self.root, file))
        except OSError:
            return FileValues()
        known = entries.get(file)
        if known is not None and known[0] == info.st_size and known[1] == info.st_mtime_ns:
            return _unpack(file, known)
        found = read_file(Path(self.root), file, reader)
        if self.enabled:
            entries[file] = _pack(info.st_size, info.st_mtime_ns, found)
            self._dirty.add(reader.signature)
        return found

    def prefetch(self, files: Sequence[str]) -> None:
        """Nothing to do for the working tree: each file is stat'ed when asked for."""

    def selection(self, table_key: Optional[str], source: Source, select: "Callable[[], list[int]]",
                  rows_in_table: int) -> list[int]:
        """The rows a source selects, kept by the table's key (which names the file list);
        an entry of another shape, or a row outside the table, is a miss."""
        if table_key is None:
            return select()
        key = self._key("declared-rows", table_key, "\0".join(source.files), "\0".join(source.exclude))
        stored = self._load("declared-rows", key)
        if isinstance(stored, list) and all(type(row) is int and 0 <= row < rows_in_table for row in stored):
            return stored
        rows = select()
        self._store("declared-rows", key, rows)
        return rows

    def save(self, readers: Iterable[Reader]) -> None:
        for reader in readers:
            if reader.signature in self._dirty:
                self._store("declared", self._key("declared", reader.signature), self._entries[reader.signature])
                self._dirty.discard(reader.signature)


class BlobCache(FileCache):
    """Declaring files as git keeps them, in its index (a pre-commit hook's `--cached`
    run) or in a revision (`ownlint diff`): their blob ids listed in one git call per
    thousand files, the blobs not seen before read in one `git cat-file --batch`, the
    values kept by blob id."""

    def __init__(self, root: Path, enabled: bool, top: Path, commit: Optional[str] = None) -> None:
        super().__init__(root, enabled)
        self.top = top
        self.commit = commit  # None: the index
        self._blobs: dict[str, Optional[str]] = {}  # root-relative path -> blob id (None: not a regular file)
        self._read: dict[str, bytes] = {}

    def prefetch(self, files: Sequence[str]) -> None:
        from ownlint.sources.files import run_git

        prefix = Path(self.root).resolve().relative_to(self.top.resolve()).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        wanted = [f for f in dict.fromkeys(files) if f not in self._blobs]
        for start in range(0, len(wanted), 1000):
            chunk = wanted[start:start + 1000]
            if self.commit is None:
                command = ["ls-files", "-s", "-z", "--", *(f":(literal){prefix}{f}" for f in chunk)]
            else:
                command = ["ls-tree", "-r", "-z", "--full-tree", self.commit, "--", *(prefix + f for f in chunk)]
            for item in run_git(self.top, *command).stdout.split(b"\0"):
                meta, _, name = item.partition(b"\t")
                if not name:
                    continue
                fields = meta.decode().split()
                mode, oid = fields[0], fields[1] if self.commit is None else fields[2]
                if self.commit is None and fields[2] not in ("0", "2"):
                    continue  # a conflict: "ours" stands for the file
                self._blobs[os.fsdecode(name)[len(prefix):]] = oid if mode in ("100644", "100755") else None
        for file in wanted:
            self._blobs.setdefault(file, None)

    def _fetch(self, oids: Sequence[str]) -> None:
        from ownlint.sources.files import run_git

        done = run_git(self.top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
        data, offset = done.stdout, 0
        for oid in oids:
            end = data.index(b"\n", offset)
            header = data[offset:end].split()
            offset = end + 1
            if len(header) < 3 or header[1] != b"blob":
                continue
            size = int(header[2])
            self._read[oid] = data[offset:offset + size]
            offset += size + 1

    def values(self, file: str, reader: Reader) -> FileValues:
        oid = self._blobs.get(file)
        if oid is None:
            return FileValues()
        entries = self._entries_of(reader)
        known = entries.get(oid)
        if known is not None:
            return _unpack(file, known)
        if oid not in self._read:
            missing = [o for o in dict.fromkeys(self._blobs.values()) if o is not None and o not in self._read
                       and o not in entries]
            self._fetch(missing or [oid])
        found = values_of_bytes(self._read.get(oid, b""), file, reader)
        if self.enabled:
            entries[oid] = _pack(0, 0, found)
            self._dirty.add(reader.signature)
        return found


# --- the table ------------------------------------------------------------------


def _selected(source: Source, table: "OwnershipTable") -> list[int]:
    """The rows of the files a source's patterns select, less those its exclude takes out."""
    return _selected_in(source, table.file_tree)


def _selected_in(source: Source, tree: "FileTree") -> list[int]:
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
    config: "Config", table: "OwnershipTable", use_cache: bool = False, folder_files: Sequence[str] = (),
    files_from: "Optional[FileSource]" = None,
) -> DeclaredTable:
    """Read every declaration source's values from the files of the ownership table it
    selects, and every vocabulary; a vocabulary file that does not exist stops the run.

    folder_files: files outside a partial table whose `covers: directory` declarations
    can speak for its paths; they are read, never checked themselves.
    files_from: where the files are read (the working tree when None)."""
    root = config.root
    sources, vocabularies = config.declarations, config.vocabularies
    for vocabulary in vocabularies:
        if not (files_from.is_file(vocabulary.file) if files_from is not None else (root / vocabulary.file).is_file()):
            raise OwnlintError(f"vocabularies: '{vocabulary.file}' (of '{vocabulary.name}') does not exist",
                               config.file, vocabulary.line, vocabulary.column)
    from ownlint.sources.files import GitObjects

    # The working tree is read from disk and cached by size and mtime; git's index (a
    # hook's --cached run) and revisions (diff) in one batch, cached by blob id.
    cache = (BlobCache(root, use_cache, files_from.top, getattr(files_from, "commit", None))
             if isinstance(files_from, GitObjects) else FileCache(root, use_cache))
    files = table.files
    selected = {source.name: cache.selection(table.cache_key, source, partial(_selected, source, table), len(files))
                for source in sources}
    cache.prefetch([files[row] for rows in selected.values() for row in rows]
                   + [vocabulary.file for vocabulary in vocabularies])
    declarations: list[Declaration] = []
    missing: list[tuple[Source, str]] = []
    findings: list[Finding] = []
    broken: set[str] = set()
    for source in sources:
        for row in selected[source.name]:
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
        from ownlint.matching.filetree import FileTree

        folder_tree = FileTree(folder_files)
        cache.prefetch(folder_files)
        for source in sources:
            if source.covers != DIRECTORY:
                continue
            for row in _selected_in(source, folder_tree):
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
