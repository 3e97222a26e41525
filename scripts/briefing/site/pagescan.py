"""The audit's security scan of one built page: nothing on it runs script or loads from elsewhere.

Checked on every HTML page of the site, whatever produced it:
- no event-handler attribute (`on...=`) on any element, and no `javascript:`, `vbscript:` or
  `data:` URL in any attribute that takes a URL;
- no element id twice, no theme id (`__...`) inside the article (where contributor content
  lands), and `#__config` is Material's own `<script type="application/json">`;
- no script other than the site's own: a `src` (or an SVG script's `href`) must name a file of
  this site, an inline script (and any text in a script with a `src`, which an SVG script runs)
  must be one of the theme's (as found on the 404 page, which no brief can touch), and no script
  at all inside the article;
- nothing the browser loads by itself on another origin: `src`, `srcset`, `imagesrcset`,
  `poster`, `data`, a `<link>` href unless every one of its rel tokens is one that fetches
  nothing (canonical, alternate, prev, ...: so `alternate stylesheet`, `preconnect` and
  `dns-prefetch` count), the `href` of any element but a link the reader follows (`<a>`,
  `<area>`), and in CSS (`style` attributes, SVG presentation attributes, `<style>`) every
  `url()` and every quoted string (`image-set("...")`, `@import "..."`), escapes decoded and
  comments skipped as a browser's CSS tokenizer does;
- no `<base href>` (nor `xml:base`), which would move every relative URL of the page; no
  `<meta http-equiv="refresh">` to another origin; no `srcdoc` (a document inside an attribute,
  not audited); no SVG animation (`<set>`, `<animate>`) of a URL or event-handler attribute;
- no markup (nor, where the parser keeps them raw, character references) in the text of an
  element libxml2 reads as raw text (`<style>`, `<title>`, `<textarea>`, ...) inside `<svg>` or
  `<math>`, where a browser parses it as elements.
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
                             "cite", "ping", "longdesc", "lowsrc", "dynsrc", "codebase", "manifest", "imagesrcset"})
# Attributes the browser fetches by itself, on any element; and `href` (see _loads).
# Attributes that send what the reader types, or a notice of each click, to their URL.
_SENDING_ATTRIBUTES = frozenset({"action", "formaction", "ping"})
_LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "imagesrcset"})
_SRCSETS = frozenset({"srcset", "imagesrcset"})  # comma-separated candidates, each a URL and a descriptor
# The rel tokens of a <link> that fetch nothing: a link whose every token is one of these loads
# nothing (any other token, known or not, counts as loading: stylesheet, icon, preload,
# preconnect, dns-prefetch, manifest, search, Firefox's prefetch of `next`, ...).
_NON_LOADING_RELS = frozenset({"alternate", "author", "bookmark", "canonical", "external", "feed", "help",
                               "license", "me", "nofollow", "noopener", "noreferrer", "opener", "prev",
                               "privacy-policy", "tag", "terms-of-service"})
_FOLLOWED = frozenset({"a", "area"})  # their href is a link the reader follows, not a load
# Attributes holding CSS: `style`, SVG's presentation attributes that take a url(), and the
# values an SVG animation gives an attribute.
_CSS_ATTRIBUTES = frozenset({"style", "fill", "stroke", "filter", "clip-path", "mask", "marker", "marker-start",
                             "marker-mid", "marker-end", "cursor", "to", "from", "by", "values"})


def _is_href(name: str) -> bool:
    """`href` with or without a prefix (`xlink:href`: the HTML parser keeps the prefix in the name)."""
    return name == "href" or name.endswith(":href")


def _local(tag: str) -> str:
    return tag.lower().rsplit(":", 1)[-1]


def _loads(element: lxml.etree._Element, name: str) -> bool:
    if name in _LOADING_ATTRIBUTES:
        return True
    if not _is_href(name):
        return False
    tag = _local(element.tag) if isinstance(element.tag, str) else ""
    if tag == "link":
        rels = (element.get("rel") or "").lower().split()
        return not rels or not _NON_LOADING_RELS.issuperset(rels)
    return tag not in _FOLLOWED and tag != "base"  # <base href> has a failure of its own


# CSS, as a browser's tokenizer reads it, for what it may load: comments are skipped, a string
# is a URL candidate whatever takes it (url("..."), image-set("..."), -webkit-image-set,
# @import "...", src("...")), and so is the body of an unquoted url(...). A function's name may
# be escaped (`u\72l(` is `url(`): every identifier is read whole, in one way (an atomic group),
# and the next search starts after it, so no text is read twice.
_CSS_TOKEN = re.compile(
    r"/\*.*?(?:\*/|\Z)"
    r'|"((?:[^"\\\n]|\\.)*)"?'
    r"|'((?:[^'\\\n]|\\.)*)'?"
    r"|((?>(?:[\w-]|\\(?:[0-9a-fA-F]{1,6}[ \t\n]?|[^0-9a-fA-F\n]))+))(\()?", re.S)
# An unquoted url() body, to the closing ")" (as a bad URL's remnants are too); nothing when a
# quote comes first (the string is the next token), so no text is read twice.
_CSS_URL_BODY = re.compile(r"[ \t\n]*(?:(?=['\"])|((?:[^)\\]|\\.)*))", re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|(\n)|(.))", re.S)


def _css_unescape_one(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return "" if match.group(2) else match.group(3)  # an escaped newline continues a string


def _css_unescape(text: str) -> str:
    return _CSS_ESCAPE.sub(_css_unescape_one, text) if "\\" in text else text


def _css_urls(text: str) -> list[str]:
    """Every URL candidate of a CSS text: each string and each unquoted url() body, unescaped."""
    if "\r" in text or "\f" in text:  # the CSS preprocessing: every newline is \n
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    urls: list[str] = []
    position = 0
    while match := _CSS_TOKEN.search(text, position):
        position = match.end()
        string = match.group(1) if match.group(1) is not None else match.group(2)
        if string is not None:
            urls.append(_css_unescape(string))
        elif match.group(4) and _css_unescape(match.group(3)).lower().endswith("url"):
            # (a name that only ends in "url", such as "µurl" or "-x-url", is taken as url() too:
            # what counts as part of an identifier differs between browsers and versions of the spec)
            body = _CSS_URL_BODY.match(text, position)
            assert body is not None  # it matches the empty string
            if body.group(1) is not None:  # url("...") is a function taking a string: the next token
                urls.append(_css_unescape(body.group(1)).strip(" \t\n"))
                position = body.end()
    return urls


# What a refresh's content says to load (HTML's "shared declarative refresh steps"): a time, then
# optionally `;` or `,`, optionally `url=`, optionally a quote, then the URL.
_REFRESH = re.compile(r"[\t\n\f\r ]*(?:\d+[\d.]*|\.[\d.]*)(?:[;,\t\n\f\r ][\t\n\f\r ]*[;,]?[\t\n\f\r ]*"
                      r"(?:[uU][rR][lL][\t\n\f\r ]*=[\t\n\f\r ]*)?(['\"]?)(.*))?", re.S)


def _refresh_url(content: str) -> str:
    match = _REFRESH.match(content)
    if match is None or not match.group(2):
        return ""
    quote, url = match.group(1), match.group(2)
    return url.split(quote, 1)[0] if quote else url


# Elements libxml2 reads as raw text (<title> and <textarea>: as text with character references
# decoded); inside <svg> or <math> a browser parses their content as markup (a <script> of any
# type included: a JSON one is exempt from the inline-script check, not from this).
_RAW_TEXT = ("style", "xmp", "iframe", "noembed", "noframes", "plaintext", "title", "textarea", "script")
_DECODED_TEXT = frozenset({"title", "textarea"})
_MARKUP = re.compile(r"<[A-Za-z]")
_ANIMATIONS = frozenset({"set", "animate", "animatecolor", "animatemotion", "animatetransform"})


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

_HANDLER, _STYLE, _URL, _LOADING, _HREF, _OTHER, _SENDING = 1, 2, 4, 8, 16, 32, 64
_KINDS: dict[str, int] = {}


def _kind(attribute: str) -> int:
    """What the scan must check of an attribute with this name (flags; 0: nothing)."""
    name = attribute.lower()
    kind = (_HANDLER if name.startswith("on") else 0) | (_STYLE if name in _CSS_ATTRIBUTES else 0)
    if name in ("srcdoc", "attributename", "xml:base"):
        kind |= _OTHER
    if _is_href(name):
        kind |= _URL | _HREF
    if name in _URL_ATTRIBUTES:
        kind |= _URL
    if name in _LOADING_ATTRIBUTES:
        kind |= _URL | _LOADING
    if name in _SENDING_ATTRIBUTES:
        kind |= _URL | _SENDING
    return kind


def _other_failure(rel: str, tag: str, attribute: str, value: str) -> str | None:
    """The failure of a `srcdoc`, an `xml:base` or an SVG animation's `attributeName` (an animation
    could set a URL or a handler after the audit has read the attribute), if any."""
    name = attribute.lower()
    if name == "srcdoc":
        return f"{rel}: <{tag} srcdoc> holds a document the audit does not scan"
    if name == "xml:base":
        return f"{rel}: <{tag} xml:base> moves every relative URL inside it: {value[:80]}"
    target = value.strip().lower()
    if _local(tag) in _ANIMATIONS and _kind(target) & (_URL | _HANDLER):
        return f"{rel}: <{tag}> animates '{target[:40]}', a URL or event-handler attribute"
    return None


def _refresh_failure(rel: str, content: str, context: ScanContext) -> str | None:
    url = _refresh_url(content)
    if _BAD_SCHEME.match(cleaned := _control_free(url)):
        return f"{rel}: {cleaned.split(':')[0].lower()}: URL in <meta>"
    if _other_origin(url, context):
        return f"{rel}: <meta http-equiv=refresh> sends the reader to another origin: {url[:80]}"
    return None


def _css_failures(rel: str, text: str, context: ScanContext) -> list[str]:
    return [f"{rel}: CSS loads from another origin: {url[:80]}" for url in _css_urls(text)
            if _other_origin(url, context) or _BAD_SCHEME.match(_control_free(url))]


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
            if kind & _OTHER and (failure := _other_failure(rel, str(tag), attribute, value)):
                failures.append(failure)
            if kind & _URL:
                if ":" in value:  # a scheme needs its colon (the parser has decoded any entity)
                    cleaned = _control_free(value)
                    if _BAD_SCHEME.match(cleaned):
                        failures.append(f"{rel}: {cleaned.split(':')[0].lower()}: URL in <{tag}>")
                if kind & _LOADING or (kind & _HREF and _loads(element, attribute.lower())):
                    loading.append((str(tag), attribute, value))
                if kind & _SENDING:  # a form's fields or a click's ping would go to another site
                    failures += [f"{rel}: <{tag} {attribute}> sends to another origin: {url[:80]}"
                                 for url in value.split() if _other_origin(url, context)]
    # <base>, <meta> and the elements libxml2 reads as raw text (lxml's walk by tag, in C).
    for element in (e for top in _TOP(tree) for e in top.iter("base", "meta", *_RAW_TEXT)):
        tag = element.tag
        if tag == "base":
            if (href := element.get("href")) is not None:
                failures.append(f"{rel}: <base href> moves every relative URL of the page: {href[:80]}")
        elif tag == "meta":
            equiv = element.get("http-equiv")
            if equiv is not None and equiv.strip().lower() == "refresh" and (
                    failure := _refresh_failure(rel, element.get("content") or "", context)):
                failures.append(failure)
        elif (raw := element.text) and (_MARKUP.search(raw) or ("&" in raw and tag not in _DECODED_TEXT)) \
                and next(element.iterancestors("svg", "math"), None) is not None:
            failures.append(f"{rel}: markup or a character reference in an SVG or MathML <{tag}>, which a browser "
                            f"parses: {raw.strip()[:60]!r}")
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
        # HTML's src, or an SVG script's href; and the text too, which an SVG script runs whatever
        # its src says (the theme's scripts with a src have none).
        sources = [value for name, value in script.items() if name == "src" or _is_href(name)]
        kind = (script.get("type") or "").strip().lower()
        text = script.text or ""
        for source in sources:
            if _other_origin(source, context):
                failures.append(f"{rel}: a script from another origin: {source[:80]}")
            elif (site_file := _site_file(rel, source, context.base_path)) not in context.files:
                failure = f"{rel}: a script that is not a file of this site: {source[:80]}"
                if missing is None:
                    failures.append(failure)
                else:
                    missing.append((site_file, failure))
        if (not sources or text.strip()) and kind not in _DATA_SCRIPTS \
                and inline_script_key(text) not in context.theme_scripts:
            failures.append(f"{rel}: an inline script that is not the theme's: {text.strip()[:60]!r}")
    for tag, attribute, value in loading:
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if attribute.lower() in _SRCSETS else [value]
        for url in urls:
            if _other_origin(url, context):
                failures.append(f"{rel}: <{tag} {attribute}> loads from another origin: {url[:80]}")
    css += [s.text or "" for s in _STYLES(tree)]
    for text in css:
        if text:
            failures += _css_failures(rel, text, context)
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
