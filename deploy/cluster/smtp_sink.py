"""An SMTP server that keeps every message in a Maildir: the cluster's stand-in for a mail relay.

`python deploy/cluster/smtp_sink.py --port 18425 --maildir .cluster/mail --hold-file FILE`

While ``--hold-file`` exists, each delivery pauses after the recipient is given and before the
message is sent, as a slow relay would: a test can then kill a task worker mid-send, knowing
the message has not been delivered. ``<maildir>/../smtp-holding`` counts the deliveries held.
"""

import argparse
import asyncio
import mailbox
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, maildir, hold_file):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.hold_file = Path(hold_file) if hold_file else None
        self.holding_file = Path(maildir).parent / "smtp-holding"
        self.holding = 0

    def _report(self):
        self.holding_file.write_text(str(self.holding))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        if self.hold_file is not None and self.hold_file.exists():
            self.holding += 1
            self._report()
            deadline = time.monotonic() + 120
            try:
                while self.hold_file.exists() and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
            finally:
                self.holding -= 1
                self._report()
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.maildir.add(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--hold-file", default="")
    args = parser.parse_args()
    sink = Sink(args.maildir, args.hold_file)
    sink._report()
    controller = Controller(sink, hostname=args.host, port=args.port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
