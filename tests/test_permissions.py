"""Every URL of the project, tried as each kind of user: the status each one gets, that a refused write
changes nothing, and that nothing of another bloc or province shows.

The tables below are the expectations; add a row when you add a URL (``test_every_url_is_in_the_matrix``
fails until you do). The world (tests/access_world.py): province A with blocs X and Y, province B alike; the URLs are
filled with A's bloc X objects (a second table tries some of bloc Y's objects as X's people).

Statuses in the tables:
- ``LOGIN``: 302 to the login page (anonymous).
- ``200`` / ``403`` / ``404`` / ``405``: that status.
- ``REDIRECT``: 302 elsewhere; for a POST, nothing written.
- ``SAVED``: 302 elsewhere, and the POST wrote something.
Any POST answered otherwise than ``SAVED`` must leave every table as it was.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from awards.models import AgencyHold
from awards.tests.factories import award
from blocs.models import Bloc
from members.models import Agency, Organizer
from members.tests.factories import PASSWORD
from pledges.models import Pledge
from signatures.tests.pki import make_ca, p12, pem
from tests.access_world import (
    BLOC_X_WORD,
    BLOC_Y_WORD,
    PDF,
    PROVINCE_A_WORD,
    PROVINCE_B_WORD,
    YEAR,
    World,
    build_world,
)
from tests.fuzz import comparable

LOGIN, REDIRECT, SAVED = "login", "redirect", "saved"

ROLES = ("anonymous", "other_province", "non_member", "member", "secretary", "board")

# GET, with A's bloc X objects.
#                                          anonymous other_prov non_member member  secretary board
GET_EXPECTED = {
    "home":                                 (LOGIN,   200,       200,       200,    200,      200),
    "search":                               (LOGIN,   200,       200,       200,    200,      200),
    "login":                                (200,     200,       200,       200,    200,      200),
    "logout":                               (405,     405,       405,       405,    405,      405),
    "password_change":                      (LOGIN,   200,       200,       200,    200,      200),
    "password_change_done":                 (LOGIN,   200,       200,       200,    200,      200),
    "set_language":                         (REDIRECT, REDIRECT, REDIRECT,  REDIRECT, REDIRECT, REDIRECT),
    "health":                               (200,     200,       200,       200,    200,      200),
    # "Quên mật khẩu", and the page setting a password through an emailed link (here a forged one)
    "password_reset":                       (200,     200,       200,       200,    200,      200),
    "password_reset_done":                  (200,     200,       200,       200,    200,      200),
    "password_reset_confirm":               (200,     200,       200,       200,    200,      200),
    "password_reset_complete":              (200,     200,       200,       200,    200,      200),
    # Notifications: each user's own (bloc X's member's is opened: anyone else's id is a 404)
    "notifications":                        (LOGIN,   200,       200,       200,    200,      200),
    "notification_open":                    (LOGIN,   404,       404,       REDIRECT, 404,    404),
    "notifications_read_all":               (LOGIN,   405,       405,       405,    405,      405),
    # The bloc page and the bloc's board work
    "blocs:detail":                         (LOGIN,   404,       404,       200,    200,      200),
    "blocs:leadership_override":            (LOGIN,   405,       405,       405,    405,      405),
    "blocs:membership_add":                 (LOGIN,   404,       404,       404,    404,      200),
    "blocs:membership_end":                 (LOGIN,   404,       404,       404,    404,      200),
    "blocs:membership_delete":              (LOGIN,   404,       404,       404,    404,      200),
    "blocs:memberships_move":               (LOGIN,   404,       404,       404,    404,      200),
    "blocs:secretary_add":                  (LOGIN,   404,       404,       404,    404,      200),
    "blocs:secretary_delete":               (LOGIN,   404,       404,       404,    404,      200),
    # The province's setup: another province's staff reach their own province's lists and forms
    "blocs:agency_list":                    (LOGIN,   200,       404,       404,    404,      200),
    "blocs:agency_create":                  (LOGIN,   200,       404,       404,    404,      200),
    "blocs:agency_update":                  (LOGIN,   404,       404,       404,    404,      200),
    "blocs:bloc_setup_list":                (LOGIN,   200,       404,       404,    404,      200),
    "blocs:bloc_create":                    (LOGIN,   200,       404,       404,    404,      200),
    "blocs:bloc_update":                    (LOGIN,   404,       404,       404,    404,      200),
    "blocs:bloc_successor":                 (LOGIN,   404,       404,       404,    404,      200),
    "blocs:symbol_suggest":                 (LOGIN,   200,       404,       404,    404,      200),
    "blocs:user_list":                      (LOGIN,   200,       404,       404,    404,      200),
    "blocs:user_create":                    (LOGIN,   200,       404,       404,    404,      200),
    "blocs:user_update":                    (LOGIN,   404,       404,       404,    404,      200),
    "blocs:user_deactivate":                (LOGIN,   404,       404,       404,    404,      200),
    "blocs:user_activate":                  (LOGIN,   404,       404,       404,    404,      200),
    "blocs:user_invite":                    (LOGIN,   405,       405,       405,    405,      405),
    "members:detail":                       (LOGIN,   404,       404,       200,    200,      200),
    "members:history":                      (LOGIN,   404,       404,       404,    404,      200),
    # An agency's own to-dos: every agency user has some (maybe none), board staff act for no agency.
    "members:tasks":                        (LOGIN,   404,       200,       200,    200,      404),
    "members:pledge_sign":                  (LOGIN,   404,       404,       200,    200,      404),
    # Pledges (the criteria are locked by the scores: editors are sent back to the pledge)
    "pledges:detail":                       (LOGIN,   404,       404,       200,    200,      200),
    "pledges:criteria":                     (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    "pledges:signatures":                   (LOGIN,   404,       404,       404,    200,      200),
    "pledges:scores":                       (LOGIN,   404,       404,       404,    200,      200),
    "pledges:create":                       (LOGIN,   404,       404,       404,    200,      200),
    "pledges:copy":                         (LOGIN,   405,       405,       405,    405,      405),
    "pledges:scores_xlsx":                  (LOGIN,   404,       404,       200,    200,      200),
    "pledges:bands":                        (LOGIN,   404,       404,       404,    200,      200),
    # Self-scoring: member agencies' users (the chair's too) score themselves; board staff have no agency.
    # Evidence (the member's): its agency, the bloc's secretaries of the year and the board read it.
    "pledges:self_score":                   (LOGIN,   404,       404,       200,    200,      404),
    "pledges:evidence":                     (LOGIN,   404,       404,       200,    200,      200),
    "pledges:scoring":                      (LOGIN,   404,       404,       404,    200,      200),
    "pledges:scoring_review":               (LOGIN,   404,       404,       404,    200,      200),
    "pledges:scoring_xlsx":                 (LOGIN,   404,       404,       404,    200,      200),
    # Board work of the province: another province's staff reach their own province's page
    "awards:award_type_list":               (LOGIN,   200,       404,       404,    404,      200),
    "awards:award_type_update":             (LOGIN,   404,       404,       404,    404,      200),
    "awards:award_type_create":             (LOGIN,   200,       404,       404,    404,      200),
    "awards:legal_basis_list":              (LOGIN,   200,       404,       404,    404,      200),
    "awards:legal_basis_create":            (LOGIN,   200,       404,       404,    404,      200),
    "awards:legal_basis_update":            (LOGIN,   404,       404,       404,    404,      200),
    "awards:legal_basis_delete":            (LOGIN,   404,       404,       404,    404,      200),
    "awards:board_names":                   (LOGIN,   200,       404,       404,    404,      200),
    # The province's eligibility data (its rules, holds on agencies, women's shares): each board its own
    "awards:award_policy":                  (LOGIN,   200,       404,       404,    404,      200),
    "awards:hold_list":                     (LOGIN,   200,       404,       404,    404,      200),
    "awards:hold_delete":                   (LOGIN,   404,       404,       404,    404,      200),
    "awards:women_shares":                  (LOGIN,   200,       404,       404,    404,      200),
    "awards:decision_list":                 (LOGIN,   200,       404,       404,    404,      200),
    "awards:decision_create":               (LOGIN,   200,       404,       404,    404,      200),
    "awards:decision_detail":               (LOGIN,   404,       404,       404,    404,      200),
    "awards:decision_update":               (LOGIN,   404,       404,       404,    404,      200),
    "awards:decision_award_remove":         (LOGIN,   404,       404,       404,    404,      200),
    "awards:proposals_year_xlsx":           (LOGIN,   200,       404,       404,    404,      200),
    "awards:bloc_xlsx":                     (LOGIN,   404,       404,       200,    200,      200),
    "interchange:home":                     (LOGIN,   200,       404,       404,    404,      200),
    "interchange:import_confirm":           (LOGIN,   405,       405,       405,    405,      405),
    "interchange:export_download":          (LOGIN,   200,       404,       404,    404,      200),
    # Meetings: the draft meeting is entered by the secretary of its year and board staff
    "meetings:create":                      (LOGIN,   404,       404,       404,    200,      200),
    "meetings:detail":                      (LOGIN,   404,       404,       200,    200,      200),
    "meetings:update":                      (LOGIN,   404,       404,       404,    200,      200),
    "meetings:content":                     (LOGIN,   404,       404,       404,    200,      200),
    "meetings:attendance":                  (LOGIN,   404,       404,       404,    200,      200),
    "meetings:people":                      (LOGIN,   404,       404,       404,    200,      200),
    "meetings:proposal_add":                (LOGIN,   404,       404,       404,    200,      200),
    "meetings:proposal_outcome":            (LOGIN,   404,       404,       404,    200,      200),
    "meetings:proposal_votes":              (LOGIN,   404,       404,       404,    200,      200),
    "meetings:proposal_withdraw":           (LOGIN,   404,       404,       404,    200,      200),
    "meetings:election":                    (LOGIN,   404,       404,       404,    200,      200),
    "meetings:ranking":                     (LOGIN,   404,       404,       404,    200,      200),
    "meetings:finalize":                    (LOGIN,   404,       404,       404,    200,      200),
    "meetings:minutes_preview":             (LOGIN,   404,       404,       404,    200,      200),
    # ...the finalized year-end review is reopened, or its minutes asked for, by board staff only
    "meetings:reopen":                      (LOGIN,   404,       404,       404,    404,      200),
    "meetings:minutes_request":             (LOGIN,   405,       405,       405,    405,      405),
    # Minutes of the finalized meeting (v2 current, v1 older: the board's archive; the pledge's v1 failed)
    "meetings:minutes_status":              (LOGIN,   404,       404,       200,    200,      200),
    "meetings:minutes_status_json":         (LOGIN,   404,       404,       200,    200,      200),
    "meetings:minutes_download":            (LOGIN,   404,       404,       200,    200,      200),
    "meetings:minutes_version_download":    (LOGIN,   404,       404,       404,    404,      200),
    "meetings:minutes_docx_download":       (LOGIN,   404,       404,       200,    200,      200),
    "meetings:minutes_version_docx":        (LOGIN,   404,       404,       404,    404,      200),
    "meetings:minutes_retry":               (LOGIN,   405,       405,       405,    405,      405),
    "meetings:signed_copy_upload":          (LOGIN,   405,       405,       405,    405,      405),
    # The public verification pages (no login): who holds a document's code reads what the document prints
    "verify:lookup":                        (200,     200,       200,       200,    200,      200),
    "verify:document":                      (200,     200,       200,       200,    200,      200),
    # Workbooks of what the user reads
    "meetings:ranking_xlsx":                (LOGIN,   404,       404,       200,    200,      200),
    "meetings:voting":                      (LOGIN,   404,       404,       404,    200,      200),
    # Online ballots: the secretary's page and its status; the member agency's ballot (no vote open here: the page
    # says so), which board staff, having no agency, do not have.
    "meetings:online_voting":               (LOGIN,   404,       404,       404,    200,      200),
    "meetings:online_voting_status":        (LOGIN,   404,       404,       404,    200,      200),
    "meetings:online_voting_open":          (LOGIN,   405,       405,       405,    405,      405),
    "meetings:online_voting_close":         (LOGIN,   405,       405,       405,    405,      405),
    "meetings:ballot":                      (LOGIN,   404,       404,       200,    200,      404),
    # The year-end dossier (sent: the secretary waits for the board's answer)
    "dossiers:dossier":                     (LOGIN,   404,       404,       200,    200,      200),
    "dossiers:send":                        (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    "dossiers:letter_preview":              (LOGIN,   404,       404,       404,    200,      200),
    "dossiers:receive":                     (LOGIN,   404,       404,       404,    404,      200),
    "dossiers:return":                      (LOGIN,   404,       404,       404,    404,      200),
    "dossiers:close":                       (LOGIN,   404,       404,       404,    404,      200),
    "dossiers:report_upload":               (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    "dossiers:report_download":             (LOGIN,   404,       404,       200,    200,      200),
    "dossiers:submitted_report":            (LOGIN,   404,       404,       200,    200,      200),
    "dossiers:decision_start":              (LOGIN,   200,       404,       404,    404,      200),
    # The board's year overview: another province's staff reach their own province's
    "dossiers:overview":                    (LOGIN,   200,       404,       404,    404,      200),
    "dossiers:overview_xlsx":               (LOGIN,   200,       404,       404,    404,      200),
    "dossiers:deadline":                    (LOGIN,   405,       405,       405,    405,      405),
    # Public results: A publishes 2025 with its minutes (anyone reads them, no login); each board sets its own.
    "public_settings":                      (LOGIN,   200,       404,       404,    404,      200),
    "public_results":                       (200,     200,       200,       200,    200,      200),
    "public_document":                      (200,     200,       200,       200,    200,      200),
    # The news draft of the finalized year-end review: whoever reads its minutes
    "meetings:news_draft":                  (LOGIN,   404,       404,       200,    200,      200),
    # Digital signatures: each board its own province's anchors and certificate (B has no signer, no anchor)
    "signatures:settings":                  (LOGIN,   200,       404,       404,    404,      200),
    "signatures:anchor_remove":             (LOGIN,   404,       404,       404,    404,      200),
    "signatures:signer":                    (LOGIN,   200,       404,       404,    404,      200),
    "signatures:signer_disable":            (LOGIN,   404,       404,       404,    404,      200),
    "signatures:signer_image":              (LOGIN,   404,       404,       404,    404,      200),
}  # fmt: skip

# POST, with A's bloc X objects and the data of POST_DATA (valid for the roles that may write).
#                                          anonymous other_prov non_member member  secretary board
POST_EXPECTED = {
    "logout":                               (REDIRECT, REDIRECT, REDIRECT,  REDIRECT, REDIRECT, REDIRECT),
    "password_change":                      (LOGIN,   SAVED,     SAVED,     SAVED,  SAVED,    SAVED),
    "set_language":                         (REDIRECT, REDIRECT, REDIRECT,  REDIRECT, REDIRECT, REDIRECT),
    # Asking writes nothing (the email is queued after commit); a forged link is refused on its page.
    "password_reset":                       (REDIRECT, REDIRECT, REDIRECT,  REDIRECT, REDIRECT, REDIRECT),
    "password_reset_confirm":               (200,     200,       200,       200,    200,      200),
    "notifications_read_all":               (LOGIN,   SAVED,     SAVED,     SAVED,  SAVED,    SAVED),
    "blocs:leadership_override":            (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "blocs:membership_add":                 (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:membership_end":                 (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:membership_delete":              (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:memberships_move":               (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:secretary_add":                  (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:secretary_delete":               (LOGIN,   404,       404,       404,    404,      SAVED),
    # Setup: another province's staff write in their own province; unlocking an active account, or inviting a
    # user without an address, writes nothing.
    "blocs:agency_create":                  (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "blocs:agency_update":                  (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:bloc_create":                    (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "blocs:bloc_update":                    (LOGIN,   404,       404,       404,    404,      SAVED),
    # Bloc X still has members from 2026: a successor from then is refused beside the year, nothing written.
    "blocs:bloc_successor":                 (LOGIN,   404,       404,       404,    404,      200),
    "blocs:user_create":                    (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "blocs:user_update":                    (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:user_deactivate":                (LOGIN,   404,       404,       404,    404,      SAVED),
    "blocs:user_activate":                  (LOGIN,   404,       404,       404,    404,      REDIRECT),
    "blocs:user_invite":                    (LOGIN,   404,       404,       404,    404,      REDIRECT),
    "pledges:criteria":                     (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    # The member has not signed X's pledge yet; the chair agency (the secretary's) has: its page says so.
    "members:pledge_sign":                  (LOGIN,   404,       404,       SAVED,  200,      404),
    "pledges:signatures":                   (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "pledges:scores":                       (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "pledges:create":                       (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "pledges:copy":                         (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "pledges:bands":                        (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "pledges:self_score":                   (LOGIN,   404,       404,       SAVED,  SAVED,    404),
    "pledges:scoring":                      (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "pledges:scoring_review":               (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "awards:award_type_update":             (LOGIN,   404,       404,       404,    404,      SAVED),
    "awards:award_type_create":             (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "awards:legal_basis_create":            (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "awards:legal_basis_update":            (LOGIN,   404,       404,       404,    404,      SAVED),
    "awards:legal_basis_delete":            (LOGIN,   404,       404,       404,    404,      SAVED),
    "awards:board_names":                   (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    # Another province's staff set their own rules; A's agencies are no choice (holds) nor field (shares) of theirs.
    "awards:award_policy":                  (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "awards:hold_list":                     (LOGIN,   200,       404,       404,    404,      SAVED),
    "awards:hold_delete":                   (LOGIN,   404,       404,       404,    404,      SAVED),
    "awards:women_shares":                  (LOGIN,   REDIRECT,  404,       404,    404,      SAVED),
    # Another province's staff cannot put A's proposals in their decision: the form refuses them.
    "awards:decision_create":               (LOGIN,   200,       404,       404,    404,      SAVED),
    "awards:decision_update":               (LOGIN,   404,       404,       404,    404,      SAVED),
    "awards:decision_award_remove":         (LOGIN,   404,       404,       404,    404,      SAVED),
    # Uploading previews only (a dry run); another province's document is refused beside the field.
    "interchange:home":                     (LOGIN,   200,       404,       404,    404,      200),
    "interchange:import_confirm":           (LOGIN,   REDIRECT,  404,       404,    404,      REDIRECT),
    "meetings:create":                      (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:update":                      (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:content":                     (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:attendance":                  (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:people":                      (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:proposal_add":                (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:proposal_votes":              (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:proposal_withdraw":           (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:election":                    (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:ranking":                     (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:finalize":                    (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    "meetings:reopen":                      (LOGIN,   404,       404,       404,    404,      SAVED),
    "meetings:minutes_request":             (LOGIN,   404,       404,       404,    404,      SAVED),
    # The member sees the meeting, so the service's refusal is a 403 rather than a 404.
    "meetings:minutes_retry":               (LOGIN,   404,       404,       403,    SAVED,    SAVED),
    # A stand-in PDF is no valid signed copy: the status page again with the reasons, nothing stored (a valid one
    # is kept in records/tests/test_signed_copies.py). The member sees the meeting: a 403.
    "meetings:signed_copy_upload":          (LOGIN,   404,       404,       403,    200,      200),
    # Checking a PDF on the public pages answers with the report and keeps nothing.
    "verify:lookup":                        (200,     200,       200,       200,    200,      200),
    "verify:document":                      (200,     200,       200,       200,    200,      200),
    "meetings:voting":                      (LOGIN,   404,       404,       404,    SAVED,    SAVED),
    # The draft's proposal has its votes already: opening is refused with the reason, nothing to close, no vote
    # open to cast a ballot in (tried with a vote open in meetings/tests/test_online_voting_pages.py).
    "meetings:online_voting":               (LOGIN,   405,       405,       405,    405,      405),
    "meetings:online_voting_status":        (LOGIN,   405,       405,       405,    405,      405),
    "meetings:online_voting_open":          (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    "meetings:online_voting_close":         (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    "meetings:ballot":                      (LOGIN,   404,       404,       REDIRECT, REDIRECT, 404),
    # A sent dossier: nothing to send or upload until returned; closing waits for receiving.
    "dossiers:send":                        (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    "dossiers:report_upload":               (LOGIN,   404,       404,       404,    REDIRECT, REDIRECT),
    "dossiers:receive":                     (LOGIN,   404,       404,       404,    404,      SAVED),
    "dossiers:return":                      (LOGIN,   404,       404,       404,    404,      SAVED),
    "dossiers:close":                       (LOGIN,   404,       404,       404,    404,      REDIRECT),
    # Another province's staff set their own province's deadline.
    "dossiers:deadline":                    (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    # Another province's staff publish their own province's year.
    "public_settings":                      (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    # Another province's staff add an anchor to, or upload the certificate of, their own province.
    "signatures:settings":                  (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "signatures:anchor_remove":             (LOGIN,   404,       404,       404,    404,      SAVED),
    "signatures:signer":                    (LOGIN,   SAVED,     404,       404,    404,      SAVED),
    "signatures:signer_disable":            (LOGIN,   404,       404,       404,    404,      SAVED),
}  # fmt: skip

# GET of bloc Y's objects (same province): X's people get 404, as for anything out of their reach.
#                                          anonymous other_prov non_member member  secretary board
BLOC_Y_EXPECTED = {
    "blocs:detail":                         (LOGIN,   404,       404,       404,    404,      200),
    "members:detail":                       (LOGIN,   404,       404,       404,    404,      200),
    "members:history":                      (LOGIN,   404,       404,       404,    404,      200),
    "blocs:agency_update":                  (LOGIN,   404,       404,       404,    404,      200),
    "blocs:bloc_update":                    (LOGIN,   404,       404,       404,    404,      200),
    "blocs:bloc_successor":                 (LOGIN,   404,       404,       404,    404,      200),
    "blocs:memberships_move":               (LOGIN,   404,       404,       404,    404,      200),
    "pledges:detail":                       (LOGIN,   404,       404,       404,    404,      200),
    "pledges:scores":                       (LOGIN,   404,       404,       404,    404,      200),
    "pledges:scores_xlsx":                  (LOGIN,   404,       404,       404,    404,      200),
    "pledges:bands":                        (LOGIN,   404,       404,       404,    404,      200),
    "pledges:create":                       (LOGIN,   404,       404,       404,    404,      200),
    "pledges:self_score":                   (LOGIN,   404,       404,       404,    404,      404),
    "pledges:evidence":                     (LOGIN,   404,       404,       404,    404,      200),
    "pledges:scoring":                      (LOGIN,   404,       404,       404,    404,      200),
    "pledges:scoring_review":               (LOGIN,   404,       404,       404,    404,      200),
    "pledges:scoring_xlsx":                 (LOGIN,   404,       404,       404,    404,      200),
    "awards:bloc_xlsx":                     (LOGIN,   404,       404,       404,    404,      200),
    "meetings:minutes_status":              (LOGIN,   404,       404,       404,    404,      200),
    "meetings:minutes_download":            (LOGIN,   404,       404,       404,    404,      200),
    "meetings:minutes_docx_download":       (LOGIN,   404,       404,       404,    404,      200),
    "meetings:detail":                      (LOGIN,   404,       404,       404,    404,      200),
    "meetings:ranking_xlsx":                (LOGIN,   404,       404,       404,    404,      200),
    "meetings:create":                      (LOGIN,   404,       404,       404,    404,      200),
    "meetings:attendance":                  (LOGIN,   404,       404,       404,    404,      200),
    "meetings:proposal_votes":              (LOGIN,   404,       404,       404,    404,      200),
    "dossiers:dossier":                     (LOGIN,   404,       404,       404,    404,      200),
    "dossiers:report_download":             (LOGIN,   404,       404,       404,    404,      200),
    "dossiers:submitted_report":            (LOGIN,   404,       404,       404,    404,      200),
    "meetings:news_draft":                  (LOGIN,   404,       404,       404,    404,      200),
}  # fmt: skip

# The URL arguments: ``w`` is the world, ``b`` the bloc tried (A's bloc X, or bloc Y for BLOC_Y_EXPECTED).
ARGS = {
    "notification_open": lambda w, b: {"pk": w.a.notices["member"].pk},
    "blocs:detail": lambda w, b: {"pk": b.bloc.pk},
    "blocs:leadership_override": lambda w, b: {"pk": b.bloc.pk, "year": YEAR + 1},
    "blocs:membership_add": lambda w, b: {"pk": b.bloc.pk},
    "blocs:membership_end": lambda w, b: {"pk": b.bloc.pk, "membership_pk": b.membership.pk},
    "blocs:membership_delete": lambda w, b: {"pk": b.bloc.pk, "membership_pk": b.newcomer.pk},
    "blocs:secretary_add": lambda w, b: {"pk": b.bloc.pk},
    "blocs:secretary_delete": lambda w, b: {"pk": b.bloc.pk, "assignment_pk": b.assignment.pk},
    "password_reset_confirm": lambda w, b: {"uidb64": "MQ", "token": "ma-gia-mao"},
    "blocs:agency_update": lambda w, b: {"pk": b.agencies[1].pk},
    "blocs:bloc_update": lambda w, b: {"pk": b.bloc.pk},
    "blocs:bloc_successor": lambda w, b: {"pk": b.bloc.pk},
    "blocs:memberships_move": lambda w, b: {"pk": b.bloc.pk},
    "blocs:user_update": lambda w, b: {"pk": w.users["member"].pk},
    "blocs:user_deactivate": lambda w, b: {"pk": w.users["member"].pk},
    "blocs:user_activate": lambda w, b: {"pk": w.users["member"].pk},
    "blocs:user_invite": lambda w, b: {"pk": w.users["member"].pk},
    "awards:legal_basis_update": lambda w, b: {"pk": w.a.legal_basis.pk},
    "awards:legal_basis_delete": lambda w, b: {"pk": w.a.legal_basis.pk},
    "members:detail": lambda w, b: {"pk": b.agencies[1].pk},
    "members:pledge_sign": lambda w, b: {"pk": b.pledge.pk},
    "members:history": lambda w, b: {"kind": "khoi", "pk": b.bloc.pk},
    "pledges:detail": lambda w, b: {"pk": b.pledge.pk},
    "pledges:criteria": lambda w, b: {"pk": b.pledge.pk},
    "pledges:signatures": lambda w, b: {"pk": b.pledge.pk},
    "pledges:scores": lambda w, b: {"pk": b.pledge.pk},
    "pledges:scores_xlsx": lambda w, b: {"pk": b.pledge.pk},
    "pledges:bands": lambda w, b: {"pk": b.pledge.pk},
    "pledges:create": lambda w, b: {"bloc_pk": b.bloc.pk},
    "pledges:copy": lambda w, b: {"bloc_pk": b.bloc.pk},
    "pledges:self_score": lambda w, b: {"pk": b.pledge.pk},
    "pledges:evidence": lambda w, b: {"pk": b.evidence.pk},
    "pledges:scoring": lambda w, b: {"pk": b.pledge.pk},
    "pledges:scoring_review": lambda w, b: {"pk": b.pledge.pk, "agency_pk": b.submitted.pk},
    "pledges:scoring_xlsx": lambda w, b: {"pk": b.pledge.pk},
    "awards:award_type_update": lambda w, b: {"pk": award(w.a.organizer, "BK_TINH").pk},
    "awards:decision_detail": lambda w, b: {"pk": w.a.decision.pk},
    # The world has no hold: one on A's agency in no bloc, made on first use.
    "awards:hold_delete": lambda w, b: {
        "pk": AgencyHold.objects.get_or_create(agency=w.a.lone_agency, year=YEAR, kind="discipline")[0].pk
    },
    "awards:decision_update": lambda w, b: {"pk": w.a.decision.pk},
    "awards:decision_award_remove": lambda w, b: {"pk": w.a.decision.pk, "award_pk": b.decision_award.pk},
    "awards:bloc_xlsx": lambda w, b: {"pk": b.bloc.pk},
    "meetings:create": lambda w, b: {"bloc_pk": b.bloc.pk},
    "meetings:detail": lambda w, b: {"pk": b.draft.pk},
    "meetings:update": lambda w, b: {"pk": b.draft.pk},
    "meetings:content": lambda w, b: {"pk": b.draft.pk},
    "meetings:attendance": lambda w, b: {"pk": b.draft.pk},
    "meetings:people": lambda w, b: {"pk": b.draft.pk},
    "meetings:proposal_add": lambda w, b: {"pk": b.draft.pk},
    "meetings:proposal_outcome": lambda w, b: {"pk": b.draft.pk},
    "meetings:proposal_votes": lambda w, b: {"pk": b.draft.pk, "proposal_pk": b.draft_proposal.pk},
    "meetings:proposal_withdraw": lambda w, b: {"pk": b.draft.pk, "proposal_pk": b.draft_proposal.pk},
    "meetings:election": lambda w, b: {"pk": b.draft.pk},
    "meetings:ranking": lambda w, b: {"pk": b.draft.pk},
    "meetings:finalize": lambda w, b: {"pk": b.draft.pk},
    "meetings:minutes_preview": lambda w, b: {"pk": b.draft.pk},
    "meetings:reopen": lambda w, b: {"pk": b.meeting.pk},
    "meetings:minutes_request": lambda w, b: {"pk": b.meeting.pk},
    "meetings:minutes_status": lambda w, b: {"pk": b.meeting.pk, "doc": "bien-ban"},
    "meetings:minutes_status_json": lambda w, b: {"pk": b.meeting.pk, "doc": "bien-ban"},
    "meetings:minutes_download": lambda w, b: {"pk": b.meeting.pk, "doc": "bien-ban"},
    "meetings:minutes_version_download": lambda w, b: {"pk": b.meeting.pk, "doc": "bien-ban", "number": 1},
    "meetings:minutes_docx_download": lambda w, b: {"pk": b.meeting.pk, "doc": "bien-ban"},
    "meetings:minutes_version_docx": lambda w, b: {"pk": b.meeting.pk, "doc": "bien-ban", "number": 1},
    "meetings:ranking_xlsx": lambda w, b: {"pk": b.meeting.pk},
    "meetings:minutes_retry": lambda w, b: {"pk": b.meeting.pk, "doc": "giao-uoc", "number": 1},
    "meetings:signed_copy_upload": lambda w, b: {"pk": b.meeting.pk, "doc": "bien-ban", "number": 2},
    "verify:document": lambda w, b: {"code": b.meeting.minutes_versions.get(document="minutes", number=2).code},
    "meetings:voting": lambda w, b: {"pk": b.draft.pk},
    "meetings:online_voting": lambda w, b: {"pk": b.draft.pk},
    "meetings:online_voting_status": lambda w, b: {"pk": b.draft.pk},
    "meetings:online_voting_open": lambda w, b: {"pk": b.draft.pk},
    "meetings:online_voting_close": lambda w, b: {"pk": b.draft.pk},
    "meetings:ballot": lambda w, b: {"pk": b.draft.pk},
    "dossiers:dossier": lambda w, b: {"pk": b.bloc.pk, "year": YEAR},
    "dossiers:send": lambda w, b: {"pk": b.bloc.pk, "year": YEAR},
    "dossiers:letter_preview": lambda w, b: {"pk": b.bloc.pk, "year": YEAR},
    "dossiers:receive": lambda w, b: {"dossier_pk": b.dossier.pk},
    "dossiers:return": lambda w, b: {"dossier_pk": b.dossier.pk},
    "dossiers:close": lambda w, b: {"dossier_pk": b.dossier.pk},
    "dossiers:report_upload": lambda w, b: {"proposal_pk": b.awaiting.pk},
    "dossiers:report_download": lambda w, b: {"proposal_pk": b.awaiting.pk},
    "dossiers:submitted_report": lambda w, b: {"pk": b.sent_report.pk},
    "public_results": lambda w, b: {"organizer": w.a.organizer.code, "year": YEAR},
    "public_document": lambda w, b: {
        "organizer": w.a.organizer.code,
        "year": YEAR,
        "code": b.meeting.minutes_versions.filter(document="minutes").order_by("-number").first().code,
    },
    "meetings:news_draft": lambda w, b: {"pk": b.meeting.pk},
    "signatures:anchor_remove": lambda w, b: {"pk": w.a.signing.anchor.pk},
    "signatures:signer_image": lambda w, b: {"kind": "con-dau"},
}
QUERY = {
    "home": f"?year={YEAR}",
    "search": "?q=bi+mat",  # a word of every secret name: the results must still hold only what may be seen
    "blocs:detail": f"?year={YEAR}",
    "pledges:create": f"?year={YEAR + 1}",
    "awards:proposals_year_xlsx": f"?year={YEAR}",
    "meetings:create": f"?year={YEAR}",
    "meetings:proposal_outcome": "?award_type={award_type}&mode=tally&votes_for=5&votes_against=1",
    "dossiers:overview": f"?year={YEAR}",
    "awards:women_shares": f"?year={YEAR}",
    "dossiers:overview_xlsx": f"?year={YEAR}",
}
POST_DATA = {
    "set_language": lambda w, b: {"language": "en", "next": "/"},
    "password_change": lambda w, b: {
        "old_password": PASSWORD,
        "new_password1": "Một mật khẩu mới 2026!",
        "new_password2": "Một mật khẩu mới 2026!",
    },
    "notifications_read_all": lambda w, b: {},
    "meetings:ballot": lambda w, b: {f"vote-{b.draft_proposal.pk}": "for"},
    "meetings:online_voting": lambda w, b: {},
    "meetings:online_voting_status": lambda w, b: {},
    "meetings:online_voting_open": lambda w, b: {},
    "meetings:online_voting_close": lambda w, b: {},
    "meetings:voting": lambda w, b: {
        "voting_mode": "secret",
        "ballots_issued": "6",
        "ballots_returned": "6",
        "ballots_invalid": "0",
        "tellers-TOTAL_FORMS": "0",
        "tellers-INITIAL_FORMS": "0",
    },
    "dossiers:send": lambda w, b: {"number": "02/TTr-KTĐ", "dated": "05/01/2026", "signer_name": "Người ký"},
    "dossiers:report_upload": lambda w, b: {"file": io.BytesIO(b"%PDF-1.7\n%%EOF\n")},
    "dossiers:receive": lambda w, b: {},
    "dossiers:return": lambda w, b: {"reason": "Thiếu báo cáo thành tích có chữ ký"},
    "dossiers:close": lambda w, b: {},
    "blocs:leadership_override": lambda w, b: {"chair": b.agencies[1].pk, "vice_chair": b.agencies[2].pk},
    "blocs:membership_add": lambda w, b: {"agencies": [w.a.lone_agency.pk], "from_year": YEAR + 1},
    "blocs:membership_end": lambda w, b: {"to_year": YEAR + 2},
    "blocs:membership_delete": lambda w, b: {},
    "blocs:memberships_move": lambda w, b: {
        "target": w.a.y.bloc.pk,
        "from_year": YEAR + 1,
        "agencies": [b.agencies[4].pk],
    },
    "blocs:bloc_successor": lambda w, b: {"successor": w.a.y.bloc.pk, "from_year": YEAR + 1},
    "blocs:secretary_add": lambda w, b: {"year": YEAR + 2, "user": w.users["member"].pk},
    "blocs:secretary_delete": lambda w, b: {},
    "password_reset": lambda w, b: {"email": "khong-ai@example.com"},
    "password_reset_confirm": lambda w, b: {
        "new_password1": "Khối thi đua 2026!",
        "new_password2": "Khối thi đua 2026!",
    },
    "blocs:agency_create": lambda w, b: {"code": "SO-MOI", "name": "Sở Mới thành lập"},
    "blocs:agency_update": lambda w, b: {"code": b.agencies[1].code, "name": "Sở Nội vụ (sửa)", "short_name": ""},
    "blocs:bloc_create": lambda w, b: {"code": "MOI", "name": "Khối thi đua Mới", "kind": "bloc", "symbol": ""},
    "blocs:bloc_update": lambda w, b: {
        "code": b.bloc.code,
        "name": f"{b.bloc.name} (sửa)",
        "kind": "cluster",
        "symbol": "CTĐ-XL",
    },
    "blocs:user_create": lambda w, b: {"email": "moi@example.com", "role": "board_staff", "first_name": "Mới"},
    "blocs:user_update": lambda w, b: {
        "email": "vien@example.com",
        "role": "agency_user",
        "agency": w.users["member"].agency_id,
    },
    "blocs:user_deactivate": lambda w, b: {},
    "blocs:user_activate": lambda w, b: {},
    "blocs:user_invite": lambda w, b: {},
    "awards:award_type_create": lambda w, b: {
        "code": "BK_SO",
        "name": "Giấy khen của Giám đốc Sở",
        "basis": "members",
        "ratio": "50%",
        "strict": "on",
    },
    "awards:legal_basis_create": lambda w, b: {
        "number": "12/2025/QĐ-UBND",
        "title": "Quy định xét khen thưởng",
        "valid_from": "01/07/2025",
    },
    "awards:legal_basis_update": lambda w, b: {
        "number": "05/2024/QĐ-UBND",
        "title": "Quy chế (sửa)",
        "valid_from": "01/03/2024",
        "valid_to": "01/07/2025",
    },
    "awards:legal_basis_delete": lambda w, b: {},
    "awards:award_policy": lambda w, b: {
        "provincial_flag_mode": "refuse",
        "government_flag_mode": "warn",
        "government_flag_share": "20%",
        "tie_women_share": "70%",
        "legal_basis": "Nghị định 152/2025/NĐ-CP",
    },
    "awards:hold_list": lambda w, b: {"agency": w.a.lone_agency.pk, "year": YEAR, "kind": "inspection", "reason": "x"},
    "awards:hold_delete": lambda w, b: {},
    "awards:women_shares": lambda w, b: {f"{w.a.lone_agency.pk}-share": "75%"},
    "awards:board_names": lambda w, b: formset_data(
        "names", [{"name": "Phòng Thi đua, khen thưởng - Sở Nội vụ", "valid_from": "01/07/2025"}]
    ),
    "pledges:criteria": lambda w, b: criteria_data([("1", "Tiêu chí sửa", "50")]),
    "members:pledge_sign": lambda w, b: {"signer": "Người ký của đơn vị", "title": "Giám đốc"},
    "pledges:signatures": lambda w, b: {"signed_on": "12/01/2025", f"{b.agencies[3].pk}-signer": "Người ký mới"},
    "pledges:scores": lambda w, b: {f"{b.agencies[0].pk}-{b.pledge.criteria.first().pk}": "1"},
    "pledges:create": lambda w, b: {"signed_on": "", **criteria_data([("1", "Tiêu chí năm sau", "100")])},
    "pledges:copy": lambda w, b: {"year": YEAR + 1},
    "pledges:bands": lambda w, b: {
        "bands-TOTAL_FORMS": "1",
        "bands-INITIAL_FORMS": "0",
        "bands-0-name": "Xuất sắc",
        "bands-0-min_points": "95",
    },
    "pledges:self_score": lambda w, b: {
        **{f"{c.pk}-points": "15" for c in b.pledge.criteria.all()},
        "action": "draft",
    },
    "pledges:scoring": lambda w, b: {"deadline": (timezone.localdate() + datetime.timedelta(45)).strftime("%d/%m/%Y")},
    "pledges:scoring_review": lambda w, b: {f"{c.pk}-decision": "accept" for c in b.pledge.criteria.all()},
    "awards:award_type_update": lambda w, b: {
        "name": "Bằng khen của Chủ tịch UBND tỉnh (sửa)",
        "conferred_by": "Chủ tịch UBND tỉnh",
        "quota_per_bloc": "3",
        "basis": "members",
        "ratio": "2/3",
    },
    "awards:decision_create": lambda w, b: {
        "number": "99/QĐ-UBND",
        "signed_on": "01/03/2026",
        "issued_by": "Chủ tịch UBND tỉnh",
        "proposals": [b.awaiting.pk],
    },
    "awards:decision_update": lambda w, b: {
        "number": w.a.decision.number,
        "signed_on": "02/03/2026",
        "issued_by": "Chủ tịch UBND tỉnh (sửa)",
    },
    "awards:decision_award_remove": lambda w, b: {},
    "interchange:home": lambda w, b: {"document": upload(w.a.organizer)},
    "interchange:import_confirm": lambda w, b: {"token": "0" * 32},
    "meetings:minutes_retry": lambda w, b: {},
    "meetings:signed_copy_upload": lambda w, b: {"file": stand_in_pdf()},
    "verify:lookup": lambda w, b: {"file": stand_in_pdf()},
    "verify:document": lambda w, b: {"file": stand_in_pdf()},
    "meetings:create": lambda w, b: {"kind": "pledge_signing", "year": YEAR, "held_on": "15/01/2025", "title": ""},
    "meetings:update": lambda w, b: {
        "kind": "mid_year_review",
        "year": YEAR,
        "held_on": "16/07/2025",
        "title": "Hội nghị sơ kết (sửa)",
        "version": b.draft.version,
        "loaded": "",
    },
    "meetings:content": lambda w, b: {
        "report": "Báo cáo",
        "shortcomings": "",
        "directions": "Một\nHai",
        "version": b.draft.version,
        "loaded": "",
    },
    "meetings:attendance": lambda w, b: {
        **{f"{agency.pk}-present": "on" for agency in b.agencies},
        f"{b.agencies[0].pk}-representative": "Người đại diện",
    },
    "meetings:people": lambda w, b: {
        **formset_data("presiding", [{"name": "Người chủ trì", "agency": b.agencies[0].pk}]),
        **formset_data("secretary", []),
        **formset_data("guests", []),
    },
    "meetings:proposal_add": lambda w, b: {
        "nominee": b.agencies[4].pk,
        "award_type": award(w.a.organizer, "BK_TINH").pk,
        "mode": "none",
    },
    "meetings:proposal_votes": lambda w, b: {"mode": "tally", "votes_for": 6, "votes_against": 0, "votes_abstain": 0},
    "meetings:proposal_withdraw": lambda w, b: {},
    "meetings:election": lambda w, b: {"chair": b.agencies[1].pk, "vice_chair": b.agencies[2].pk},
    "meetings:ranking": lambda w, b: {f"{b.agencies[0].pk}-rank": 1},
    "meetings:finalize": lambda w, b: {},
    "meetings:reopen": lambda w, b: {"reason": "Sửa sai sót trong biên bản"},
    "meetings:minutes_request": lambda w, b: {},
    "dossiers:deadline": lambda w, b: {"year": YEAR, "due_on": "10/12/2025"},
    "public_settings": lambda w, b: {"year": YEAR, "published": "on"},
    "signatures:settings": lambda w, b: {"pem": SimpleUploadedFile("goc.pem", pem(make_ca("CA mới"))), "name": ""},
    "signatures:anchor_remove": lambda w, b: {},
    "signatures:signer": lambda w, b: {
        "p12": SimpleUploadedFile("to-chuc.p12", p12(w.a.signing.identity)),
        "password": "mat-khau",
    },
    "signatures:signer_disable": lambda w, b: {},
}

# Patterns that are not the application's pages: the Django admin has its own tests (tests/test_admin.py).
NOT_IN_MATRIX_PREFIXES = ("admin/", "static/", "media/")


def criteria_data(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, (code, title, points) in enumerate(rows):
        data |= {
            f"criteria-{index}-code": code,
            f"criteria-{index}-title": title,
            f"criteria-{index}-max_points": points,
        }
    return data


def formset_data(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{field}": value for field, value in row.items()}
    return data


def stand_in_pdf() -> io.BytesIO:
    handle = io.BytesIO(PDF)
    handle.name = "ban-ky-so.pdf"
    return handle


def upload(organizer: Organizer) -> io.BytesIO:
    document = {"format": "emulation-blocs/1", "organizer": {"code": organizer.code, "name": organizer.name}}
    handle = io.BytesIO(json.dumps(document).encode())
    handle.name = "du-lieu.json"
    return handle


NEVER_SHOWN = {
    "anonymous": (BLOC_X_WORD, BLOC_Y_WORD, PROVINCE_A_WORD, PROVINCE_B_WORD),
    "other_province": (BLOC_X_WORD, BLOC_Y_WORD, PROVINCE_A_WORD),
    "non_member": (BLOC_X_WORD, BLOC_Y_WORD, PROVINCE_B_WORD),
    "member": (BLOC_Y_WORD, PROVINCE_B_WORD),
    "secretary": (BLOC_Y_WORD, PROVINCE_B_WORD),
    "board": (PROVINCE_B_WORD,),
}

# Shown on purpose: a person at a meeting (presiding, guest) may come from any agency of the province, so the
# people form offers every agency's name; it shows nothing else of bloc Y.
SHOWN_BY_DESIGN = {"meetings:people": (BLOC_Y_WORD,), "meetings:voting": (BLOC_Y_WORD,)}
# A document's verification page says what the document prints (its province, bloc, meeting) to whoever holds its
# code, signed in or not; nothing else of the province.
SHOWN_BY_DESIGN["verify:document"] = (BLOC_X_WORD, PROVINCE_A_WORD)
# Province A published its results of 2025: anyone, signed in or not, reads every bloc of that year.
SHOWN_BY_DESIGN["public_results"] = (BLOC_X_WORD, BLOC_Y_WORD, PROVINCE_A_WORD)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# -- checks -------------------------------------------------------------------------------------------------


def url_of(world: World, name: str, bloc: SimpleNamespace) -> str:
    kwargs = ARGS[name](world, bloc) if name in ARGS else {}
    query = QUERY.get(name, "").format(award_type=award(world.a.organizer, "BK_TINH").pk)
    return reverse(name, kwargs=kwargs) + query


def outcome(response) -> str | int:
    """The response in the tables' terms."""
    if response.status_code == 302:
        location = response["Location"]
        return LOGIN if location.startswith(reverse("login")) and "next=" in location else REDIRECT
    return response.status_code


def shown_text(response) -> str:
    """What a response shows: the page, the JSON, or every cell of a workbook (PDFs are stand-ins here)."""
    if response.status_code != 200 or response.streaming:
        return ""
    content_type = response.get("Content-Type", "")
    if "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    if "json" in content_type:
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.content.decode()


def leaks(role: str, response, name: str) -> list[str]:
    text = shown_text(response)
    return [word for word in NEVER_SHOWN[role] if word in text and word not in SHOWN_BY_DESIGN.get(name, ())]


IGNORED_TABLES = {"sessions.Session"}


def db_state() -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table (sessions aside: logging in writes them)."""
    state = {}
    for model in apps.get_models():
        if model._meta.label in IGNORED_TABLES:
            continue
        rows = [comparable(row) for row in model._base_manager.order_by("pk").values_list()]
        state[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


def try_get(world: World, name: str, expected_row: tuple, bloc: SimpleNamespace) -> list[str]:
    url = url_of(world, name, bloc)
    failures = []
    for role, expected in zip(ROLES, expected_row, strict=True):
        response = world.client(role).get(url)
        got = outcome(response)
        if got != expected:
            failures.append(f"GET {url} as {role}: expected {expected}, got {got}")
        if leaked := leaks(role, response, name):
            failures.append(f"GET {url} as {role} shows {leaked}")
    return failures


# -- tests --------------------------------------------------------------------------------------------------


def _patterns(resolvers, prefix: str = "", namespace: str = ""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None


def project_url_names() -> dict[str, str]:
    """Every named URL of the project but the admin's and static files': name → route."""
    names = {}
    for route, name in _patterns(get_resolver().url_patterns):
        if route.startswith(NOT_IN_MATRIX_PREFIXES):
            continue
        assert name, f"the URL {route!r} has no name: name it and add it to the matrix"
        names[name] = route
    return names


def test_every_url_is_in_the_matrix():
    names = project_url_names()
    missing = sorted(set(names) - set(GET_EXPECTED))
    assert not missing, (
        "URLs the permission matrix does not try (add them to GET_EXPECTED, and to POST_EXPECTED if they write): "
        + ", ".join(f"{name} ({names[name]})" for name in missing)
    )
    stale = sorted({*GET_EXPECTED, *POST_EXPECTED, *BLOC_Y_EXPECTED} - set(names))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_urls_refusing_get_are_tried_with_post():
    post_only = sorted(name for name, row in GET_EXPECTED.items() if row[-1] == 405)
    assert [name for name in post_only if name not in POST_EXPECTED] == []
    assert [name for name in POST_EXPECTED if name not in POST_DATA and name != "logout"] == [], "POST rows need data"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GET_EXPECTED))
def test_get(world, name):
    failures = try_get(world, name, GET_EXPECTED[name], world.a.x)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BLOC_Y_EXPECTED))
def test_get_of_the_other_bloc(world, name):
    failures = try_get(world, name, BLOC_Y_EXPECTED[name], world.a.y)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POST_EXPECTED))
def test_post(world, name):
    """Each role posts to the same world (a savepoint rolled back after each): refused posts write nothing."""
    url = url_of(world, name, world.a.x)
    failures = []
    for role, expected in zip(ROLES, POST_EXPECTED[name], strict=True):
        client = world.client(role)
        with transaction.atomic():
            before = db_state()
            data = POST_DATA[name](world, world.a.x) if name in POST_DATA else {}
            response = client.post(url, data)
            after = db_state()
            transaction.set_rollback(True)
        got = outcome(response)
        changed = changed_tables(before, after)
        if expected == SAVED:
            if got != REDIRECT or not changed:
                failures.append(f"POST {url} as {role}: expected a save, got {got} (changed: {changed})")
        elif got != expected:
            failures.append(f"POST {url} as {role}: expected {expected}, got {got}")
        if expected != SAVED and changed:
            failures.append(f"POST {url} as {role} ({got}) changed {changed}")
        if leaked := leaks(role, response, name):
            failures.append(f"POST {url} as {role} shows {leaked}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(GET_EXPECTED) - set(POST_EXPECTED) - {"login"}))
def test_post_to_a_page_that_only_reads_writes_nothing(world, name):
    url = url_of(world, name, world.a.x)
    for role in ROLES:
        client = world.client(role)
        with transaction.atomic():
            before = db_state()
            response = client.post(url, {})
            after = db_state()
            transaction.set_rollback(True)
        assert not changed_tables(before, after), f"POST {url} as {role} ({response.status_code}) wrote"
        assert not leaks(role, response, name), f"POST {url} as {role} shows {leaks(role, response, name)}"


@pytest.mark.django_db
def test_world_words_are_where_the_tables_expect(world):
    """The distinctive words are in the names they stand for (else the leak checks would check nothing)."""
    assert all(BLOC_X_WORD in a.name for a in world.a.x.agencies) and BLOC_X_WORD in world.a.x.bloc.name
    assert all(BLOC_Y_WORD in a.name for a in world.a.y.agencies) and BLOC_Y_WORD in world.a.y.bloc.name
    assert all(PROVINCE_B_WORD in bloc.name for bloc in Bloc.objects.filter(organizer=world.b.organizer))
    assert all(PROVINCE_B_WORD in a.name for a in Agency.objects.filter(organizer=world.b.organizer))
    assert Pledge.objects.count() == 4
