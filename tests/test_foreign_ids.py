"""Ids of another province in a query string or a form: never looked up, never named back, never written.

Every URL that takes input (the fuzz tests' table, tests/fuzz/test_forms.py) is sent what its page shows,
with each id replaced by — or, for a field named after a record, joined by — the id of a record of the
same kind in province B: a select's agency, award type, user or proposal, and the ``ballot-<agency id>``,
``<agency id>-present`` or ``<agency id>-rank`` cells. The answer is never a server error and never holds a
name of province B; a refused submission writes nothing, an accepted one links nothing of A's to B.
Ids in the URL's path are the permission matrix's (tests/test_permissions.py).
"""

from __future__ import annotations

import json
import re

import pytest
from django import forms
from django.apps import apps
from django.db import models, transaction
from django.urls import reverse
from hypothesis import strategies as st

from awards.models import AwardType
from blocs.models import Bloc
from decisions.models import Decision
from meetings.models import Meeting, Proposal
from members.models import Agency, Organizer, User
from pledges.models import Criterion
from tests.access_world import PROVINCE_B_WORD, World
from tests.fuzz import changed_tables, db_snapshot
from tests.fuzz.test_forms import GET_FORMS, OMIT, POST_FORMS, forms_of, logged_in, read_parts
from tests.fuzz.test_forms import world as world
from tests.project import RECORD_APPS

pytestmark = pytest.mark.django_db

# The path from each kind of record a form may name to its province.
PROVINCE_OF: dict[type[models.Model], str] = {
    Agency: "organizer",
    AwardType: "organizer",
    Bloc: "organizer",
    Decision: "organizer",
    Meeting: "bloc__organizer",
    Proposal: "bloc__organizer",
    Criterion: "pledge__bloc__organizer",
    User: "organizer",
}
# The records whose ids a form carries in its field names ("<agency>-<criterion>", "<criterion>-points",
# "vote-<proposal>"): each is tried with the id of province B's record of the same kind.
NAMED_BY_ID = (Agency, Criterion, Proposal)
# The URLs whose input names no record: nothing to replace.
WITHOUT_IDS = {
    "login": "a username and a password",
    "password_change": "passwords",
    "set_language": "a language code",
    "search": "the words searched",
    "home": "a kind, a name and a year",
    "pledges:create": "a date and criteria",
    "pledges:copy": "a year",
    "pledges:criteria": "criteria",
    "pledges:bands": "band names and points",
    "pledges:scoring": "a deadline",
    "members:pledge_sign": "a signer's name and title (the pledge is in the URL, the agency the user's own)",
    "meetings:content": "texts",
    "meetings:finalize": "a confirmation",
    "meetings:reopen": "a reason",
    "meetings:proposal_withdraw": "a confirmation",
    "blocs:membership_end": "a year",
    "blocs:membership_delete": "a confirmation",
    "blocs:secretary_delete": "a confirmation",
    "blocs:detail": "a year",
    "awards:award_type_update": "a name and a rule",
    "awards:proposals_year_xlsx": "a year",
    "interchange:home": "a file, checked against the user's province by its code",
    "interchange:import_confirm": "a token of this session's upload",
    "awards:award_type_create": "a code, a name and a rule",
    "awards:legal_basis_create": "a number, a title and dates",
    "awards:legal_basis_update": "a number, a title and dates",
    "awards:award_policy": "two choices, two shares and a text (the province is the user's)",
    "awards:board_names": "names and dates (the rows are replaced whole; the province is the user's)",
    "blocs:agency_create": "a code and names (a new agency has no successor yet)",
    "blocs:agency_list": "the words searched",
    "blocs:bloc_create": "a code, names, a kind and a symbol",
    "blocs:bloc_update": "a code, names, a kind and a symbol",
    "blocs:symbol_suggest": "a name and a kind",
    "blocs:user_list": "the words searched",
    "password_reset": "an email address",
    "password_reset_confirm": "passwords (the account is the link's, signed)",
    "dossiers:send": "the letter's number, date and signer",
    "dossiers:return": "a reason",
    "dossiers:report_upload": "a file (the proposal is the path's)",
    "dossiers:deadline": "a year and a date (the province is the user's)",
    "dossiers:overview": "a year, a state and the words searched",
    "dossiers:overview_xlsx": "a year, a state and the words searched",
    "meetings:signed_copy_upload": "a file (the version is the path's)",
    "verify:lookup": "a verification code or a file, checked for anyone",
    "verify:document": "a file (the document is the path's code)",
    "public_settings": "a year and two choices (the province is the user's)",
    "signatures:settings": "a certificate file and a name (the province is the user's)",
    "signatures:signer": "a PKCS#12 file, its password and two images (the province is the user's)",
}
_ID_IN_NAME = re.compile(r"(?<![^-])(\d+)(?![^-])")  # a number between dashes or the name's ends


def foreign(model: type[models.Model], world: World) -> list[int]:
    """Province B's records of ``model`` (ids)."""
    path = PROVINCE_OF[model]
    return list(model._base_manager.filter(**{path: world.b.organizer}).order_by("pk").values_list("pk", flat=True))


def footprint(world: World) -> int:
    """How many of province A's rows point at a record of province B (a member, a ballot, a secretary…)."""
    total = 0
    for model in apps.get_models():
        if model._meta.app_label not in RECORD_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in PROVINCE_OF and field.related_model is not Organizer:
                total += model._base_manager.filter(
                    **{f"{field.name}__{PROVINCE_OF[field.related_model]}": world.b.organizer}
                ).count()
    return total


def foreign_variants(world: World, parts, data: dict) -> list[tuple[str, dict]]:
    """``data`` with one id replaced by (or joined by) one of province B, for each id it holds: (the field
    changed, the submission). One at a time, so that each reaches the code that reads it."""
    own = {
        model: set(model._base_manager.filter(**{PROVINCE_OF[model]: world.a.organizer}).values_list("pk", flat=True))
        for model in NAMED_BY_ID
    }
    theirs = {model: foreign(model, world) for model in NAMED_BY_ID}
    fields, rows = {}, set()  # a formset's rows are numbered, not named after records
    for part in parts:
        fields |= part.fields
        for name in [n for n in data if part.prefix and n.startswith(f"{part.prefix}-")]:
            row_field = name.rsplit("-", 1)[-1]
            if row_field in part.row_fields:
                fields[name] = part.row_fields[row_field]
                rows.add(name)
    variants = []
    for name, field in fields.items():
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model in PROVINCE_OF:
            ids = [str(pk) for pk in foreign(field.queryset.model, world)]
            value = ids[:3] if isinstance(field, forms.ModelMultipleChoiceField) else ids[0]
            variants.append((name, {**data, name: value}))
        elif name not in rows:
            for match in _ID_IN_NAME.finditer(name):
                for model in [m for m in NAMED_BY_ID if int(match.group(1)) in own[m] and theirs[m]]:
                    twin = name[: match.start(1)] + str(theirs[model][0]) + name[match.end(1) :]
                    variants.append((twin, {**data, twin: data.get(name) or "on"}))
    return variants


def body_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    if response.get("Content-Type", "").startswith("text/"):
        return response.content.decode()
    return ""


@pytest.mark.parametrize("name", sorted(POST_FORMS.keys() | GET_FORMS.keys()))
def test_ids_of_another_province_are_neither_named_nor_written(world, name):
    # The decision page is in both tables: its form (POST) and its filter (GET).
    for target in [t for t in (POST_FORMS.get(name), GET_FORMS.get(name)) if t is not None]:
        url = reverse(name, kwargs=target.args(world)) + target.query
        client = logged_in(world, target.role)
        with transaction.atomic():
            parts, shown = read_parts(forms_of(target, world, client, url))
            valid = {k: v for k, v in target.valid(world).items() if not isinstance(v, st.SearchStrategy)}
            data = {k: v for k, v in {**shown, **valid}.items() if v is not OMIT}
            variants = foreign_variants(world, parts, data)
            if name in WITHOUT_IDS:
                assert not variants, f"{name} takes ids {[v for v, _ in variants]}: remove it from WITHOUT_IDS"
            else:
                assert variants, f"{name} takes no id the test can replace: name it in WITHOUT_IDS, and why"
            transaction.set_rollback(True)
        for replaced, submission in variants:
            with transaction.atomic():
                before, linked = db_snapshot(), footprint(world)
                response = (client.get if target.method == "get" else client.post)(url, submission)
                assert response.status_code != 500, f"{name} with {replaced}"
                assert PROVINCE_B_WORD not in body_text(response), f"{name} named a record of B ({replaced})"
                if response.status_code in (301, 302, 303):
                    assert footprint(world) == linked, f"{name} linked a record of A to B ({replaced})"
                else:
                    assert not changed_tables(before, db_snapshot()), f"{name} refused {replaced} yet wrote"
                transaction.set_rollback(True)


def test_the_vote_outcome_does_not_name_another_provinces_agency(world):
    """The finding of the security review: ``ballot-<id>`` and ``nominee`` looked agencies up by id alone."""
    client = world.client("secretary")
    stranger = world.b.x.agencies[0]
    url = reverse("meetings:proposal_outcome", args=[world.a.x.draft.pk])
    query = {
        "award_type": world.a.x.draft_proposal.award_type_id,
        "nominee": stranger.pk,
        f"ballot-{stranger.pk}": "for",
    }
    answer = client.get(url, query).json()
    assert stranger.name not in json.dumps(answer, ensure_ascii=False)
    assert answer["tally"] is None  # an agency of another province is no agency here: no ballot counted
