"""An aiosmtpd SMTP server that counts messages per recipient and can answer a scripted
code to some recipients (451 once, 550 always): the mail server of the sending tests."""

import email
import threading
from collections import Counter
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

from tests.failing_services import free_port


class CountingSink:
    def __init__(self):
        self.lock = threading.Lock()
        self.per_recipient = Counter()
        self.message_ids = set()
        self.messages = []  # (recipient, parsed message) when keep=True
        self.keep = True
        # recipient -> list of codes to answer at RCPT, one per attempt ("451 …", "550 …")
        self.script: dict[str, list[str]] = {}
        self.rcpt_answers = Counter()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            answers = self.script.get(address)
            if answers:
                code = answers.pop(0) if len(answers) > 1 else answers[0]
                self.rcpt_answers[(address, code[:3])] += 1
                if not code.startswith("250"):
                    return code
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.per_recipient[recipient] += 1
                if self.keep:
                    self.messages.append((recipient, parsed))
            self.message_ids.add(str(parsed["Message-ID"]))
        return "250 Message accepted for delivery"

    def total(self) -> int:
        with self.lock:
            return sum(self.per_recipient.values())
