"""Every form of the application fed generated input: never a server error, never a partial write.

``POST_FORMS`` lists every URL that takes a form (or, for a few, plain inputs) by its name: who posts it (the
user allowed to: board staff for the board's work, the bloc's secretary for the meeting and pledge pages),
the URL's arguments, where its forms are read from, and a valid submission. ``GET_FORMS`` lists the forms
that only filter or choose what a page shows. ``WITHOUT_FORM`` names the POST URLs that take no input.

For each form, at least 300 submissions are generated from the form's own fields, read from the form the
page itself builds (``response.context``): text (Vietnamese, empty, huge, NUL and control characters…),
numbers (decimal comma, huge, negative, not numbers), dates and times valid and not, choices and ids
(valid, another province's, garbage), booleans, files, and formsets with a random number of rows. Each
submission starts from what the page shows, overlaid with a valid submission, and changes none, some or
all of its fields, so that both the accepted and the refused paths are taken.

Each submission runs in a savepoint rolled back afterwards, over one world built for the module
(tests/access_world.py). A response of 500 fails, and so does a submission that was not accepted (any
answer but a redirect) yet changed a row of the application's tables; a GET never writes.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import os
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from awards.forms import FractionField
from awards.models import AwardType
from awards.tests.factories import award
from blocs.models import Bloc, SecretaryAssignment
from dossiers.models import Dossier
from imports.forms import ConfirmForm as ImportConfirmForm
from imports.views import PENDING_SESSION_KEY, UPLOAD_DIR
from interchange.exporter import export_organizer
from meetings.forms import OnlineBallotForm
from meetings.models import Ballot, Meeting, Proposal
from meetings.online import online_voting_open
from members.models import Agency
from members.tests.factories import PASSWORD
from signatures.services import trust_anchor_add
from signatures.tests import pki
from signatures.tests.pki import make_ca, p12, pem, png
from tests.access_world import PDF as STAND_IN_PDF
from tests.access_world import YEAR, World, add_next_pledge, build_world
from tests.fuzz import (
    DEEP_JSON,
    EXAMPLES,
    FUZZ_SETTINGS,
    Documents,
    changed_tables,
    date_texts,
    db_snapshot,
    json_texts,
    mutated_documents,
    number_texts,
    serialized,
    small_province,
    texts,
    time_texts,
    wire,
    year_texts,
)

# A CA certificate no province of the world trusts yet: the board's valid upload.
FUZZ_CA_PEM = pem(make_ca("CA thử nghiệm"))

# -- inputs that are not Django forms in the code, described as forms to generate their values ---------------


class YearInput(forms.Form):
    """A year typed or chosen: ``pledges:copy`` (POST) and ``awards:proposals_year_xlsx`` (GET)."""

    year = forms.IntegerField()


class LanguageInput(forms.Form):
    """What the language switcher posts to Django's ``set_language``."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField()


class SearchInput(forms.Form):
    q = forms.CharField()


class DashboardYear(forms.Form):
    """The year of the navigation bar's switcher, read by every page (``core.year.selected_year``)."""

    year = forms.IntegerField()


class PageInput(forms.Form):
    """The page of a paginated list."""

    page = forms.IntegerField()


class SymbolQuery(forms.Form):
    """What the bloc form's script asks ``blocs:symbol_suggest`` while the user types the name."""

    name = forms.CharField(max_length=500)
    kind = forms.ChoiceField(choices=Bloc.Kind.choices)


def set_password_form(world: World) -> forms.Form:
    return SetPasswordForm(world.users["member"])


def reset_session(world: World, client: Client, draw) -> dict:
    """The set-password page as an emailed link leaves it: the link's token moved into the session (Django's
    ``PasswordResetConfirmView``), so that the form is shown and checked."""
    session = client.session
    # The user as stored now: the token signs the last login, which the tests run before may have moved.
    member = type(world.users["member"]).objects.get(pk=world.users["member"].pk)
    session[INTERNAL_RESET_SESSION_TOKEN] = default_token_generator.make_token(member)
    session.save()
    return {}


def reset_link_args(world: World) -> dict:
    return {"uidb64": urlsafe_base64_encode(force_bytes(world.users["member"].pk)), "token": "mat-khau-moi"}


def outcome_query(world: World) -> forms.Form:
    """What the vote form asks ``meetings:proposal_outcome`` while the secretary types."""
    x = world.a.x
    fields = {
        "award_type": forms.ModelChoiceField(AwardType.objects.filter(organizer=world.a.organizer)),
        "nominee": forms.ModelChoiceField(Agency.objects.all()),
        "proposal": forms.IntegerField(),
        "mode": forms.ChoiceField(choices=[("ballots", "ballots"), ("tally", "tally"), ("none", "none")]),
        "votes_for": forms.IntegerField(),
        "votes_against": forms.IntegerField(),
        "votes_abstain": forms.IntegerField(),
        **{f"ballot-{a.pk}": forms.ChoiceField(choices=Ballot.Vote.choices) for a in x.agencies},
        # Ballots of agencies that are no member, or no agency at all.
        f"ballot-{world.a.y.agencies[0].pk}": forms.ChoiceField(choices=Ballot.Vote.choices),
        f"ballot-{2**64}": forms.ChoiceField(choices=Ballot.Vote.choices),
    }
    return type("OutcomeQuery", (forms.Form,), fields)()


# -- the table ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A form, and how to send it: as whom, to which URL, and what a valid submission holds."""

    role: str
    args: Callable[[World], dict] = lambda w: {}
    query: str = ""
    # The forms: their names in the context of the page (``page``, else the URL itself, fetched with GET) or
    # a function of the world and that context; ``inputs`` instead builds them (inputs read without a form).
    forms: tuple[str, ...] | Callable[[World, object], list] = ("form",)
    page: Callable[[World], str] | None = None
    inputs: Callable[[World], list] | None = None
    # A valid submission, laid over what the page shows (values may be strategies, drawn per example).
    valid: Callable[[World], dict] = lambda w: {}
    # Values for a field beyond those its type suggests (by field name, or by row field name in a formset).
    hints: Callable[[World], dict[str, st.SearchStrategy]] = lambda w: {}
    buttons: tuple[str, ...] = ()  # names of submit buttons that change what the view does
    # Run in each example's savepoint before the submission; returns more of the valid submission.
    prepare: Callable | None = None
    method: str = "post"
    accepts: bool = True  # whether some submissions are accepted (a redirect)


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    # A name Django cannot take a file name from ("", "a/", "..") stands for a browser's nameless upload.
    if os.path.basename(name) in {"", ".", ".."}:
        name = "tệp"
    return SimpleUploadedFile(name, content, content_type="application/json")


_DOCUMENTS: dict[int, Documents] = {}


def documents_of(world: World) -> Documents:
    """Valid documents of province A: a new bloc with new agencies (generated), and A's own export (importing
    it changes nothing; mutated, it changes or breaks what is stored)."""
    if id(world) not in _DOCUMENTS:
        new_bloc = small_province(world.a.organizer.code, blocs=1, members=4, years=1)
        for bloc in new_bloc["blocs"]:
            bloc["code"] = f"MOI-{bloc['code']}"  # not one of A's blocs
        _DOCUMENTS[id(world)] = Documents([new_bloc, export_organizer(world.a.organizer)])
    return _DOCUMENTS[id(world)]


def valid_upload(world: World) -> st.SearchStrategy[SimpleUploadedFile]:
    """The new bloc's document, a new file object for each example."""
    content = serialized(documents_of(world)[0])

    def upload() -> SimpleUploadedFile:
        return _upload("du-lieu.json", content)

    return st.builds(upload)


def uploads(world: World) -> st.SearchStrategy[SimpleUploadedFile]:
    names = st.sampled_from(["du-lieu.json", "", "../../du lieu.json", "dữ liệu.JSON", "a" * 300, "x.exe"])
    contents = st.one_of(
        mutated_documents(documents_of(world)).map(serialized),
        st.binary(max_size=200),
        json_texts().map(str.encode),
        st.sampled_from(DEEP_JSON),
    )
    return st.builds(_upload, names, contents)


def open_online_vote(world: World, client: Client, draw) -> dict:
    """The draft meeting's proposal, its paper votes cleared, put to a secret online vote."""
    draft = world.a.x.draft
    proposals = Proposal.objects.filter(pk=world.a.x.draft_proposal.pk)
    proposals.update(votes_for=None, votes_against=None, votes_abstain=None)
    Meeting.objects.filter(pk=draft.pk).update(voting_mode=Meeting.VotingMode.SECRET)
    online_voting_open(meeting=draft)
    return {}


_SIGNED_COPY: dict[str, bytes] = {}


def trusted_signed_copy(world: World, client: Client, draw) -> dict:
    """Bloc X's current minutes issued as a PDF, a copy of it signed by a signer under a CA province A trusts: the
    valid upload of ``meetings:signed_copy_upload``."""
    if not _SIGNED_COPY:
        root = pki.make_ca("Gốc tin cậy thử")
        issued = pki.blank_pdf("Bien ban da phat hanh")
        _SIGNED_COPY.update(issued=issued, root=pki.pem(root), copy=pki.sign(issued, pki.make_signer("Người ký", root)))
    trust_anchor_add(pem=_SIGNED_COPY["root"], organizer=world.a.organizer)
    world.a.x.meeting.minutes_versions.filter(document="minutes", number=2).update(
        file_sha256=hashlib.sha256(_SIGNED_COPY["issued"]).hexdigest()
    )
    return {"file": SimpleUploadedFile("ban-ky-so.pdf", _SIGNED_COPY["copy"])}


def public_limit_lifted(world: World, client: Client, draw) -> dict:
    """No request counted yet by the public pages' limit (core/ratelimit.py)."""
    caches["ratelimit"].clear()
    return {}


def pending_upload(world: World, client: Client, draw) -> dict:
    """An upload previewed in this session (as ``interchange:home`` leaves it): its token is the valid one."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    raw = serialized(draw(mutated_documents(documents_of(world), max_mutations=2)))
    token = draw(st.uuids()).hex
    name = default_storage.save(f"{UPLOAD_DIR}/{token}.json", ContentFile(raw))
    session = client.session
    session[PENDING_SESSION_KEY] = {
        "token": token,
        "name": name,
        "user": world.users["board"].pk,
        "organizer": world.a.organizer.pk,
        "sha256": hashlib.sha256(raw).hexdigest(),
    }
    session.save()
    return {"token": token}


def _criteria(rows: list[tuple[str, str, str]]) -> dict:
    data = {}
    for index, (code, title, points) in enumerate(rows):
        data |= {
            f"criteria-{index}-code": code,
            f"criteria-{index}-title": title,
            f"criteria-{index}-max_points": points,
        }
    return data


def _bk_tinh(world: World) -> int:
    return award(world.a.organizer, "BK_TINH").pk


# POST: every URL that takes a form, by name. Board work is posted by board staff, the bloc's records of the
# year by its secretary (both are allowed; the secretary sees the narrower choices).
POST_FORMS: dict[str, Target] = {
    "login": Target(
        role="anonymous",
        valid=lambda w: {"username": w.users["secretary"].username, "password": PASSWORD},
        hints=lambda w: {"username": st.sampled_from([u.username for u in w.users.values()])},
    ),
    "password_change": Target(
        role="member",
        valid=lambda w: {
            "old_password": PASSWORD,
            "new_password1": "Một mật khẩu mới 2026!",
            "new_password2": "Một mật khẩu mới 2026!",
        },
        hints=lambda w: {"old_password": st.just(PASSWORD)},
    ),
    "set_language": Target(role="member", inputs=lambda w: [LanguageInput()], valid=lambda w: {"language": "en"}),
    "blocs:leadership_override": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.bloc.pk, "year": YEAR + 1},
        page=lambda w: reverse("blocs:detail", kwargs={"pk": w.a.x.bloc.pk}) + f"?year={YEAR}",
        forms=lambda w, context: [context["shown"].rotation_form],
        valid=lambda w: {"chair": w.a.x.agencies[1].pk, "vice_chair": w.a.x.agencies[2].pk},
    ),
    "blocs:membership_add": Target(
        role="board",
        args=lambda w: {"pk": w.a.x.bloc.pk},
        valid=lambda w: {"agencies": [w.a.lone_agency.pk], "from_year": YEAR + 1},
    ),
    "blocs:membership_end": Target(
        role="board",
        args=lambda w: {"pk": w.a.x.bloc.pk, "membership_pk": w.a.x.membership.pk},
        valid=lambda w: {"to_year": YEAR + 2},
    ),
    "blocs:membership_delete": Target(
        role="board", args=lambda w: {"pk": w.a.x.bloc.pk, "membership_pk": w.a.x.newcomer.pk}
    ),
    "blocs:secretary_add": Target(
        role="board",
        args=lambda w: {"pk": w.a.x.bloc.pk},
        valid=lambda w: {"year": YEAR + 3, "user": w.users["member"].pk},
    ),
    "blocs:secretary_delete": Target(
        role="board", args=lambda w: {"pk": w.a.x.bloc.pk, "assignment_pk": w.a.x.assignment.pk}
    ),
    "pledges:create": Target(
        role="secretary",
        args=lambda w: {"bloc_pk": w.a.x.bloc.pk},
        query=f"?year={YEAR + 2}",
        forms=("form", "formset"),
        valid=lambda w: _criteria([("1", "Thực hiện nhiệm vụ chính trị", "60"), ("2", "Phong trào thi đua", "40")]),
    ),
    "pledges:copy": Target(
        role="secretary",
        args=lambda w: {"bloc_pk": w.a.x.bloc.pk},
        inputs=lambda w: [YearInput()],
        valid=lambda w: {"year": YEAR + 2},
    ),
    "pledges:criteria": Target(
        role="secretary", args=lambda w: {"pk": w.a.x.next_pledge.pk}, forms=("formset", "version_form")
    ),
    "pledges:signatures": Target(
        role="secretary", args=lambda w: {"pk": w.a.x.pledge.pk}, forms=("form", "version_form")
    ),
    # Bands change at any time, on a pledge already scored too.
    "pledges:bands": Target(
        role="secretary", args=lambda w: {"pk": w.a.x.pledge.pk}, forms=("formset", "version_form")
    ),
    # The member agency (not signed yet) signs X's pledge from its own login.
    "members:pledge_sign": Target(
        role="member", args=lambda w: {"pk": w.a.x.pledge.pk}, valid=lambda w: {"signer": "Nguyễn Văn An"}
    ),
    "pledges:scores": Target(role="secretary", args=lambda w: {"pk": w.a.x.pledge.pk}, forms=("form", "version_form")),
    # The member's draft, with an evidence file (typed bytes are refused beside their criterion); the buttons
    # save, submit (with its confirmation box) or delete an evidence file (another agency's id is a 404).
    "pledges:self_score": Target(
        role="member",
        args=lambda w: {"pk": w.a.x.pledge.pk},
        valid=lambda w: {
            "action": "draft",
            f"{w.a.x.pledge.criteria.first().pk}-file": st.builds(
                lambda: SimpleUploadedFile("minh-chứng.pdf", b"%PDF-1.7\n%%EOF\n")
            ),
        },
        hints=lambda w: {"confirm": st.just("on")},
        buttons=("action", "delete_evidence"),
    ),
    "pledges:scoring": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.pledge.pk},
        valid=lambda w: {"deadline": (timezone.localdate() + datetime.timedelta(45)).strftime("%d/%m/%Y")},
    ),
    "pledges:scoring_review": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.pledge.pk, "agency_pk": w.a.x.submitted.pk},
        valid=lambda w: {f"{c.pk}-decision": "accept" for c in w.a.x.pledge.criteria.all()},
    ),
    "awards:award_type_update": Target(role="board", args=lambda w: {"pk": _bk_tinh(w)}),
    "awards:award_type_create": Target(
        role="board", valid=lambda w: {"code": "BK_SO", "name": "Giấy khen của Giám đốc Sở", "ratio": "50%"}
    ),
    "awards:legal_basis_create": Target(
        role="board",
        valid=lambda w: {"number": "12/2025/QĐ-UBND", "title": "Quy định xét khen thưởng", "valid_from": "01/07/2025"},
    ),
    "awards:legal_basis_update": Target(role="board", args=lambda w: {"pk": w.a.legal_basis.pk}),
    # The province's eligibility data: its rules, a hold on an agency, the women's shares of a year.
    "awards:award_policy": Target(role="board", valid=lambda w: {"government_flag_share": "20%"}),
    "awards:hold_list": Target(
        role="board", valid=lambda w: {"agency": w.a.lone_agency.pk, "year": YEAR, "kind": "inspection"}
    ),
    "awards:women_shares": Target(
        role="board", query=f"?year={YEAR}", valid=lambda w: {f"{w.a.lone_agency.pk}-share": "75%"}
    ),
    # The board's names over time, a row each (overlapping periods are refused beside the row).
    "awards:board_names": Target(
        role="board",
        forms=("formset",),
        valid=lambda w: {
            "names-TOTAL_FORMS": "1",
            "names-INITIAL_FORMS": "0",
            "names-0-name": "Phòng Thi đua, khen thưởng - Sở Nội vụ",
            "names-0-valid_from": "01/07/2025",
        },
    ),
    # The province's setup
    "blocs:agency_create": Target(
        role="board", valid=lambda w: {"code": "SO-MOI", "name": "Sở Mới thành lập"}, buttons=("them-tiep",)
    ),
    "blocs:agency_update": Target(
        role="board",
        args=lambda w: {"pk": w.a.x.agencies[4].pk},
        hints=lambda w: {"successor": st.sampled_from([str(w.a.lone_agency.pk), ""])},
    ),
    "blocs:bloc_create": Target(
        role="board", valid=lambda w: {"code": "MOI", "name": "Khối thi đua Kinh tế - Kỹ thuật", "kind": "bloc"}
    ),
    "blocs:bloc_update": Target(role="board", args=lambda w: {"pk": w.a.x.bloc.pk}),
    # Bloc X keeps members: a successor is refused until they move; an empty form (no successor) is accepted.
    "blocs:bloc_successor": Target(
        role="board",
        args=lambda w: {"pk": w.a.x.bloc.pk},
        hints=lambda w: {"successor": st.sampled_from([str(w.a.y.bloc.pk), ""])},
    ),
    "blocs:memberships_move": Target(
        role="board",
        args=lambda w: {"pk": w.a.x.bloc.pk},
        query=f"?year={YEAR + 1}",
        valid=lambda w: {"target": w.a.y.bloc.pk, "from_year": YEAR + 1, "agencies": [w.a.x.agencies[4].pk]},
    ),
    "blocs:user_create": Target(
        role="board",
        valid=lambda w: {"email": "moi@example.com", "role": "agency_user", "agency": w.a.lone_agency.pk},
        hints=lambda w: {"email": st.sampled_from(["moi@example.com", "MOI@EXAMPLE.COM", "a@b", "@", "x@y.vn"])},
    ),
    "blocs:user_update": Target(
        role="board", args=lambda w: {"pk": w.users["member"].pk}, valid=lambda w: {"email": "vien@example.com"}
    ),
    # The set-password page an emailed link opens (an invitation or "Quên mật khẩu").
    "password_reset": Target(role="anonymous", valid=lambda w: {"email": "khong-ai@example.com"}),
    "password_reset_confirm": Target(
        role="anonymous",
        args=reset_link_args,
        inputs=lambda w: [set_password_form(w)],
        prepare=reset_session,
        valid=lambda w: {"new_password1": "Khối thi đua 2026!", "new_password2": "Khối thi đua 2026!"},
    ),
    "awards:decision_create": Target(
        role="board",
        forms=("form", "filters"),
        buttons=("loc",),
        valid=lambda w: {"number": "99/QĐ-UBND", "signed_on": "01/03/2026", "proposals": [w.a.x.awaiting.pk]},
    ),
    "awards:decision_update": Target(
        role="board",
        args=lambda w: {"pk": w.a.decision.pk},
        forms=("form", "filters"),
        buttons=("loc",),
        valid=lambda w: {"proposals": [w.a.x.awaiting.pk]},
    ),
    # Uploading previews only (a dry run of the import): never accepted with a redirect.
    "interchange:home": Target(
        role="board",
        valid=lambda w: {"document": valid_upload(w)},
        hints=lambda w: {"document": uploads(w)},
        accepts=False,
    ),
    "interchange:import_confirm": Target(role="board", inputs=lambda w: [ImportConfirmForm()], prepare=pending_upload),
    "meetings:create": Target(
        role="secretary",
        args=lambda w: {"bloc_pk": w.a.x.bloc.pk},
        query=f"?year={YEAR}",
        valid=lambda w: {"held_on": "15/01/2025"},
    ),
    "meetings:update": Target(role="secretary", args=lambda w: {"pk": w.a.x.draft.pk}, forms=("form", "version_form")),
    "meetings:content": Target(role="secretary", args=lambda w: {"pk": w.a.x.draft.pk}, forms=("form", "version_form")),
    "meetings:attendance": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.draft.pk},
        forms=("form", "version_form"),
        # Everyone present: the draft's proposal has a tally of every member's vote.
        valid=lambda w: {f"{agency.pk}-present": "on" for agency in w.a.x.agencies},
    ),
    "meetings:people": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.draft.pk},
        forms=lambda w, context: [formset for formset, _label, _add in context["sections"]] + [context["version_form"]],
        valid=lambda w: {"presiding-0-name": "Nguyễn Văn An", "presiding-0-agency": w.a.x.agencies[0].pk},
    ),
    "meetings:proposal_add": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.draft.pk},
        valid=lambda w: {"nominee": w.a.x.agencies[4].pk, "award_type": _bk_tinh(w), "mode": "none"},
    ),
    "meetings:proposal_votes": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.draft.pk, "proposal_pk": w.a.x.draft_proposal.pk},
        forms=("form", "version_form"),
    ),
    # A member agency's online ballot: the draft's proposal put to a secret vote in each example's savepoint.
    "meetings:ballot": Target(
        role="member",
        args=lambda w: {"pk": w.a.x.draft.pk},
        inputs=lambda w: [OnlineBallotForm(proposals=[w.a.x.draft_proposal])],
        prepare=open_online_vote,
        valid=lambda w: {f"vote-{w.a.x.draft_proposal.pk}": st.sampled_from(["for", "against", "abstain"])},
    ),
    "meetings:proposal_withdraw": Target(
        role="secretary", args=lambda w: {"pk": w.a.x.draft.pk, "proposal_pk": w.a.x.draft_proposal.pk}
    ),
    "meetings:election": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.draft.pk},
        valid=lambda w: {"chair": w.a.x.agencies[1].pk, "vice_chair": w.a.x.agencies[2].pk},
    ),
    "meetings:ranking": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.draft.pk},
        forms=("form", "version_form"),
        buttons=("from_scores",),
    ),
    "meetings:finalize": Target(role="secretary", args=lambda w: {"pk": w.a.x.draft.pk}),
    "meetings:reopen": Target(
        role="board", args=lambda w: {"pk": w.a.x.meeting.pk}, valid=lambda w: {"reason": "Sửa sai sót"}
    ),
    "meetings:voting": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.draft.pk},
        forms=lambda w, context: [context["form"], context["tellers"]],
        valid=lambda w: {"voting_mode": "secret", "ballots_issued": "6", "ballots_returned": "6"},
    ),
    "dossiers:send": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.bloc.pk, "year": YEAR},
        valid=lambda w: {"number": "02/TTr-KTĐ", "dated": "05/01/2026", "signer_name": "Người ký"},
    ),
    "dossiers:report_upload": Target(
        role="secretary",
        args=lambda w: {"proposal_pk": w.a.x.awaiting.pk},
        valid=lambda w: {"file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n%%EOF\n")},
    ),
    # The board's digital signatures: a CA certificate file (a new CA, valid), and the organization's PKCS#12 with
    # its password and images (the images hinted as real PNGs, and as anything else).
    "signatures:settings": Target(
        role="board",
        valid=lambda w: {"pem": st.builds(lambda: SimpleUploadedFile("goc.pem", FUZZ_CA_PEM))},
    ),
    "signatures:signer": Target(
        role="board",
        valid=lambda w: {
            "p12": st.builds(lambda: SimpleUploadedFile("to-chuc.p12", p12(w.a.signing.identity))),
            "password": "mat-khau",
        },
        hints=lambda w: {
            "seal_png": st.builds(lambda: SimpleUploadedFile("con-dau.png", png((220, 0, 0), (60, 60)))),
            "signature_png": st.builds(lambda: SimpleUploadedFile("chu-ky.png", png((0, 0, 200), (90, 45)))),
        },
    ),
    # A signed copy of the current minutes, on their status page: the valid one is signed by a signer the province
    # trusts (prepared in each example's savepoint); anything else is refused with its reasons.
    "meetings:signed_copy_upload": Target(
        role="secretary",
        args=lambda w: {"pk": w.a.x.meeting.pk, "doc": "bien-ban", "number": 2},
        page=lambda w: reverse("meetings:minutes_status", kwargs={"pk": w.a.x.meeting.pk, "doc": "bien-ban"}),
        forms=("signed_copy_form",),
        prepare=trusted_signed_copy,
    ),
    # The public pages check an uploaded PDF and answer with the report (never a redirect, nothing kept); the
    # public limit is lifted for each submission, else all but the first six would be answered 429.
    "verify:lookup": Target(
        role="anonymous",
        valid=lambda w: {"file": st.builds(lambda: SimpleUploadedFile("ban-sao.pdf", STAND_IN_PDF))},
        prepare=public_limit_lifted,
        accepts=False,
    ),
    "verify:document": Target(
        role="anonymous",
        args=lambda w: {"code": w.a.x.meeting.minutes_versions.get(document="minutes", number=2).code},
        valid=lambda w: {"file": st.builds(lambda: SimpleUploadedFile("ban-sao.pdf", STAND_IN_PDF))},
        prepare=public_limit_lifted,
        accepts=False,
    ),
    "dossiers:return": Target(
        role="board",
        args=lambda w: {"dossier_pk": w.a.y.dossier.pk},
        valid=lambda w: {"reason": "Thiếu chữ ký"},
    ),
    "dossiers:deadline": Target(
        role="board",
        page=lambda w: reverse("dossiers:overview") + f"?year={YEAR}",
        forms=("deadline_form",),
        valid=lambda w: {"due_on": "10/12/2025"},
    ),
    # Whether a year's results (and minutes) are public: the year is a hidden field of the page's form.
    "public_settings": Target(role="board", query=f"?year={YEAR}", valid=lambda w: {"published": "on"}),
}

# GET: the forms that filter or choose what a page shows. They never write.
GET_FORMS: dict[str, Target] = {
    "home": Target(role="member", method="get", forms=lambda w, context: [context["form"], DashboardYear()]),
    "search": Target(role="member", method="get", inputs=lambda w: [SearchInput()]),
    "blocs:detail": Target(
        role="member",
        method="get",
        args=lambda w: {"pk": w.a.x.bloc.pk},
        forms=lambda w, context: [context["shown"].year_form],
    ),
    "awards:decision_create": Target(role="board", method="get", forms=("filters",)),
    "blocs:agency_list": Target(role="board", method="get", forms=lambda w, context: [context["search"], PageInput()]),
    "blocs:user_list": Target(role="board", method="get", forms=lambda w, context: [context["search"], PageInput()]),
    "blocs:symbol_suggest": Target(role="board", method="get", inputs=lambda w: [SymbolQuery()]),
    "awards:proposals_year_xlsx": Target(role="board", method="get", inputs=lambda w: [YearInput()]),
    "dossiers:overview": Target(role="board", method="get", forms=("form",)),
    # The verification code typed on the public page (a valid one redirects to its page).
    "verify:lookup": Target(
        role="anonymous",
        method="get",
        forms=("code_form",),
        valid=lambda w: {"code": w.a.x.meeting.minutes_versions.get(document="minutes", number=2).code.lower()},
        prepare=public_limit_lifted,
    ),
    "public_settings": Target(role="board", method="get", inputs=lambda w: [DashboardYear()]),
    "dossiers:overview_xlsx": Target(
        role="board",
        method="get",
        forms=lambda w, context: [context["form"]],
        page=lambda w: reverse("dossiers:overview") + f"?year={YEAR}",
    ),
    "meetings:proposal_outcome": Target(
        role="secretary",
        method="get",
        args=lambda w: {"pk": w.a.x.draft.pk},
        inputs=lambda w: [outcome_query(w)],
        valid=lambda w: {"award_type": _bk_tinh(w), "mode": "ballots"},
    ),
}

# POST URLs that take no input at all: a button whose only data is the CSRF token.
WITHOUT_FORM = {
    "logout": "logs out",
    "awards:decision_award_remove": "takes a proposal off a decision after a confirmation page",
    "meetings:minutes_request": "asks for the minutes of a finalized meeting",
    "meetings:minutes_retry": "queues a failed minutes version again",
    "blocs:user_deactivate": "locks an account after a confirmation page",
    "blocs:user_activate": "unlocks an account after a confirmation page",
    "blocs:user_invite": "sends the invitation to set a password again",
    "awards:legal_basis_delete": "deletes a legal basis after a confirmation page",
    "awards:hold_delete": "lifts a hold on an agency after a confirmation page",
    "signatures:anchor_remove": "stops trusting a CA certificate after a confirmation page",
    "signatures:signer_disable": "stops signing with the organization certificate after a confirmation page",
    "notifications_read_all": "marks every notification of the user read (a button, no input)",
    "dossiers:receive": "receives a sent dossier after a confirmation page",
    "dossiers:close": "closes a received dossier after a confirmation page",
    "meetings:online_voting_open": "opens the online vote (a button with a confirmation, no input)",
    "meetings:online_voting_close": "closes the online vote (a button with a confirmation, no input)",
    "meetings:online_voting": "a page read with GET only (405 to a POST)",
    "meetings:online_voting_status": "a JSON status read with GET only (405 to a POST)",
}


# -- reading the forms ----------------------------------------------------------------------------------------

OMIT = object()  # the field is left out of the submission


def shown_value(bound: forms.BoundField):
    """What the browser sends back for a field the user leaves as the page showed it (OMIT: nothing)."""
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return "on" if widget.check_test(value) else OMIT
    if isinstance(bound.field, forms.FileField) or isinstance(widget, forms.PasswordInput):
        return OMIT
    if isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return [str(v) for v in value or []]
    if value is None:
        return ""
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        return formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


@dataclass
class Part:
    """The fields of one form, or of one formset (its management form, and the fields of each row)."""

    fields: dict[str, forms.Field]  # html name → field (a formset: its management form's)
    prefix: str | None = None  # a formset's prefix
    row_fields: dict[str, forms.Field] = field(default_factory=dict)  # a formset's row field name → field


def read_parts(forms_shown: list) -> tuple[list[Part], dict]:
    """The parts of the forms a page shows, and the values the page shows in them, by html name."""
    parts, shown = [], {}
    for form in forms_shown:
        if isinstance(form, BaseFormSet):
            management = form.management_form
            row_fields = dict(form.empty_form.fields)
            for row in form.forms:
                row_fields |= {name: f for name, f in row.fields.items() if name not in row_fields}
                shown |= {row[name].html_name: shown_value(row[name]) for name in row.fields}
            parts.append(
                Part(
                    fields={management[n].html_name: f for n, f in management.fields.items()},
                    prefix=form.prefix,
                    row_fields=row_fields,
                )
            )
            shown |= {management[name].html_name: shown_value(management[name]) for name in management.fields}
        else:
            parts.append(Part(fields={form[name].html_name: f for name, f in form.fields.items()}))
            shown |= {form[name].html_name: shown_value(form[name]) for name in form.fields}
    return parts, shown


# -- values of each kind of field -----------------------------------------------------------------------------

JUNK_IDS = ["0", "-1", "999999999", str(2**31), str(2**63), str(2**64), "1.0", "1,5", "abc", "", " 1 ", "1 OR 1=1"]


def id_values(field: forms.ModelChoiceField) -> st.SearchStrategy[str]:
    """Ids of the choices offered, of other records of the same model (another bloc's, another province's),
    and ids that are no record's."""
    offered = [str(pk) for pk in field.queryset.values_list("pk", flat=True)]
    others = [str(pk) for pk in field.queryset.model._base_manager.values_list("pk", flat=True)[:200]]
    return st.one_of(st.sampled_from(offered or [""]), st.sampled_from(others or [""]), st.sampled_from(JUNK_IDS))


def choice_values(field: forms.ChoiceField) -> st.SearchStrategy[str]:
    values = [str(value) for value, _label in field.choices if value not in ("", None)]
    return st.one_of(st.sampled_from(values or [""]), texts())


BOOLEANS = ["on", "", "off", "false", "False", "0", "1", "true", "None"]
RATIOS = [
    "50%",
    "50",
    "0,5",
    "0.5",
    "2/3",
    "1/0",
    "0/0",
    "100%",
    "101%",
    "0%",
    "-50%",
    "1/3%",
    "%",
    "/",
    "2//3",
    "1e999%",
]


def typed_values(field: forms.Field) -> st.SearchStrategy:
    """Valid and invalid values for a field of this kind, as a browser (or anyone) could send them."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(id_values(field), max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return id_values(field)
    if isinstance(field, forms.MultipleChoiceField):
        return st.lists(choice_values(field), max_size=4)
    if isinstance(field, forms.ChoiceField):
        return choice_values(field)
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(BOOLEANS), texts())
    if isinstance(field, forms.FileField):
        return st.builds(_upload, st.text(max_size=20), st.binary(max_size=300))
    if isinstance(field, forms.DateField):
        return date_texts()
    if isinstance(field, forms.TimeField):
        return time_texts()
    if isinstance(field, forms.IntegerField):  # and DecimalField, FloatField
        return st.one_of(number_texts(field.min_value, field.max_value), year_texts())
    if isinstance(field, FractionField):  # a vote threshold, a share of women…
        return st.one_of(st.sampled_from(RATIOS), number_texts())
    if isinstance(field, forms.CharField):
        return st.one_of(texts(field.max_length), number_texts(), json_texts(), date_texts())
    return st.one_of(texts(), number_texts())


def value_strategy(field: forms.Field, hint: st.SearchStrategy | None) -> st.SearchStrategy:
    typed = typed_values(field) if hint is None else st.one_of(hint, typed_values(field))
    # Also: the field sent twice (the view reads one of the values), or not at all.
    return st.one_of(typed, st.lists(typed, min_size=2, max_size=3), st.just(OMIT))


# Not a thousand rows: the page would render them all (seconds each), which proves nothing more.
MANAGEMENT_JUNK = ["", "abc", "-1", " 2", "1e3", "٢", "2.0", "0x3", "-99999"]
EXTRA_KEYS = st.text(st.characters(categories=["L", "N"], include_characters="-_"), min_size=1, max_size=12)


@dataclass(repr=False)
class Plan:
    """What a submission is made from: the form's parts, the values the page shows (overlaid with a valid
    submission), each field's strategy and the buttons. Shown by name only in hypothesis' reports."""

    name: str
    parts: list[Part]
    shown: dict
    strategies: dict[str, st.SearchStrategy]
    buttons: tuple[str, ...]

    def __repr__(self) -> str:
        return f"<the form of {self.name}>"


@st.composite
def submissions(draw, plan: Plan):
    """A submission: what the page shows, with none, some or all fields changed (``rate`` in tenths)."""
    parts, shown, strategies, buttons = plan.parts, plan.shown, plan.strategies, plan.buttons
    rate = draw(st.sampled_from([0, 1, 3, 6, 10]))

    def changed() -> bool:
        return draw(st.integers(0, 9)) < rate

    def value(name: str, strategy_key: str):
        if changed():
            return draw(strategies[strategy_key])
        shown_now = shown.get(name, "")
        return draw(shown_now) if isinstance(shown_now, st.SearchStrategy) else shown_now

    data: dict = {}
    for part in parts:
        if part.prefix is None:
            for name in part.fields:
                data[name] = value(name, name)
            continue
        rows = 1 + max(
            (int(n.split("-")[-2]) for n in shown if n.startswith(f"{part.prefix}-") and n.split("-")[-2].isdigit()),
            default=-1,
        )
        count = draw(st.integers(0, rows + 3)) if changed() else rows
        for index in range(count):
            for row_name in part.row_fields:
                data[f"{part.prefix}-{index}-{row_name}"] = value(f"{part.prefix}-{index}-{row_name}", row_name)
        for name in part.fields:
            if changed():
                data[name] = draw(st.one_of(st.integers(0, rows + 3).map(str), st.sampled_from(MANAGEMENT_JUNK)))
            elif name.endswith("-TOTAL_FORMS"):
                data[name] = str(count)
            else:
                data[name] = shown.get(name, "")
    for button in buttons:
        if changed():
            data[button] = draw(st.sampled_from(["", "1", "Lọc"]))
    if changed():
        data |= draw(st.dictionaries(EXTRA_KEYS, texts(), max_size=3))
    return {name: v for name, v in data.items() if v is not OMIT}


def field_strategies(parts: list[Part], hints: dict) -> dict[str, st.SearchStrategy]:
    strategies = {}
    for part in parts:
        for name, f in part.fields.items():
            strategies[name] = value_strategy(f, hints.get(name))
        for name, f in part.row_fields.items():
            strategies[name] = value_strategy(f, hints.get(name))
    return strategies


# -- the world --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """tests/access_world.py, plus bloc X's pledge of next year (its criteria can be edited) and the secretary
    assigned two years ahead (a year without a pledge, to create or copy one). Built once for the module, in a
    transaction rolled back at its end; each example runs in a savepoint of its own."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        add_next_pledge(world)
        SecretaryAssignment.objects.create(bloc=world.a.x.bloc, year=YEAR + 2, user=world.users["secretary"])
        # Bloc X's dossier returned: its send and upload forms are open to the secretary (bloc Y's stays sent,
        # for the board to return).
        Dossier.objects.filter(pk=world.a.x.dossier.pk).update(state=Dossier.State.RETURNED)
        yield world
        transaction.set_rollback(True)


def logged_in(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def forms_of(target: Target, world: World, client: Client, url: str) -> list:
    if target.inputs is not None:
        return target.inputs(world)
    context_url = target.page(world) if target.page else url
    response = client.get(context_url)
    assert response.status_code == 200, f"GET {context_url} as the poster: {response.status_code}"
    if callable(target.forms):
        return target.forms(world, response.context)
    missing = [name for name in target.forms if name not in response.context]
    assert not missing, f"{context_url} no longer has the forms {missing} in its context"
    return [response.context[name] for name in target.forms]


def failure(response) -> str:
    exc_info = getattr(response, "exc_info", None)
    details = "".join(traceback.format_exception(*exc_info)) if exc_info else response.content[:2000].decode()
    return f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']} answered 500:\n{details}"


def fuzz(world: World, name: str, target: Target) -> Counter:
    url = reverse(name, kwargs=target.args(world)) + target.query
    client = logged_in(world, target.role)
    parts, shown = read_parts(forms_of(target, world, client, url))
    valid = target.valid(world)
    strategies = field_strategies(parts, target.hints(world))
    cookies = copy.deepcopy(client.cookies)
    before = db_snapshot()
    login_url = reverse("login")
    outcomes: Counter = Counter()

    @FUZZ_SETTINGS
    @given(data=st.data())
    def run(data):
        with transaction.atomic():
            prepared = target.prepare(world, client, data.draw) if target.prepare else {}
            # What the preparation wrote (an online vote opened) is the state a refused submission must leave.
            baseline = db_snapshot() if target.prepare else before
            plan = Plan(name, parts, {**shown, **valid, **prepared}, strategies, target.buttons)
            post = data.draw(submissions(plan), label="submission")
            send = client.get if target.method == "get" else client.post
            response = send(url, {name: wire(value) for name, value in post.items()})
            status = response.status_code
            assert status != 500, failure(response)
            accepted = target.method == "post" and status in (301, 302, 303)
            if accepted and name != "login":
                assert not response["Location"].startswith(login_url), f"{name}: the client was logged out"
            if not accepted:
                changed = changed_tables(baseline, db_snapshot())
                assert not changed, f"{target.method.upper()} {url} answered {status} yet changed {changed}"
            outcomes["accepted" if accepted else status] += 1
            transaction.set_rollback(True)
        client.cookies = copy.deepcopy(cookies)

    run()
    return outcomes


def check_outcomes(name: str, target: Target, outcomes: Counter) -> None:
    assert sum(outcomes.values()) >= EXAMPLES, outcomes
    reached = outcomes["accepted"] + outcomes[200]
    assert reached, f"{name}: no submission reached the form: {dict(outcomes)}"
    if target.method == "post" and target.accepts:
        assert outcomes["accepted"], f"{name}: no submission was accepted: {dict(outcomes)}"
    if target.method == "post" and not target.accepts:
        assert outcomes[200], f"{name}: no submission was refused: {dict(outcomes)}"


# -- the tests ------------------------------------------------------------------------------------------------


def test_every_url_taking_input_is_fuzzed():
    """Every POST URL of the permission matrix is here, as a form or as a button without input."""
    from tests.test_permissions import POST_EXPECTED, project_url_names

    missing = sorted(set(POST_EXPECTED) - set(POST_FORMS) - set(WITHOUT_FORM))
    assert not missing, f"POST URLs the fuzz does not try: add them to POST_FORMS or WITHOUT_FORM: {missing}"
    stale = sorted((set(POST_FORMS) | set(GET_FORMS) | set(WITHOUT_FORM)) - set(project_url_names()))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POST_FORMS))
def test_post_form(world, name):
    target = POST_FORMS[name]
    check_outcomes(name, target, fuzz(world, name, target))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GET_FORMS))
def test_get_form(world, name):
    target = GET_FORMS[name]
    check_outcomes(name, target, fuzz(world, name, target))
