"""Admin lists given absurd filter values answer like any wrong filter, never with a 500.

Every registered admin's list is asked, as a superuser and as board staff, for each of its filters, its date
hierarchy and its search with values no form sends: a year of eleven digits, month 13, day 0, ids negative,
past any integer column or not numbers at all, a NUL character, a broken regular expression. The answer is
the list, Django's redirect to the list without the filters (``?e=1``) or a 400.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from history.models import AuditEntry
from members.admin_scoping import AbsurdFiltersMixin
from tests.test_admin import APPS, a, admin_url, staff_a, superuser  # noqa: F401 (fixtures)

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
BOARD_ADMINS = [(model, model_admin) for model, model_admin in ADMINS if model._meta.app_label in APPS]
ABSURD = ["99999999999", str(10**30), str(-(10**30)), "-1", "abc", "2018-13-45", "(", "\x00"]
# Lookups a hand-written query string may add to any filtered field, with values that break each of them.
LOOKUPS = {
    "gte": ["abc", str(10**30), "2018-13-45", "\x00"],
    "in": [f"1,{10**30}", "abc,1", "\x00"],
    "range": ["1", "1,2,3", "abc,def", f"1,{10**30}"],
    "regex": ["(", "[", "\x00"],
}
# (model, field) of every autocomplete of a change form: the search fields of the model it points to.
AUTOCOMPLETES = [(model, field) for model, model_admin in ADMINS for field in model_admin.autocomplete_fields]
HIERARCHY = [
    {"year": "99999999999"},
    {"year": "9999"},  # its end, 1 January 10000, overflows
    {"year": "1"},  # 1 January of year 1 in Hồ Chí Minh City is before year 1 in UTC
    {"year": "0"},
    {"year": "-1"},
    {"year": "abc"},
    {"year": "2018", "month": "13"},
    {"year": "2018", "month": "99999999999"},
    {"year": "2018", "month": "2", "day": "30"},
    {"year": "2018", "month": "1", "day": "0"},
    {"year": "9999", "month": "12", "day": "31"},
    {"year": "1", "month": "1", "day": "1"},
    {"month": "13"},
    {"month": str(10**30)},
    {"day": "0"},
    {"day": "abc"},
]


def queries(model_admin, user) -> list[dict[str, str]]:
    """The absurd query strings to send to one admin's list."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = dict.fromkeys(name for spec in changelist.filter_specs for name in spec.expected_parameters())
    sent = [{name: value} for name in names for value in ABSURD]
    for entry in model_admin.get_list_filter(request):
        path = entry[0] if isinstance(entry, tuple) else entry
        if isinstance(path, str):
            sent += [{f"{path}__{lookup}": value} for lookup, values in LOOKUPS.items() for value in values]
    sent += [{"q": value} for value in ABSURD]
    if field := model_admin.date_hierarchy:
        dated = [{f"{field}__{part}": value for part, value in query.items()} for query in HIERARCHY]
        sent += dated + [{**query, ERROR_FLAG: "1"} for query in dated]
    sent += [{"p": value} for value in ("99999999999", "-1", "abc")]
    return sent


def failures(client, user, model, model_admin) -> dict[tuple, int | str]:
    """The absurd queries answered with neither the list, a redirect to it without filters, nor a 400."""
    wrong = {}
    for query in queries(model_admin, user):
        try:
            response = client.get(admin_url(model, "changelist"), query)
        except Exception as error:  # the test client raises what the view raised: that would be a 500
            wrong[tuple(query.items())] = repr(error)[:120]
            continue
        sent_back = response.status_code == 302 and response["Location"].endswith(f"?{ERROR_FLAG}=1")
        if response.status_code not in (200, 400) and not sent_back:
            wrong[tuple(query.items())] = response.status_code
    return wrong


@pytest.fixture
def world(a):  # noqa: F811
    """A province with a row of every model, and a row of each record django-axes keeps."""
    now = timezone.now()
    AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1, attempt_time=now)
    AccessLog.objects.create(username="x", ip_address="127.0.0.1", attempt_time=now)
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1", attempt_time=now)
    return a


def test_every_registered_admin_answers_absurd_filters():
    """Our admins through OrganizerScopedMixin; auth's and django-axes' re-registered by members.admin."""
    assert {model._meta.app_label for model, _ in ADMINS} >= {"auth", "axes", *APPS}
    assert [model for model, model_admin in ADMINS if not isinstance(model_admin, AbsurdFiltersMixin)] == []


def test_audit_list_with_an_eleven_digit_year_sends_back_to_the_list(client, superuser, world):  # noqa: F811
    client.force_login(superuser)
    response = client.get(admin_url(AuditEntry, "changelist"), {"created_at__year": "99999999999"})
    assert response.status_code == 302 and response["Location"] == f"{admin_url(AuditEntry, 'changelist')}?e=1"
    assert client.get(response["Location"]).status_code == 200


def test_an_error_of_the_plain_list_is_not_taken_for_a_wrong_filter(client, superuser, world, monkeypatch):  # noqa: F811
    def broken(request):
        raise ValueError("a bug")

    monkeypatch.setattr(admin.site.get_model_admin(AuditEntry), "get_queryset", broken)
    client.force_login(superuser)
    with pytest.raises(ValueError, match="a bug"):
        client.get(admin_url(AuditEntry, "changelist"))
    with pytest.raises(ValueError, match="a bug"):
        client.get(admin_url(AuditEntry, "changelist"), {ERROR_FLAG: "1"})
    assert client.get(admin_url(AuditEntry, "changelist"), {"action__exact": "create"}).status_code == 302


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_superuser_gets_no_500_from_absurd_filters(client, world, superuser, model, model_admin):  # noqa: F811
    client.force_login(superuser)
    assert failures(client, superuser, model, model_admin) == {}


@pytest.mark.parametrize(("model", "model_admin"), BOARD_ADMINS, ids=[m._meta.label for m, _ in BOARD_ADMINS])
def test_board_staff_get_no_500_from_absurd_filters(client, world, staff_a, model, model_admin):  # noqa: F811
    client.force_login(staff_a)
    assert failures(client, staff_a, model, model_admin) == {}


@pytest.mark.parametrize("user", ["superuser", "staff_a"])
def test_autocomplete_gets_no_500_from_absurd_terms(client, world, user, request):
    client.force_login(request.getfixturevalue(user))
    statuses = {}
    for model, field in AUTOCOMPLETES:
        for term in ABSURD:
            query = {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field}
            response = client.get(reverse("admin:autocomplete"), {**query, "term": term})
            statuses[(model._meta.label, field, term)] = response.status_code
    assert len(statuses) >= 10 * len(ABSURD)
    assert {key: status for key, status in statuses.items() if status != 200} == {}
