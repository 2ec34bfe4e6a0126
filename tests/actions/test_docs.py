"""docs/act.md stays honest: every endpoint it lists exists with its methods."""

import re
from pathlib import Path

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "act.md").read_text()


def test_every_endpoint_in_the_docs_exists(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    normalised = {re.sub(r"\{[^}]+\}", "{}", p): set(ops) for p, ops in paths.items()}
    rows = re.findall(r"^\| `([A-Z/]+) (/[^`?]+)`", DOCS, re.M)
    assert len(rows) > 15
    for methods, path in rows:
        key = re.sub(r"\{[^}]+\}", "{}", path)
        assert key in normalised, path
        for method in methods.split("/"):
            assert method.lower() in normalised[key], (method, path)


def test_the_cli_commands_in_the_docs_exist():
    from teekond.cli import build_parser

    parser = build_parser()
    commands = set(next(a for a in parser._actions if a.dest == "command").choices)
    for name in re.findall(r"^teekond (\w+)", DOCS, re.M):
        assert name in commands
