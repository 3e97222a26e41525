"""Run one MkDocs build in this process and print its wall time and peak memory as JSON."""

import json
import resource
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

start = time.perf_counter()
config = load_config(sys.argv[1], strict=True, site_dir=sys.argv[2])
build(config)
if "--pagefind" in sys.argv[3:]:  # index the built site, as the briefing plugin does after its build
    from briefing.site.searchindex import run_pagefind  # after the build: not part of its peak memory

    run_pagefind(Path(sys.argv[2]))
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child: workers, Pagefind
print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024, "child_peak_mib": child_kib / 1024}))
