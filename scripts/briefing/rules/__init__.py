"""The rules: file-level checks (``files``: each brief and data file parsed and checked against the
model, its problems worded by ``messages``, and each body against ``body``), the cross-file rules
(``crossref``), ``validate``, which runs them all, and the contributor reference page written from
the model and the rule registry (``reference``)."""
