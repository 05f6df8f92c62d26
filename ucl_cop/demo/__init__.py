"""Synthetic demo data: UCL staff, their memberships and interests, and the demo sign-ins.

Everything here is made up, and made the same way every time. The same `people` and `seed`
always give the same names, departments, memberships and dates (to the day they are generated
on), so a demo, a screenshot or a timing can be repeated.

Only the three demo sign-ins get real passwords, which `manage.py seed_demo` prints.
`names` holds who the made-up people are; `generation` decides their memberships; `activities`
plans their communities' sessions, RSVPs and announcements (words in `activity_texts`);
`practice` their projects, resource libraries and community pages (words in `practice_texts`,
the libraries' small real files made by `files`).
"""

from .generation import (
    LEFT_SHARE,
    Plan,
    membership_rows,
    person_rows,
    plan,
    synthetic_people_queryset,
)
from .names import DEMO_DOMAIN, DEMO_SPONSORED_AREA, SIGN_INS

__all__ = [
    "DEMO_DOMAIN",
    "DEMO_SPONSORED_AREA",
    "LEFT_SHARE",
    "SIGN_INS",
    "Plan",
    "membership_rows",
    "person_rows",
    "plan",
    "synthetic_people_queryset",
]
