"""The design tokens: tokens.css is readable by core.design, and complete."""

import re

import pytest

from teekond.core import design

HEX = re.compile(r"^#[0-9a-f]{6}$")


def test_every_token_of_the_css_file_is_read():
    css = design.TOKENS_CSS.read_text(encoding="utf-8")
    declared = set(re.findall(r"^\s*--([a-z0-9-]+)\s*:", css, re.M))
    assert declared == set(design.tokens())
    assert len(declared) > 100


def test_colours_are_six_digit_hex_or_rgba():
    for name, value in design.tokens().items():
        if name.startswith(
            ("color-", "gray-", "brand-", "stage-", "emotion-", "avatar-", "chart-")
        ):
            assert HEX.match(value) or value.startswith("rgba("), (name, value)


def test_the_palettes_have_their_sizes():
    assert len(design.stage_colours()) == 8
    assert len(design.avatar_colours()) == 7
    assert len(design.chart_colours()) == 6
    assert len(set(design.stage_colours())) == 8


def test_emotion_colours_run_from_worst_to_best():
    colours = design.emotion_colours()
    assert sorted(colours) == [-3, -2, -1, 0, 1, 2, 3]
    assert colours[-3] == design.token("emotion-n3")
    assert colours[3] == design.token("emotion-p3")
    # averages round to the nearest step and stay inside the scale
    assert design.emotion_colour(2.6) == colours[3]
    assert design.emotion_colour(-9) == colours[-3]
    assert design.emotion_colour(None) == colours[0]


def test_stage_colour_wraps_around_the_palette():
    palette = design.stage_colours()
    assert design.stage_colour(0) == palette[0]
    assert design.stage_colour(len(palette) + 2) == palette[2]


def test_px_reads_lengths_and_refuses_other_values():
    assert design.px("space-4") == 16
    with pytest.raises(design.TokenError):
        design.px("color-accent")
    with pytest.raises(KeyError, match="--no-such"):
        design.token("no-such")


def test_a_var_reference_or_a_repeat_is_refused():
    with pytest.raises(design.TokenError, match="refers to another token"):
        design.parse_tokens(":root { --a: #fff; --b: var(--a); }")
    with pytest.raises(design.TokenError, match="twice"):
        design.parse_tokens(":root { --a: #fff; --a: #000; }")
    with pytest.raises(design.TokenError, match="no :root"):
        design.parse_tokens(".x { --a: 1px; }")


def test_comments_do_not_hide_or_invent_tokens():
    parsed = design.parse_tokens(
        "/* :root { --fake: 1px; } */ :root { /* --x: 2px; */ --real: 3px; }"
    )
    assert parsed == {"real": "3px"}


def test_vega_config_uses_the_tokens():
    config = design.vega_config()
    assert config["range"]["category"] == list(design.chart_colours())
    assert config["font"] == design.token("font-sans")
    assert config["axis"]["labelFontSize"] == design.px("text-xs")


def test_quadrant_colours_cover_the_quadrants():
    assert set(design.quadrant_colours()) == {"exemplary", "growth", "at_risk", "hanging"}


def test_the_sprite_has_a_face_for_every_valence():
    ids = {design.face_id(v) for v in range(-3, 4)}
    assert ids == {"face-n3", "face-n2", "face-n1", "face-0", "face-p1", "face-p2", "face-p3"}
    sprite = design.FACES_SVG.read_text(encoding="utf-8")
    for face in ids:
        assert f'<symbol id="{face}"' in sprite


def test_face_svg_is_coloured_by_valence_and_placed():
    markup = design.face_svg(-2.2, x=50, y=20, size=24)
    assert design.emotion_colour(-2) in markup
    assert "currentColor" not in markup
    assert "translate(38.00 8.00)" in markup
    assert design.face_id(None) == "face-0"
