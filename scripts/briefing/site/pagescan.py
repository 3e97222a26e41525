"""The audit's security scan of one built page: nothing on it runs script or loads from elsewhere.

Checked on every HTML page of the site, whatever produced it:
- no event-handler attribute (`on...=`) on any element, and no `javascript:`, `vbscript:` or
  `data:` URL in any attribute that takes a URL;
- no element id twice, no theme id (`__...`) inside the article (where contributor content
  lands), and `#__config` is Material's own `<script type="application/json">`;
- no script other than the site's own: a `src` must name a file of this site, an inline script
  must be one of the theme's (as found on the 404 page, which no brief can touch), and no
  script at all inside the article;
- nothing the browser loads by itself (`src`, `srcset`, `poster`, `data`, stylesheet and icon
  links, SVG `href`, CSS `url()` and `@import`) on another origin.
A page nested deeper than the parser can follow is a failure, never a page checked in part.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import lxml.etree

_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.I)
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "srcset", "background",
                             "cite", "ping", "longdesc", "lowsrc", "dynsrc", "codebase", "manifest"})
# Attributes the browser fetches by itself, on any element; and `href` of a stylesheet or icon
# link (not of a canonical, alternate, next or prev link) or of SVG's image, use and feImage.
_LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"})
_NON_LOADING_RELS = frozenset({"canonical", "alternate", "next", "prev"})
_SVG_LOADING = frozenset({"image", "use", "feimage"})


def _is_href(name: str) -> bool:
    """`href` with or without a prefix (`xlink:href`: the HTML parser keeps the prefix in the name)."""
    return name == "href" or name.endswith(":href")


def _loads(element: lxml.etree._Element, name: str) -> bool:
    if name in _LOADING_ATTRIBUTES:
        return True
    if not _is_href(name):
        return False
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "link":
        return not (_NON_LOADING_RELS & set((element.get("rel") or "").lower().split()))
    return tag.rsplit(":", 1)[-1] in _SVG_LOADING


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]*)|@import\s+['"]([^'"]+)""", re.I)
_SCOPE = re.compile(r'new URL\("[^"]*",location\)')
_DATA_SCRIPTS = {"application/json", "application/ld+json"}


_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _control_free(value: str) -> str:
    """The value without the controls and spaces a browser ignores inside a URL scheme."""
    return _CONTROL.sub("", value)


def inline_script_key(text: str) -> str:
    """A theme script's identity, whatever the page's depth (`new URL("../..",location)`)."""
    return hashlib.sha256(_SCOPE.sub('new URL("",location)', text.strip()).encode()).hexdigest()


@dataclass
class ScanContext:
    files: set[str]  # every site-relative file path
    origin: str | None  # the site's own origin, e.g. "https://example.org"; None: relative URLs only
    theme_scripts: set[str] = field(default_factory=set)  # inline_script_key of the theme's scripts
    base_path: str = "/"  # the path of the site's URL: root-relative URLs start with it


@dataclass
class ParsedPage:
    tree: lxml.etree._Element | None
    ids: list[str]
    failures: list[str]


def parse_page(data: bytes, rel: str) -> ParsedPage:
    """Parse with no depth limit short of libxml2's hard one, and say so if that is reached.

    libxml2's HTML parser with lxml's plain elements: lxml.html's element classes cost a Python
    lookup for every element the scan touches, and nothing here needs their methods."""
    parser = lxml.etree.HTMLParser(huge_tree=True)
    try:
        tree = lxml.etree.fromstring(data, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        return ParsedPage(None, [], [f"{rel}: the page cannot be parsed ({exc})"])
    if tree is None:
        return ParsedPage(None, [], [f"{rel}: the page cannot be parsed (it is empty)"])
    failures = [f"{rel}: the page is nested too deeply to audit ({e.message.split(',')[0]})"
                for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    return ParsedPage(tree, [str(i) for i in tree.xpath("//@id")], failures[:1])


def _other_origin(url: str, context: ScanContext) -> bool:
    text = url.strip().replace("\\", "/")
    if not text:
        return False
    parts = urlsplit(text)
    if not parts.scheme and not parts.netloc and not text.startswith("//"):
        return False
    if context.origin is None:
        return True
    own = urlsplit(context.origin)
    return (parts.scheme or own.scheme, parts.netloc) != (own.scheme, own.netloc)


# Document-wide (an element's own iter() would miss a second top-level element).
_TOP = lxml.etree.XPath("/*")
_SCRIPTS = lxml.etree.XPath("//script")
_STYLES = lxml.etree.XPath("//style")

_HANDLER, _STYLE, _URL, _LOADING, _HREF = 1, 2, 4, 8, 16
_KINDS: dict[str, int] = {}


def _kind(attribute: str) -> int:
    """What the scan must check of an attribute with this name (flags; 0: nothing)."""
    name = attribute.lower()
    kind = (_HANDLER if name.startswith("on") else 0) | (_STYLE if name == "style" else 0)
    if _is_href(name):
        kind |= _URL | _HREF
    if name in _URL_ATTRIBUTES:
        kind |= _URL
    if name in _LOADING_ATTRIBUTES:
        kind |= _URL | _LOADING
    return kind


def scan_page(page: ParsedPage, rel: str, context: ScanContext,
              missing: list[tuple[str, str]] | None = None) -> list[str]:
    """The page's failures. With ``missing``, a script whose file is not (yet) among the context's
    files goes there as (site file, failure) instead, for the caller to judge once the site is
    complete (the audit scans pages while the build is still writing the site)."""
    tree = page.tree
    if tree is None:
        return []
    failures: list[str] = []
    loading: list[tuple[str, str, str]] = []  # (tag, attribute, value) of what the browser fetches
    css: list[str] = []
    # One pass over every element's attributes. What a name calls for is worked out once per
    # distinct name (a page has thousands of attributes and a few dozen names).
    # Every element of the document: libxml2 puts what follows </html> in a second top-level
    # element (a browser moves it into the body), so the walk starts from each top-level one.
    for element in (e for top in _TOP(tree) for e in top.iter(lxml.etree.Element)):
        attributes = element.items()
        if not attributes:
            continue
        tag = element.tag
        for attribute, value in attributes:
            kind = _KINDS.get(attribute)
            if kind is None:
                kind = _KINDS.setdefault(attribute, _kind(attribute))
            if not kind:
                continue
            if kind & _HANDLER:
                failures.append(f"{rel}: event-handler attribute '{attribute}' on <{tag}>")
            if kind & _STYLE:
                css.append(value)
            if kind & _URL:
                if ":" in value:  # a scheme needs its colon (the parser has decoded any entity)
                    cleaned = _control_free(value)
                    if _BAD_SCHEME.match(cleaned):
                        failures.append(f"{rel}: {cleaned.split(':')[0].lower()}: URL in <{tag}>")
                if kind & _LOADING or (kind & _HREF and _loads(element, attribute.lower())):
                    loading.append((str(tag), attribute, value))
    seen: set[str] = set()
    for anchor in page.ids:
        if anchor in seen:
            failures.append(f"{rel}: the id '{anchor[:60]}' appears more than once")
        seen.add(anchor)
    for element in tree.xpath("//article//*[starts-with(@id, '__')]"):
        failures.append(f"{rel}: the theme's id '{element.get('id')[:60]}' is used inside the article")
    for element in tree.xpath("//*[@id='__config']") if "__config" in page.ids else ():
        if element.tag != "script" or (element.get("type") or "") != "application/json":
            failures.append(f"{rel}: #__config is a <{element.tag}>, not the theme's configuration script")
    failures += [f"{rel}: a <script> inside the article"] * len(tree.xpath("//article//script"))
    for script in _SCRIPTS(tree):
        source = script.get("src")
        kind = (script.get("type") or "").strip().lower()
        if source is not None:
            if _other_origin(source, context):
                failures.append(f"{rel}: a script from another origin: {source[:80]}")
            elif (site_file := _site_file(rel, source, context.base_path)) not in context.files:
                failure = f"{rel}: a script that is not a file of this site: {source[:80]}"
                if missing is None:
                    failures.append(failure)
                else:
                    missing.append((site_file, failure))
        elif kind not in _DATA_SCRIPTS and inline_script_key(script.text or "") not in context.theme_scripts:
            failures.append(f"{rel}: an inline script that is not the theme's: {(script.text or '').strip()[:60]!r}")
    for tag, attribute, value in loading:
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if attribute.lower() == "srcset" else [value]
        for url in urls:
            if _other_origin(url, context):
                failures.append(f"{rel}: <{tag} {attribute}> loads from another origin: {url[:80]}")
    css += [s.text or "" for s in _STYLES(tree)]
    for text in css:
        for m in _CSS_URL.finditer(text):
            url = m.group(1) or m.group(2) or ""
            if _other_origin(url, context) or _BAD_SCHEME.match(_control_free(url)):
                failures.append(f"{rel}: CSS loads from another origin: {url[:80]}")
    return failures


def _site_file(page_rel: str, url: str, base_path: str = "/") -> str:
    path = unquote(urlsplit(url).path)
    if path.startswith("/"):
        return path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))


def theme_scripts(data: bytes) -> set[str]:
    """The theme's own inline scripts, read from a page no brief can touch (the 404 page)."""
    page = parse_page(data, "404.html")
    if page.tree is None:
        return set()
    return {inline_script_key(s.text or "") for s in _SCRIPTS(page.tree)
            if s.get("src") is None and (s.get("type") or "").strip().lower() not in _DATA_SCRIPTS}
