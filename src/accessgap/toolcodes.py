"""Codes reported by the network and ID tools (not by `validate`), documented in docs/checks.md."""

TOOL_CODES = {
    "L001": "`check-links`: a dead link (4xx, 5xx after retries, or no answer); the hint names the archived copy.",
    "L002": "`check-links`: a link not checked (not http(s), a non-public address, rate-limited or refusing robots).",
    "L010": "`archive`: no archived copy could be found or made for a source.",
    "L011": "`archive`: the archive service failed or the file could not be updated.",
    "I001": "`check-ids`: an entry ID this branch adds was also added on the base branch since the fork.",
    "I002": "`check-ids`: an entry ID this branch adds was used on the base branch before and removed (never reuse IDs).",
}
