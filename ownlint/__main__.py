from ownlint.cli import run

run()
