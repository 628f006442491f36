"""The Hearth Django project (imported as ``hearth``; the folder is ``site/``)."""
