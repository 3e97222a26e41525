"""AI Governance Briefs toolkit: load, validate and compile Markdown briefs.

The core (this package, except ``mkdocs_plugin``) imports nothing from MkDocs.
"""

__version__ = "0.1.0"
