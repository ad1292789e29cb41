"""Expose the registered policies through Django's `has_perm`.

A permission string `app_label.<action>_<model>` on an object is answered by the policy of
that object's model: `user.has_perm("casework.view_case", case)`.
"""

from __future__ import annotations

from django.db.models import Model

from . import policy as policies


class PolicyBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj: Model | None = None) -> bool:
        if obj is None or not getattr(user_obj, "is_active", False):
            return False
        policy = policies.policy_for(obj)
        if policy is None:
            return False
        try:
            app_label, codename = perm.split(".", 1)
        except ValueError:
            return False
        model_name = obj._meta.model_name
        concrete = obj._meta.concrete_model._meta.model_name
        for suffix in (f"_{model_name}", f"_{concrete}"):
            if codename.endswith(suffix):
                action = codename[: -len(suffix)]
                return policy.can(user_obj, action, obj)
        return policy.can(user_obj, codename, obj)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return False

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()
