"""The command line: every command and option explains itself (sqlite-utils' test_docs idea:
walk the real parser, not a list kept by hand)."""

import argparse

import pytest
from conftest import run_cli

from generator.cli import build_parser


def _commands() -> dict[str, tuple[argparse.ArgumentParser, str | None]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    one_line = {choice.dest: choice.help for choice in sub._choices_actions}
    return {name: (command, one_line.get(name)) for name, command in sub.choices.items()}


def test_there_are_commands():
    assert {"import", "build", "serve", "check", "explain", "topics", "add", "deploy"} <= set(_commands())


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_has_help(name):
    command, one_line = _commands()[name]
    assert one_line and len(one_line) > 10, f"`paperlist {name}` has no one-line help in `paperlist --help`"
    assert command.description and len(command.description) > 20, f"`paperlist {name}` has no description"
    for action in command._actions:
        if action.help == argparse.SUPPRESS:
            continue
        assert action.help and len(action.help) > 5, f"`paperlist {name}` option {action.dest} has no help"
    assert f"usage: paperlist {name}" in command.format_help()


def test_help_runs_from_the_console(tmp_path):
    out = run_cli(tmp_path, "--help").stdout
    for name, (_, one_line) in _commands().items():
        assert name in out and one_line.split()[0] in out
