"""Database connections that cannot hang: a connect timeout, a statement timeout and a deadline.

libpq's ``connect_timeout`` bounds connecting only; a server (or a proxy, or a paused path)
that completes the connection and then stops answering would block a query forever, since the
server's kernel keeps acknowledging TCP and keepalives. :class:`Budget` bounds every phase:

- connecting: psycopg's ``connect_timeout``, at most the time left before the deadline (libpq
  waits at least 2 s, so no attempt starts with less than :data:`MIN_CONNECT_SECONDS` left);
- each statement: a client-side watchdog that shuts the socket down when the statement has
  not answered in time, so the blocked read returns and psycopg raises; the server's own
  ``statement_timeout`` cannot help when the server does not answer at all;
- the whole task: a monotonic deadline that caps both and every sleep between attempts.

Any expiry raises :class:`DeadlineExceeded`. Used by ``auroractl health``; any command that
opens a database connection uses it the same way.
"""

from __future__ import annotations

import contextlib
import math
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg

__all__ = ["MIN_CONNECT_SECONDS", "Budget", "DeadlineExceeded"]

MIN_CONNECT_SECONDS = 2
"""libpq's shortest connect timeout: a smaller ``connect_timeout`` is raised to 2 s."""


class DeadlineExceeded(Exception):
    """A connection, a statement or the whole task ran out of time."""

    def __init__(self, phase: str, seconds: float) -> None:
        super().__init__(f"{phase}: no answer within {seconds:g} s")
        self.phase = phase
        self.seconds = seconds


class Budget:
    """Time limits for one task that talks to a database.

    ``connect_timeout`` bounds each connection attempt, ``statement_timeout`` each statement
    run under :meth:`statement`, ``deadline`` everything from the budget's creation on.
    """

    def __init__(
        self,
        *,
        connect_timeout: float,
        statement_timeout: float,
        deadline: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.connect_timeout = connect_timeout
        self.statement_timeout = statement_timeout
        self.deadline = deadline
        self.last_connect_timeout: float = connect_timeout
        """The connect timeout of the latest attempt (the deadline may have shortened it)."""
        self._clock = clock
        self._ends = clock() + deadline

    def remaining(self) -> float:
        """Seconds left before the deadline (0 when it has passed)."""
        return max(0.0, self._ends - self._clock())

    def can_connect(self) -> bool:
        """Whether a connection attempt still fits before the deadline."""
        return self.remaining() >= MIN_CONNECT_SECONDS

    def connect(self, **params: Any) -> psycopg.Connection[Any]:
        """``psycopg.connect(**params)`` with the connect timeout, capped by the deadline."""
        if not self.can_connect():
            raise DeadlineExceeded("the deadline", self.deadline)
        seconds = max(MIN_CONNECT_SECONDS, math.floor(min(self.connect_timeout, self.remaining())))
        self.last_connect_timeout = seconds
        return psycopg.connect(connect_timeout=seconds, **params)

    def sleep(self, seconds: float, sleep: Callable[[float], None] = time.sleep) -> None:
        """Sleep ``seconds``, never past the deadline."""
        sleep(max(0.0, min(seconds, self.remaining())))

    @contextlib.contextmanager
    def statement(self, conn: psycopg.Connection[Any], what: str) -> Iterator[None]:
        """Run the block's statements within the statement timeout (capped by the deadline).

        When time runs out the connection's socket is shut down, the blocked call fails and
        :class:`DeadlineExceeded` (phase ``what``) is raised instead of psycopg's error; the
        connection is unusable afterwards.
        """
        seconds = min(self.statement_timeout, self.remaining())
        if seconds <= 0:
            raise DeadlineExceeded(what, self.deadline)
        watchdog = _Watchdog(conn.fileno())
        timer = threading.Timer(seconds, watchdog.fire)
        timer.daemon = True
        timer.start()
        try:
            yield
        except psycopg.Error:
            if watchdog.stop():
                raise DeadlineExceeded(what, seconds) from None
            raise
        finally:
            watchdog.stop()
            timer.cancel()
        if watchdog.fired:
            raise DeadlineExceeded(what, seconds)


class _Watchdog:
    """Shuts a socket down once, unless stopped first (the lock keeps the fd valid)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._lock = threading.Lock()
        self._active = True
        self.fired = False

    def fire(self) -> None:
        with self._lock:
            if not self._active:
                return
            self._active = False
            self.fired = True
            with contextlib.suppress(OSError), socket.socket(fileno=os.dup(self._fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> bool:
        """Disarm; True when the watchdog had already fired."""
        with self._lock:
            self._active = False
            return self.fired
