"""Suite-wide setup: the validator's on-disk cache (briefing.load.filecache) lives in a folder of this
test session, never in the user's ~/.cache."""

from __future__ import annotations

import os
import tempfile

os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="briefing-test-cache-")
