"""Findings: what a check found, where, and how to fix it. Checks return these as values."""

from __future__ import annotations

from dataclasses import dataclass, field

from .codes import severity as _severity_of


def pointer(path) -> str:
    """A JSON path such as `$.sources[0].url` for a path of keys and indexes."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based
    code: str
    message: str
    hint: str = ""
    pointer: str = ""  # JSON path such as $.sources[0].url

    @property
    def severity(self) -> str:
        """"error" or "warning", from the catalogue (codes.py): a code has one severity everywhere."""
        return _severity_of(self.code)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Result:
    """Every finding of one run, kept in file order so reports are stable."""

    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings) -> None:
        self.findings.extend(findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    def sorted(self) -> list[Finding]:
        return sorted(set(self.findings), key=lambda f: (f.path, f.line, f.col, f.code, f.message))
