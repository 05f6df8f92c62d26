"""The Head's to-do list, for the admin's home page: `{% load head_dashboard %}{% head_todo %}`.

The admin lives in `membership`, which may not import `reports`; a template tag lets the home
page show what reads every app without the admin knowing where it comes from.
"""

from django import template

from ..dashboard import head_dashboard

register = template.Library()

# A long list is cut here, with a link to all of it.
SHOWN = 8


@register.inclusion_tag("reports/head_todo.html")
def head_todo() -> dict:
    """Render the Head's to-do list: four queries."""
    return {"todo": head_dashboard(), "shown": SHOWN}
