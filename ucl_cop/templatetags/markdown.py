"""`{% load markdown %}` then `{{ text|markdown }}`: Markdown rendered and sanitised.

`{{ text|markdown:2 }}` makes a `#` heading an `<h2>` (the default is `<h3>`).
"""

from django import template
from django.utils.safestring import SafeString

from ucl_cop.markdown import TOP_HEADING_LEVEL, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None, top_heading: int = TOP_HEADING_LEVEL) -> SafeString:
    """Render `text` through the portal's one Markdown helper."""
    return render_markdown(str(text or ""), top_heading=int(top_heading))
