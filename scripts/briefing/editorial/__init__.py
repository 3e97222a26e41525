"""The editors' tools behind the command line: ``review`` (what a pull request changes),
``stale`` (briefs due a review), ``scaffold`` (a new draft from ``templates/new-brief.md``) and
``linkcheck`` (every source URL; it connects through ``netguard`` and
``linkreport`` writes its report). Imports the base, ``load`` and ``rules``, never ``site``."""
