"""The rules: the body rules (``body``), the wording of schema problems (``messages``), the
cross-file rules (``crossref``), ``validate``, which runs them all, and the contributor reference
page written from the model and the rule registry (``reference``)."""
