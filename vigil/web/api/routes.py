"""The API's route class: each answer is made into JSON in the thread that ran its route.

FastAPI validates and serializes a plain (``def``) route's answer in another thread of the
web server's pool, after the route returns and before the request's transaction is
committed. On SQLite the route has taken the one write lock by then (every route writes at
least its audit entry); when every thread of the pool waited for that lock (50 clients
adding notes to one file), the thread that would serialize the answer, and so let the
commit come, never came: nothing moved until SQLite's busy time-out answered 503 to all.
Serializing in the route's own thread (and committing in threads of their own, see
vigil.web.context.get_session) leaves no step between the change and its commit that waits
for the pool. The OpenAPI description is unchanged: the return annotation still names the
answer's model.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, get_type_hints

from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

JSON = "application/json"


class SerializedInRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        answer = get_type_hints(endpoint).get("return")
        if answer is not None and not inspect.iscoroutinefunction(endpoint):
            endpoint = _serializing(endpoint, TypeAdapter(answer), kwargs.get("status_code"))
        super().__init__(path, endpoint, **kwargs)


def _serializing(
    endpoint: Callable[..., Any], adapter: TypeAdapter[Any], status: int | None
) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def serialized(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        if isinstance(result, Response):
            return result
        return Response(adapter.dump_json(result), status or 200, media_type=JSON)

    return serialized
