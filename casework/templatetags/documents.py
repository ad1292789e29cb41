"""`{% case_documents case as documents %}`: the documents of a case the reader may read."""

from django import template

from casework.documents.access import documents_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def case_documents(context, case):
    return list(documents_for_user(context["request"].user, case))
