"""AI Governance Briefs toolkit: load, validate and compile Markdown briefs.

The folders follow the pipeline, and imports only point down (tests/test_layers.py):

- the base, here: ``model`` (the brief and the data files), ``ids``, ``digest``, ``problems``;
- ``load/``: files, YAML, the corpus records, the cache of file-level results, git changes;
- ``rules/``: file-level and cross-file rules, ``validate``, the contributor reference page;
- ``site/``: the catalog, rendering, pages, feeds, calendars, the API, the build and the audit;
- ``editorial/``: review, stale, scaffold and the link check (``site/`` and ``editorial/`` do not
  import each other);
- on top, here: the command line (``cli``) and the MkDocs adapter (``mkdocs_plugin``).

The core (this package, except ``mkdocs_plugin``) imports nothing from MkDocs.
"""

__version__ = "0.1.0"
