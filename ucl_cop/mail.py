"""The development email backend: each email printed as a person would read it.

Django's console backend prints the raw MIME message, where quoted-printable encoding breaks
long lines with `=` and turns `=` into `=3D`, so a link copied from the console does not work.
This one prints the headers that matter and the decoded plain-text body.
"""

from django.core.mail.backends.console import EmailBackend

RULE = "-" * 79


def _attachment_name(attachment) -> str:
    name = getattr(attachment, "filename", None)  # EmailAttachment
    if name is None and hasattr(attachment, "get_filename"):  # a MIME part
        name = attachment.get_filename()
    return name or "(unnamed)"


class ConsoleEmailBackend(EmailBackend):
    """Print subject, sender, recipients and the plain-text body, decoded, to the console."""

    def write_message(self, message):
        lines = [
            f"Subject: {message.subject}",
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
        ]
        for header, addresses in (("Cc", message.cc), ("Reply-To", message.reply_to)):
            if addresses:
                lines.append(f"{header}: {', '.join(addresses)}")
        alternatives = [alt.mimetype for alt in getattr(message, "alternatives", [])]
        if alternatives:
            lines.append(f"Also sent as: {', '.join(alternatives)}")
        if message.attachments:
            names = ", ".join(_attachment_name(a) for a in message.attachments)
            lines.append(f"Attachments: {names}")
        lines += ["", message.body, RULE]
        self.stream.write("\n".join(lines) + "\n")
