"""E-mail on a developer's machine (`make run`): each message is written to var/mail/ as a file,
as Django's file backend does, and said on the console with its links — the newcomer who
subscribes to the lettre follows the confirmation link from the terminal."""

import re
import sys

from django.core.mail.backends.filebased import EmailBackend

_LINK = re.compile(r"https?://\S+")


class LocalMailBackend(EmailBackend):
    def write_message(self, message):
        super().write_message(message)
        links = list(dict.fromkeys(_LINK.findall(message.body or "")))
        lines = [f"Courriel à {', '.join(message.to)} : « {message.subject} » ({self._fname})"]
        lines += [f"  {link}" for link in links]
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
