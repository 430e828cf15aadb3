"""Generate realistic interchange documents of any size (deterministic for a given seed).

One province: ``blocs`` blocs of ``members`` agencies each, over ``years`` emulation years, each year with a
pledge (criteria, signatures, scores), a mid-year review and a year-end review (attendance, 4 proposals voted
by ballots — the second with the minutes' tally as well, and by that tally alone in the second year —, ranking,
election of next year's chair and vice-chair by rotation).

20 blocs × 12 members × 10 years make 800 proposals and 9,040 ballots a province; 34 provinces (bench/national.py)
make 27,200 proposals and 307,360 ballots.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

from interchange import FORMAT

CRITERIA = [
    ("1", "Thực hiện nhiệm vụ chính trị được giao", 30),
    ("2", "Công tác tham mưu, phối hợp trong khối", 15),
    ("3", "Cải cách hành chính, chuyển đổi số", 15),
    ("4", "Xây dựng tổ chức đảng, đoàn thể vững mạnh", 15),
    ("5", "Phong trào thi đua và nhân rộng điển hình tiên tiến", 15),
    ("6", "Văn hóa công sở, kỷ luật, kỷ cương hành chính", 10),
]
SECTORS = ["Sở", "Ban", "Cục", "Chi cục", "Trung tâm", "Văn phòng", "Đài", "Kho bạc"]
FIELDS = ["Tài chính", "Tư pháp", "Nội vụ", "Y tế", "Giáo dục", "Xây dựng", "Công Thương", "Nông nghiệp",
          "Văn hóa", "Thể thao", "Du lịch", "Khoa học", "Công nghệ", "Dân tộc", "Thống kê", "Thuế", "Hải quan",
          "Giao thông", "Môi trường", "Lao động", "Ngoại vụ", "Thanh tra", "Quy hoạch", "Đầu tư"]  # fmt: skip
PEOPLE = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Đặng Thị Hà",
          "Võ Văn Hùng", "Bùi Thị Lan", "Đỗ Văn Minh", "Huỳnh Thị Ngọc", "Phan Văn Phúc", "Ngô Thị Quỳnh"]  # fmt: skip


def province(code: str = "P01", *, blocs: int = 20, members: int = 12, years: int = 10, first_year: int = 2015,
             seed: int = 1, place: str = "Tỉnh Thử") -> dict:  # fmt: skip
    rng = random.Random(seed)
    agencies = []
    bloc_items = []
    for b in range(blocs):
        codes = []
        for m in range(members):
            agency_code = f"{code}-B{b:02d}-A{m:02d}"
            name = f"{rng.choice(SECTORS)} {rng.choice(FIELDS)} {b * members + m + 1}"
            agencies.append({"code": agency_code, "name": name})
            codes.append(agency_code)
        bloc_items.append(_bloc(rng, code, b, codes, first_year, years))
    return {
        "format": FORMAT,
        "organizer": {
            "code": code,
            "name": f"Ủy ban nhân dân {place}",
            "short_name": f"UBND {place}",
            "place_name": place,
            "board_name": f"Ban Thi đua - Khen thưởng {place}",
        },
        "agencies": agencies,
        "blocs": bloc_items,
    }


def _bloc(rng: random.Random, province_code: str, index: int, codes: list[str], first_year: int, years: int) -> dict:
    n = len(codes)
    leadership = [{"year": first_year, "chair": codes[0], "vice_chair": codes[1]}]
    meetings = []
    pledges = []
    scores = []
    for offset in range(years):
        year = first_year + offset
        pledges.append({
            "year": year,
            "signed_on": f"{year}-01-{10 + index % 15:02d}",
            "criteria": [{"code": c, "title": t, "max_points": p} for c, t, p in CRITERIA],
            "signatories": [{"agency": a, "signer": rng.choice(PEOPLE), "title": "Giám đốc"} for a in codes],
        })  # fmt: skip
        totals = {}
        for agency in codes:
            total = 0
            for criterion, _title, points in CRITERIA:
                value = round(points * rng.uniform(0.7, 1.0), 1)
                total += value
                scores.append({"year": year, "agency": agency, "criterion": criterion, "points": value})
            totals[agency] = total
        meetings.append({
            "kind": "mid_year_review", "year": year, "held_on": f"{year}-07-{5 + index % 20:02d}",
            "start_time": "08:00", "end_time": "11:00", "title": f"Hội nghị sơ kết 6 tháng đầu năm {year}",
            "venue": "Hội trường đơn vị trưởng khối", "host": codes[offset % n],
            "attendance": [{"agency": a, "present": True} for a in codes],
            "report": "Sáu tháng đầu năm, các đơn vị trong khối đã triển khai tốt phong trào thi đua. " * 5,
            "directions": ["Tiếp tục đẩy mạnh phong trào thi đua sáu tháng cuối năm."],
        })  # fmt: skip
        chair_index = offset % n
        absent = {codes[(chair_index + 5) % n]} if offset % 3 == 0 else set()
        present = [a for a in codes if a not in absent]
        ranked = sorted(codes, key=lambda a: -totals[a])
        proposals = [{"agency": ranked[0], "award": "CO_TINH"}, {"agency": ranked[1], "award": "BK_TINH"},
                     {"agency": ranked[2], "award": "BK_TINH"}]  # fmt: skip
        if offset % 2 == 0:
            proposals.insert(0, {"agency": ranked[0], "award": "CO_CP"})
        elif offset % 4 == 1:
            proposals.append({"agency": ranked[-1], "award": "TTLDXS"})
        else:
            proposals.append({"agency": ranked[3 % n], "award": "BK_TTG"})
        for p, proposal in enumerate(proposals):
            if p == 1 and offset == 1:  # the bloc's one tally without ballots (the minutes give the count)
                proposal["votes"] = {"for": len(present) - 1, "against": 1, "abstain": 0}
                continue
            votes = ["for"] * (len(present) - p % 3) + ["against"] * (p % 3)
            if proposal["award"] == "TTLDXS":  # a proposal that fails
                votes = ["against"] * (len(present) // 2 + 1) + ["for"] * (len(present) - len(present) // 2 - 1)
            proposal["ballots"] = [{"agency": a, "vote": v} for a, v in zip(present, votes, strict=True)]
            if p == 1:  # the minutes' tally as well, which must match the ballots
                proposal["votes"] = {"for": votes.count("for"), "against": votes.count("against"), "abstain": 0}
        next_chair = codes[(chair_index + 1) % n]
        next_vice = codes[(chair_index + 2) % n]
        meetings.append({
            "kind": "year_end_review", "year": year, "held_on": f"{year + 1}-01-{5 + index % 20:02d}",
            "start_time": "08:00", "end_time": "11:30",
            "title": f"Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}",
            "venue": "Hội trường đơn vị trưởng khối", "host": codes[chair_index],
            "presiding": [{"name": rng.choice(PEOPLE), "title": "Giám đốc", "agency": codes[chair_index]}],
            "secretary": {"name": rng.choice(PEOPLE), "title": "Chuyên viên", "agency": codes[chair_index]},
            "guests": [{"name": rng.choice(PEOPLE), "title": "Phó Trưởng ban",
                        "organization": "Ban Thi đua - Khen thưởng tỉnh"}],
            "attendance": [{"agency": a, "present": a not in absent, "representative": rng.choice(PEOPLE),
                            "title": "Phó Giám đốc"} for a in codes],
            "report": "Năm qua, các đơn vị trong khối đã hoàn thành tốt nhiệm vụ được giao. " * 8,
            "shortcomings": "Một số đơn vị còn chậm gửi báo cáo.",
            "directions": ["Tiếp tục đổi mới công tác thi đua, khen thưởng.",
                           "Nâng cao chất lượng chấm điểm, bình xét."],
            "proposals": proposals,
            "election": {"for_year": year + 1, "chair": next_chair, "vice_chair": next_vice},
            "ranking": [{"agency": a, "rank": r} for r, a in enumerate(ranked, start=1)],
            "pledge_year": year + 1,
        })  # fmt: skip
    return {
        "code": f"K{index:02d}",
        "name": f"Khối thi đua số {index + 1} — {province_code}",
        "short_name": "KTĐ",
        "kind": "bloc" if index % 4 else "cluster",
        "memberships": [{"agency": a, "from_year": first_year, "to_year": None} for a in codes],
        "leadership": leadership,
        "pledges": pledges,
        "scores": scores,
        "meetings": meetings,
    }


def counts(document: dict) -> dict[str, int]:
    meetings = [m for b in document["blocs"] for m in b["meetings"]]
    proposals = [p for m in meetings for p in m.get("proposals", [])]
    return {
        "agencies": len(document["agencies"]),
        "blocs": len(document["blocs"]),
        "meetings": len(meetings),
        "proposals": len(proposals),
        "ballots": sum(len(p.get("ballots", [])) for p in proposals),
        "scores": sum(len(b.get("scores", [])) for b in document["blocs"]),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--code", default="P01")
    parser.add_argument("--blocs", type=int, default=20)
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    document = province(args.code, blocs=args.blocs, members=args.members, years=args.years, seed=args.seed)
    json.dump(document, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
