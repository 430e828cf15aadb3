"""The Quảng Ngãi 2017 year-end review (shared/spec/examples/quang-ngai-2017.json and the seed article),
entered through the services the way a secretary would, with the details the article leaves out."""

from __future__ import annotations

import datetime

from awards.rules import Tally
from awards.tests.factories import award
from blocs.models import Membership
from blocs.tests.factories import BlocFactory
from meetings.models import Meeting
from meetings.services import attendance_record, leadership_elect, meeting_create, participants_set
from meetings.voting import proposal_create, ranking_record
from members.tests.factories import AgencyFactory, OrganizerFactory

AGENCIES = [
    ("VP-HDND", "Văn phòng HĐND tỉnh"),
    ("VP-UBND", "Văn phòng UBND tỉnh"),
    ("STC", "Sở Tài chính"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("SNGV", "Sở Ngoại vụ"),
    ("BDT", "Ban Dân tộc tỉnh"),
    ("CHQ", "Cục Hải quan tỉnh"),
    ("CT", "Cục Thuế tỉnh"),
    ("CTK", "Cục Thống kê tỉnh"),
    ("KBNN", "Kho bạc Nhà nước tỉnh"),
    ("NHNN", "Ngân hàng Nhà nước chi nhánh tỉnh"),
]
REPRESENTATIVES = {
    "VP-HDND": ("Nguyễn Thị Hồng Nhung", "Chánh Văn phòng"),
    "VP-UBND": ("Trần Văn Đức", "Phó Chánh Văn phòng"),
    "STC": ("Lê Quang Huy", "Phó Giám đốc"),
    "SKHDT": ("Phạm Thị Thu Hà", "Phó Giám đốc"),
    "SNGV": ("Võ Minh Tuấn", "Giám đốc"),
    "BDT": ("Đinh Văn Ửng", "Trưởng ban"),
    "CHQ": ("Huỳnh Ngọc Ánh", "Phó Cục trưởng"),
    "CT": ("Bùi Thị Ngọc Diễm", "Phó Cục trưởng"),
    "CTK": ("Đặng Quốc Việt", "Cục trưởng"),
    "KBNN": ("Ngô Thị Ưu", "Phó Giám đốc"),
    "NHNN": ("Phan Đình Lộc", "Phó Giám đốc"),
}
REPORT = (
    "Trong năm 2017, Khối thi đua các cơ quan Tham mưu - Tổng hợp đã triển khai, thực hiện tốt phong trào thi"
    " đua: ngay từ đầu năm đã tổ chức ký kết giao ước thi đua, đưa ra chỉ tiêu cụ thể, có thang điểm chặt chẽ"
    " làm cơ sở để các cơ quan, đơn vị phấn đấu thực hiện với quyết tâm cao. Nội dung thi đua gắn liền với"
    " việc thực hiện nhiệm vụ chính trị của từng cơ quan. Các cơ quan trong Khối đã đổi mới nội dung, hình"
    " thức hoạt động phong phú, thiết thực, hiệu quả; tạo không khí thi đua sôi nổi, đoàn kết, tăng cường và"
    " củng cố mối quan hệ công tác giữa các cơ quan trong Khối.\n"
    "Bên cạnh đó, việc xây dựng và nhân rộng điển hình tiên tiến cũng được các đơn vị thành viên trong Khối"
    " quan tâm, triển khai thực hiện và coi đó là nội dung quan trọng nhằm động viên tinh thần, cổ vũ nêu"
    " gương “người tốt, việc tốt”, tạo động lực thúc đẩy đơn vị hoàn thành xuất sắc nhiệm vụ.\n"
    "Ngoài ra, trong năm, các cơ quan, đơn vị thuộc Khối đã thường xuyên tổ chức, triển khai học tập, quán"
    " triệt các Chỉ thị, Nghị quyết của Đảng, chính sách pháp luật của Nhà nước, gắn với việc học tập và làm"
    " theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong mỗi kỳ sinh hoạt chi bộ nhằm góp phần nâng cao ý"
    " thức trách nhiệm và tính tiên phong gương mẫu của cán bộ, công chức, viên chức trong từng đơn vị; thực"
    " hiện tốt Quyết định số 20/2013/QĐ-UBND của UBND tỉnh quy định một số biện pháp chấn chỉnh kỷ luật, kỷ"
    " cương hành chính và Chỉ thị số 32-CT/TU của Ban Thường vụ Tỉnh ủy; các đoàn thể Công đoàn, Đoàn thanh"
    " niên, Hội Cựu chiến binh tại các đơn vị đã có những hoạt động tích cực, hiệu quả; tham gia tốt các phong"
    " trào do cấp trên phát động, nhờ đó đã góp phần quan trọng vào việc thực hiện thắng lợi nhiệm vụ phát"
    " triển kinh tế - xã hội, bảo đảm an ninh, chính trị, trật tự an toàn xã hội trên địa bàn tỉnh."
)
SHORTCOMINGS = (
    "Một số đơn vị chưa gửi báo cáo đúng thời hạn; việc phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến"
    " ở một số cơ quan còn hạn chế; hoạt động giao lưu văn hóa, thể thao giữa các đơn vị trong Khối chưa"
    " thường xuyên."
)
DIRECTIONS = [
    "Thực hiện đầy đủ các nội dung Kế hoạch công tác thi đua của Khối; thường xuyên chăm lo xây dựng điển hình"
    " tiên tiến, mỗi đơn vị thành viên đều có điển hình tiên tiến tiêu biểu.",
    "Đẩy mạnh tuyên truyền, quán triệt Nghị quyết Đại hội đại biểu lần thứ XII của Đảng và Nghị quyết Đại hội"
    " đại biểu Đảng bộ tỉnh lần thứ XIX; đẩy mạnh phong trào học tập và làm theo tư tưởng, đạo đức, phong cách"
    " Hồ Chí Minh.",
    "Tăng cường kiểm tra việc thực hiện các phong trào thi đua; tuyên dương, khen thưởng những điển hình tiên tiến.",
    "Đẩy mạnh các phong trào văn hóa, thể thao trong toàn Khối.",
    "Thẩm định, xét duyệt và hoàn thiện hồ sơ trình cấp có thẩm quyền xét khen thưởng kịp thời, đúng quy định.",
]
PROPOSALS = [("VP-HDND", "CO_CP"), ("VP-UBND", "CO_TINH"), ("STC", "BK_TINH"), ("KBNN", "BK_TINH")]


def quang_ngai_2017(*, report: str = REPORT, organizer_code: str = "QNG", votes: bool = True) -> Meeting:
    """The draft meeting with its whole record entered (not finalized); the organizer and bloc are created.
    ``votes=False``: without the proposals and the ranking, so that finalizing makes the minutes alone (no vote
    count, no score table): for the tests of one render through a worker."""
    organizer = OrganizerFactory(
        code=organizer_code,
        name="Ủy ban nhân dân tỉnh Quảng Ngãi",
        short_name="UBND tỉnh Quảng Ngãi",
        place_name="Quảng Ngãi",
        board_name="Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi",
    )
    agencies = {code: AgencyFactory(organizer=organizer, code=code, name=name) for code, name in AGENCIES}
    skhdt = agencies["SKHDT"]
    skhdt.successor, skhdt.until = agencies["STC"], datetime.date(2025, 2, 28)
    skhdt.save(update_fields=["successor", "until"])
    bloc = BlocFactory(
        organizer=organizer, code="TMTH", name="Khối thi đua các cơ quan Tham mưu - Tổng hợp", short_name="KTĐ"
    )
    Membership.objects.bulk_create(
        Membership(bloc=bloc, agency=a, from_year=2017, to_year=2024 if code == "SKHDT" else None)
        for code, a in agencies.items()
    )
    meeting = meeting_create(
        bloc=bloc,
        kind=Meeting.Kind.YEAR_END_REVIEW,
        year=2017,
        held_on=datetime.date(2018, 1, 4),
        title="Hội nghị tổng kết công tác thi đua, khen thưởng năm 2017",
        start_time=datetime.time(14, 0),
        end_time=datetime.time(17, 0),
        venue="Hội trường Văn phòng HĐND tỉnh Quảng Ngãi",
        host=agencies["VP-HDND"],
        report=report,
        shortcomings=SHORTCOMINGS,
        directions=DIRECTIONS,
    )
    attendance_record(
        meeting=meeting,
        rows=[
            {"agency": agencies[code], "present": True, "representative": name, "title": title}
            for code, (name, title) in REPRESENTATIVES.items()
        ],
    )
    participants_set(
        meeting=meeting,
        presiding=[{"name": "Nguyễn Thị Hồng Nhung", "title": "Chánh Văn phòng", "agency": agencies["VP-HDND"]}],
        secretary={"name": "Lê Thị Mỹ Dung", "title": "Chuyên viên", "agency": agencies["VP-HDND"]},
        guests=[
            {
                "name": "Trương Công Thành",
                "title": "Phó Trưởng ban",
                "organization": "Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi",
            }
        ],
    )
    for code, award_code in PROPOSALS if votes else []:
        proposal_create(
            meeting=meeting, nominee=agencies[code], award_type=award(organizer, award_code), tally=Tally(11)
        )
    if votes:
        ranks = {agencies[code].pk: rank for rank, (code, _n) in enumerate(AGENCIES, 1)}
        ranking_record(meeting=meeting, ranks=ranks)
    leadership_elect(meeting=meeting, chair=agencies["BDT"], vice_chair=agencies["KBNN"])
    return meeting
