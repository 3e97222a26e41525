"""What `mkdocs serve` keeps from one build to the next, so that saving one brief rebuilds one page.

Every build under `mkdocs serve` starts from an empty site folder (MkDocs cleans it), so the
adapter hands MkDocs only the generated pages that changed and writes the others itself, from
the files of the previous build. A page is reused only when all of this holds:
- the site key is unchanged: `mkdocs.yml`, everything under `docs/` (hand-written pages, the
  theme overrides, templates, styles, scripts), the data files (`briefs/*.yml`: the adapter adds
  the topics' Chinese aliases to each brief's search entry), the theme's version, the plugin's
  settings, the site's URL and the build date (the sitemap's dates);
- the set of generated pages is unchanged (a brief added, deleted or renamed, or a listing that
  gains a page, rebuilds every page, so no stale page, link or sitemap entry can survive);
- the page is not in the nav (the nav's own pages are always rendered: MkDocs links them);
- the page's own key is unchanged: a digest of its path, title, description, kind, metadata
  (pagination included), headings and all of its HTML.
A reused page is the exact bytes MkDocs wrote for the same inputs, so the incremental site is
byte-identical to a clean build (tests/test_serve_incremental.py builds both and compares).

Between builds, the site's page folders and search index are set aside under hidden names
(MkDocs' cleaning skips them) and put back with the changed pages moved in; hard-linked copies
of every page, in a folder next to the site folder (never inside it), cover anything the
set-aside folders lack. The sitemap is kept as bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from ..digest import digest
from .pages import Page

HIDDEN = ".briefing-kept-"  # a name MkDocs' cleaning of the site folder leaves alone


def page_key(page: Page) -> str:
    """A digest of everything MkDocs makes the page's HTML from (computed once per page object)."""
    if not page.key:
        page.key = _page_key(page)
    return page.key


def _page_key(page: Page) -> str:
    return digest(page.path, page.title, page.description, page.kind, page.markdown, page.before_html,
                  page.body_html, page.after_html, json.dumps(page.meta, sort_keys=True, default=str),
                  json.dumps(page.toc, sort_keys=True, default=str))


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: copy
        shutil.copyfile(source, target)


@dataclass
class KeptSite:
    """The previous build, as far as the next one may reuse it."""

    site_key: str = ""
    paths: frozenset[str] = frozenset()  # every generated page's path
    outputs: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (page key, dest_uri)
    sitemap: dict[str, bytes] = field(default_factory=dict)  # sitemap.xml and sitemap.xml.gz
    folder: Path | None = None  # the kept files: <page key>.html
    top_dirs: frozenset[str] = frozenset()  # the site's top folders that hold generated pages
    planned: frozenset[str] = frozenset()  # this build's pages and files (plan), kept as `paths` by keep

    def ensure_folder(self, site_dir: Path) -> Path:
        if self.folder is None or not self.folder.is_dir():
            site_dir.parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix="briefing-serve-", dir=site_dir.parent))
        return self.folder

    def plan(self, site_key: str, pages: list[Page], files: list[str],
             never: set[str]) -> tuple[dict[str, str], dict[str, str]]:
        """(path -> key of every generated page, path -> key of those the build may reuse). The
        generated files (feeds, API, redirects: rewritten every time) count in the set of paths."""
        keys = {page.path: page_key(page) for page in pages}
        self.planned = frozenset(keys) | frozenset(files)
        if site_key != self.site_key or self.planned != self.paths or self.folder is None:
            return keys, {}
        reuse = {path: key for path, key in keys.items()
                 if path not in never and self.outputs.get(path, ("", ""))[0] == key
                 and (self.folder / f"{key}.html").is_file()}
        return keys, reuse

    def hide(self, site_dir: Path) -> None:
        """Before MkDocs cleans the site folder (it leaves hidden entries alone): set the last
        build's page folders and search index aside, so that unchanged pages stay where they are
        (writing a thousand pages again costs a thousand new folders)."""
        for name in (*self.top_dirs, "pagefind"):
            if (site_dir / name).is_dir():
                os.replace(site_dir / name, site_dir / f"{HIDDEN}{name}")

    def write_reused(self, site_dir: Path, reuse: dict[str, str]) -> None:
        """After MkDocs wrote the changed pages: move them into the set-aside folders, put those
        back, and write any reused page they did not hold from the kept files. Without reuse,
        the set-aside folders are dropped. The search index goes back either way (it is rebuilt
        in the background)."""
        kept_search = site_dir / f"{HIDDEN}pagefind"
        if kept_search.is_dir() and not (site_dir / "pagefind").exists():
            os.replace(kept_search, site_dir / "pagefind")
        for name in self.top_dirs:
            hidden, fresh = site_dir / f"{HIDDEN}{name}", site_dir / name
            if not reuse or not hidden.is_dir():
                continue
            if fresh.is_dir():
                for folder, _dirs, names in os.walk(fresh):
                    into = hidden / Path(folder).relative_to(fresh)
                    if names and not into.is_dir():
                        into.mkdir(parents=True, exist_ok=True)
                    for file_name in names:
                        os.replace(Path(folder) / file_name, into / file_name)
                shutil.rmtree(fresh)
            os.replace(hidden, fresh)
        for entry in site_dir.iterdir():
            if entry.name.startswith(HIDDEN):
                shutil.rmtree(entry, ignore_errors=True)
        if not reuse:
            return
        assert self.folder is not None
        for path, key in reuse.items():
            target = site_dir / self.outputs[path][1]
            if not target.is_file():
                _link_or_copy(self.folder / f"{key}.html", target)
        for name, data in self.sitemap.items():  # the same pages: the sitemap MkDocs wrote from them all
            (site_dir / name).write_bytes(data)

    def keep(self, site_dir: Path, site_key: str, keys: dict[str, str], dest: dict[str, str],
             reused: dict[str, str]) -> None:
        """Remember this build: link each page MkDocs wrote into the kept folder, under its key."""
        folder = self.ensure_folder(site_dir)
        outputs: dict[str, tuple[str, str]] = {}
        for path, key in keys.items():
            if path in reused:
                outputs[path] = self.outputs[path]
                continue
            if path not in dest or not (site_dir / dest[path]).is_file():
                continue
            kept = folder / f"{key}.html"
            if not kept.is_file():
                _link_or_copy(site_dir / dest[path], kept)
            outputs[path] = (key, dest[path])
        if not reused:
            self.sitemap = {name: (site_dir / name).read_bytes() for name in ("sitemap.xml", "sitemap.xml.gz")
                            if (site_dir / name).is_file()}
        wanted = {f"{key}.html" for key, _ in outputs.values()}
        for stale in folder.glob("*.html"):
            if stale.name not in wanted:
                stale.unlink(missing_ok=True)
        self.site_key, self.paths, self.outputs = site_key, self.planned, outputs
        self.top_dirs = frozenset(dest.split("/", 1)[0] for _key, dest in outputs.values() if "/" in dest)

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory between the builds of `mkdocs serve` (MkDocs makes
    a new Jinja environment for each build, and compiling Material's templates costs about
    0.3 s). Jinja keys each entry by the template's name and a checksum of its source, so an
    edited template is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def nav_paths(nav: Any) -> set[str]:
    """Docs-relative paths named in a MkDocs `nav` setting (a list of dicts, lists and strings)."""
    found: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
