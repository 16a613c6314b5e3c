"""Fixtures for mail tests (loaded for the whole suite by tests/conftest.py): a real SMTP server (aiosmtpd) on a
free local port, and a queue that stands still.

``smtp_server`` starts the server and points Django's SMTP backend at it; ``smtp_server.stop()`` makes the port
refuse connections (a mail-server outage), ``smtp_server.start()`` brings it back on the same port,
``smtp_server.refuse(code, text)`` makes it refuse every message (a permanent rejection), ``smtp_server.hold()``
keeps every client waiting after its MAIL FROM (``smtp_server.held`` is set once one waits; ``release()`` lets them
go on), and ``smtp_server.messages`` are the messages it accepted, parsed with ``email.policy.default``.
"""

import asyncio
import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django_tasks import task_backends

HOST = "127.0.0.1"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class SMTPServer:
    """An SMTP server in a thread that keeps what it receives; it can be stopped and started again on its port."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.raw = []  # the received messages as bytes, in arrival order
        self.envelopes = []  # (MAIL FROM, [RCPT TO]) per message
        self.refusal = None
        self.holding = False
        self.held = threading.Event()
        self._lock = threading.Lock()
        self._controller = None

    # aiosmtpd handler hook: called for MAIL FROM; it must record the sender itself.
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        while self.holding:
            self.held.set()
            await asyncio.sleep(0.02)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    # aiosmtpd handler hook: called once per message the client sends.
    async def handle_DATA(self, server, session, envelope):
        if self.refusal:
            return self.refusal
        with self._lock:
            self.raw.append(envelope.original_content or envelope.content)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self._lock:
            return [email.message_from_bytes(raw, policy=policy.default) for raw in self.raw]

    @property
    def running(self):
        return self._controller is not None

    def start(self):
        if self._controller is None:
            # A stopped controller cannot be started again (its event loop is closed): a new one on the same port.
            self._controller = Controller(self, hostname=HOST, port=self.port, ready_timeout=10)
            self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, code=550, text="5.7.1 Message rejected"):
        self.refusal = f"{code} {text}" if code else None

    def hold(self):
        self.held.clear()
        self.holding = True

    def release(self):
        self.holding = False

    def message_ids(self):
        return [message["Message-ID"] for message in self.messages]


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server that Django's mail backend sends to (stopped again after the test)."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = HOST
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.release()
    server.stop()


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are recorded, not run: nothing is sent until the test calls deliver or send_due. Yields the backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    yield backend
    backend.clear()
