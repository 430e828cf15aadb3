"""Rendered parts of pages kept until the data changes (core/fragments.py, {% fragment %})."""

import re
from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection, transaction
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from blocs.models import Bloc, Leadership
from core import fragments
from meetings.models import Proposal

from .factories import PASSWORD
from .pages.blocs_world import YEAR, body, build_world, propose, year_end

pytestmark = pytest.mark.django_db
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture
def world():
    return build_world()


def bloc_url(world) -> str:
    return reverse("blocs:detail", kwargs={"pk": world.bloc.pk})


def without_tokens(html: str) -> str:
    return CSRF_INPUT.sub('name="csrfmiddlewaretoken" value=""', html)


# --- Which statements change the data version ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "blocs_bloc" ("name") VALUES (%s)', "blocs_bloc"),
        ('  update "awards_proposal" SET "outcome" = %s', "awards_proposal"),
        ('DELETE FROM "meetings_meeting" WHERE "id" = %s', "meetings_meeting"),
        ('TRUNCATE "members_agency", "blocs_bloc"', "members_agency"),
        ("INSERT INTO `blocs_bloc` (`name`) VALUES (%s)", "blocs_bloc"),
        ('SELECT "id" FROM "blocs_bloc"', None),
        ('SAVEPOINT "s1"', None),
    ],
)
def test_the_written_table_is_read_off_the_statement(sql, table):
    assert fragments.written_table(sql) == table


def test_sessions_and_login_records_change_nothing_shown():
    assert not fragments.changes_data('UPDATE "django_session" SET "session_data" = %s')
    assert not fragments.changes_data('INSERT INTO "axes_accesslog" ("username") VALUES (%s)')
    assert not fragments.changes_data('UPDATE "members_user" SET "last_login" = %s WHERE "members_user"."id" = %s')
    assert fragments.changes_data('UPDATE "members_user" SET "last_login" = %s, "first_name" = %s WHERE "id" = %s')
    assert fragments.changes_data('UPDATE "members_user" SET "is_active" = %s WHERE "members_user"."id" = %s')


def test_logging_in_keeps_the_version(world):
    before = fragments.version()
    client = Client()
    response = client.post(reverse("login"), {"username": world.users["board"].username, "password": PASSWORD})
    assert response.status_code == 302
    assert fragments.version() == before


def test_a_save_an_update_and_a_bulk_create_each_change_the_version(world):
    seen = [fragments.version()]
    world.bloc.name = "Khối đã đổi tên"
    world.bloc.save()
    seen.append(fragments.version())
    Bloc.objects.filter(pk=world.bloc.pk).update(short_name="KĐT")
    seen.append(fragments.version())
    chair, vice_chair = world.members[:2]
    Leadership.objects.bulk_create([Leadership(bloc=world.bloc, year=2030, chair=chair, vice_chair=vice_chair)])
    seen.append(fragments.version())
    assert len(set(seen)) == 4


def test_saving_a_session_keeps_the_version():
    before = fragments.version()
    session = SessionStore()
    session["selected_year"] = 2026
    session.save()
    assert fragments.version() == before


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_version_changes_once_committed(world):
    fragments.change_version()  # this process has not read the version since: no change before the commit
    before = fragments.version()
    fragments._State.read_since_change = False
    with transaction.atomic():
        Bloc.objects.filter(pk=world.bloc.pk).update(short_name="A")
        Bloc.objects.filter(pk=world.bloc.pk).update(short_name="B")
        assert fragments.version() == before
        fragments._State.read_since_change = False
        pending = [func for _savepoints, func, _robust in connection.run_on_commit]
        assert pending.count(fragments.change_version) == 1  # once per transaction, not per row
    assert fragments.version() != before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_nothing_to_run(world):
    fragments._State.read_since_change = False
    before = fragments.version()
    fragments._State.read_since_change = False
    with pytest.raises(RuntimeError), transaction.atomic():
        Bloc.objects.filter(pk=world.bloc.pk).update(short_name="A")
        raise RuntimeError
    assert fragments.version() == before


# --- Pages ----------------------------------------------------------------------------------------------


def test_the_bloc_page_comes_from_the_cache_until_the_data_changes(world, django_assert_max_num_queries):
    client = world.client("board")
    first = body(client.get(bloc_url(world), {"year": YEAR}))
    with django_assert_max_num_queries(3):  # session, the bloc; then the rendered page (and user) from the caches
        second = body(client.get(bloc_url(world), {"year": YEAR}))
    assert without_tokens(second) == without_tokens(first)

    nominee = world.members[4]
    propose(year_end(world.bloc, YEAR), nominee, "BK_TINH")
    third = body(client.get(bloc_url(world), {"year": YEAR}))
    assert third.count(nominee.name) > first.count(nominee.name)


def test_a_change_made_by_update_shows_at_once(world):
    client = world.client("board")
    meeting = year_end(world.bloc, YEAR)
    proposal = propose(meeting, world.members[3], "CO_TINH", outcome=Proposal.Outcome.PENDING)
    assert "Chưa biểu quyết" in body(client.get(bloc_url(world), {"year": YEAR}))
    Proposal.objects.filter(pk=proposal.pk).update(outcome=Proposal.Outcome.FAILED)
    html = body(client.get(bloc_url(world), {"year": YEAR}))
    assert "Chưa biểu quyết" not in html and "Không đạt" in html


def test_each_user_sees_the_page_as_rendered_for_them(world):
    board_html = body(world.client("board").get(bloc_url(world), {"year": YEAR}))
    member_html = body(world.client("member").get(bloc_url(world), {"year": YEAR}))
    add_member = reverse("blocs:membership_add", kwargs={"pk": world.bloc.pk})
    assert add_member in board_html
    assert add_member not in member_html


def test_a_cached_form_carries_each_browsers_own_csrf_token(world):
    """Two browsers of the same secretary: the second gets the page from the cache, with its own token."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(world.users["board"])
    tokens = []
    for client in (first, second):
        html = body(client.get(bloc_url(world), {"year": YEAR}))
        assert "fragment csrf token" not in html
        tokens.append(CSRF_INPUT.findall(html))
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]

    chair, vice_chair = world.members[1], world.members[2]
    rotation = reverse("blocs:leadership_override", kwargs={"pk": world.bloc.pk, "year": YEAR + 1})
    # The rotation form is the page's second CSRF form after the navbar's logout: each token of the page works.
    response = second.post(
        rotation, {"csrfmiddlewaretoken": tokens[1][1], "chair": chair.pk, "vice_chair": vice_chair.pk}
    )
    assert response.status_code == 302
    assert Leadership.objects.filter(bloc=world.bloc, year=YEAR + 1, chair=chair).exists()


def test_the_language_is_part_of_the_key(world):
    client = world.client("board")
    assert "Thành viên năm" in body(client.get(bloc_url(world), {"year": YEAR}))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = body(client.get(bloc_url(world), {"year": YEAR}))
    assert "Thành viên năm" not in html and "Members in" in html


def test_the_dashboard_filter_is_part_of_the_key(world):
    client = world.client("board")
    everything = body(client.get(reverse("home"), {"year": YEAR}))
    filtered = body(client.get(reverse("home"), {"year": YEAR, "name": "khong co khoi nao"}))
    assert world.bloc.name in everything
    assert world.bloc.name not in filtered


def test_search_results_are_per_user(world):
    board = body(world.client("board").get(reverse("search"), {"q": "khoi"}))
    member = body(world.client("member").get(reverse("search"), {"q": "khoi"}))
    assert world.other_bloc.name in board
    assert world.other_bloc.name not in member


class Unreachable:
    def get(self, *args, **kwargs):
        raise ConnectionError("redis down")

    add = set = set_many = get


def test_without_the_cache_pages_are_rendered_all_the_same(world, caplog):
    client = world.client("board")
    expected = without_tokens(body(client.get(bloc_url(world), {"year": YEAR})))
    caches["fragments"].clear()
    with mock.patch.object(fragments, "cache", return_value=Unreachable()):
        response = client.get(bloc_url(world), {"year": YEAR})
        world.bloc.save()  # a write while the cache is down is still saved
    assert response.status_code == 200
    assert without_tokens(body(response)) == expected
    assert "fragments cache unreachable" in caplog.text


def test_what_a_process_keeps_goes_when_the_shared_cache_lets_it_go(monkeypatch):
    """The parts and users a process keeps (Recent) live as long as a part in the shared cache: a change the
    version missed (a write outside Django, or during a Redis outage) cannot be hidden longer there."""
    from core.templatetags.fragments import RECENT
    from members.middleware import REMEMBERED_USERS

    assert RECENT.max_age == REMEMBERED_USERS.max_age == 600  # the fragments cache's TIMEOUT
    now = [0.0]
    monkeypatch.setattr(fragments, "time", SimpleNamespace(monotonic=lambda: now[0]))
    recent = fragments.Recent(budget=1000)
    recent.put("k", "<p>phần</p>")
    now[0] = 600
    assert recent.get("k") == "<p>phần</p>"
    now[0] = 600.5
    assert recent.get("k") is None and recent.size == 0


def test_an_empty_name_renders_without_the_cache():
    template = Template("{% load fragments %}{% fragment name %}{{ value }}{% endfragment %}")
    assert template.render(Context({"name": "", "value": "một"})) == "một"
    assert template.render(Context({"name": "", "value": "hai"})) == "hai"
    assert template.render(Context({"name": "x", "value": "ba"})) == "ba"
    assert template.render(Context({"name": "x", "value": "bốn"})) == "ba"  # same key, same data version


def test_a_deploy_that_changes_a_template_starts_from_new_keys(settings, tmp_path):
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("<p>một</p>", encoding="utf-8")
    settings.BASE_DIR = tmp_path
    template = Template("{% load fragments %}{% fragment 'x' %}{{ value }}{% endfragment %}")
    try:
        fragments.release.cache_clear()
        before = fragments.release()
        assert template.render(Context({"value": "cũ"})) == "cũ"
        page.write_text("<p>một, hai</p>", encoding="utf-8")
        fragments.release.cache_clear()
        assert fragments.release() != before
        assert template.render(Context({"value": "mới"})) == "mới"
    finally:
        fragments.release.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_a_part_rendered_inside_an_unfinished_write_is_not_kept(world):
    template = Template("{% load fragments %}{% fragment 'bloc' %}{{ bloc.short_name }}{% endfragment %}")
    fragments.version()  # this process has read the version: the write below changes it at once
    with pytest.raises(RuntimeError), transaction.atomic():
        Bloc.objects.filter(pk=world.bloc.pk).update(short_name="Chưa lưu")
        bloc = Bloc.objects.get(pk=world.bloc.pk)
        assert template.render(Context({"bloc": bloc})) == "Chưa lưu"
        raise RuntimeError  # rolled back: "Chưa lưu" never existed
    world.bloc.refresh_from_db()
    assert template.render(Context({"bloc": world.bloc})) == world.bloc.short_name


def test_the_parts_of_a_page_rendered_cold_are_kept_in_one_round_trip(world):
    """The bloc page's part holds five shared parts: six entries, kept by one set_many."""
    cache = caches["fragments"]
    client = world.client("board")
    client.get(reverse("home"))  # the navbar's parts, kept
    with (
        mock.patch.object(cache, "set", wraps=cache.set) as one,
        mock.patch.object(cache, "set_many", wraps=cache.set_many) as many,
    ):
        assert client.get(bloc_url(world), {"year": YEAR}).status_code == 200
    assert many.call_count == 1
    kept = many.call_args.args[0]
    assert one.call_count == len(kept)  # only from within set_many (the local-memory cache's sets each)
    assert len(kept) == 6 and {key.split(":")[1] for key in kept} == {
        "bloc-page", "bloc-members", "bloc-leaderships", "bloc-pledges", "bloc-meetings", "bloc-proposals",
    }  # fmt: skip


def test_a_page_that_fails_leaves_nothing_to_keep_for_the_next():
    failing = Template(
        "{% load fragments %}{% fragment 'outer' %}{% fragment 'inner' %}{{ value }}{% endfragment %}"
        "{{ broken.explode }}{% endfragment %}"
    )

    class Broken:
        def explode(self):
            raise RuntimeError

    cache = caches["fragments"]
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as many:
        with pytest.raises(RuntimeError):
            failing.render(Context({"value": "một", "broken": Broken()}))
        assert many.call_count == 0
        next_page = Template("{% load fragments %}{% fragment 'next' %}{{ value }}{% endfragment %}")
        assert next_page.render(Context({"value": "hai"})) == "hai"
    assert many.call_count == 1
    assert [key.split(":")[1] for key in many.call_args.args[0]] == ["next"]
