"""The site compiler: the catalog of a validated corpus (``catalog``), rendered bodies (``render``),
the pages and static files (``pages``, with ``api``, ``feeds``, ``calendar``), the whole compile
(``build``), the pages a serve rebuild can keep (``incremental``), the post-build audit (``audit``,
``pagescan``) and the Chinese search bigrams (``zh``). Imports the base, ``load`` and ``rules``,
never ``editorial`` and never MkDocs: the adapter (``briefing.mkdocs_plugin``) is the only module
that does."""
