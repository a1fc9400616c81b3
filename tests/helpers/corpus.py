"""The example corpus under tests/data: cases, their expectations, and the few generated at test time.

Adding a case needs no code:

* `tests/data/valid/NAME.yaml` must validate with exit code 0. An optional `NAME.expect` lists warnings
  that must be reported.
* `tests/data/invalid/NAME.yaml` must fail with exit code 1 and report at least the findings listed in
  `tests/data/invalid/NAME.expect`, one per line: `CODE LINE text`, where `text` must occur in the
  message or in its hint (LINE 0 means the whole file). Lines starting with `#` are comments; `@` lines
  are options:

  - `@check-jsonschema reject`: check-jsonschema must reject the file too (its defect is shape-level);
  - `@check-jsonschema accept REASON`: a known, documented case where check-jsonschema accepts what
    accessgap refuses (test_schema.py keeps the list honest);
  - `@generated`: the YAML file is made at test time by a generator in this module (huge or binary);
  - `@xfail REASON`: a known bug, tracked here until fixed (strict: the test fails once it passes).

Cases whose name starts with `hostile-` also run in a subprocess under a memory limit.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "valid"
INVALID = DATA / "invalid"


@dataclass(frozen=True)
class Expected:
    code: str
    line: int
    text: str

    def matches(self, finding: dict) -> bool:
        return (finding["code"] == self.code and finding["line"] == self.line
                and (self.text in finding["message"] or self.text in finding["hint"]))


@dataclass
class Case:
    name: str
    valid: bool
    source: Path | None  # None for generated cases
    expected: list[Expected] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)

    @property
    def hostile(self) -> bool:
        return self.name.startswith("hostile-")

    @property
    def id(self) -> str:
        return f"{'valid' if self.valid else 'invalid'}/{self.name}"

    def path(self, generated_dir: Path) -> Path:
        """The YAML file to validate (writing a generated case into `generated_dir` on first use)."""
        if self.source is not None:
            return self.source
        target = generated_dir / f"{self.name}.yaml"
        if not target.exists():
            target.write_bytes(GENERATORS[self.name]())
        return target


def parse_expect(path: Path) -> tuple[list[Expected], dict[str, str]]:
    expected, options = [], {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            options[key] = value.strip()
            continue
        code, line_no, text = (line.split(" ", 2) + ["", ""])[:3]
        if not (len(code) == 4 and code[0].isalpha() and code[1:].isdigit() and line_no.isdigit() and text):
            raise ValueError(f"{path}:{number}: expected `CODE LINE text`, got {raw!r}")
        expected.append(Expected(code, int(line_no), text.replace("\\n", "\n")))
    return expected, options


def cases() -> list[Case]:
    out = []
    for yaml_file in sorted(VALID.glob("*.yaml")):
        expect = yaml_file.with_suffix(".expect")
        expected, options = parse_expect(expect) if expect.exists() else ([], {})
        out.append(Case(yaml_file.stem, True, yaml_file, expected, options))
    for expect in sorted(INVALID.glob("*.expect")):
        expected, options = parse_expect(expect)
        yaml_file = expect.with_suffix(".yaml")
        source = None if "generated" in options else yaml_file
        out.append(Case(expect.stem, False, source, expected, options))
    return out


# --- generated cases: too big or too binary to commit -------------------------------------------

def _complete_entry() -> str:
    return (VALID / "complete-entry.yaml").read_text(encoding="utf-8")


def _huge_scalar() -> bytes:
    # 300 KiB in one quote: over the 256 KiB cap, so the file is refused before it is parsed.
    return _complete_entry().replace("An exact quote from the source.", "lol " * 75_000).encode()


def _very_long_line() -> bytes:
    # One 200,000-character line in the summary, under the size cap: parsed, then refused by length.
    return _complete_entry().replace("A neutral summary", "x" * 200_000, 1).encode()


def _binary_junk() -> bytes:
    # An ELF-like header (NUL at byte 8 of line 1) and 64 KiB of random bytes.
    return b"\x7fELF\x02\x01\x01\x00" + random.Random(20261128).randbytes(64 * 1024)


def _too_many_values() -> bytes:
    # 25,000 list items: over the 20,000-value cap.
    return _complete_entry().replace("tags: [evaluation, fine-tuning]", "tags: [" + ", ".join(["a"] * 25_000) + "]").encode()


def _many_errors() -> bytes:
    # 10,000 bad tags: under the value cap, so every one is reported; time and output stay bounded.
    return _complete_entry().replace("tags: [evaluation, fine-tuning]", "tags: [" + ", ".join(["Bad_Tag"] * 10_000) + "]").encode()


GENERATORS = {
    "hostile-huge-scalar": _huge_scalar,
    "hostile-very-long-line": _very_long_line,
    "hostile-binary-junk": _binary_junk,
    "hostile-too-many-values": _too_many_values,
    "hostile-many-errors": _many_errors,
}
