"""Chart stills are kept on disk, so a lesson run again does not start vl-convert's engine (charts/still_cache.py)."""

from __future__ import annotations

import os

import pytest

from csto_course.charts import static, still_cache

SPEC = {"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}


@pytest.fixture
def drawings(monkeypatch) -> list[dict]:
    """Every spec vl-convert is asked to draw, with a stand-in drawing (the real engine is tested in test_charts.py)."""
    import vl_convert

    drawn: list[dict] = []

    def fake_svg(spec, vl_version=None):
        drawn.append(spec)
        return f'<svg xmlns="http://www.w3.org/2000/svg"><text>{len(drawn)}</text></svg>'

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", fake_svg)
    monkeypatch.setattr(static, "_address_space_limited", lambda: False)
    return drawn


def test_a_chart_drawn_again_comes_from_the_cache(drawings, private_validation_cache):
    first = static.chart_svg(SPEC)
    second = static.chart_svg(SPEC)
    assert first == second and len(drawings) == 1
    assert [p.name for p in (private_validation_cache / "stills").iterdir()] == [still_cache.still_name(SPEC, *_versions())]


def test_a_chart_with_other_data_or_labels_is_drawn_anew(drawings):
    static.chart_svg(SPEC)
    static.chart_svg({**SPEC, "data": {"values": [{"a": 2}]}})
    static.chart_svg({**SPEC, "description": "One point."})
    assert len(drawings) == 3


def test_another_vega_lite_or_vl_convert_version_names_another_still():
    names = {
        still_cache.still_name(SPEC, "5.20", "1.9.0"),
        still_cache.still_name(SPEC, "5.21", "1.9.0"),
        still_cache.still_name(SPEC, "5.20", "1.9.1"),
    }
    assert len(names) == 3
    assert still_cache.still_name(dict(reversed(SPEC.items())), "5.20", "1.9.0") == still_cache.still_name(SPEC, "5.20", "1.9.0")


def test_a_damaged_still_is_drawn_again_and_replaced(drawings, private_validation_cache):
    static.chart_svg(SPEC)
    (kept,) = (private_validation_cache / "stills").iterdir()
    kept.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>half a fi')  # a disk filled mid-write, say
    svg = static.chart_svg(SPEC)
    assert len(drawings) == 2 and svg.endswith("</svg>") and kept.read_text() == svg


def test_a_folder_that_cannot_be_written_still_gives_the_still(drawings, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CSTO_COURSE_CACHE", str(blocker))
    assert static.chart_svg(SPEC).startswith("<svg") and static.chart_svg(SPEC).startswith("<svg")
    assert len(drawings) == 2


def test_a_failed_drawing_is_not_kept(monkeypatch, private_validation_cache):
    calls = []
    assert still_cache.cached("x.svg", lambda: calls.append(1)) is None
    assert still_cache.cached("x.svg", lambda: calls.append(1)) is None
    assert len(calls) == 2 and not (private_validation_cache / "stills" / "x.svg").exists()


def test_the_least_recently_used_stills_go_beyond_the_limit(tmp_path):
    for i in range(5):
        (tmp_path / f"{i}.svg").write_text("<svg></svg>")
        os.utime(tmp_path / f"{i}.svg", (1000 + i, 1000 + i))
    os.utime(tmp_path / "0.svg")  # used just now: kept although drawn first
    (tmp_path / "notes.txt").write_text("not a still")
    still_cache.prune(tmp_path, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.svg", "3.svg", "4.svg", "notes.txt"]


def test_using_a_kept_still_marks_it_recently_used(private_validation_cache):
    still_cache.cached("a.svg", lambda: "<svg></svg>")
    path = private_validation_cache / "stills" / "a.svg"
    os.utime(path, (1000, 1000))
    assert still_cache.cached("a.svg", lambda: None) == "<svg></svg>"
    assert path.stat().st_mtime > 1000


def _versions():
    import vl_convert

    return static.bundled_vegalite_version(), vl_convert.__version__
