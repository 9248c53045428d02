"""Figures of a tap benchmark run, printed and written into the tap's README."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tap_kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent

# Figures --------------------------------------------------------------------------------


@dataclass
class Figure:
    part: str  # "full sync", "incremental", ...
    label: str
    value: str
    goal: str = ""
    passed: bool | None = None  # None: reported, no goal

    @property
    def verdict(self) -> str:
        return "" if self.passed is None else ("PASS" if self.passed else "MISS")


@dataclass
class TapReport:
    kind: str
    command: str
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(
        self, part: str, label: str, value: str, goal: str = "", passed: bool | None = None
    ) -> None:
        figure = Figure(part, label, value, goal, passed)
        self.figures.append(figure)
        verdict = f"  [{figure.verdict}]" if figure.verdict else ""
        goal_text = f"  (goal: {goal})" if goal else ""
        print(f"  {part}: {label}: {value}{goal_text}{verdict}", flush=True)

    def detail(self, text: str) -> None:
        print(f"    {text}", flush=True)


SECTION = re.compile(r"^## Performance\n.*?(?=^## )", re.MULTILINE | re.DOTALL)


def readme_section(report: TapReport) -> str:
    kind = KINDS[report.kind]
    rows = "\n".join(
        f"| {f.part}: {f.label} | {f.value} | {f.goal or '-'}"
        f"{f' ({f.verdict})' if f.verdict else ''} |"
        for f in report.figures
    )
    settings = ", ".join(f"`{k}: {v}`" for k, v in kind.rate_settings.items())
    window = kind.rate_window / kind.warp
    paragraphs = [
        f"Produced by `{report.command}`: the tap's command line against the local sandbox, "
        "requests counted from the sandbox's request log. Request counts are exact; the rates "
        "come from a shared 2-core machine and are indicative only.",
        "- **Full sync**: discovery, then a sync with the catalog, rate limits off. The minimum "
        f"is the sum over record streams of ceil(records / {kind.page_size}) (the default page "
        "size), records being what each stream must return according to the sandbox's "
        f"dataset; lookups and discovery are counted apart.{kind.full_sync_note}",
        "- **Incremental**: from the full sync's final state, nothing changed since.",
        f"- **Rate limit**: {kind.rate_limit} requests per {kind.rate_window:g} s compressed "
        f"{kind.warp:g}x: the sandbox allows {kind.rate_limit} per {window:g} s and the tap "
        f"runs under `bench/tap_timewarp.py` with its clock {kind.warp:g}x faster; {settings}, "
        f"page size {kind.rate_page_size}. Share of the limit used = window / mean time "
        f"between a request and the one {kind.rate_limit} places later (100%: the server's "
        "window always full).",
    ]
    text = "\n".join(
        textwrap.fill(p, width=92, subsequent_indent="  " if p.startswith("- ") else "")
        for p in paragraphs
    ).replace("\n- ", "\n\n- ", 1)
    note = "\n" + textwrap.fill(kind.note, width=92) + "\n" if kind.note else ""
    return f"""## Performance

{text}

| Figure | Result | Goal |
|---|---|---|
{rows}
{note}
"""


def update_readme(report: TapReport) -> None:
    path = ROOT / f"tap-{report.kind}" / "README.md"
    text = path.read_text()
    section = readme_section(report)
    if SECTION.search(text):
        text = SECTION.sub(lambda _: section, text, count=1)
    else:
        text = text.replace("\n## Development\n", f"\n{section}## Development\n", 1)
    path.write_text(text)
    print(f"  wrote the Performance section of {path.relative_to(ROOT)}")


# Main -----------------------------------------------------------------------------------
