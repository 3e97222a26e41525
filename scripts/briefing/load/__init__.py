"""Reading the repository: files (``sourcefile``), YAML with positions (``yamlsource``), the corpus
as loaded (``corpus``), the cache of file-level results (``filecache``) and what changed in git
(``gitchanges``). Imports only the base modules (``model``, ``ids``, ``digest``, ``problems``)."""
