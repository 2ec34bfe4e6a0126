"""Date formats Django's own locale files lack (``FORMAT_MODULE_PATH``)."""
