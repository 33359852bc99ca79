"""Run every benchmark in turn with its default sizes (some take minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        module = f"benchmarks.{script.stem}"
        failed |= subprocess.call([sys.executable, "-m", module, *sys.argv[1:]], cwd=HERE.parent)
    return failed


if __name__ == "__main__":
    sys.exit(main())
