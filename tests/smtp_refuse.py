# SPDX-License-Identifier: GPL-3.0-or-later
# An aiosmtpd handler for the mail tests: stores messages in a maildir like
# aiosmtpd.handlers.Mailbox, but refuses recipients whose local part starts
# with "tidakada" the way a real server refuses an unknown mailbox.
#   python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_refuse.RefusingMailbox DIR
from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("tidakada"):
            return "550 5.1.1 <%s>: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"
