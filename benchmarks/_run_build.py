"""Run one MkDocs build in this process and print its wall time and peak memory as JSON."""

import json
import resource
import subprocess
import sys
import time

from mkdocs.commands.build import build
from mkdocs.config import load_config

start = time.perf_counter()
config = load_config(sys.argv[1], strict=True, site_dir=sys.argv[2])
build(config)
if "--pagefind" in sys.argv[3:]:  # index the built site, as the briefing plugin does after its build
    subprocess.run([sys.executable, "-m", "pagefind", "--site", sys.argv[2]], check=True, capture_output=True)
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024}))
