"""The site's header on every page: `{% load chrome %}`, then `{% site_header %}`.

A signed-in person's header differs from another's only by what it names and links: the page
they are on (the navigation's current link), their name, and whether they see the Reports and
Admin links. It is kept in the cache under exactly those (communities.fragments), with a
placeholder for the sign-out form's CSRF token, which each request fills with its own. That
saves about a third of a simple page's time. Anonymous visitors' headers carry the page's own
address (the sign-in link's `next`) and are rendered each time; their whole pages are cached
(communities.page_cache).
"""

from django import template

from communities import fragments

register = template.Library()

HEADER = "includes/site_header.html"


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    header = context.template.engine.get_template(HEADER)
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.is_authenticated:
        return header.render(context)
    match = request.resolver_match
    key = fragments.key(
        "site-header",
        match.url_name if match else "",
        user.display_name,
        bool(context.get("can_see_reports")),
        user.is_staff,
    )

    def build() -> tuple[str, None]:
        with context.push(csrf_token=fragments.csrf_placeholder()):
            return header.render(context), None

    return fragments.with_csrf_token(request, fragments.cached_html(key, build))
