"""Read calendar answers mailed to the ORGANIZER address: one message from standard input, or a mailbox by IMAP.

manage.py receive_mail < message.eml        # as a mail server's pipe delivers it (e.g. Postfix, Exim, procmail)
manage.py receive_mail --imap               # poll INBOUND_IMAP_URL; handled messages go to --done-folder
"""

import contextlib
import imaplib
import logging
import sys
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings import invitations

logger = logging.getLogger(__name__)


def imap_settings(url):
    """``imaps://user:password@host:993/INBOX`` → (ssl, host, port, user, password, mailbox)."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise CommandError("INBOUND_IMAP_URL must look like imaps://user:password@mail.example.org/INBOX")
    ssl = parts.scheme == "imaps"
    port = parts.port or (993 if ssl else 143)
    mailbox = unquote(parts.path.lstrip("/")) or "INBOX"
    return ssl, parts.hostname, port, unquote(parts.username or ""), unquote(parts.password or ""), mailbox


def poll_imap(url, *, done_folder, connect=None):
    """Handle every message in the mailbox and move it to ``done_folder``; returns the number handled."""
    ssl, host, port, user, password, mailbox = imap_settings(url)
    connect = connect or (imaplib.IMAP4_SSL if ssl else imaplib.IMAP4)
    client = connect(host, port)
    try:
        if not ssl and hasattr(client, "starttls"):
            client.starttls()
        client.login(user, password)
        client.create(done_folder)  # "already exists" is answered NO and changes nothing
        client.select(mailbox)
        _status, data = client.uid("SEARCH", None, "ALL")
        handled = 0
        for uid in (data[0] or b"").split():
            _status, fetched = client.uid("FETCH", uid, "(RFC822)")
            raw = next((item[1] for item in fetched if isinstance(item, tuple)), b"")
            outcomes = invitations.receive_message(raw)
            logger.info("IMAP message %s: %s", uid.decode(), ", ".join(outcomes))
            status, _data = client.uid("MOVE", uid, done_folder)
            if status != "OK":  # a server without MOVE (RFC 6851)
                client.uid("COPY", uid, done_folder)
                client.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
                client.expunge()
            handled += 1
        return handled
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            client.logout()


class Command(BaseCommand):
    help = "Records the answers that calendar clients mail back (iTIP REPLY) from stdin or an IMAP mailbox."

    def add_arguments(self, parser):
        parser.add_argument("--imap", action="store_true", help="poll the mailbox named by INBOUND_IMAP_URL")
        parser.add_argument("--done-folder", default="Arbeitskreis", help="IMAP folder for handled messages")

    def handle(self, *args, imap=False, done_folder="Arbeitskreis", **options):
        if imap:
            if not settings.INBOUND_IMAP_URL:
                raise CommandError("Set INBOUND_IMAP_URL to poll a mailbox.")
            count = poll_imap(settings.INBOUND_IMAP_URL, done_folder=done_folder)
            self.stdout.write(f"{count} message(s) handled.")
            return
        raw = sys.stdin.buffer.read(settings.INBOUND_MAX_BYTES + 1)
        outcomes = invitations.receive_message(raw)
        self.stdout.write(", ".join(outcomes))
