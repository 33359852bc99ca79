"""The exact match index against faiss, in the same run, single-threaded.

Anchors: faiss ``IndexBinaryMultiHash(256, nhash=16, b=16)`` with ``nflip=1`` (what
Meta's Hasher-Matcher-Actioner uses for a radius-31 search) and ``IndexBinaryFlat``
range search (brute force). For 1M and 10M hashes, uniform random and clustered
(families of near-duplicates, as real lists have), a batch of 10,000 queries: half
near-duplicates of stored hashes, half unrelated. Printed: queries/s, recall against
brute force, build time and memory: the bytes of the index's own arrays (Vigil's), the
resident growth of the process across the build (temporaries freed), and bytes per hash
(of the arrays for Vigil, of the resident growth for faiss, which exposes no arrays).
Targets at 10M: >= 10x the multi-hash index's queries/s, recall 1.0, build <= 10 s,
<= 64 bytes per hash.

``vigil`` is built as the service builds a list's index: the hashes are first put in
the index's storage order (``HammingIndex.storage_order``, timed as part of the build),
and the caller keeps its own data about each row in that order (the service's entry ids;
here the array that maps rows back for recall, outside the measured index).
``vigil-given`` is built from the hashes as given: it numbers rows in that order and
holds a table from positions to row numbers, 3 bytes a hash more.

Brute force answers a sample of the queries (``--flat-queries``) and gives the truth
for recall on that sample; its queries/s are measured on the sample.

    python benchmarks/bench_index.py [--sizes 1000000,10000000] [--queries 10000]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import gc
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import faiss
import numpy as np

from vigil.hashing.index import HammingIndex

RADIUS = 31
Pairs = set[tuple[int, int]]


def resident() -> int:
    """Resident memory of this process, in bytes."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def random_words(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2**64 - 1, (n, 4), dtype=np.uint64, endpoint=True)


def sparse_mask(rng: np.random.Generator, n: int, ands: int) -> np.ndarray:
    """Random bits, each set with probability 2**-ands (about 256 / 2**ands per hash)."""
    mask = random_words(rng, n)
    for _ in range(ands - 1):
        mask &= random_words(rng, n)
    return mask


def uniform(rng: np.random.Generator, n: int) -> np.ndarray:
    return random_words(rng, n)


def clustered(rng: np.random.Generator, n: int) -> np.ndarray:
    """Families of 10: a centre and 9 copies about 8 bits away from it."""
    centres = np.repeat(random_words(rng, -(-n // 10)), 10, axis=0)[:n]
    flips = sparse_mask(rng, n, 5)
    flips[::10] = 0
    return centres ^ flips


def queries_for(rng: np.random.Generator, stored: np.ndarray, count: int) -> np.ndarray:
    """Half near-duplicates of stored hashes (about 16 bits flipped), half unrelated."""
    near = stored[rng.integers(0, len(stored), count // 2)] ^ sparse_mask(rng, count // 2, 4)
    return np.concatenate([near, random_words(rng, count - count // 2)])


@dataclass
class Run:
    name: str
    build_s: float
    arrays: int
    grown: int
    qps: float
    found: Pairs


def measure(
    name: str, build: Callable[[], object], search: Callable[[object], Pairs], count: int
) -> Run:
    gc.collect()
    before = resident()
    start = time.perf_counter()
    index = build()
    build_s = time.perf_counter() - start
    gc.collect()
    grown = resident() - before
    arrays = int(getattr(index, "nbytes", 0))
    start = time.perf_counter()
    found = search(index)
    return Run(name, build_s, arrays, grown, count / (time.perf_counter() - start), found)


def faiss_pairs(index: object, queries: np.ndarray) -> Pairs:
    lims, _d, ids = index.range_search(queries.view(np.uint8).reshape(-1, 32), RADIUS + 1)  # type: ignore[attr-defined]
    query = np.repeat(np.arange(len(queries)), np.diff(lims).astype(np.int64))
    return set(zip(query.tolist(), ids.tolist(), strict=True))


def vigil_run(stored: np.ndarray, queries: np.ndarray) -> Run:
    """Built from the hashes in storage order; ``order`` maps its rows back."""
    start = time.perf_counter()
    order = HammingIndex.storage_order(stored)
    sort_s = time.perf_counter() - start

    def search(index: object) -> Pairs:
        found = index.search(queries, RADIUS)  # type: ignore[attr-defined]
        return set(zip(found.query.tolist(), order[found.row].tolist(), strict=True))

    def build() -> object:
        return HammingIndex.build(stored.take(order, axis=0))

    run = measure("vigil", build, search, len(queries))
    run.build_s += sort_s
    return run


def vigil_given_run(stored: np.ndarray, queries: np.ndarray) -> Run:
    def search(index: object) -> Pairs:
        found = index.search(queries, RADIUS)  # type: ignore[attr-defined]
        return set(zip(found.query.tolist(), found.row.tolist(), strict=True))

    return measure("vigil-given", lambda: HammingIndex.build(stored), search, len(queries))


def faiss_run(name: str, make: Callable[[], object], stored: np.ndarray, q: np.ndarray) -> Run:
    def build() -> object:
        index = make()
        index.add(stored.view(np.uint8).reshape(-1, 32))  # type: ignore[attr-defined]
        return index

    return measure(name, build, lambda index: faiss_pairs(index, q), len(q))


def multihash() -> object:
    index = faiss.IndexBinaryMultiHash(256, 16, 16)
    index.nflip = 1
    return index


def report(size: int, kind: str, runs: list[Run], truth: Pairs, sample: int) -> None:
    anchor = {r.name: r.qps for r in runs}
    for run in runs:
        qps = run.qps
        on_sample = {p for p in run.found if p[0] < sample}
        recall = len(on_sample & truth) / max(len(truth), 1)
        arrays = f"{run.arrays / 2**20:8.0f}" if run.arrays else f"{'-':>8}"
        per_hash = (run.arrays or run.grown) / size
        print(
            f"{size:>10,} {kind:<9} {run.name:<11} {qps:10.0f} "
            f"{qps / anchor['multihash']:8.1f} {qps / anchor['flat']:8.1f} {recall:7.4f} "
            f"{run.build_s:8.2f} {arrays} {run.grown / 2**20:8.0f} {per_hash:8.1f}"
        )


RUNS: dict[str, Callable[[np.ndarray, np.ndarray], Run]] = {
    "vigil": vigil_run,
    "vigil-given": vigil_given_run,
    "multihash": lambda stored, q: faiss_run("multihash", multihash, stored, q),
    "flat": lambda stored, q: faiss_run("flat", lambda: faiss.IndexBinaryFlat(256), stored, q),
}


def one_run(name: str, size: int, kind: str, count: int, sample: int) -> Run:
    """One index on freshly generated data (the same in every process), in a process of
    its own: its resident growth is its own, not memory another index freed."""
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(size)
    stored = (uniform if kind == "uniform" else clustered)(rng, size)
    queries = queries_for(rng, stored, count)
    run = RUNS[name](stored, queries[:sample] if name == "flat" else queries)
    run.found = {p for p in run.found if p[0] < sample}
    return run


def bench(size: int, kind: str, count: int, sample: int) -> None:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn, max_tasks_per_child=1) as pool:
        runs = [pool.submit(one_run, n, size, kind, count, sample).result() for n in RUNS]
    report(size, kind, runs, runs[-1].found, sample)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated")
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--flat-queries", type=int, default=500, help="brute-force sample")
    parser.add_argument("--kinds", default="uniform,clustered")
    args = parser.parse_args()
    faiss.omp_set_num_threads(1)
    print(
        f"{'hashes':>10} {'data':<9} {'index':<11} {'queries/s':>10} {'x multi':>8} "
        f"{'x flat':>8} {'recall':>7} {'build s':>8} {'arr MiB':>8} {'RSS+ MiB':>8} "
        f"{'B/hash':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        for kind in args.kinds.split(","):
            bench(size, kind, args.queries, args.flat_queries)


if __name__ == "__main__":
    main()
