"""textrules.first_problem's shortcut for plain text must refuse exactly what the full check does."""

from __future__ import annotations

import pytest

from accessgap import textrules

# Every code point below U+3000 (the shortcut's ranges and what surrounds them), the planes'
# edges and a sample above; each alone, after a letter, between letters and after four
# combining marks (the fifth would be refused).
POINTS = [*range(0x3000), *range(0xFDC0, 0x10000), *range(0x10000, 0x110000, 97), 0x1FFFE, 0x10FFFF,
          *range(0xE0000, 0xE0080)]


@pytest.mark.parametrize("newlines", [True, False])
def test_the_shortcut_agrees_with_the_full_check_on_every_character(newlines):
    for o in POINTS:
        ch = chr(o)
        for text in (ch, "a" + ch, "a" + ch + "b", "e\u0301\u0301\u0301\u0301" + ch):
            assert textrules.first_problem(text, newlines=newlines) == textrules._first_problem(text, newlines=newlines), \
                (hex(o), text)


def test_plain_text_is_accepted_and_a_refused_character_is_still_found():
    assert textrules.first_problem("Weights \u2014 \u201cnot\u201d released.\n", newlines=True) is None
    assert textrules.first_problem("line\nbreak", newlines=False)[0] == 4
    assert textrules.first_problem("soft\xadhyphen", newlines=False)[0] == 4
    assert textrules.first_problem("a\u202eb", newlines=True)[0] == 1
