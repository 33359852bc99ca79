"""People at their desks: ``clients`` of them, each sending a request, reading the answer
for a while (an exponential pause, ``think`` seconds on average), and sending the next, for
``seconds``. The latency each of them waits is what a person feels; wrk's closed loop
(every client sends again the moment it has its answer) measures the server's capacity
instead, and its latencies are queueing.

Run in a process of its own (asyncio + httpx), so that it takes no time from the server's.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    url: str
    headers: dict[str, str]
    method: str = "GET"
    body: str = ""


async def _person(
    client: object,
    plan: Plan,
    until: float,
    think: float,
    seen: list[float],
    errors: list[int],
    rng: random.Random,
) -> None:
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    await asyncio.sleep(rng.uniform(0, think))  # people do not all click at once
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            answer = await client.request(
                plan.method, plan.url, headers=plan.headers, content=plan.body or None
            )
            if answer.status_code >= 400:
                errors.append(answer.status_code)
        except Exception:
            errors.append(0)
        seen.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(rng.expovariate(1 / think) if think > 0 else 0)


async def _run(plan: Plan, clients: int, seconds: float, think: float) -> dict[str, float]:
    import httpx

    seen: list[float] = []
    errors: list[int] = []
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        rngs = [random.Random(i) for i in range(clients)]
        await asyncio.gather(
            *(_person(client, plan, until, think, seen, errors, rngs[i]) for i in range(clients))
        )
    ordered = sorted(seen)
    cut = (
        statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else [0.0] * 99
    )
    return {
        "rate": len(seen) / seconds,
        "p50": cut[49],
        "p95": cut[94],
        "p99": cut[98],
        "errors": float(len(errors)),
    }


def main() -> None:
    """Read a plan as JSON on stdin; print the figures as JSON."""
    given = json.loads(sys.stdin.read())
    plan = Plan(**given["plan"])
    figures = asyncio.run(_run(plan, given["clients"], given["seconds"], given["think"]))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
