"""`{% load operation_tags %}`: Django looks for tag libraries only in an app's top-level
`templatetags` package, so this names the library that the joint-operation kind keeps."""

from enforcement.joint_operation.tags import register  # noqa: F401
