"""Suite-wide setup: the validator's on-disk cache (briefing.load.filecache) lives in a folder of this
test session, never in the user's ~/.cache."""

from __future__ import annotations

import os
import tempfile

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="briefing-test-cache-")
# The print edition (site/pdf.py) costs about a second a brief on a cold cache: the site tests build
# without it, and tests/test_site_pdf.py builds with it (BRIEFING_PDF=true).
os.environ.setdefault("BRIEFING_PDF", "false")
