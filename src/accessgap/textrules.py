"""What text may hold: the characters refused in every text field and name, and look-alikes.

A reviewer reads a pull request in a browser; characters that render as nothing, reorder the
line around them or imitate other letters let a hostile entry say something other than what the
reviewer saw. They are refused with their code point and position; `skeleton` folds look-alike
names together so a near-copy of an existing lab or model name is flagged.
"""

from __future__ import annotations

import re
import unicodedata

MAX_COMBINING = 4  # more marks on one letter than any language needs ("Zalgo" text)

_BIDI = {0x061C: "ARABIC LETTER MARK", 0x200E: "LEFT-TO-RIGHT MARK", 0x200F: "RIGHT-TO-LEFT MARK",
         **{c: unicodedata.name(chr(c)) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}}
_INVISIBLE = {0x00AD, 0x034F, 0x180E, 0x200B, 0x200C, 0x2028, 0x2029, *range(0x2060, 0x2065), 0xFEFF,
              0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, *range(0xFFF9, 0xFFFC)}
_NAMES = {0x200B: "ZERO WIDTH SPACE", 0xFEFF: "ZERO WIDTH NO-BREAK SPACE", 0x2060: "WORD JOINER",
          0x3164: "HANGUL FILLER", 0x115F: "HANGUL CHOSEONG FILLER", 0x1160: "HANGUL JUNGSEONG FILLER",
          0xFFA0: "HALFWIDTH HANGUL FILLER", 0x2800: "BRAILLE PATTERN BLANK", 0x00: "NULL", 0x09: "TAB",
          0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def _name(o: int) -> str:
    return _NAMES.get(o) or unicodedata.name(chr(o), "") or "unnamed character"


def describe(ch: str) -> str | None:
    """Why `ch` is refused, or None when it is allowed (newlines and tabs are decided by the caller)."""
    o = ord(ch)
    if o < 0x20 or 0x7F <= o <= 0x9F:
        return "a control character"
    if o in _BIDI:
        return "a bidirectional control, which can reorder what reviewers see"
    if 0xE0000 <= o <= 0xE007F:
        return "a tag character, which is invisible"
    if o in _INVISIBLE:
        return "an invisible character or filler"
    if 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE:
        return "a noncharacter, which XML feeds cannot carry"
    if 0xD800 <= o <= 0xDFFF:
        return "a lone surrogate"
    if 0xE000 <= o <= 0xF8FF or o >= 0xF0000:
        return "a private-use character, which has no agreed look"
    return None


# Text made only of these is never refused, so it skips the loop below (validating 1,000 entries
# called `describe` 2.3 million times): no control (tab aside), no soft hyphen, nothing at or above
# U+0300 where combining marks begin, except the dashes, quotes and spaces of General Punctuation
# that hold no bidirectional control or invisible character (U+2010-2027, U+2030-205F).
_PLAIN = re.compile("[\t\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205f]*")
_PLAIN_LINES = re.compile("[\t\n\r\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205f]*")


def first_problem(value: str, *, newlines: bool) -> tuple[int, str] | None:
    """(index, message) for the first refused character in `value`, or None."""
    if (_PLAIN_LINES if newlines else _PLAIN).fullmatch(value):
        return None
    return _first_problem(value, newlines=newlines)


def _first_problem(value: str, *, newlines: bool) -> tuple[int, str] | None:
    run = 0
    for i, ch in enumerate(value):
        o = ord(ch)
        if ch == "\t" or (newlines and ch in "\n\r"):
            run = 0
            continue
        if o == 0x200D and 0 < i < len(value) - 1 and (ord(value[i - 1]) > 0xFFFF or value[i - 1] == "\ufe0f") \
                and ord(value[i + 1]) > 0xFFFF:
            continue  # the joiner inside an emoji sequence (👩‍🔬)
        why = describe(ch) if o != 0x200D else "an invisible character or filler"
        if why:
            return i, f"U+{o:04X} {_name(o)} ({why})"
        run = run + 1 if unicodedata.combining(ch) or unicodedata.category(ch) == "Me" else 0
        if run > MAX_COMBINING:
            return i, f"more than {MAX_COMBINING} combining marks on one letter (U+{o:04X} {_name(o)})"
    return None


# Latin look-alikes in other scripts (the common confusables), folded to the Latin letter.
_CONFUSABLES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u", "А": "a", "В": "b", "Е": "e", "К": "k",
    "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t", "Х": "x", "Ү": "y", "α": "a", "ο": "o",
    "ρ": "p", "ν": "v", "τ": "t", "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k",
    "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x", "0": "o", "1": "l", "|": "l",
})


def skeleton(name: str) -> str:
    """A form in which look-alike names are equal: compatibility-folded, case-folded, confusables
    mapped to Latin, marks and separators dropped."""
    text = unicodedata.normalize("NFKD", name).casefold().translate(_CONFUSABLES)
    text = text.replace("i", "l").replace("rn", "m")
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def scripts(text: str) -> set[str]:
    """The scripts the letters of `text` come from (first word of each letter's Unicode name)."""
    found = set()
    for ch in text:
        if ch.isalpha():
            found.add(unicodedata.name(ch, "UNKNOWN").split(" ")[0])
    return found


# An HTML tag, as browsers see one: "a < b" is text. The validator refuses it in text (E030), and
# `accessgap new` applies it to a title before allocating an ID.
HTML_TAG = re.compile(r"</?[a-zA-Z!?]")
