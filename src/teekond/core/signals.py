"""Signals shared between the apps.

``map_changed`` is sent by services that change a map item with a conditional queryset
UPDATE (which sends no ``post_save``): ``sender`` is the model, ``instance`` the changed
object, ``changes`` ``{attname: [old, new]}``. The Act app writes it to the audit log.
"""

from django.dispatch import Signal

map_changed = Signal()
