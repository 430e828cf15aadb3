"""The world the permission matrix and the browser tests are tried in: two provinces, each with two blocs.

- Province A ("…Tỉnh An Hòa"): bloc X (six agencies whose names hold "Xanh Lam") and bloc Y ("Bí Mật Khối Y"),
  and an agency in no bloc, and a legal basis of its own. Province B: every name holds "Bí Mật Tỉnh B".
- Each bloc, for 2025: leadership (2024 and 2025; its first agency chairs in 2025), a draft meeting of the
  kind "other" (every member marked present, a presiding person and a secretary) with a failed proposal,
  a finalized year-end review (attendance, a passed flag awarded by decision "15/QĐ-UBND", a passed proposal
  awaiting a decision, a failed one; minutes v1 and v2 ready, with stand-ins for their PDF and Word files;
  the pledge's v1 failed), the year's pledge with signatures and scores, and an agency joining in 2026.
- Users: other_province (B's board staff), non_member (A's agency in no bloc), member (X's fourth agency),
  secretary (X's chair agency in 2025, assigned for 2026 too), board (A's board staff).
- Each user has one unread notification (``a.notices[role]``), naming only what they may see.
- Province A publishes its results of 2025 with the minutes (``a.public``, the public pages); B publishes nothing.
- Province A has a trust anchor of its own and signs its documents with its organization certificate
  (``a.signing``: signatures/tests/world.py); B has neither.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import LegalBasis
from awards.tests.factories import award
from blocs.models import Leadership, Membership, SecretaryAssignment
from blocs.tests.factories import BlocFactory
from decisions.models import Decision, DecisionAward
from dossiers.models import AchievementReport, Dossier, Submission, SubmittedReport
from meetings.models import Attendance, Meeting, Participant, Proposal
from members.models import Organizer, User
from members.tests.factories import AgencyFactory, OrganizerFactory, UserFactory
from notices.models import Notification
from notices.services import notify
from pledges.models import Evidence, ScoreSubmission, ScoringRound, SelfScore
from pledges.services import pledge_create, scores_record, signature_record
from portal.models import PublicResults
from records.models import MinutesVersion
from signatures.tests.world import province_signing

YEAR = 2025  # the emulation year of the records; the secretary chairs bloc X this year

# Distinctive words: each must show only to those who may see what carries it.
BLOC_X_WORD = "Xanh Lam"  # in every name of A's bloc X and its agencies
BLOC_Y_WORD = "Bí Mật Khối Y"  # in every name of A's bloc Y and its agencies
PROVINCE_A_WORD = "Tỉnh An Hòa"  # A's organizer and its agency in no bloc
PROVINCE_B_WORD = "Bí Mật Tỉnh B"  # every name of province B

PDF = b"%PDF-1.4\n% a stand-in for the rendered minutes\n%%EOF\n"
DOCX = b"PK\x05\x06" + bytes(18)  # an empty zip: a stand-in for the Word file of the minutes


@dataclass
class World:
    a: SimpleNamespace  # province A: organizer, x, y (blocs), lone_agency, decision
    b: SimpleNamespace  # province B, alike
    users: dict[str, User]

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _bloc(organizer: Organizer, name: str, agency_names: list[str]) -> SimpleNamespace:
    """A bloc of the year with leadership, both review meetings, proposals, a pledge with signatures and
    scores, and the minutes of its year-end review."""
    bloc = BlocFactory(organizer=organizer, name=name)
    agencies = [AgencyFactory(organizer=organizer, name=n) for n in agency_names]
    memberships = Membership.objects.bulk_create(Membership(bloc=bloc, agency=a, from_year=2017) for a in agencies)
    Leadership.objects.create(bloc=bloc, year=YEAR - 1, chair=agencies[2], vice_chair=agencies[0])
    Leadership.objects.create(bloc=bloc, year=YEAR, chair=agencies[0], vice_chair=agencies[1])
    # "Another meeting" offers every part (proposals, election, ranking), with what finalizing requires.
    draft = Meeting.objects.create(bloc=bloc, kind=Meeting.Kind.OTHER, year=YEAR, held_on=datetime.date(YEAR, 7, 15))
    Attendance.objects.bulk_create(Attendance(meeting=draft, agency=a, present=True) for a in agencies)
    Participant.objects.bulk_create(
        [
            Participant(meeting=draft, role=Participant.Role.PRESIDING, name=f"Chủ trì {name}", position=1),
            Participant(meeting=draft, role=Participant.Role.SECRETARY, name=f"Thư ký {name}", position=2),
        ]
    )
    meeting = Meeting.objects.create(
        bloc=bloc,
        kind=Meeting.Kind.YEAR_END_REVIEW,
        year=YEAR,
        held_on=datetime.date(YEAR, 12, 20),
        title=f"Hội nghị tổng kết năm {YEAR} của {name}",
        status=Meeting.Status.FINALIZED,
    )
    Attendance.objects.bulk_create(Attendance(meeting=meeting, agency=a, representative="Đại biểu") for a in agencies)
    flag = Proposal.objects.create(
        meeting=meeting, nominee=agencies[1], award_type=award(organizer, "CO_TINH"), outcome=Proposal.Outcome.PASSED
    )
    awaiting = Proposal.objects.create(
        meeting=meeting, nominee=agencies[2], award_type=award(organizer, "BK_TINH"), outcome=Proposal.Outcome.PASSED
    )
    Proposal.objects.create(
        meeting=meeting, nominee=agencies[3], award_type=award(organizer, "TTLDXS"), outcome=Proposal.Outcome.FAILED
    )
    draft_proposal = Proposal.objects.create(
        meeting=draft,
        nominee=agencies[-1],
        award_type=award(organizer, "BK_TINH"),
        votes_for=1,
        votes_against=len(agencies) - 1,
        votes_abstain=0,
        outcome=Proposal.Outcome.FAILED,
    )
    pledge = pledge_create(
        bloc=bloc,
        year=YEAR,
        criteria=[
            {"code": "1", "title": "Thực hiện nhiệm vụ chính trị", "max_points": 60},
            {"code": "2", "title": "Phong trào thi đua", "max_points": 40},
        ],
        signed_on=datetime.date(YEAR, 1, 10),
    )
    for agency in agencies[:3]:
        signature_record(pledge=pledge, agency=agency, signer="Người ký", title="Giám đốc")
    scores_record(pledge=pledge, points={(a.pk, c.pk): 30 for a in agencies for c in pledge.criteria.all()})
    now = timezone.now()
    for number in (1, 2):
        version = MinutesVersion(
            meeting=meeting,
            number=number,
            snapshot={},
            content_hash=f"{number}" * 64,
            status=MinutesVersion.Status.READY,
            rendered_at=now,
        )
        version.file.save(f"v{number}.pdf", ContentFile(PDF), save=False)
        version.docx.save(f"v{number}.docx", ContentFile(DOCX), save=False)
        version.save()
    MinutesVersion.objects.create(
        meeting=meeting,
        document=MinutesVersion.Document.PLEDGE,
        number=1,
        snapshot={},
        content_hash="f" * 64,
        status=MinutesVersion.Status.FAILED,
        error="Lỗi thử",
    )
    dossier, report, sent_report = dossier_sent(meeting, [flag, awaiting])
    newcomer = Membership.objects.create(
        bloc=bloc, agency=AgencyFactory(organizer=organizer, name=f"Đơn vị mới {name}"), from_year=YEAR + 1
    )
    evidence = self_scoring_started(pledge, drafting=agencies[3], submitted=agencies[1], name=name)
    return SimpleNamespace(
        bloc=bloc,
        agencies=agencies,
        membership=memberships[4],
        newcomer=newcomer,
        draft=draft,
        draft_proposal=draft_proposal,
        meeting=meeting,
        flag=flag,
        awaiting=awaiting,
        pledge=pledge,
        dossier=dossier,
        report=report,
        sent_report=sent_report,
        evidence=evidence,
        submitted=agencies[1],
    )


def self_scoring_started(pledge, *, drafting, submitted, name: str) -> Evidence:
    """Self-scoring open for a month: ``drafting`` (the member's agency) has a draft with an evidence file,
    ``submitted`` has submitted its own points (for the secretary to review)."""
    ScoringRound.objects.create(pledge=pledge, deadline=timezone.localdate() + datetime.timedelta(days=30))
    criteria = list(pledge.criteria.all())
    drafts = SelfScore.objects.bulk_create(
        SelfScore(criterion=c, agency=a, points=20, explanation=f"Giải trình {a.name}")
        for a in (drafting, submitted)
        for c in criteria
    )
    ScoreSubmission.objects.create(pledge=pledge, agency=submitted)
    evidence = Evidence(self_score=drafts[0], name=f"Minh chứng {name}.pdf", content_type=Evidence.Kind.PDF,
                        size=len(PDF), sha256="b" * 64)  # fmt: skip
    evidence.file.save("minh-chung.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return evidence


def dossier_sent(meeting: Meeting, passed: list[Proposal]) -> tuple[Dossier, AchievementReport, SubmittedReport]:
    """The year's dossier, sent once: a letter (a stand-in file), the minutes, and each passed proposal's report."""
    letter = MinutesVersion(
        meeting=meeting, document=MinutesVersion.Document.LETTER, number=1, minutes_number="01/TTr-KTĐ",
        snapshot={}, content_hash="e" * 64, status=MinutesVersion.Status.READY, rendered_at=timezone.now(),
    )  # fmt: skip
    letter.file.save("letter.pdf", ContentFile(PDF), save=False)
    letter.save()
    dossier = Dossier.objects.create(bloc=meeting.bloc, year=meeting.year, state=Dossier.State.SENT)
    submission = Submission.objects.create(dossier=dossier, number=1, meeting=meeting, letter=letter)
    submission.documents.set(MinutesVersion.objects.filter(meeting=meeting, document=MinutesVersion.Document.MINUTES))
    reports = []
    for proposal in passed:
        report = AchievementReport(proposal=proposal, name=f"Báo cáo {proposal.nominee.name}.pdf",
                                   content_type=AchievementReport.Kind.PDF, size=len(PDF), sha256="a" * 64)  # fmt: skip
        report.file.save("report.pdf", ContentFile(PDF), save=False)
        report.save()
        copy = SubmittedReport(submission=submission, proposal=proposal, name=report.name,
                               content_type=report.content_type, size=report.size, sha256=report.sha256)  # fmt: skip
        copy.file.save("sent.pdf", ContentFile(PDF), save=False)
        copy.save()
        reports.append((report, copy))
    return dossier, *reports[-1]


def _province(name: str, x_word: str, y_word: str) -> SimpleNamespace:
    organizer = OrganizerFactory(name=name, short_name=name.replace("Ủy ban nhân dân", "UBND"))
    x = _bloc(
        organizer,
        f"Khối thi đua {x_word}",
        [
            f"{kind} {x_word}"
            for kind in ("Sở Tài chính", "Sở Nội vụ", "Văn phòng", "Cục Thuế", "Kho bạc", "Ban Dân tộc")
        ],
    )
    y = _bloc(
        organizer,
        f"Khối thi đua {y_word}",
        [f"{kind} {y_word}" for kind in ("Sở Y tế", "Sở Giáo dục", "Sở Xây dựng", "Sở Công thương", "Sở Du lịch")],
    )
    decision = Decision.objects.create(
        organizer=organizer, number="15/QĐ-UBND", signed_on=datetime.date(YEAR + 1, 2, 1)
    )
    x.decision_award = DecisionAward.objects.create(decision=decision, proposal=x.flag)
    y.decision_award = DecisionAward.objects.create(decision=decision, proposal=y.flag)
    lone_agency = AgencyFactory(organizer=organizer, name=f"Trung tâm Lẻ loi {name}")
    legal_basis = LegalBasis.objects.create(
        organizer=organizer, number="05/2024/QĐ-UBND", title=f"Quy chế thi đua, khen thưởng {name}",
        valid_from=datetime.date(2024, 3, 1),
    )  # fmt: skip
    return SimpleNamespace(
        organizer=organizer, x=x, y=y, decision=decision, lone_agency=lone_agency, legal_basis=legal_basis
    )


def build_world() -> World:
    a = _province(f"Ủy ban nhân dân {PROVINCE_A_WORD}", BLOC_X_WORD, BLOC_Y_WORD)
    b = _province(f"Ủy ban nhân dân {PROVINCE_B_WORD}", f"Một {PROVINCE_B_WORD}", f"Hai {PROVINCE_B_WORD}")
    users = {
        "other_province": UserFactory(role=User.Role.BOARD_STAFF, organizer=b.organizer),
        "non_member": UserFactory(organizer=a.organizer, agency=a.lone_agency),
        "member": UserFactory(organizer=a.organizer, agency=a.x.agencies[3]),
        "secretary": UserFactory(organizer=a.organizer, agency=a.x.agencies[0]),
        "board": UserFactory(role=User.Role.BOARD_STAFF, organizer=a.organizer),
    }
    # Assigned for next year too, so the secretary may start next year's pledge.
    a.x.assignment = SecretaryAssignment.objects.create(bloc=a.x.bloc, year=YEAR + 1, user=users["secretary"])
    a.y.assignment = SecretaryAssignment.objects.create(bloc=a.y.bloc, year=YEAR + 1, user=users["board"])
    MinutesVersion.objects.filter(meeting__bloc__organizer=a.organizer).update(created_by=users["board"])
    a.notices = _notices(a, b, users)
    a.public = PublicResults.objects.create(organizer=a.organizer, year=YEAR, published=True, minutes_published=True)
    a.signing = province_signing(a.organizer)
    return World(a=a, b=b, users=users)


def _notices(a: SimpleNamespace, b: SimpleNamespace, users: dict[str, User]) -> dict[str, Notification]:
    """One unread notification for each signed-in user, naming what that user, and only they, may see
    (``a.notices[role]``): a list showing another user's would show a word the tables never expect."""
    assigned = Notification.Kind.SECRETARY_ASSIGNED

    def told(role: str, bloc, kind=assigned, params=None) -> Notification:
        params = params or {"bloc": bloc.name, "year": YEAR + 1}
        url = reverse("blocs:detail", kwargs={"pk": bloc.pk}) if bloc else reverse("home")
        return notify(users=[users[role]], kind=kind, params=params, url=url)[0]

    decision = {
        "number": a.decision.number,
        "date": "01/02/2026",
        "awards": [{"award": "Bằng khen", "agency": a.lone_agency.name, "bloc": "—", "year": YEAR}],
    }
    return {
        "other_province": told("other_province", b.x.bloc),
        "non_member": told("non_member", None, Notification.Kind.DECISION_ISSUED, decision),
        "member": told("member", a.x.bloc),
        "secretary": told("secretary", a.x.bloc),
        "board": told("board", a.y.bloc),
    }


def add_next_pledge(world: World) -> None:
    """Bloc X's pledge for next year, not scored yet: its criteria can still be edited (``x.next_pledge``)."""
    world.a.x.next_pledge = pledge_create(
        bloc=world.a.x.bloc,
        year=YEAR + 1,
        criteria=[{"code": "1", "title": "Nhiệm vụ chính trị", "max_points": 100}],
        signed_on=datetime.date(YEAR + 1, 1, 15),
    )
