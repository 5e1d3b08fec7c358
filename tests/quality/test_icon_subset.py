"""The pages load Bootstrap Icons cut down to the icons the code uses (scripts/icon_subset.py): the committed
stylesheet is what the script would write now, and the font holds a glyph for each of its icons."""

from __future__ import annotations

import re

from fontTools.ttLib import TTFont

from scripts.icon_subset import CSS_OUT, FONT_OUT, ROOT, stylesheet, used_icons, vendor_icons


def test_the_icon_stylesheet_is_up_to_date_with_the_code():
    known = vendor_icons()
    names = used_icons(known)
    assert {"check-circle-fill", "hospital", "exclamation-octagon-fill", "signpost-split"} <= names
    assert CSS_OUT.read_text() == stylesheet(names, known), "run: python scripts/icon_subset.py"


def test_the_font_has_a_glyph_for_every_icon_of_the_stylesheet():
    codes = {int(code, 16) for code in re.findall(r'content:"\\([0-9a-f]+)"', CSS_OUT.read_text())}
    cmap = TTFont(str(FONT_OUT)).getBestCmap()
    assert codes
    assert codes <= set(cmap)
    assert FONT_OUT.stat().st_size < 20_000, "a subset, not the 134 KB font"


def test_pages_link_the_subset_not_the_whole_vendor_stylesheet():
    base = (ROOT / "templates" / "base.html").read_text()
    assert "{% static 'css/icons.css' %}" in base
    assert "bootstrap-icons.min.css" not in base
