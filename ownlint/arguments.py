"""A plain command line read without argparse, as argparse would read it.

A hook runs `ownlint check --cached PATH...` on every commit, and importing argparse
(with gettext and locale) and building the command's parser were about 5 ms of its
start-up. The options are recorded from the command's own add_arguments, so they are
written once. This reader takes only what it reads exactly as argparse does: long
options spelled out, `--name=value`, short flags, and the paths as one run; anything
else (an abbreviation, a `--`, a value that starts with '-', an invalid value, help,
paths on both sides of an option) is left to argparse, which words every error.
`tests/test_arguments.py` holds the two to the same answers.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from argparse import Namespace
    from typing import Any, Callable, Optional, Sequence
else:  # (argparse's Namespace is a SimpleNamespace that also answers `in`; nothing asks that)
    from types import SimpleNamespace as Namespace


class Unsupported(Exception):
    """An argument of a kind this reader does not follow: the command is argparse's."""


class _Option:
    __slots__ = ("dest", "flag", "default", "convert", "choices", "group")

    def __init__(self, dest: str, flag: bool, default: Any, convert: Optional[Callable[[str], Any]],
                 choices: Optional[Sequence[Any]], group: Optional[int]) -> None:
        self.dest = dest
        self.flag = flag  # store_true
        self.default = default
        self.convert = convert
        self.choices = choices
        self.group = group  # its mutually exclusive group


class Command:
    """One sub-command's arguments as its add_arguments declares them: it stands for the
    argparse parser (and its mutually exclusive groups) while they are added."""

    def __init__(self, add_arguments: Callable[[Any], None]) -> None:
        self.options: dict[str, _Option] = {}
        self.positional: Optional[tuple[str, str]] = None  # its dest and nargs ('*' or '+')
        self._groups = 0
        self._group: Optional[int] = None
        add_arguments(self)

    def add_mutually_exclusive_group(self, required: bool = False) -> _Group:
        if required:
            raise Unsupported("a required group")
        self._groups += 1
        return _Group(self, self._groups)

    def add_argument(self, *names: str, **spec: Any) -> None:
        known = {"action", "nargs", "type", "choices", "default", "metavar", "help", "dest"}
        if set(spec) - known:
            raise Unsupported(f"{sorted(set(spec) - known)}")
        action = spec.get("action", "store")
        if action not in ("store", "store_true"):
            raise Unsupported(f"action {action!r}")
        if len(names) == 1 and not names[0].startswith("-"):
            if self.positional is not None or spec.get("nargs") not in ("*", "+") or action != "store" \
                    or set(spec) - {"nargs", "metavar", "help"}:
                raise Unsupported("a positional argument other than one list of strings")
            self.positional = (names[0], spec["nargs"])
            return
        if "nargs" in spec or not names or not all(name.startswith("-") for name in names):
            raise Unsupported("option arguments other than one value or none")
        longs = [name for name in names if name.startswith("--")]
        dest = spec.get("dest") or (longs[0] if longs else names[0]).lstrip("-").replace("-", "_")
        flag = action == "store_true"
        if flag and ({"type", "choices"} & set(spec)):
            raise Unsupported("a flag with a value's settings")
        default = spec.get("default", False if flag else None)
        convert = spec.get("type")
        option = _Option(dest, flag, default, convert, spec.get("choices"), self._group)
        for name in names:
            if len(name) < 2 or (not name.startswith("--") and len(name) != 2):
                raise Unsupported(f"the option {name!r}")
            self.options[name] = option

    def defaults(self) -> dict[str, Any]:
        """What argparse sets for an option not given: its default, a string one converted."""
        values: dict[str, Any] = {}
        for option in self.options.values():
            default = option.default
            if isinstance(default, str) and option.convert is not None:
                default = option.convert(default)
            values[option.dest] = default
        return values


class _Group:
    """A mutually exclusive group: its options are the command's, marked with the group."""

    def __init__(self, command: Command, number: int) -> None:
        self._command = command
        self._number = number

    def add_argument(self, *names: str, **spec: Any) -> None:
        self._command._group = self._number
        try:
            self._command.add_argument(*names, **spec)
        finally:
            self._command._group = None


def read(
    args: Sequence[str], command: str, add_arguments: Callable[[Any], None], global_defaults: dict[str, Any]
) -> Optional[Namespace]:
    """The namespace argparse would make of args (global -C DIR, --config FILE and --debug,
    then the command and its arguments); None when argparse must read them."""
    values = dict(global_defaults)
    position = 0
    while args[position] != command:
        arg = args[position]
        if arg == "--debug":
            values["debug"] = True
        elif arg in ("-C", "--config") and position + 1 < len(args) and _plain(args[position + 1]):
            position += 1
            values["directory" if arg == "-C" else "config"] = args[position]
        else:
            return None
        position += 1
    try:
        declared = Command(add_arguments)
        values["command"] = command
        values.update(declared.defaults())
        taken = _read_command(declared, args[position + 1:], values)
    except Exception:  # anything argparse would word, or raise, is argparse's to do
        return None
    return Namespace(**values) if taken else None


def _plain(arg: str) -> bool:
    """A word argparse reads as a value wherever it stands: '-' (standard input) or one
    that does not start with '-' (argparse's reading of '-1' or '-a b' depends on the parser)."""
    return arg == "-" or not arg.startswith("-")


def _read_command(declared: Command, args: Sequence[str], values: dict[str, Any]) -> bool:
    """Fill values from the command's arguments; False when argparse must read them."""
    positional: list[str] = []
    positions = 0  # runs of positional arguments
    groups: dict[int, str] = {}
    previous_positional = False
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if _plain(arg):
            if not previous_positional:
                positions += 1
            positional.append(arg)
            previous_positional = True
            continue
        previous_positional = False
        name, equals, given = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        option = declared.options.get(name)
        if option is None:
            return False
        if option.group is not None and groups.setdefault(option.group, option.dest) != option.dest:
            return False  # two options argparse does not allow together
        if option.flag:
            if equals:
                return False
            values[option.dest] = True
            continue
        if not equals:
            if index >= len(args) or not _plain(args[index]):
                return False
            given = args[index]
            index += 1
        elif not given:
            return False
        value = option.convert(given) if option.convert is not None else given
        if option.choices is not None and value not in option.choices:
            return False
        values[option.dest] = value
    if declared.positional is None:
        return not positional
    dest, nargs = declared.positional
    if positions > 1 or (nargs == "+" and not positional):
        return False  # argparse takes one run of paths (and '+' at least one)
    values[dest] = positional
    return True
