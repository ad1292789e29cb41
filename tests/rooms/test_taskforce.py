"""Task-force membership: who may change it, and the sight of the case it grants and takes."""

from __future__ import annotations

import pytest

from casework.audit import verify_chain
from casework.errors import CaseNotFound, Conflict, InvalidInput, NotPermitted
from casework.models import AuditEvent, CaseUserObjectPermission, Notification, TimelineEntry
from casework.selectors import case_get_for_user, case_list_for_user
from rooms.actions import taskforce_add, taskforce_remove
from rooms.models import TaskForceMember

from .conftest import api, fresh, make_crew, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(org):
    return make_crew()


def sees(user, case) -> dict[str, bool]:
    """Whether `user` sees the case in every place it can be seen."""
    try:
        case_get_for_user(fresh(user), case.pk)
        by_selector = True
    except CaseNotFound:
        by_selector = False
    return {
        "selector": by_selector,
        "list": case_list_for_user(fresh(user)).filter(pk=case.pk).exists(),
        "page": page(user).get(f"/cases/{case.pk}/").status_code == 200,
        "api": api(user).get(f"/api/v1/cases/{case.pk}/").status_code == 200,
        "room": api(user).get(f"/api/v1/cases/{case.pk}/room/messages/").status_code == 200,
        "api_list": any(
            row["id"] == case.pk for row in api(user).get("/api/v1/cases/").json()["results"]
        ),
    }


ALL = {"selector", "list", "page", "api", "room", "api_list"}


def test_membership_grants_and_revokes_sight_everywhere(crew):
    case, police = crew.case, crew.police
    assert not any(sees(police, case).values())

    r = api(crew.supervisor).post(
        f"/api/v1/cases/{case.pk}/taskforce/", {"user": police.pk}, format="json"
    )
    assert r.status_code == 201, r.content
    assert r.json()["user"]["username"] == "police.officer.xuecheng"
    assert r.json()["unit"]["name"].endswith("公安局")
    assert sees(police, case) == dict.fromkeys(ALL, True)
    assert set(
        CaseUserObjectPermission.objects.filter(user=police, content_object=case).values_list(
            "permission__codename", flat=True
        )
    ) == {"view_case", "act_case"}

    r = api(crew.supervisor).delete(f"/api/v1/cases/{case.pk}/taskforce/{police.pk}/")
    assert r.status_code == 204
    assert sees(police, case) == dict.fromkeys(ALL, False)
    assert not CaseUserObjectPermission.objects.filter(user=police, content_object=case).exists()
    row = TaskForceMember.objects.get(case=case, user=police)
    assert row.removed_at is not None and row.removed_by == crew.supervisor
    assert api(crew.supervisor).get(f"/api/v1/cases/{case.pk}/taskforce/").json() == []


def test_officer_of_another_district_sees_case_and_room(crew):
    case, outsider = crew.case, crew.outsider
    taskforce_add(actor=fresh(crew.supervisor), case_id=case.pk, user_id=outsider.pk)
    assert sees(outsider, case) == dict.fromkeys(ALL, True)
    r = api(outsider).post(
        f"/api/v1/cases/{case.pk}/room/messages/", {"text": "市中区协查结果已上传"}, format="json"
    )
    assert r.status_code == 201, r.content
    messages = api(crew.officer).get(f"/api/v1/cases/{case.pk}/room/messages/").json()
    assert [m["text"] for m in messages] == ["市中区协查结果已上传"]
    assert messages[0]["author"]["username"] == "hrss.officer.shizhong"
    body = page(outsider).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="room"' in body and "市中区协查结果已上传" in body


def test_membership_changes_are_audited_and_on_the_timeline(crew):
    case = crew.case
    taskforce_add(actor=fresh(crew.supervisor), case_id=case.pk, user_id=crew.police.pk)
    taskforce_remove(actor=fresh(crew.supervisor), case_id=case.pk, user_id=crew.police.pk)
    events = AuditEvent.objects.filter(case=case, verb__startswith="rooms.taskforce").order_by("id")
    assert [(e.verb, e.actor_name, e.payload["user"]) for e in events] == [
        ("rooms.taskforce.added", "hrss.supervisor.xuecheng", "police.officer.xuecheng"),
        ("rooms.taskforce.removed", "hrss.supervisor.xuecheng", "police.officer.xuecheng"),
    ]
    assert events[0].payload["permissions"] == ["casework.view_case", "casework.act_case"]
    assert verify_chain().ok
    verbs = list(TimelineEntry.objects.filter(case=case).values_list("verb", flat=True))
    assert verbs[-2:] == ["taskforce_added", "taskforce_removed"]
    assert Notification.objects.filter(user=crew.police, type="taskforce.added").count() == 1


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("officer", NotPermitted),  # the lead unit's officer: sees, may not manage
        ("viewer", NotPermitted),  # the city viewer: sees, may not manage
        ("police", CaseNotFound),  # does not see the case at all
        ("outsider", CaseNotFound),
    ],
)
def test_only_the_lead_supervisor_manages_the_task_force(crew, who, error):
    actor = getattr(crew, who)
    target = crew.outsider if who != "outsider" else crew.police
    with pytest.raises(error):
        taskforce_add(actor=fresh(actor), case_id=crew.case.pk, user_id=target.pk)
    assert not TaskForceMember.objects.exists()
    taskforce_add(actor=fresh(crew.supervisor), case_id=crew.case.pk, user_id=target.pk)
    with pytest.raises(error):
        taskforce_remove(actor=fresh(actor), case_id=crew.case.pk, user_id=target.pk)
    assert TaskForceMember.objects.filter(removed_at__isnull=True).count() == 1


def test_api_status_codes_for_managing(crew):
    case = crew.case
    url = f"/api/v1/cases/{case.pk}/taskforce/"
    assert api(crew.officer).post(url, {"user": crew.police.pk}, format="json").status_code == 403
    assert api(crew.police).post(url, {"user": crew.police.pk}, format="json").status_code == 404
    assert api(crew.police).get(url).status_code == 404
    assert api(crew.supervisor).delete(f"{url}{crew.police.pk}/").status_code == 404
    assert api(crew.supervisor).post(url, {"user": "x"}, format="json").json().keys() == {"user"}


def test_bad_additions_name_the_field(crew):
    sup, case = fresh(crew.supervisor), crew.case
    cases = [
        ({"user_id": 999999}, "user"),
        ({"user_id": crew.viewer.pk}, "user"),  # a viewer has no working seat
        ({"user_id": crew.police.pk, "unit_id": crew.case.lead_unit_id}, "unit"),
        ({"user_id": "abc"}, "user"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InvalidInput) as exc:
            taskforce_add(actor=sup, case_id=case.pk, **kwargs)
        assert set(exc.value.errors) == {field}, kwargs
    taskforce_add(actor=sup, case_id=case.pk, user_id=crew.police.pk)
    with pytest.raises(InvalidInput) as exc:
        taskforce_add(actor=sup, case_id=case.pk, user_id=crew.police.pk)
    assert set(exc.value.errors) == {"user"}
    assert TaskForceMember.objects.count() == 1
    assert (
        not AuditEvent.objects.filter(verb="rooms.taskforce.added")
        .exclude(payload__user="police.officer.xuecheng")
        .exists()
    )


def test_re_adding_after_removal_keeps_history(crew):
    sup, case, police = fresh(crew.supervisor), crew.case, crew.police
    taskforce_add(actor=sup, case_id=case.pk, user_id=police.pk)
    taskforce_remove(actor=sup, case_id=case.pk, user_id=police.pk)
    taskforce_add(actor=sup, case_id=case.pk, user_id=police.pk)
    rows = TaskForceMember.objects.filter(case=case, user=police).order_by("id")
    assert [r.removed_at is None for r in rows] == [False, True]
    assert sees(police, case)["page"]


def test_final_case_refuses_new_members(crew):
    case = crew.case
    type(case).objects.filter(pk=case.pk).update(status="closed")
    with pytest.raises(Conflict):
        taskforce_add(actor=fresh(crew.supervisor), case_id=case.pk, user_id=crew.police.pk)


def test_page_forms_add_and_remove(crew):
    case, sup = crew.case, page(crew.supervisor)
    body = sup.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-taskforce"' in body
    assert 'value="police.officer.xuecheng"' in body  # offered in the suggestions
    r = sup.post(f"/cases/{case.pk}/taskforce/add/", {"username": "police.officer.xuecheng"})
    assert r.status_code == 302 and r["Location"].endswith(f"/cases/{case.pk}/#taskforce")
    assert sees(crew.police, case)["page"]
    body = sup.get(f"/cases/{case.pk}/").content.decode()
    assert "已加入专班" in body and f'data-user="{crew.police.pk}"' in body

    r = sup.post(f"/cases/{case.pk}/taskforce/add/", {"username": "nobody"})
    assert r.status_code == 302
    assert "请填写正确的用户名" in sup.get(f"/cases/{case.pk}/").content.decode()

    officer_page = page(crew.officer).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="action-taskforce"' not in officer_page
    r = page(crew.officer).post(f"/cases/{case.pk}/taskforce/{crew.police.pk}/remove/")
    assert r.status_code == 302 and sees(crew.police, case)["page"]  # refused, still a member
    r = page(crew.police).post(f"/cases/{case.pk}/taskforce/{crew.police.pk}/remove/")
    assert r.status_code == 302 and sees(crew.police, case)["page"]

    r = sup.post(f"/cases/{case.pk}/taskforce/{crew.police.pk}/remove/")
    assert r.status_code == 302
    assert page(crew.police).get(f"/cases/{case.pk}/").status_code == 404
    assert page(crew.outsider).post(f"/cases/{case.pk}/taskforce/add/", {}).status_code == 404
