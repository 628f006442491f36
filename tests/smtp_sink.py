"""A real SMTP server on 127.0.0.1 for tests and the queue benchmark (aiosmtpd, in a thread).

It keeps every message it accepts, counts connections, and can be made slow: ``delay`` seconds
between receiving a message and answering "250 OK". Like a real server, it keeps a message only
when it gets to answer: if the client vanishes during the delay, the message is dropped.
"""

import asyncio
import socket
import threading
import time
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.sink.lock:
            self.sink.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.sink.receiving.set()
        if self.sink.delay:
            # Cancelled by aiosmtpd when the client goes away: nothing is kept then.
            await asyncio.sleep(self.sink.delay)
        message = message_from_bytes(envelope.content)
        with self.sink.lock:
            self.sink.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "message_id": message["Message-ID"],
                    "subject": message["Subject"],
                    "at": time.perf_counter(),
                }
            )
        return "250 OK"


class Sink:
    """``with Sink() as sink:`` ... ``sink.messages``; ``stop()``/``start()`` for an outage."""

    def __init__(self, *, port=None, delay=0.0):
        self.port = port or free_port()
        self.delay = delay
        self.messages = []
        self.connections = 0
        self.lock = threading.Lock()
        self.receiving = threading.Event()
        self.controller = None

    def start(self):
        self.controller = Controller(Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def wait_for(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return True
            time.sleep(0.05)
        return False

    def message_ids(self):
        with self.lock:
            return [m["message_id"] for m in self.messages]

    def recipients(self):
        with self.lock:
            return sorted(to for m in self.messages for to in m["to"])
