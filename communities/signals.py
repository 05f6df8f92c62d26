"""What happens to the catalogue that the model signals do not tell, for the apps above this one.

`communities` never imports a higher app. It sends these after the change has committed, and a
higher app connects receivers in its `AppConfig.ready()`.

- `sponsors_changed`: `person_ids` (a frozenset: the sponsors before and after). Sent by
  `PracticeArea.objects.update()` when it changes sponsors, since `update()` sends no
  `post_save`. (A sponsor changed through `save()` or `delete()` sends the model signals.)
"""

from django.dispatch import Signal

sponsors_changed = Signal()
