"""The one way screens run database work: a thread worker whose failure never ends the app.

Any exception a worker raises becomes a `WorkerFailed` message to the app, whose one handler
logs it, lets the screen or widget that ran the worker react (`worker_failed`), and tells the rep.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from textual import work
from textual.message import Message


class WorkerFailed(Message):
    """A worker of `node` raised `error`; posted to the app from the worker's thread."""

    def __init__(self, node: Any, name: str, error: BaseException) -> None:
        super().__init__()
        self.node = node
        self.name = name
        self.error = error


def db_work(*, group: str = "default", exclusive: bool = False) -> Callable[[Any], Any]:
    """Run the method in a thread worker whose exceptions go to the app's one error handler.

    Workers only read or write through a service and post messages: they never touch widgets.
    """

    def decorator(method: Callable[..., Any]) -> Any:
        @functools.wraps(method)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as error:  # noqa: BLE001 - the one place worker errors land
                self.app.post_message(WorkerFailed(self, method.__name__, error))
                return None

        return work(thread=True, exit_on_error=False, group=group, exclusive=exclusive)(guarded)

    return decorator
