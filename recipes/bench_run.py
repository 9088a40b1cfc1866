"""End-to-end timing of one `demarche run` for `just bench`: wall time, documents and sentences
per second, peak resident memory and CPU time (of the child process) and seconds per stage, as one JSON line.

    python3 recipes/bench_run.py target/release/demarche run CORPUS --out DIR [--threads N]
"""
import json
import resource
import subprocess
import sys
import time

import rundir

cmd = sys.argv[1:]
out = cmd[cmd.index("--out") + 1]
started = time.perf_counter()
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
rss_kib = usage.ru_maxrss  # KiB on Linux
m = rundir.manifest(out)
c = m["counts"]
print(json.dumps({
    "command": " ".join(cmd), "threads": m["threads"], "wall_seconds": round(wall, 1),
    "documents": c["documents"], "sentences": c["sentences"], "entities": c["entities"], "stances": c["stances"],
    "documents_per_s": round(c["documents"] / wall, 2), "sentences_per_s": round(c["sentences"] / wall, 1),
    "peak_rss_mb": round(rss_kib / 1024),
    # CPU seconds (user + system): unlike wall time, barely moved by other work on the machine.
    "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1), "shared_encoder": m.get("shared_encoder"),
    "stage_seconds": {k: round(v, 1) for k, v in m["stage_seconds"].items()},
}))
