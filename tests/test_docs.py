"""The README stays honest: the commands it documents exist."""

import re
from pathlib import Path

from teekond.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one():
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^exec make test$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_every_cli_command_in_the_readme_exists_and_every_command_is_documented():
    documented = set(re.findall(r"^teekond (\w+)", README, re.M))
    parser = build_parser()
    actual = set(next(a for a in parser._actions if a.dest == "command").choices)
    assert documented <= actual
    assert actual - {"manage"} <= documented
