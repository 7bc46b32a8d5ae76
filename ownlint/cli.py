"""Command line: global options, then one sub-command; each command returns an exit code."""
from __future__ import annotations

import gc
import importlib
import os
import sys

from ownlint import __version__
from ownlint.collector import no_cycle_collection
from ownlint.errors import OwnlintError, Terminated

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, Optional, Sequence

# Sub-command name -> module with add_arguments(parser) and run(args) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("ownlint.commands.check", "lint ownership: every path owned, every owner a current team"),
    "explain": ("ownlint.commands.explain", "who owns each path and why: the winning rule, the teams, whom to call"),
    "ls": ("ownlint.commands.ls", "every file with its owners, one a line"),
    "teams": ("ownlint.commands.teams", "the team registry: status, successors, lead and files owned"),
    "rules": ("ownlint.commands.rules", "the check catalog, or one check's documentation"),
    "codeowners": ("ownlint.commands.codeowners_cmd", "write the CODEOWNERS file the mapping and team handles imply"),
    "import": ("ownlint.commands.import_cmd", "turn an existing CODEOWNERS file into an ownlint mapping"),
    "init": ("ownlint.commands.init_cmd", "start using ownlint: a configuration and a team registry from CODEOWNERS"),
    "map": ("ownlint.commands.map", "write the ownership map: one self-contained web page of who owns what"),
    "diff": ("ownlint.commands.diff", "how ownership changes between two git revisions (default: HEAD and the working tree)"),
}


# What argparse sets for the global options when none is given (the quick reader's too).
GLOBAL_DEFAULTS: dict[str, object] = {"directory": ".", "config": None, "debug": False}


_made: list[type[argparse.ArgumentParser]] = []


def _parser_class() -> type[argparse.ArgumentParser]:
    """ownlint's argparse parser, made when a run needs argparse (see _parse)."""
    if _made:
        return _made[0]
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
            """One `ownlint:` prefix (main adds it), the sub-command named, a near miss suggested."""
            import re

            from ownlint.formats.spelling import did_you_mean

            choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)$", message)
            if choice is not None:
                known = re.findall(r"'([^']*)'", choice.group(2)) or [c.strip() for c in choice.group(2).split(",")]
                message += did_you_mean(choice.group(1), known)
            command = self.prog.split(" ", 1)[1] if " " in self.prog else ""
            raise OwnlintError(f"{command}: {message}" if command else message)

        def _get_formatter(self) -> argparse.HelpFormatter:
            """argparse's formatter at the width it would choose itself: argparse makes one for
            every option it adds (to check its metavar), and asking shutil for the width
            imported shutil, bz2 and lzma on every run."""
            return argparse.HelpFormatter(prog=self.prog, width=terminal_columns() - 2)

    _made.append(_Parser)
    return _Parser


def terminal_columns() -> int:
    """The columns shutil.get_terminal_size() gives: $COLUMNS, else standard output's
    terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80


def build_parser(command: Optional[str] = None, with_commands: bool = True, only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with command, only that sub-command's options are added,
    so the other commands' modules are not imported (a hook's start-up); without
    with_commands, none are (`--version`, `--help` and errors need only the names).
    only: the other sub-commands are left out too (see _slim_parse)."""
    parser_class = _parser_class()
    parser = parser_class(prog="ownlint", description="Ownership linter for infrastructure-as-code repositories.")
    parser.add_argument("--version", action="version", version=f"ownlint {__version__}")
    parser.add_argument(
        "-C", dest="directory", metavar="DIR", default=GLOBAL_DEFAULTS["directory"], help="run as if started in DIR"
    )
    parser.add_argument("--config", metavar="FILE", help="use this configuration file; its folder is the root")
    parser.add_argument("--debug", action="store_true", help="show a traceback on failure")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    commands.required = True
    for name, (module, summary) in COMMANDS.items():
        if only and name != command:
            continue
        sub = commands.add_parser(name, help=summary, description=summary)
        if name == command or (command is None and with_commands):
            importlib.import_module(module).add_arguments(sub)
    return parser


def _parse(args: list[str], command: Optional[str]) -> argparse.Namespace:
    """The arguments parsed. A run that names its command plainly (only -C DIR, --config
    FILE and --debug before it) is read without argparse when its arguments are plain
    (ownlint/arguments.py), else by a parser of that one command: building the nine
    others' parsers was a tenth of a hook's start-up. Everything else, and any error,
    goes to the whole parser, so help and messages are as they always were."""
    if command is not None and _plain_before(args, command):
        from ownlint.arguments import read

        quick = read(args, command, importlib.import_module(COMMANDS[command][0]).add_arguments, GLOBAL_DEFAULTS)
        if quick is not None:
            return quick
        try:
            parsed = build_parser(command, only=True).parse_args(args)
            if parsed.command == command:
                return parsed
        except OwnlintError:
            pass  # worded by the whole parser below
    # No command named: argparse stops at --version, --help or an error, unless a
    # '--' hides the command from _command_of.
    return build_parser(command, with_commands="--" in args).parse_args(args)


def _plain_before(args: list[str], command: str) -> bool:
    """Only -C DIR, --config FILE and --debug come before the command."""
    position = 0
    while args[position] != command:
        if args[position] in ("-C", "--config"):
            position += 1
        elif args[position] != "--debug":
            return False
        position += 1
    return True


def _command_of(args: Sequence[str]) -> Optional[str]:
    """The sub-command the arguments name: the first one that is not an option or the
    value of -C or --config; None when there is none (or it is not a command)."""
    values = False
    for arg in args:
        if values:
            values = False
        elif arg in ("-C", "--config"):
            values = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Optional[Sequence[str]] = None) -> int:
    with no_cycle_collection():  # imports, parsing and the run itself
        return _main(argv)


# What pathlib imports only for use inside functions, and the names it takes from each at
# import: urllib.parse (with ipaddress) for Path.as_uri; re and fnmatch (with enum) for
# Path.match and glob; ntpath for Windows paths (its import tries five times to import
# the Windows-only nt). Together about a quarter of a hook's imports.
_PATHLIB_USES_LATER: dict[str, tuple[str, ...]] = {
    "urllib.parse": ("quote_from_bytes",), "re": (), "fnmatch": (), "ntpath": (),
}


def _import_pathlib_alone() -> None:
    """Import pathlib without the modules it uses only inside functions: a stand-in answers
    each of pathlib's imports, and the real module is imported when pathlib first uses it
    (a stand-in's attributes are the real module's). The stand-ins leave sys.modules before
    anything else runs, so whatever imports re or urllib.parse gets the real module. A
    pathlib that takes another name from a stand-in at import is imported again, plainly."""
    if "pathlib" in sys.modules:
        return
    stand_ins = {name: _stand_in(name, names) for name, names in _PATHLIB_USES_LATER.items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import pathlib  # noqa: F401
    except (ImportError, AttributeError):  # (a failed import leaves no pathlib in sys.modules)
        _withdraw(stand_ins)
        import pathlib  # noqa: F401,F811
    finally:
        _withdraw(stand_ins)


def _stand_in(name: str, taken: tuple[str, ...]) -> Any:
    """A module named `name` that imports the real one when anything is asked of it."""
    import types

    module = types.ModuleType(name)

    def real() -> Any:
        _withdraw({name: module})
        __import__(name)
        return sys.modules[name]

    def forward(attribute: str) -> Any:
        if attribute.startswith("__"):  # (the import system asks whether it is a package)
            raise AttributeError(attribute)
        return getattr(real(), attribute)

    def stand_in_for(function: str) -> Any:
        return lambda *args, **kwargs: getattr(real(), function)(*args, **kwargs)

    vars(module).update({function: stand_in_for(function) for function in taken}, __getattr__=forward)
    return module


def _withdraw(stand_ins: dict[str, Any]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]


def _main(argv: Optional[Sequence[str]]) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        command = _command_of(args_list)
        if command is not None:  # (before the command's modules import pathlib; --version needs none)
            _import_pathlib_alone()
        args = _parse(args_list, command)
        module = importlib.import_module(COMMANDS[args.command][0])
        code: int = module.run(args)
        return code
    except OwnlintError as error:
        if debug:
            raise
        from ownlint.formats.printable import printable  # (not imported by a run that goes well)

        print(f"ownlint: {printable(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ownlint: interrupted", file=sys.stderr)
        return 130
    except Terminated as stop:  # SIGTERM, SIGHUP during a write: its temporary file is gone
        print("ownlint: terminated", file=sys.stderr)
        return 128 + stop.signum
    except BrokenPipeError:
        return 1
    except Exception as error:  # a bug: one line, the traceback only with --debug
        if debug:
            raise
        from ownlint.formats.printable import printable

        print(f"ownlint: internal error: {type(error).__name__}: {printable(str(error))} (run with --debug for details)",
              file=sys.stderr)
        return 2


def run() -> None:
    """The `ownlint` program (and `python -m ownlint`): one run, then the process ends."""
    # The collector stays off to the end: main() turning it back on for a process about
    # to end would start a full collection over what the run left alive (0.3-0.5 s over
    # a million paths), to free nothing the process's end does not.
    gc.disable()
    _end(main())


def _end(code: int) -> None:
    """The process's end, without Python's own: its finalisation frees every module and
    object one by one and collects cycles over all of them, 15 to 20 ms of CPU after a
    run over a thousand rules that has nothing left to do (no thread, no exit handler,
    every file written and closed). What is still buffered for standard output and
    error is written first; where that fails (a closed pipe), Python's own end reports
    it, as it always has."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        raise SystemExit(code) from None
    os._exit(code)
