"""The C XES scanner: bad input gets a clear error with its line and column, and the
values it takes are those an XML parser reports."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from teekond.analytics import EventLogError, load_log

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n'
TRACE = '<trace><string key="concept:name" value="c1"/>\n'
EVENT = '<event><string key="concept:name" value="{a}"/><date key="time:timestamp" value="{t}"/></event>\n'


def _xes(body: str, tail: str = "</trace>\n</log>\n") -> bytes:
    return (HEAD + TRACE + body + tail).encode()


def _load(tmp_path: Path, data: bytes, name: str = "log.xes"):
    path = tmp_path / name
    path.write_bytes(data)
    return load_log(path)


@pytest.mark.parametrize(
    ("body", "line", "column", "words"),
    [
        ('<event><string key="a" key="b"/></event>\n', 4, 24, "attribute 'key' is given twice"),
        ("<event><string key=concept:name/></event>\n", 4, 20, "must be quoted"),
        ('<event><string key="x"></event>\n', 4, 24, "does not match"),
        ('<event><string key="x" value="a&b;"/></event>\n', 4, 32, "entity 'b' is not defined"),
        ('<event><string key="x" value="a"/></event>\x01\n', 4, 43, "0x01 is not allowed"),
        ('<event><string key="x"value="a"/></event>\n', 4, 23, "separated by spaces"),
    ],
)
def test_malformed_xml_names_line_and_column(tmp_path, body, line, column, words) -> None:
    with pytest.raises(EventLogError, match=words) as caught:
        _load(tmp_path, _xes(body))
    assert caught.value.line == line
    assert f"(column {column})" in caught.value.reason or f"column {column}" in caught.value.reason


def test_bytes_that_are_not_utf8_are_refused_with_their_position(tmp_path: Path) -> None:
    data = _xes(EVENT.format(a="caf\xe9", t="2024-01-01T00:00:00Z")).replace(
        "café".encode(), b"caf\xe9"
    )
    with pytest.raises(EventLogError, match="not valid UTF-8") as caught:
        _load(tmp_path, data)
    assert caught.value.line == 4
    assert caught.value.code == "not_utf8"
    assert "column 45" in caught.value.reason


def test_a_latin1_declared_file_is_read_in_its_encoding(tmp_path: Path) -> None:
    text = HEAD + TRACE + EVENT.format(a="café", t="2024-01-01T00:00:00Z") + "</trace></log>"
    data = text.replace("UTF-8", "ISO-8859-1").encode("latin-1")
    log = _load(tmp_path, data)
    assert log.table.activity.execute().tolist() == ["café"]


def test_a_document_cut_short_names_the_open_element(tmp_path: Path) -> None:
    with pytest.raises(EventLogError, match="ends before </trace>"):
        _load(tmp_path, _xes(EVENT.format(a="a", t="2024-01-01T00:00:00Z"), tail=""))


def test_content_after_the_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EventLogError, match="after the end of the document") as caught:
        _load(tmp_path, _xes("", tail="</trace></log>\n<log/>"))
    assert caught.value.line == 5


def test_values_are_read_as_an_xml_parser_reports_them(tmp_path: Path) -> None:
    body = (
        '<event><string key="concept:name" value="a &amp; b &#x263A; &lt;c&gt;"/>'
        '<date key="time:timestamp" value="2024-01-01T00:00:00Z"/></event>\n'
        "<!-- a comment <event> -->\n"
        "<event><string key='concept:name' value='tab\there'/>"
        '<date key="time:timestamp" value="2024-01-01T00:00:01Z"/></event>\n'
    )
    log = _load(tmp_path, _xes(body))
    assert log.arrow is not None
    assert log.arrow.column("activity").to_pylist() == ["a & b \u263a <c>", "tab here"]


def test_timestamps_with_and_without_zones_are_utc(tmp_path: Path) -> None:
    body = "".join(
        EVENT.format(a=f"e{i}", t=t)
        for i, t in enumerate(
            [
                "2024-03-01T12:00:00+02:00",  # 10:00 UTC
                "2024-03-01T10:30:00",  # no zone: taken as UTC
                "2024-03-01T11:00:00.5Z",
                "2024-03-01 11:30:00-01",  # 12:30 UTC
                "2024-03-02",  # midnight
            ]
        )
    )
    log = _load(tmp_path, gzip.compress(_xes(body)), "zones.xes.gz")
    stamps = [t.isoformat() for t in log.arrow.column("timestamp").to_pylist()]
    assert stamps == [
        "2024-03-01T10:00:00",
        "2024-03-01T10:30:00",
        "2024-03-01T11:00:00.500000",
        "2024-03-01T12:30:00",
        "2024-03-02T00:00:00",
    ]


def test_an_impossible_date_is_named_with_its_row_and_line(tmp_path: Path) -> None:
    body = EVENT.format(a="a", t="2024-01-01T00:00:00Z") + EVENT.format(
        a="b", t="2023-02-29T00:00:00Z"
    )
    with pytest.raises(EventLogError, match="unparseable timestamp '2023-02-29") as caught:
        _load(tmp_path, _xes(body))
    assert (caught.value.line, caught.value.row) == (5, 2)
