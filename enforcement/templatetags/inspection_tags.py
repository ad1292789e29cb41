"""`{% load inspection_tags %}`: Django looks for tag libraries only in an app's top-level
`templatetags` package, so this names the library that the inspection kind keeps."""

from enforcement.inspection.tags import register  # noqa: F401
