"""Content of the demonstration province loaded by ``manage.py seed_demo``.

Agencies and blocs follow Quảng Ngãi's real emulation blocs (see shared/seeds) and keep the codes of the
interchange example; the people are fictional. Everything is plain data: the command turns it into records
through the services, so every domain rule holds.
"""

from __future__ import annotations

import datetime

PASSWORD = "thidua2026"  # noqa: S105 - the demo logins' documented password
HISTORY_YEARS = (2023, 2024, 2025)  # emulation years with a complete cycle (pledge, scores, year-end review)
CURRENT_YEAR = 2026
# The date this year's year-end dossiers are due at the board (the province's rule; Bắc Ninh's is 10 December).
DOSSIER_DEADLINE = datetime.date(CURRENT_YEAR + 1, 1, 20)

ORGANIZER = {
    "code": "QNG",
    "name": "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "short_name": "UBND tỉnh Quảng Ngãi",
    "place_name": "Quảng Ngãi",
    "board_name": "Ban Thi đua - Khen thưởng tỉnh Quảng Ngãi",
}

# code, name, short name, then (name, title) of the head, a deputy, and the officer who keeps the
# agency's emulation records (the bloc's secretary in the years the agency chairs it).
AGENCIES = [
    # Khối các cơ quan Tham mưu - Tổng hợp
    ("VP-HDND", "Văn phòng HĐND tỉnh", "VP HĐND tỉnh",
     ("Nguyễn Văn Thành", "Chánh Văn phòng"), ("Phạm Thị Thu Hiền", "Phó Chánh Văn phòng"),
     ("Lê Minh Tâm", "Trưởng phòng Hành chính - Tổ chức - Quản trị")),
    ("VP-UBND", "Văn phòng UBND tỉnh", "VP UBND tỉnh",
     ("Đặng Quốc Hưng", "Chánh Văn phòng"), ("Võ Thị Ngọc Lan", "Phó Chánh Văn phòng"),
     ("Trần Hữu Phước", "Trưởng phòng Hành chính - Tổ chức")),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT",
     ("Huỳnh Văn Khánh", "Giám đốc"), ("Nguyễn Thị Mỹ Dung", "Phó Giám đốc"),
     ("Phan Văn Lợi", "Chánh Văn phòng Sở")),
    ("STC", "Sở Tài chính", "",
     ("Bùi Đức Trọng", "Giám đốc"), ("Lê Thị Kim Oanh", "Phó Giám đốc"),
     ("Nguyễn Thị Thanh Nhàn", "Chánh Văn phòng Sở")),
    ("SNGV", "Sở Ngoại vụ", "",
     ("Trương Công Định", "Giám đốc"), ("Đỗ Thị Hồng Nhung", "Phó Giám đốc"),
     ("Lý Văn Hòa", "Chánh Văn phòng Sở")),
    ("BDT", "Ban Dân tộc tỉnh", "",
     ("Đinh Văn Mười", "Trưởng ban"), ("Phạm Văn Tư", "Phó Trưởng ban"),
     ("Hồ Thị Thu Trang", "Chánh Văn phòng Ban")),
    ("CHQ", "Cục Hải quan tỉnh", "",
     ("Ngô Quang Vinh", "Cục trưởng"), ("Trần Thị Bích Ngọc", "Phó Cục trưởng"),
     ("Nguyễn Hữu Đạt", "Chánh Văn phòng Cục")),
    ("CT", "Cục Thuế tỉnh", "",
     ("Phạm Ngọc Sơn", "Cục trưởng"), ("Lương Thị Hoa", "Phó Cục trưởng"),
     ("Võ Minh Quân", "Chánh Văn phòng Cục")),
    ("CTK", "Cục Thống kê tỉnh", "",
     ("Lê Văn Hiếu", "Cục trưởng"), ("Nguyễn Thị Diệu Linh", "Phó Cục trưởng"),
     ("Đoàn Thị Yến", "Trưởng phòng Tổ chức - Hành chính")),
    ("KBNN", "Kho bạc Nhà nước tỉnh", "KBNN tỉnh",
     ("Dương Thanh Tùng", "Giám đốc"), ("Hoàng Thị Minh Thư", "Phó Giám đốc"),
     ("Trần Văn Nhật", "Chánh Văn phòng")),
    ("NHNN", "Ngân hàng Nhà nước chi nhánh tỉnh", "NHNN chi nhánh tỉnh",
     ("Nguyễn Đình Phúc", "Giám đốc"), ("Võ Thị Thanh Tâm", "Phó Giám đốc"),
     ("Lê Thị Hải Yến", "Trưởng phòng Hành chính - Nhân sự")),
    # Khối Nội chính
    ("SNV", "Sở Nội vụ", "",
     ("Trần Văn Lộc", "Giám đốc"), ("Nguyễn Thị Hồng Vân", "Phó Giám đốc"),
     ("Phạm Quốc Bảo", "Chánh Văn phòng Sở")),
    ("STP", "Sở Tư pháp", "",
     ("Võ Đình Nghĩa", "Giám đốc"), ("Bùi Thị Thanh Hương", "Phó Giám đốc"),
     ("Nguyễn Văn Tín", "Chánh Văn phòng Sở")),
    ("CA", "Công an tỉnh", "",
     ("Lê Quang Hải", "Giám đốc"), ("Nguyễn Minh Triết", "Phó Giám đốc"),
     ("Hồ Văn Thắng", "Phó Trưởng phòng Tham mưu")),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh", "BCH Quân sự tỉnh",
     ("Phan Đức Cường", "Chỉ huy trưởng"), ("Trần Văn Hậu", "Phó Chỉ huy trưởng"),
     ("Đinh Công Tráng", "Trưởng ban Tuyên huấn")),
    ("BDBP", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP tỉnh",
     ("Nguyễn Thanh Bình", "Chỉ huy trưởng"), ("Huỳnh Tấn Lực", "Phó Chỉ huy trưởng"),
     ("Phạm Văn Kiên", "Trưởng ban Tuyên huấn")),
    ("TTR", "Thanh tra tỉnh", "",
     ("Đỗ Văn Quang", "Chánh Thanh tra"), ("Lê Thị Hồng Hạnh", "Phó Chánh Thanh tra"),
     ("Nguyễn Hoàng Long", "Chánh Văn phòng")),
    ("CTHADS", "Cục Thi hành án dân sự tỉnh", "Cục THADS tỉnh",
     ("Trịnh Văn Sáu", "Cục trưởng"), ("Phạm Thị Ánh Tuyết", "Phó Cục trưởng"),
     ("Võ Văn Hùng", "Chánh Văn phòng Cục")),
    ("TAND", "Tòa án nhân dân tỉnh", "TAND tỉnh",
     ("Nguyễn Văn Chiến", "Chánh án"), ("Trần Thị Thúy Hằng", "Phó Chánh án"),
     ("Lê Văn Nam", "Chánh Văn phòng")),
    ("VKSND", "Viện Kiểm sát nhân dân tỉnh", "VKSND tỉnh",
     ("Huỳnh Minh Đức", "Viện trưởng"), ("Ngô Thị Lệ Thủy", "Phó Viện trưởng"),
     ("Đặng Văn Toàn", "Chánh Văn phòng")),
    # Khối Văn hóa - Xã hội
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT",
     ("Phạm Thị Ngọc Ánh", "Giám đốc"), ("Nguyễn Văn Thuận", "Phó Giám đốc"),
     ("Trần Thị Mỹ Linh", "Chánh Văn phòng Sở")),
    ("SYT", "Sở Y tế", "",
     ("Võ Văn Nhân", "Giám đốc"), ("Lê Thị Phương Thảo", "Phó Giám đốc"),
     ("Nguyễn Văn Hoàng", "Chánh Văn phòng Sở")),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL",
     ("Đoàn Văn Phú", "Giám đốc"), ("Trương Thị Kim Chi", "Phó Giám đốc"),
     ("Phạm Minh Nhựt", "Chánh Văn phòng Sở")),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH",
     ("Trần Đình Trung", "Giám đốc"), ("Hà Thị Thanh Mai", "Phó Giám đốc"),
     ("Lê Văn Phong", "Chánh Văn phòng Sở")),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN",
     ("Lê Hoàng Vũ", "Giám đốc"), ("Nguyễn Thị Bảo Trân", "Phó Giám đốc"),
     ("Võ Thị Ngọc Hà", "Chánh Văn phòng Sở")),
    ("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT",
     ("Phan Văn Tuấn", "Giám đốc"), ("Đỗ Thị Hoài Thu", "Phó Giám đốc"),
     ("Nguyễn Trung Kiên", "Chánh Văn phòng Sở")),
    ("DPTTH", "Đài Phát thanh - Truyền hình tỉnh", "Đài PT-TH tỉnh",
     ("Trần Quốc Việt", "Giám đốc"), ("Huỳnh Thị Ngọc Diễm", "Phó Giám đốc"),
     ("Lê Anh Tuấn", "Trưởng phòng Tổ chức - Hành chính")),
    ("BQN", "Báo Quảng Ngãi", "",
     ("Nguyễn Đăng Khoa", "Tổng Biên tập"), ("Phạm Thị Thu Hà", "Phó Tổng Biên tập"),
     ("Trần Minh Nhật", "Trưởng phòng Trị sự")),
    ("DHPVD", "Trường Đại học Phạm Văn Đồng", "Trường ĐH Phạm Văn Đồng",
     ("Lê Quang Tiến", "Hiệu trưởng"), ("Nguyễn Thị Hải Vân", "Phó Hiệu trưởng"),
     ("Bùi Văn Thông", "Trưởng phòng Tổ chức - Hành chính")),
    ("BHXH", "Bảo hiểm xã hội tỉnh", "BHXH tỉnh",
     ("Võ Thanh Hải", "Giám đốc"), ("Nguyễn Thị Lệ Hằng", "Phó Giám đốc"),
     ("Đặng Thị Kim Cúc", "Chánh Văn phòng")),
]  # fmt: skip

# The 2025 reorganisation: (agency, merged into, last day). Memberships of the merged agency end with 2024.
SUCCESSIONS = [
    ("SKHDT", "STC", datetime.date(2025, 2, 28)),
    ("STTTT", "SKHCN", datetime.date(2025, 2, 28)),
    # Labour, war invalids and social affairs went to Sở Nội vụ, which sits in the Nội chính bloc: the
    # Văn hóa - Xã hội membership of Sở LĐ-TB&XH is closed at 2024 instead of passing to Sở Nội vụ.
    ("SLDTBXH", "SNV", datetime.date(2025, 2, 28)),
]

# The emulation-and-reward board: the guest at bloc meetings, and the demo login ``bantdkt``.
BOARD_PEOPLE = {
    "head": ("Trần Công Minh", "Trưởng ban"),
    "deputy": ("Lê Thị Minh Hạnh", "Phó Trưởng ban"),
    "staff": ("Huỳnh Thị Thu Hà", "Chuyên viên"),
}
BOARD_GROUP = "Cán bộ Ban Thi đua - Khen thưởng"

# username → (agency code or None for board staff, role); names come from the agency's officer.
LOGINS = [
    ("bantdkt", None, "board_staff"),
    ("thuky", "STC", "agency_user"),  # Sở Tài chính chairs the Tham mưu - Tổng hợp bloc in 2026
    ("donvi", "BHXH", "agency_user"),  # member of Văn hóa - Xã hội, never chair nor vice-chair
]

DECISION = {
    "number": "125/QĐ-UBND",
    "signed_on": datetime.date(2025, 3, 15),
    "issued_by": "Chủ tịch UBND tỉnh Quảng Ngãi",
    "year": 2024,
    "awards": ("CO_TINH", "BK_TINH", "TTLDXS"),  # what the provincial chairman confers
}

YEAR_CONTEXT = {
    2023: "Năm 2023 là năm giữa nhiệm kỳ thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX và Kế "
    "hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025.",
    2024: "Năm 2024 là năm đầu tiên thực hiện Luật Thi đua, khen thưởng năm 2022 và Nghị định số 98/2023/NĐ-CP "
    "của Chính phủ, năm có ý nghĩa quyết định đối với việc hoàn thành Kế hoạch 5 năm 2021 - 2025.",
    2025: "Năm 2025 là năm cuối thực hiện Kế hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025, năm tổ chức "
    "đại hội Đảng bộ các cấp nhiệm kỳ 2025 - 2030 và thực hiện chủ trương sắp xếp, tinh gọn tổ chức bộ máy của "
    "hệ thống chính trị.",
    2026: "Năm 2026 là năm đầu thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng và Kế hoạch "
    "phát triển kinh tế - xã hội 5 năm 2026 - 2030.",
}

MID_YEAR_NOTE = {
    2023: "Các phong trào thi đua chuyên đề được phát động kịp thời; phần lớn chỉ tiêu giao ước đạt trên 50% kế "
    "hoạch năm.",
    2024: "Các đơn vị đã tập huấn Luật Thi đua, khen thưởng năm 2022 và Nghị định số 98/2023/NĐ-CP cho cán bộ làm "
    "công tác thi đua; nhiều chỉ tiêu đạt khá so với cùng kỳ.",
    2025: "Việc sắp xếp, tinh gọn tổ chức bộ máy được thực hiện nghiêm túc, đúng tiến độ; các đơn vị chuẩn bị chu "
    "đáo cho việc vận hành chính quyền địa phương hai cấp từ ngày 01/7/2025.",
    2026: "Các đơn vị đã học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng và triển "
    "khai Nghị định số 152/2025/NĐ-CP thay thế Nghị định số 98/2023/NĐ-CP.",
}

# The first direction a year-end review of year Y gives for year Y + 1.
NEXT_YEAR_DIRECTION = {
    2023: "Quán triệt, triển khai Luật Thi đua, khen thưởng năm 2022 và Nghị định số 98/2023/NĐ-CP có hiệu lực "
    "từ ngày 01/01/2024.",
    2024: "Thực hiện tốt việc sắp xếp, tinh gọn tổ chức bộ máy; bảo đảm hoạt động của các cơ quan trong Khối "
    "thông suốt, không gián đoạn.",
    2025: "Phát động phong trào thi đua thực hiện thắng lợi Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của "
    "Đảng và Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2025 - 2030.",
}

_TMTH_CRITERIA = [
    ("Thực hiện nhiệm vụ chính trị, chuyên môn được giao; chất lượng tham mưu cho Tỉnh ủy, HĐND, UBND tỉnh", 40),
    ("Cải cách hành chính, chuyển đổi số; thực hành tiết kiệm, chống lãng phí", 15),
    ("Tổ chức phong trào thi đua; phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 15),
    ("Thực hiện công tác khen thưởng kịp thời, chính xác, đúng quy định", 10),
    ("Xây dựng tổ chức Đảng, cơ quan, đoàn thể trong sạch, vững mạnh", 10),
    ("Tham gia các hoạt động chung của Khối; thực hiện chế độ thông tin, báo cáo", 10),
]
_NC_CRITERIA = [
    ("Thực hiện nhiệm vụ chính trị được giao; góp phần bảo đảm an ninh chính trị, trật tự an toàn xã hội", 40),
    ("Phòng, chống tham nhũng, tiêu cực; thực hiện kỷ luật, kỷ cương hành chính", 15),
    ("Cải cách hành chính, cải cách tư pháp, chuyển đổi số", 10),
    ("Tổ chức phong trào thi đua và công tác khen thưởng", 15),
    ("Xây dựng lực lượng, tổ chức Đảng, đoàn thể trong sạch, vững mạnh", 10),
    ("Tham gia hoạt động chung của Khối; phối hợp giữa các cơ quan nội chính", 10),
]
_VHXH_CRITERIA = [
    ("Thực hiện nhiệm vụ chính trị, chuyên môn được giao", 35),
    ("Thực hiện chính sách an sinh xã hội; chăm lo đời sống cán bộ, người lao động", 15),
    ("Cải cách hành chính, ứng dụng công nghệ thông tin, chuyển đổi số", 10),
    ("Tổ chức phong trào thi đua; xây dựng và nhân rộng điển hình tiên tiến", 15),
    ("Tham gia các hoạt động văn hóa, văn nghệ, thể dục thể thao của Khối", 10),
    ("Xây dựng tổ chức Đảng, cơ quan, đoàn thể trong sạch, vững mạnh", 10),
    ("Thực hiện chế độ thông tin, báo cáo", 5),
]
_INNOVATION = ("Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số theo Nghị quyết số 57-NQ/TW", 10)


def _variant(base: list[tuple[str, int]], *, index: int, title: str) -> list[tuple[str, int]]:
    """The base criteria with one title changed (same points)."""
    return [(title, points) if i == index else (old, points) for i, (old, points) in enumerate(base)]


def _with_innovation(base: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """2026: a criterion on Resolution 57 is added, its 10 points taken from the first criterion."""
    (first_title, first_points), *rest = base
    return [(first_title, first_points - _INNOVATION[1]), *rest, _INNOVATION]


def _criteria_by_year(base: list[tuple[str, int]], *, index: int, title: str) -> dict[int, list[tuple[str, int]]]:
    """The criteria of each year: from 2025 one of them names the reorganisation, 2026 adds innovation."""
    reorganised = _variant(base, index=index, title=title)
    return {2023: base, 2024: base, 2025: reorganised, 2026: _with_innovation(reorganised)}


# Each bloc: members (agency, from year, to year), leadership by year (chair, vice-chair) — 2024 on elected at
# the previous year's review —, ranking by year (best first; the scores follow it), absentees at the
# year-end review, proposals by year as (award, nominee, votes), the meeting calendar and the texts.
# votes: ("tally", for, against, abstain) — ``for`` None means every agency present —, ("ballots", {agency:
# vote}) where agencies present and not listed vote for, or ("both", (for, against, abstain), {agency: vote}).
BLOCS = [
    {
        "code": "TMTH",
        "name": "Khối thi đua các cơ quan Tham mưu - Tổng hợp",
        "short_name": "KTĐ",
        "members": [
            ("VP-HDND", 2017, None),
            ("VP-UBND", 2017, None),
            ("SKHDT", 2017, None),
            ("STC", 2017, None),
            ("SNGV", 2017, None),
            ("BDT", 2017, None),
            ("CHQ", 2017, None),
            ("CT", 2017, None),
            ("CTK", 2017, None),
            ("KBNN", 2017, None),
            ("NHNN", 2017, None),
        ],
        "leadership": {2023: ("CHQ", "KBNN"), 2024: ("KBNN", "CT"), 2025: ("CT", "STC"), 2026: ("STC", "VP-UBND")},
        "ranking": {
            2023: ["VP-UBND", "STC", "KBNN", "CT", "VP-HDND", "SKHDT", "CHQ", "NHNN", "BDT", "CTK", "SNGV"],
            2024: ["STC", "VP-HDND", "CT", "KBNN", "VP-UBND", "CHQ", "SKHDT", "BDT", "NHNN", "SNGV", "CTK"],
            2025: ["KBNN", "CT", "STC", "VP-UBND", "VP-HDND", "NHNN", "CHQ", "CTK", "BDT", "SNGV"],
        },
        "absent": {2023: [], 2024: ["CHQ"], 2025: ["NHNN", "CTK"]},
        "mid_year_absent": {2024: ["SNGV"], 2026: ["BDT"]},
        "proposals": {
            2023: [
                ("CO_TINH", "VP-UBND", ("tally", None, 0, 0)),
                ("CO_TINH", "STC", ("tally", 5, 4, 2)),
                ("BK_TINH", "STC", ("ballots", {})),
                ("BK_TINH", "KBNN", ("tally", 10, 0, 1)),
            ],
            2024: [
                ("CO_CP", "STC", ("ballots", {})),
                ("CO_TINH", "VP-HDND", ("tally", None, 0, 0)),
                ("BK_TINH", "CT", ("ballots", {"SNGV": "abstain"})),
                ("BK_TINH", "KBNN", ("tally", None, 0, 0)),
            ],
            2025: [
                ("CO_TINH", "KBNN", ("tally", None, 0, 0)),
                (
                    "CO_TINH",
                    "CT",
                    ("ballots", {"VP-HDND": "against", "SNGV": "against", "BDT": "against", "CHQ": "abstain"}),
                ),
                ("BK_TINH", "STC", ("tally", None, 0, 0)),
                ("BK_TINH", "VP-UBND", ("ballots", {"CHQ": "abstain"})),
            ],
        },
        # The bloc signs next year's pledge at its year-end review, held early in January (as in the seed).
        "pledge_at_year_end": True,
        "pledge_signing": {2023: datetime.date(2023, 1, 10)},
        "mid_year": {
            2023: datetime.date(2023, 7, 14),
            2024: datetime.date(2024, 7, 12),
            2025: datetime.date(2025, 7, 15),
            2026: datetime.date(2026, 7, 15),
        },
        "year_end": {
            2023: datetime.date(2024, 1, 5),
            2024: datetime.date(2025, 1, 7),
            2025: datetime.date(2026, 1, 8),
        },
        "draft": [("mid_year_review", 2026)],
        "other": [
            {
                "year": 2025,
                "held_on": datetime.date(2025, 3, 20),
                "title": "Hội nghị triển khai công tác thi đua, khen thưởng sau sắp xếp tổ chức bộ máy",
                "report": "Thực hiện Nghị quyết của HĐND tỉnh về thành lập, tổ chức lại các cơ quan chuyên môn thuộc "
                "UBND tỉnh, Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính từ ngày 01/3/2025. Hội nghị thống "
                "nhất: Sở Tài chính kế thừa giao ước thi đua năm 2025 và các chỉ tiêu của Sở Kế hoạch và Đầu tư; "
                "Khối tiếp tục hoạt động với 10 thành viên; hồ sơ, kết quả thi đua của các năm trước được giữ nguyên.",
                "directions": [
                    "Sở Tài chính cập nhật đầu mối phụ trách công tác thi đua, khen thưởng và gửi Trưởng khối "
                    "trước ngày 31/3/2025.",
                    "Các đơn vị rà soát, điều chỉnh kế hoạch thi đua năm 2025 phù hợp với chức năng, nhiệm vụ sau "
                    "sắp xếp.",
                ],
            },
        ],
        "criteria": _criteria_by_year(
            _TMTH_CRITERIA, index=1, title="Sắp xếp, tinh gọn tổ chức bộ máy; cải cách hành chính, chuyển đổi số"
        ),
        "focus": "tập trung tham mưu điều hành ngân sách, thu hút đầu tư, thu ngân sách và cải cách hành chính",
        "achievements": {
            2023: "Các cơ quan trong Khối đã chủ động tham mưu Tỉnh ủy, HĐND, UBND tỉnh nhiều giải pháp thúc đẩy tăng "
            "trưởng kinh tế, tháo gỡ khó khăn cho sản xuất, kinh doanh; thu ngân sách nhà nước trên địa bàn đạt dự "
            "toán; giải ngân vốn đầu tư công được chỉ đạo quyết liệt. Phong trào thi đua gắn với nhiệm vụ chuyên "
            "môn của từng cơ quan; mỗi đơn vị đều có điển hình tiên tiến được biểu dương.",
            2024: "Các cơ quan trong Khối đã kịp thời quán triệt Luật Thi đua, khen thưởng năm 2022 và các văn bản "
            "hướng dẫn; tham mưu hoàn thành các chỉ tiêu chủ yếu về phát triển kinh tế - xã hội của tỉnh; đẩy mạnh "
            "cải cách hành chính, chuyển đổi số, xử lý hồ sơ công việc trên môi trường mạng. Khối tổ chức thành "
            "công các hoạt động giao lưu văn hóa, thể thao chào mừng các ngày lễ lớn.",
            2025: "Trong bối cảnh sắp xếp, tinh gọn tổ chức bộ máy, Sở Kế hoạch và Đầu tư được hợp nhất vào Sở Tài "
            "chính từ ngày 01/3/2025; các cơ quan trong Khối vừa ổn định tổ chức vừa bảo đảm hoạt động thông suốt. "
            "Công tác tham mưu điều hành ngân sách, thu hút đầu tư, thống kê, thuế, hải quan, kho bạc và tiền tệ "
            "đạt kết quả tích cực, góp phần hoàn thành Kế hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025.",
        },
        "shortcomings": {
            2023: "Một số đơn vị chưa gửi báo cáo thi đua đúng thời hạn; việc phát hiện, bồi dưỡng điển hình tiên tiến "
            "ở một số cơ quan còn hình thức; phối hợp giữa các thành viên trong Khối có lúc chưa thường xuyên.",
            2024: "Việc triển khai một số quy định mới của Luật Thi đua, khen thưởng năm 2022 còn lúng túng; hồ sơ đề "
            "nghị khen thưởng ở một vài đơn vị phải bổ sung nhiều lần; tỷ lệ khen thưởng người lao động trực tiếp "
            "còn thấp.",
            2025: "Việc sắp xếp tổ chức bộ máy làm thay đổi nhân sự phụ trách công tác thi đua ở một số đơn vị, ảnh "
            "hưởng đến tiến độ báo cáo; một số hoạt động chung của Khối phải lùi thời gian tổ chức.",
        },
        "directions": [
            "Tiếp tục đổi mới nội dung, hình thức tổ chức các phong trào thi đua, gắn với nhiệm vụ chính trị của "
            "từng cơ quan, đơn vị.",
            "Thường xuyên phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến; mỗi đơn vị thành viên có ít nhất một "
            "điển hình tiêu biểu.",
            "Thực hiện nghiêm chế độ thông tin, báo cáo; gửi hồ sơ đề nghị khen thưởng đúng thời hạn, đúng quy định.",
            "Đẩy mạnh các hoạt động văn hóa, thể thao, giao lưu giữa các cơ quan trong Khối.",
        ],
    },
    {
        "code": "NC",
        "name": "Khối thi đua Nội chính",
        "short_name": "KTĐNC",
        "members": [
            ("SNV", 2019, None),
            ("STP", 2019, None),
            ("CA", 2019, None),
            ("BCHQS", 2019, None),
            ("BDBP", 2019, None),
            ("TTR", 2019, None),
            ("CTHADS", 2019, None),
            ("TAND", 2019, None),
            ("VKSND", 2019, None),
        ],
        "leadership": {2023: ("TTR", "STP"), 2024: ("STP", "CA"), 2025: ("CA", "TAND"), 2026: ("TAND", "VKSND")},
        "ranking": {
            2023: ["CA", "SNV", "BCHQS", "TTR", "VKSND", "STP", "TAND", "BDBP", "CTHADS"],
            2024: ["BCHQS", "CA", "SNV", "STP", "TAND", "CTHADS", "VKSND", "TTR", "BDBP"],
            2025: ["SNV", "BDBP", "CA", "VKSND", "BCHQS", "STP", "TTR", "TAND", "CTHADS"],
        },
        "absent": {2023: ["TAND"], 2024: [], 2025: ["BCHQS", "CA"]},
        "mid_year_absent": {2023: ["BDBP"], 2025: ["VKSND"]},
        "proposals": {
            2023: [
                ("CO_CP", "CA", ("tally", None, 0, 0)),
                ("CO_TINH", "SNV", ("ballots", {})),
                ("BK_TINH", "BCHQS", ("tally", 7, 0, 1)),
            ],
            2024: [
                ("CO_TINH", "BCHQS", ("ballots", {})),
                ("CO_TINH", "CA", ("tally", 8, 1, 0)),
                ("BK_TINH", "SNV", ("both", (8, 1, 0), {"TTR": "against"})),
            ],
            2025: [
                ("CO_TINH", "SNV", ("tally", None, 0, 0)),
                ("CO_TINH", "BDBP", ("tally", 3, 2, 2)),
                ("BK_TINH", "BDBP", ("ballots", {"STP": "abstain"})),
            ],
        },
        "pledge_at_year_end": False,
        "pledge_signing": {
            2023: datetime.date(2023, 1, 12),
            2024: datetime.date(2024, 1, 11),
            2025: datetime.date(2025, 1, 10),
            2026: datetime.date(2026, 1, 13),
        },
        "mid_year": {
            2023: datetime.date(2023, 7, 18),
            2024: datetime.date(2024, 7, 17),
            2025: datetime.date(2025, 7, 17),
            2026: datetime.date(2026, 7, 16),
        },
        "year_end": {
            2023: datetime.date(2023, 12, 22),
            2024: datetime.date(2024, 12, 20),
            2025: datetime.date(2025, 12, 19),
        },
        "draft": [],
        "other": [],
        "criteria": _criteria_by_year(
            _NC_CRITERIA, index=2, title="Sắp xếp tổ chức bộ máy; cải cách hành chính, cải cách tư pháp, chuyển đổi số"
        ),
        "focus": "tập trung bảo đảm an ninh chính trị, trật tự an toàn xã hội, giải quyết khiếu nại, tố cáo, xét xử "
        "các loại án và thi hành án dân sự",
        "achievements": {
            2023: "Các cơ quan trong Khối đã phối hợp chặt chẽ, giữ vững an ninh chính trị, trật tự an toàn xã hội "
            "trên địa bàn tỉnh; kéo giảm tội phạm về trật tự xã hội; hoàn thành chỉ tiêu tuyển chọn, gọi công dân "
            "nhập ngũ; tỷ lệ giải quyết, xét xử các loại án và thi hành án dân sự đạt và vượt chỉ tiêu được giao.",
            2024: 'Khối đã thực hiện hiệu quả phong trào "Toàn dân bảo vệ an ninh Tổ quốc" và phong trào Thi đua '
            "Quyết thắng; công tác thanh tra, giải quyết khiếu nại, tố cáo, phòng, chống tham nhũng, tiêu cực được "
            "tăng cường; công tác xây dựng, thẩm định văn bản quy phạm pháp luật bảo đảm chất lượng, đúng tiến độ.",
            2025: "Các cơ quan trong Khối đã hoàn thành việc sắp xếp tổ chức bộ máy, triển khai mô hình chính quyền "
            "địa phương hai cấp từ ngày 01/7/2025; Sở Nội vụ tiếp nhận lĩnh vực lao động, người có công và xã hội "
            "từ Sở Lao động - Thương binh và Xã hội, bảo đảm hoạt động thông suốt; an ninh chính trị, trật tự an "
            "toàn xã hội được giữ vững, phục vụ an toàn đại hội Đảng bộ các cấp.",
        },
        "shortcomings": {
            2023: "Tội phạm sử dụng công nghệ cao, lừa đảo chiếm đoạt tài sản còn diễn biến phức tạp; số việc thi "
            "hành án có điều kiện chuyển kỳ sau còn nhiều; việc nhân rộng điển hình tiên tiến ở một số đơn vị chưa "
            "kịp thời.",
            2024: "Một số vụ việc khiếu nại kéo dài chưa được giải quyết dứt điểm; ứng dụng công nghệ thông tin trong "
            "công tác thi đua, khen thưởng còn hạn chế; trao đổi thông tin giữa các thành viên có lúc chưa kịp thời.",
            2025: "Khối lượng công việc lớn trong thời gian sắp xếp bộ máy khiến một số hoạt động thi đua chung của "
            "Khối chưa được tổ chức đầy đủ; nhân sự làm công tác thi đua, khen thưởng ở một số đơn vị thay đổi.",
        },
        "directions": [
            "Tiếp tục quán triệt Chỉ thị số 34-CT/TW của Bộ Chính trị về tiếp tục đổi mới công tác thi đua, khen "
            "thưởng; tổ chức thi đua gắn với nhiệm vụ chuyên môn của từng cơ quan.",
            "Phối hợp chặt chẽ giữa các cơ quan nội chính trong giữ vững an ninh chính trị, trật tự an toàn xã hội.",
            "Biểu dương kịp thời tập thể, cá nhân có thành tích xuất sắc, đột xuất; kiểm điểm nghiêm túc tập thể, "
            "cá nhân không hoàn thành nhiệm vụ.",
            "Thường xuyên trao đổi thông tin trong tổ chức các hoạt động thi đua của Khối.",
        ],
    },
    {
        "code": "VHXH",
        "name": "Khối thi đua Văn hóa - Xã hội",
        "short_name": "KTĐVHXH",
        "members": [
            ("SGDDT", 2019, None),
            ("SYT", 2019, None),
            ("SVHTTDL", 2019, None),
            ("SLDTBXH", 2019, 2024),
            ("SKHCN", 2019, None),
            ("STTTT", 2019, None),
            ("DPTTH", 2019, None),
            ("BQN", 2019, None),
            ("DHPVD", 2019, None),
            ("BHXH", 2019, None),
        ],
        "leadership": {
            2023: ("SYT", "SGDDT"),
            2024: ("SGDDT", "DPTTH"),
            2025: ("DPTTH", "SVHTTDL"),
            2026: ("SVHTTDL", "SKHCN"),
        },
        "ranking": {
            2023: ["SGDDT", "SYT", "BHXH", "DPTTH", "SLDTBXH", "SKHCN", "SVHTTDL", "STTTT", "BQN", "DHPVD"],
            2024: ["SYT", "BHXH", "SGDDT", "SLDTBXH", "DPTTH", "STTTT", "SVHTTDL", "DHPVD", "SKHCN", "BQN"],
            2025: ["BHXH", "SGDDT", "DPTTH", "SYT", "SKHCN", "SVHTTDL", "BQN", "DHPVD"],
        },
        "absent": {2023: ["BQN"], 2024: [], 2025: ["DHPVD"]},
        "mid_year_absent": {2024: ["DHPVD", "BQN"], 2026: ["SYT"]},
        "proposals": {
            2023: [
                ("CO_TINH", "SGDDT", ("ballots", {})),
                ("BK_TINH", "SYT", ("tally", None, 0, 0)),
                ("BK_TINH", "BHXH", ("tally", 8, 0, 1)),
            ],
            2024: [
                ("CO_TINH", "SYT", ("tally", None, 0, 0)),
                ("BK_TINH", "BHXH", ("ballots", {})),
                ("BK_TINH", "SLDTBXH", ("tally", 6, 3, 1)),
            ],
            2025: [
                ("CO_CP", "BHXH", ("ballots", {})),
                ("CO_TINH", "SGDDT", ("tally", None, 0, 0)),
                ("BK_TINH", "DPTTH", ("tally", 3, 1, 3)),
            ],
        },
        "pledge_at_year_end": False,
        "pledge_signing": {
            2023: datetime.date(2023, 1, 13),
            2024: datetime.date(2024, 1, 12),
            2025: datetime.date(2025, 1, 14),
            2026: datetime.date(2026, 1, 15),
        },
        "mid_year": {
            2023: datetime.date(2023, 7, 21),
            2024: datetime.date(2024, 7, 19),
            2025: datetime.date(2025, 7, 22),
            2026: datetime.date(2026, 7, 21),
        },
        "year_end": {
            2023: datetime.date(2023, 12, 27),
            2024: datetime.date(2024, 12, 26),
            2025: datetime.date(2025, 12, 23),
        },
        "draft": [],
        "other": [
            {
                "year": 2024,
                "held_on": datetime.date(2024, 10, 18),
                "title": "Hội nghị giao lưu, trao đổi kinh nghiệm xây dựng điển hình tiên tiến",
                "host": "DHPVD",
                "report": "Các đơn vị trong Khối trao đổi kinh nghiệm phát hiện, bồi dưỡng và nhân rộng điển hình "
                "tiên tiến trong ngành giáo dục, y tế, báo chí và bảo hiểm xã hội; giới thiệu 12 tập thể, cá nhân "
                'tiêu biểu trong phong trào thi đua "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại '
                'phía sau".',
                "directions": [
                    "Mỗi đơn vị lựa chọn ít nhất một điển hình tiên tiến để tuyên truyền trên Báo Quảng Ngãi và Đài "
                    "Phát thanh - Truyền hình tỉnh.",
                ],
            },
        ],
        "criteria": _criteria_by_year(
            _VHXH_CRITERIA, index=2, title="Sắp xếp tổ chức bộ máy; cải cách hành chính, chuyển đổi số"
        ),
        "focus": "tập trung hoàn thành nhiệm vụ năm học, khám, chữa bệnh, an sinh xã hội và tổ chức các hoạt động "
        "văn hóa, thể thao, thông tin, tuyên truyền",
        "achievements": {
            2023: "Các đơn vị trong Khối đã hoàn thành tốt nhiệm vụ chuyên môn: chất lượng giáo dục toàn diện được "
            "nâng lên; công tác khám, chữa bệnh và y tế dự phòng được bảo đảm; chính sách an sinh xã hội, chăm lo "
            "người có công được thực hiện đầy đủ, kịp thời; hoạt động văn hóa, thể thao, du lịch và thông tin, "
            "tuyên truyền phục vụ tốt các nhiệm vụ chính trị của tỉnh.",
            2024: 'Khối đã hưởng ứng phong trào thi đua "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại '
            'phía sau", tham gia xóa nhà tạm, nhà dột nát; tỷ lệ bao phủ bảo hiểm y tế tiếp tục tăng; chuyển đổi '
            "số trong giáo dục, y tế và báo chí có chuyển biến rõ nét; các đơn vị tổ chức thành công nhiều sự kiện "
            "văn hóa, thể thao của tỉnh.",
            2025: "Sau sắp xếp, Sở Khoa học và Công nghệ tiếp nhận chức năng, nhiệm vụ của Sở Thông tin và Truyền "
            "thông; lĩnh vực lao động, người có công và xã hội chuyển về Sở Nội vụ. Các đơn vị trong Khối vừa ổn "
            "định tổ chức vừa hoàn thành nhiệm vụ; hoàn thành chương trình xóa nhà tạm, nhà dột nát; triển khai "
            "Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
        },
        "shortcomings": {
            2023: "Cơ sở vật chất trường học, trạm y tế ở vùng miền núi còn thiếu; nguồn nhân lực y tế chất lượng cao "
            "còn hạn chế; một số hoạt động chung của Khối chưa thu hút đông đảo cán bộ, viên chức tham gia.",
            2024: "Tình trạng thiếu giáo viên, nhân lực y tế chưa được khắc phục; việc xây dựng điển hình tiên tiến "
            "trong các phong trào thi đua chuyên đề chưa đồng đều giữa các đơn vị.",
            2025: "Việc sắp xếp, bàn giao nhiệm vụ giữa các cơ quan làm chậm một số hoạt động chung; báo cáo thi đua "
            "của một vài đơn vị còn sơ sài, chưa có số liệu minh chứng.",
        },
        "directions": [
            "Tổ chức phong trào thi đua gắn với các nhiệm vụ trọng tâm về giáo dục, y tế, văn hóa, an sinh xã hội "
            "của tỉnh.",
            "Đẩy mạnh chuyển đổi số, cải cách hành chính trong các đơn vị sự nghiệp công lập thuộc Khối.",
            "Tổ chức các hoạt động văn hóa, văn nghệ, thể dục thể thao, giao lưu giữa các đơn vị trong Khối.",
            "Phát hiện, nhân rộng điển hình tiên tiến; đề nghị khen thưởng kịp thời, đúng đối tượng.",
        ],
    },
]
