"""A mail server on 127.0.0.1 for the tests (aiosmtpd): it keeps what it receives, counts the
connections, and refuses the addresses it is told to refuse, for now (4xx) or for good (5xx)."""

import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = []  # (recipient, raw bytes)
        self.peers = set()  # one (host, port) per connection
        self.refuse = {}  # address -> "550 …" or "451 …"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if answer := self.refuse.get(address):
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.peers.add(session.peer)
            for recipient in envelope.rcpt_tos:
                self.received.append((recipient, envelope.original_content))
        return "250 Message accepted for delivery"

    def recipients(self):
        with self.lock:
            return [recipient for recipient, _ in self.received]


class MailServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
