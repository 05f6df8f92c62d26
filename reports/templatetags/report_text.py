"""Wording helpers for the report pages."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


def possessive_text(name: str) -> str:
    """`name` with a possessive: "Planning's", but "Student Support Services'"."""
    name = str(name)
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


@register.filter(needs_autoescape=True)
def possessive(name, autoescape=True):
    """The possessive of a name, with the name escaped and the apostrophe left as typed."""
    escape = conditional_escape if autoescape else str
    return mark_safe(possessive_text(escape(name)))
