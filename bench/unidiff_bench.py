"""Python's unidiff (PyPI) parsing the same diff file as `levee bench diff`, for the side-by-side ratio in bench/run."""
import json
import sys
import time

from unidiff import PatchSet


def main() -> None:
    path, seconds = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    size = len(text.encode("utf-8", errors="replace"))
    passes = files = 0
    start = time.perf_counter()
    while True:
        files = len(PatchSet(text))
        passes += 1
        if time.perf_counter() - start >= seconds:
            break
    elapsed = time.perf_counter() - start
    print(json.dumps({"benchmark": "diff_parse", "tool": "unidiff", "bytes": size, "files": files, "passes": passes,
                      "seconds": elapsed, "mb_per_s": size * passes / 1e6 / elapsed}))


if __name__ == "__main__":
    main()
