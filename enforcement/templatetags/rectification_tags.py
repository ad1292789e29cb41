"""`{% load rectification_tags %}`: Django looks for tag libraries only in an app's top-level
`templatetags` package, so this names the library that the rectification kind keeps."""

from enforcement.rectification.tags import register  # noqa: F401
