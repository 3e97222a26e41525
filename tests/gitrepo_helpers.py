"""Small builders for tests that need a git repository with a valid corpus and real commits.

Self-contained on purpose (no conftest, no shared fixtures): each test makes its own repository
under pytest's tmp_path.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TOPICS = {
    "export-controls": "Export controls",
    "safety-summits": "Safety summits",
    "us-china-diplomacy": "US-China diplomacy",
    "china-ai-regulation": "China AI regulation",
    "synthetic-media": "Synthetic media",
    "compute-governance": "Compute governance",
    "military-ai": "Military AI",
    "un-multilateral": "UN and multilateral",
    "evaluations-red-teaming": "Evaluations and red-teaming",
    "trade-tariffs": "Trade and tariffs",
}
JURISDICTIONS = ("CN", "CN-BJ", "CN-SH", "CN-GD", "US", "EU", "GB", "KR", "FR", "JP", "UN", "INT")

BODY = "\n\n".join(
    [
        "## What happened",
        " ".join(
            ["Officials from several governments met to discuss how advanced AI systems"]
            + ["should be tested, documented and governed before wide release."] * 8
        ),
        "## Why it matters",
        " ".join(
            ["The meeting matters because it sets expectations for developers and"]
            + ["regulators who must decide which safety checks to require in practice."] * 8
        ),
    ]
)

SUMMARY = (
    "Officials met to agree how advanced AI systems should be tested before release, "
    "and what developers must document."
)

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


def topics_yml() -> str:
    out = []
    for key, label in TOPICS.items():
        out.append(
            f"{key}:\n  label: {label}\n  description: Briefs about {label.lower()} and policy.\n"
        )
    return "\n".join(out)


def authors_yml() -> str:
    return "editorial-team:\n  name: Editorial team\n"


def jurisdictions_yml() -> str:
    return "".join(f"{code}:\n  label: Place {code}\n" for code in JURISDICTIONS)


def brief_text(
    *,
    title: str = "Officials meet to discuss testing of advanced AI",
    summary: str = SUMMARY,
    published: str = "2024-05-14",
    status: str | None = "published",
    key_points: tuple[str, ...] = (
        "Officials met to discuss testing.",
        "No binding text was agreed.",
    ),
    body: str = BODY,
    url: str = "https://example.org/statement",
    archived_url: str | None = None,
    sources: list[tuple[str, str, str | None]] | None = None,
    updated: str | None = None,
    changelog: list[tuple[str, str, str]] | None = None,
    aliases: list[str] | None = None,
    extra: str = "",
) -> str:
    """A brief that validates (at least 150 words), with the given changes."""
    lines = [
        "---",
        f'title: "{title}"',
        f'summary: "{summary}"',
        f"published: {published}",
    ]
    if updated:
        lines.append(f"updated: {updated}")
    if status:
        lines.append(f"status: {status}")
    lines += ["authors: [editorial-team]", "topics: [safety-summits]", "jurisdictions: [INT]"]
    lines.append("key_points:")
    lines += [f'  - "{point}"' for point in key_points]
    lines.append("sources:")
    for source_title, source_url, source_archive in sources or [
        ("Official statement", url, archived_url)
    ]:
        lines += [
            f'  - title: "{source_title}"',
            f'    url: "{source_url}"',
            '    publisher: "Example Ministry"',
            "    type: primary",
        ]
        if source_archive:
            lines.append(f'    archived_url: "{source_archive}"')
    if aliases:
        lines.append(f"aliases: [{', '.join(aliases)}]")
    if changelog:
        lines.append("changelog:")
        for date, kind, note in changelog:
            lines += [f"  - date: {date}", f"    kind: {kind}", f'    note: "{note}"']
    if extra:
        lines.append(extra.rstrip("\n"))
    lines += ["---", "", body, ""]
    return "\n".join(lines)


def write_corpus(root: Path, briefs: dict[str, str] | None = None) -> Path:
    """Write briefs/ with the three data files and the given briefs (slug -> text)."""
    folder = root / "briefs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "topics.yml").write_text(topics_yml(), encoding="utf-8")
    (folder / "authors.yml").write_text(authors_yml(), encoding="utf-8")
    (folder / "jurisdictions.yml").write_text(jurisdictions_yml(), encoding="utf-8")
    for slug, text in (briefs if briefs is not None else {"first-brief": brief_text()}).items():
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    env["HOME"] = str(root)  # no user or global config leaks into the test
    result = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


def init_repo(root: Path, briefs: dict[str, str] | None = None, message: str = "initial") -> Path:
    """A git repository on branch main with a valid corpus committed."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "config", "commit.gpgsign", "false")
    write_corpus(root, briefs)
    commit(root, message)
    return root


def commit(root: Path, message: str) -> str:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def write_brief(root: Path, slug: str, text: str) -> Path:
    path = root / "briefs" / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path
