"""Infrastructure domains from rule packs: which domains (dns, kubernetes, …) a path belongs to."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

from ownlint.errors import OwnlintError, PatternError
from ownlint.matching.patterns import Pattern, multiline_regex, parse_pattern

if TYPE_CHECKING:
    from ownlint.model.config import Config

DomainSet = tuple[str, ...]
_NONE: DomainSet = ()


@dataclass
class Domain:
    id: str
    description: str
    patterns: list[Pattern]
    file: str


def _alternation(patterns: Sequence[Pattern]) -> Optional["re.Pattern[str]"]:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.regex})" for p in patterns), re.DOTALL)


class _Compiled:
    """One domain's patterns split by what part of a path decides a match.

    A path d/n matches a pattern when one of its directories does or, unless the
    pattern is for directories only, when the path itself does. An unanchored pattern
    (no slash) looks at one segment at a time, so it is tested once per distinct
    segment (`segment`, on "s/", for a directory; `basename`, on the name, for a
    file); a directory inherits its parent's answers. Only the anchored patterns
    look at a whole directory ("d/", `anchored`) or, for file patterns, at the whole
    path (`whole`). That keeps classification near one regex per distinct name and
    directory instead of one per file and pattern. Each alternation is compiled on
    first use: a hook run that classifies a few files needs few of them."""

    def __init__(self, domain: Domain) -> None:
        self.id = domain.id
        self._patterns = domain.patterns

    @cached_property
    def segment(self) -> Optional["re.Pattern[str]"]:
        return _alternation([p for p in self._patterns if not p.anchored])

    @cached_property
    def basename(self) -> Optional["re.Pattern[str]"]:
        return _alternation([p for p in self._patterns if not p.anchored and not p.directory_only])

    @cached_property
    def anchored(self) -> Optional["re.Pattern[str]"]:
        # children_only patterns (`/modules/*`) would match "d/" with an empty
        # last segment, so they are only ever tested on the whole path.
        return _alternation([p for p in self._patterns if p.anchored and not p.children_only])

    @cached_property
    def whole(self) -> Optional["re.Pattern[str]"]:
        return _alternation([p for p in self._patterns if p.anchored and not p.directory_only])

    @cached_property
    def directory(self) -> Optional["re.Pattern[str]"]:
        """Every pattern that can match through a directory, tested on "d/" (any_of's scan)."""
        return _alternation([p for p in self._patterns if not p.children_only])


@dataclass
class Domains:
    """Every domain of the configured packs; a path belongs to each domain one of whose patterns matches."""

    domains: list[Domain]
    _compiled: list[_Compiled] = field(default_factory=list, repr=False)
    _by_directory: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _by_basename: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _by_segment: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    # One alternation of every domain's anchored patterns: most directories and paths
    # match none, and are then done with one regex instead of one per domain.
    _any_anchored: Optional["re.Pattern[str]"] = field(default=None, repr=False)
    _any_whole: Optional["re.Pattern[str]"] = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._compiled = [_Compiled(domain) for domain in self.domains]
        patterns = [p for d in self.domains for p in d.patterns if p.anchored]
        self._any_anchored = _alternation([p for p in patterns if not p.children_only])
        self._any_whole = _alternation([p for p in patterns if not p.directory_only])

    @property
    def ids(self) -> list[str]:
        return sorted({domain.id for domain in self.domains})

    def __bool__(self) -> bool:
        return bool(self.domains)

    def _segment(self, name: str) -> frozenset[str]:
        """The domains an unanchored pattern gives every path beneath a directory called `name`."""
        found = self._by_segment.get(name)
        if found is None:
            probe = name + "/"
            found = frozenset(c.id for c in self._compiled if c.segment is not None and c.segment.match(probe))
            self._by_segment[name] = found
        return found

    def _directory(self, directory: str) -> frozenset[str]:
        found = self._by_directory.get(directory)
        if found is None:
            parent, _, name = directory.rpartition("/")
            found = (self._directory(parent) if parent else frozenset()) | self._segment(name)
            probe = directory + "/"
            if self._any_anchored is not None and self._any_anchored.match(probe):
                found |= frozenset(
                    c.id for c in self._compiled
                    if c.id not in found and c.anchored is not None and c.anchored.match(probe)
                )
            self._by_directory[directory] = found
        return found

    def _basename(self, name: str) -> frozenset[str]:
        found = self._by_basename.get(name)
        if found is None:
            found = frozenset(c.id for c in self._compiled if c.basename is not None and c.basename.match(name))
            self._by_basename[name] = found
        return found

    def of(self, path: str) -> list[str]:
        """The sorted ids of the domains `path` belongs to."""
        return list(self._of(path))

    def _of(self, path: str) -> DomainSet:
        if not self._compiled:
            return _NONE
        directory, _, name = path.rpartition("/")
        found = set(self._basename(name))
        if directory:
            found |= self._directory(directory)
        if self._any_whole is not None and self._any_whole.match(path):
            for compiled in self._compiled:
                if compiled.whole is not None and compiled.id not in found and compiled.whole.match(path):
                    found.add(compiled.id)
        return tuple(sorted(found)) if found else _NONE

    def of_many(self, paths: Sequence[str]) -> list[list[str]]:
        """of() for many paths, answered from per-directory and per-basename caches."""
        return [list(self._of(path)) for path in paths]

    def sets_of(self, paths: Sequence[str]) -> list[DomainSet]:
        """Like of_many, as shared tuples (cheap for a whole repository)."""
        interned: dict[DomainSet, DomainSet] = {}
        return [interned.setdefault(found, found) for found in map(self._of, paths)]

    def any_of(self, paths: Sequence[str]) -> list[str]:
        """The sorted ids of the domains at least one of `paths` belongs to.

        A directory's domains (explain) need each distinct directory and basename
        once, not each file; the few anchored file patterns are then searched for
        in the newline-joined paths, one regex scan in C per domain."""
        if not self._compiled:
            return []
        directories: set[str] = set()
        names: set[str] = set()
        for path in paths:
            directory, _, name = path.rpartition("/")
            directories.add(directory)
            names.add(name)
        found: set[str] = set()
        # Distinct names and directories, newline-joined: one regex scan in C per domain.
        joined_names = "\n".join(name for name in names if "\n" not in name)
        joined_directories = "\n".join(d + "/" for d in directories if d and "\n" not in d)
        odd = [path for path in paths if "\n" in path]  # cannot be joined by newlines
        for compiled in self._compiled:
            if compiled.basename is not None and _multiline(compiled.basename).search(joined_names):
                found.add(compiled.id)
            elif compiled.directory is not None and _multiline(compiled.directory).search(joined_directories):
                found.add(compiled.id)
        for path in odd:
            found.update(self._of(path))
        rest = [c for c in self._compiled if c.whole is not None and c.id not in found]
        if rest:
            joined = "\n".join(path for path in paths if "\n" not in path)
            for compiled in rest:
                if _multiline(compiled.whole).search(joined):
                    found.add(compiled.id)
        return sorted(found)


def _multiline(regex: Optional["re.Pattern[str]"]) -> "re.Pattern[str]":
    assert regex is not None
    return multiline_regex(regex.pattern)


def is_builtin(name: str) -> bool:
    return "/" not in name and not name.endswith((".yaml", ".yml"))


def load_domains(config: "Config", packs: Optional[Iterable[str]] = None) -> Domains:
    """The domains of the packs named in the configuration (packs without `domains:` add none).

    A domain defined by two packs gets the patterns of both."""
    domains: dict[str, Domain] = {}
    for name in config.packs if packs is None else packs:
        if is_builtin(name):
            from ownlint.formats.resources import data_dir

            path = data_dir("rules") / f"{name}.yaml"
            if not path.is_file():
                raise OwnlintError(f"no built-in rule pack '{name}'", config.file)
            found: Iterable[Domain] = _read_builtin_pack(path, f"{name} (built-in pack)")
        else:  # the repository's own pack (a root-relative path), from the state the configuration came from
            source = config.reader()
            text = source.read_text(name)
            if text is None:
                raise OwnlintError("rule pack does not exist", source.where(name))
            found = _read_pack(text, source.where(name))
        for domain in found:
            if domain.id in domains:
                domains[domain.id].patterns.extend(domain.patterns)
            else:
                domains[domain.id] = Domain(domain.id, domain.description, list(domain.patterns), domain.file)
    return Domains(list(domains.values()))


@lru_cache(maxsize=None)
def _read_builtin_pack(path: Path, file: str) -> tuple[Domain, ...]:
    """A built-in pack is read and validated once per process (it ships with ownlint)."""
    from ownlint.formats.yamlio import read_text

    return tuple(_read_pack(read_text(path, file), file))


def _read_pack(text: str, file: str) -> list[Domain]:
    """The pack's domains; kept in the cache as data (each domain's id, description and
    pattern texts) by the pack's text, so that a hook run does not parse and validate
    hundreds of patterns of YAML every time."""
    from ownlint.formats import cache

    key = cache.key_of("pack", [text, file])
    stored = cache.load_value("pack", key)
    if isinstance(stored, list):
        try:
            return [
                Domain(_text(domain_id), _text(description), [parse_pattern(_text(p)) for p in patterns], file)
                for domain_id, description, patterns in stored
            ]
        except (TypeError, ValueError, PatternError):
            pass  # not what this ownlint stores: parse again
    domains = _parse_pack(text, file)
    cache.store_value("pack", key, [[d.id, d.description, [p.text for p in d.patterns]] for d in domains])
    return domains


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _parse_pack(text: str, file: str) -> list[Domain]:
    from ownlint.formats.schema import validate
    from ownlint.formats.yamlio import parse_yaml, position

    document, findings = parse_yaml(text, file)
    findings += validate(document, "pack") if document is not None else []
    if document is None or findings:
        first = findings[0]
        raise OwnlintError(first.message, first.file, first.line, first.column)
    result: list[Domain] = []
    for domain_id, entry in (document.data.get("domains") or {}).items():
        patterns: list[Pattern] = []
        for number, text in enumerate(entry.get("paths") or []):
            try:
                patterns.append(parse_pattern(str(text)))
            except PatternError as error:
                line, column = position(document.data, ["domains", domain_id, "paths", number])
                raise OwnlintError(error.message, file, line, column + error.column - 1) from None
        result.append(Domain(str(domain_id), str(entry.get("description", "")), patterns, file))
    return result
