"""The "Report an error in this brief" link: the repository's issue form (GitHub issue forms read
`template`, `title` and each field's id from the address), with the brief and its version filled in.

Only for a repository on GitHub that the build knows (`repo_url`); without one, no link. Every value
is percent-encoded here and the template escapes the address again, so a title cannot leave it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit

FORM = "report-error.yml"  # .github/ISSUE_TEMPLATE/report-error.yml; its fields `brief` and `version`


def report_url(repo_url: str | None, slug: str, version: dt.date, title: str) -> str | None:
    """The address of the error-report form for one brief, or None without a GitHub repository."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url.strip())
    if parts.scheme != "https" or parts.hostname not in {"github.com", "www.github.com"}:
        return None
    path = parts.path.strip("/").removesuffix(".git")
    if path.count("/") != 1:
        return None
    query = urlencode({
        "template": FORM,
        "title": f"Error in: {title}"[:200],
        "brief": f"/briefs/{slug}/",
        "version": version.isoformat(),
    })
    return f"https://github.com/{path}/issues/new?{query}"
