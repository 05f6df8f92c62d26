"""The activities in the Head of CoPs' admin, read-only: every change goes through
`activities.services`.

- `sessions`: sessions with their RSVPs (cancelling through the services), and announcements;
- `practice`: projects and their participants, and the resource libraries (hiding and showing
  resources through the services);
- `common`: the read-only base both use.
"""

from . import practice, sessions

__all__ = ["practice", "sessions"]
