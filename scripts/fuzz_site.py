"""Fuzz the whole build: N generated entries whose text fields carry astral-plane characters,
right-to-left text, combining marks, markup payloads and (in a share of them) characters the
text rules refuse. Validates, builds, and opens sample pages in Chromium.

It reports, as JSON: how many entries were refused and with which code, whether every refused
one named its character, the build's exit code and time, the scan result, and how many pages
Chromium loaded with nothing run (no `window.__pwned`, no dialog, no request off the machine).

    .venv/bin/python scripts/fuzz_site.py --entries 10000 --pages 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "src"))
from accessgap import textrules  # noqa: E402

PAYLOADS = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=2">',
            "<svg onload=window.__pwned=3>", '" onmouseover="window.__pwned=4" x="', "[x](javascript:window.__pwned=5)",
            "{{ 7*7 }}", "--8<-- \".git/config\"", "&#60;script&#62;", "`code`", "**b**"]
KEPT = ["😀", "👩‍🔬", "𠀀", "𰀀", "\U00040100", "\U000E0100", "Ω", "שלום", "مرحبا", "é", "e\u0301\u0302\u0303",
        "ﷺ", "𝕏", "\u00a0", "—", "Ａ", "x" * 120]
REFUSED = ["\u202e", "\u2066", "\u200b", "\u200f", "\U000E0041", "\u3164", "\u115f", "\ufeff", "\U000F0001",
           "\ufdd0", "\u0085", "a" + "\u0301" * 6]
MARKDOWN = ["{{ 7*7 }}", "`code`", "**b**", "*i*", "[ok](https://example.org/a_(b))", "| cell |", "{: .x }",
            "&#60;b&#62;", "--8<-- \".git/config\""]


def spice(rng: random.Random, text: str, pool: list[str], k: int) -> str:
    words = text.split(" ")
    for _ in range(k):
        words.insert(rng.randrange(len(words) + 1), rng.choice(pool))
    return " ".join(words).strip()


def mutate(project: Path, seed: int, refused_share: float) -> dict[str, str]:
    """Rewrite every entry in place; returns {entry id: refused character} for the refused ones."""
    import yaml

    rng = random.Random(seed)
    refused: dict[str, str] = {}
    for path in sorted((project / "registry" / "entries").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["title"] = spice(rng, data["title"], KEPT + PAYLOADS, 3)
        # The summary is Markdown: HTML and non-http links there are refused by design (E030/E031),
        # so it carries only what passes, and the escaping of Markdown is what is tested.
        data["summary"] = spice(rng, data["summary"], KEPT + MARKDOWN, 3)
        data["title"] = data["title"][:160].strip()
        for src in data.get("sources", []):
            src["title"] = spice(rng, src.get("title", "page"), KEPT + PAYLOADS, 2)[:300].strip()
            if "quote" in src:
                src["quote"] = spice(rng, src["quote"], KEPT, 2)
        if rng.random() < refused_share:
            bad = rng.choice(REFUSED)
            data["title"] = (data["title"][:100] + " " + bad + " end")
            refused[data["id"]] = bad
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096), encoding="utf-8")
    return refused


def expected_words(ch: str) -> str:
    """What the error must say about `ch`: its code point and name, as the text rules put it."""
    return textrules.first_problem(ch, newlines=False)[1].split(" (")[0]


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return proc, round(time.perf_counter() - start, 2)


def browse(site: Path, pages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(PROJECT))
    from tests.helpers.site import CHROMIUM, CHROMIUM_ARGS, Server

    server = Server(site)
    out = {"pages": 0, "pwned": [], "dialogs": 0, "foreign_requests": 0, "script_errors": 0}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ctx = browser.new_context()
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else
                  (out.__setitem__("foreign_requests", out["foreign_requests"] + 1), r.abort()))
        page = ctx.new_page()
        page.on("dialog", lambda d: (out.__setitem__("dialogs", out["dialogs"] + 1), d.dismiss()))
        page.on("pageerror", lambda e: out.__setitem__("script_errors", out["script_errors"] + 1))
        for rel in pages:
            page.goto(server.url + rel)
            page.wait_for_load_state("load")
            # Give any injected handler its event: hover and focus on every element of the page.
            page.evaluate("""document.querySelectorAll('*').forEach(e => {
                for (const t of ['mouseover', 'mouseenter', 'focus', 'load']) e.dispatchEvent(new Event(t)); })""")
            page.wait_for_timeout(50)
            if page.evaluate("typeof window.__pwned") != "undefined":
                out["pwned"].append(rel)
            out["pages"] += 1
        browser.close()
    server.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--refused-share", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    report: dict = {"entries": args.entries}
    with tempfile.TemporaryDirectory(prefix="fuzz-site-") as tmp:
        project = bench.make_project(Path(tmp) / "p", args.entries, bench.Corpus(PROJECT), seed=args.seed)
        refused = mutate(project, args.seed, args.refused_share)
        env = dict(os.environ, PYTHONPATH=str(PROJECT / "src"), XDG_CACHE_HOME=str(Path(tmp) / "xdg"))
        exe = [sys.executable, "-m", "accessgap"]
        proc, secs = run([*exe, "validate", "--format", "json"], project, env)
        found = json.loads(proc.stdout)["findings"]
        named = {f["path"].rsplit("/", 1)[-1][:-5]: f for f in found if f["code"] == "S108"}
        report["refused"] = {"planted": len(refused), "reported": len(set(refused) & set(named)),
                             "not_planted_s108": len(set(named) - set(refused)),
                             "named_the_character": sum(1 for i, ch in refused.items()
                                                        if i in named and expected_words(ch) in named[i]["message"]),
                             "other_errors": sorted({f["code"] for f in found if f["severity"] == "error"} - {"S108"}),
                             "validate_seconds": secs}
        import yaml

        for entry_id, bad in refused.items():  # take the refused character out again, then build everything
            path = project / "registry" / "entries" / entry_id[4:8] / f"{entry_id}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["title"] = data["title"].replace(bad, "x")
            path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096), encoding="utf-8")
        proc, secs = run([*exe, "build"], project, env)
        report["build"] = {"exit": proc.returncode, "seconds": secs,
                           "entries_built": len(list((project / "site" / "entries").glob("MAG-*"))) if proc.returncode == 0 else 0,
                           "tail": (proc.stdout + proc.stderr).strip().splitlines()[-3:]}
        if proc.returncode == 0:
            site = project / "site"
            ids = sorted(p.name for p in (site / "entries").glob("MAG-*"))
            rng = random.Random(args.seed)
            sample = [f"entries/{i}/" for i in rng.sample(ids, min(args.pages, len(ids)))]
            sample += ["", "timeline/", "explore/", "gap-types/elicitation/", "labs/openai/"]
            text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (site / "entries").rglob("*.html"))
            report["literal_payload_tags_in_pages"] = len(re.findall(r"<script>window\.__pwned|<img src=x onerror", text))
            report["browser"] = browse(site, sample)
    print(json.dumps(report, indent=1, ensure_ascii=False))
    ok = (report["build"]["exit"] == 0 and report["refused"]["reported"] == report["refused"]["planted"]
          and not report["browser"]["pwned"] and not report["browser"]["dialogs"]
          and not report["browser"]["foreign_requests"] and report["literal_payload_tags_in_pages"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
