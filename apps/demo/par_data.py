"""The demo PAR criteria sets, as data: one outline for both groups of units, modelled on the
national method (Decision 876/QĐ-BNV: 8 areas) and on provincial sets of 2024-2025.

Each leaf carries its maximum for departments (`d`) and for communes (`c`); None leaves it out
of that group's set. Parents are sums of what they keep, so the departments' areas add up to
80 points (plus 20 from the survey) and the communes' to 70 (plus 30), with a bonus area and a
penalty area (3 points each, capped) for communes. Codes are given by position when a set is
built (apps.demo.par_services). Every figure here is demo data an administrator can change.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

D = Decimal

# --- scoring methods (stored JSON, validated by apps.par.scoring.parse_method) ------------------


def manual(step: str = "0.25") -> dict[str, Any]:
    return {"type": "manual", "step": step}


DONE: dict[str, Any] = {"type": "done"}


def tiers(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"type": "tiers", "tiers": [{"min_ratio": r, "share": s} for r, s in pairs]}


def proportional(full_at: str = "1") -> dict[str, Any]:
    return {"type": "proportional", "full_at": full_at}


def deduction(per: str, floor: str = "0") -> dict[str, Any]:
    return {"type": "deduction", "per_occurrence": per, "floor": floor}


def metric(key: str, then: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "metric", "metric": key, **({"then": then} if then else {})}


# The usual "100 %: full points; 80 % to under 100 %: half; below: nothing".
FULL_OR_HALF = tiers(("1", "1"), ("0.8", "0.5"))


@dataclass(frozen=True)
class L:
    """A leaf criterion: what a unit scores and proves."""

    name: str
    d: str | None  # maximum for departments, None = not in their set
    c: str | None  # maximum for communes
    method: dict[str, Any]
    evidence: bool = False
    guidance: str = ""


@dataclass(frozen=True)
class C:
    """A criterion with sub-criteria."""

    name: str
    subs: list[L]
    guidance: str = ""


@dataclass(frozen=True)
class A:
    """An area (lĩnh vực)."""

    name: str
    items: list[C | L]
    kind: str = "normal"
    groups: str = "dc"  # which groups' sets hold it
    guidance: str = field(default="")


AREAS: list[A] = [
    A(
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        [
            C(
                "Kế hoạch cải cách hành chính năm",
                [
                    L(
                        "Ban hành kế hoạch CCHC năm đúng thời hạn theo hướng dẫn của UBND tỉnh",
                        "1",
                        "1",
                        DONE,
                        True,
                        "Đính kèm quyết định ban hành kế hoạch CCHC năm (có số, ngày ban hành). "
                        "Ban hành sau thời hạn quy định: không đạt.",
                    ),
                    L(
                        "Mức độ hoàn thành kế hoạch CCHC năm",
                        "1.5",
                        "1.5",
                        FULL_OR_HALF,
                        True,
                        "Nhập tỷ lệ nhiệm vụ hoàn thành / tổng nhiệm vụ của kế hoạch (ví dụ 0,95). 100 %: điểm tối đa; "
                        "từ 80 % đến dưới 100 %: 1/2 số điểm; dưới 80 %: 0. "
                        "Đính kèm báo cáo kết quả thực hiện kế hoạch.",
                    ),
                    L(
                        "Kế hoạch xác định rõ nhiệm vụ, sản phẩm, thời hạn và kinh phí thực hiện",
                        "0.5",
                        "0.5",
                        manual(),
                        False,
                        "Tự chấm theo mức độ cụ thể của kế hoạch; nêu những nhiệm vụ chưa xác định rõ sản phẩm.",
                    ),
                ],
            ),
            C(
                "Báo cáo cải cách hành chính",
                [
                    L(
                        "Báo cáo CCHC định kỳ (quý, 6 tháng, năm) đầy đủ về nội dung và đúng thời hạn",
                        "1",
                        "1",
                        deduction("0.25"),
                        True,
                        "Nhập số báo cáo gửi muộn hoặc thiếu nội dung; trừ 0,25 điểm mỗi báo cáo. "
                        "Đính kèm các báo cáo và văn bản gửi (có ngày gửi trên hệ thống quản lý văn bản).",
                    ),
                ],
            ),
            C(
                "Kiểm tra công tác cải cách hành chính",
                [
                    L(
                        "Ban hành kế hoạch kiểm tra CCHC đối với các cơ quan, đơn vị trực thuộc",
                        "0.5",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm kế hoạch kiểm tra CCHC năm.",
                    ),
                    L(
                        "Tỷ lệ cơ quan, đơn vị được kiểm tra theo kế hoạch",
                        "0.75",
                        "0.5",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ đơn vị đã kiểm tra / số đơn vị trong kế hoạch. "
                        "Đính kèm thông báo kết luận kiểm tra.",
                    ),
                    L(
                        "Xử lý các vấn đề phát hiện qua kiểm tra",
                        "0.75",
                        "0.5",
                        proportional("1"),
                        True,
                        "Nhập tỷ lệ vấn đề đã xử lý hoặc kiến nghị xử lý / tổng số vấn đề phát hiện; "
                        "điểm tỷ lệ thuận. Đính kèm văn bản chỉ đạo xử lý.",
                    ),
                ],
            ),
            C(
                "Công tác tuyên truyền cải cách hành chính",
                [
                    L(
                        "Ban hành kế hoạch tuyên truyền CCHC năm",
                        "0.5",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm kế hoạch tuyên truyền (có thể lồng ghép trong kế hoạch CCHC).",
                    ),
                    L(
                        "Mức độ thực hiện kế hoạch tuyên truyền CCHC",
                        "0.5",
                        "0.5",
                        manual(),
                        False,
                        "Nêu các hình thức đã thực hiện: chuyên mục trên cổng thông tin, hội nghị, pano, mạng xã hội.",
                    ),
                ],
            ),
            L(
                "Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao",
                "1.5",
                "1",
                metric("directives.on_time_rate", tiers(("1", "1"), ("0.9", "0.75"), ("0.8", "0.5"))),
                False,
                "Điểm tự tính từ Hệ thống theo dõi nhiệm vụ: 100 % nhiệm vụ hoàn thành đúng hạn: tối đa; "
                "từ 90 %: 3/4; từ 80 %: 1/2; dưới 80 %: 0.",
            ),
            L(
                "Sáng kiến, giải pháp mới trong chỉ đạo, điều hành CCHC",
                "0.5",
                "0.5",
                manual("0.5"),
                True,
                "Đính kèm quyết định công nhận sáng kiến hoặc văn bản triển khai giải pháp.",
            ),
        ],
    ),
    A(
        "Cải cách thể chế",
        [
            C(
                "Xây dựng, ban hành văn bản quy phạm pháp luật",
                [
                    L(
                        "Mức độ hoàn thành kế hoạch xây dựng văn bản QPPL được giao chủ trì, tham mưu",
                        "1",
                        "1",
                        FULL_OR_HALF,
                        True,
                        "Nhập tỷ lệ văn bản đã trình / số văn bản trong chương trình. Đính kèm danh mục văn bản "
                        "và tờ trình.",
                    ),
                    L(
                        "Thực hiện đúng quy trình lấy ý kiến, thẩm định, thẩm tra dự thảo văn bản QPPL",
                        "1",
                        "0.75",
                        manual(),
                        False,
                        "Tự chấm; nêu văn bản chưa thực hiện đầy đủ quy trình (nếu có).",
                    ),
                ],
            ),
            C(
                "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
                [
                    L(
                        "Ban hành kế hoạch rà soát, hệ thống hóa văn bản QPPL",
                        "0.5",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm kế hoạch rà soát.",
                    ),
                    L(
                        "Xử lý hoặc kiến nghị xử lý kết quả rà soát",
                        "1",
                        "0.75",
                        proportional("1"),
                        False,
                        "Nhập tỷ lệ văn bản đã xử lý / số văn bản phải xử lý sau rà soát; điểm tỷ lệ thuận.",
                    ),
                ],
            ),
            C(
                "Kiểm tra, xử lý văn bản quy phạm pháp luật",
                [
                    L(
                        "Tự kiểm tra văn bản do cơ quan tham mưu, ban hành",
                        "0.5",
                        "0.5",
                        DONE,
                        False,
                        "Đạt khi có báo cáo tự kiểm tra văn bản trong năm.",
                    ),
                    L(
                        "Xử lý văn bản trái pháp luật phát hiện qua kiểm tra",
                        "0.75",
                        "0.5",
                        proportional("1"),
                        False,
                        "Nhập tỷ lệ văn bản đã xử lý / số văn bản phát hiện trái pháp luật. Không phát hiện: nhập 1.",
                    ),
                ],
            ),
            C(
                "Theo dõi tình hình thi hành pháp luật",
                [
                    L(
                        "Ban hành kế hoạch theo dõi tình hình thi hành pháp luật",
                        "0.5",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm kế hoạch theo dõi thi hành pháp luật năm.",
                    ),
                    L(
                        "Mức độ hoàn thành kế hoạch theo dõi tình hình thi hành pháp luật",
                        "0.75",
                        "0.5",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ nhiệm vụ hoàn thành của kế hoạch.",
                    ),
                ],
            ),
            C(
                "Phổ biến, giáo dục pháp luật",
                [
                    L(
                        "Ban hành và thực hiện kế hoạch phổ biến, giáo dục pháp luật",
                        "1",
                        "0.5",
                        FULL_OR_HALF,
                        True,
                        "Nhập tỷ lệ hoàn thành kế hoạch PBGDPL. Đính kèm kế hoạch và báo cáo kết quả.",
                    ),
                    L(
                        "Kiểm tra, xử lý vi phạm hành chính trong lĩnh vực quản lý nhà nước của ngành",
                        "1",
                        None,
                        manual(),
                        False,
                        "Tự chấm theo kết quả kiểm tra chuyên ngành và xử lý vi phạm hành chính trong năm.",
                    ),
                    L(
                        "Công tác hòa giải ở cơ sở",
                        None,
                        "0.5",
                        manual(),
                        False,
                        "Nêu số vụ việc hòa giải thành / tổng số vụ việc tiếp nhận.",
                    ),
                ],
            ),
        ],
    ),
    A(
        "Cải cách thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông",
        [
            C(
                "Kiểm soát thủ tục hành chính",
                [
                    L(
                        "Tham mưu công bố danh mục TTHC đúng thời hạn quy định",
                        "1",
                        None,
                        deduction("0.25"),
                        True,
                        "Nhập số quyết định công bố bị chậm so với thời hạn; trừ 0,25 điểm mỗi quyết định. "
                        "Đính kèm các quyết định công bố trong năm.",
                    ),
                    L(
                        "Niêm yết, công khai TTHC đầy đủ tại Bộ phận Một cửa và trên trang thông tin điện tử",
                        None,
                        "1",
                        DONE,
                        True,
                        "Đính kèm ảnh chụp khu vực niêm yết và đường dẫn trang công khai TTHC.",
                    ),
                    L(
                        "Rà soát, đơn giản hóa thủ tục hành chính theo kế hoạch",
                        "1",
                        "0.5",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ TTHC đã rà soát / số TTHC trong kế hoạch rà soát.",
                    ),
                    L(
                        "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về TTHC",
                        "0.5",
                        "0.5",
                        proportional("1"),
                        False,
                        "Nhập tỷ lệ phản ánh, kiến nghị xử lý đúng hạn. Không có phản ánh: nhập 1.",
                    ),
                ],
            ),
            C(
                "Thực hiện cơ chế một cửa, một cửa liên thông",
                [
                    L(
                        "Đưa 100 % TTHC thuộc thẩm quyền vào tiếp nhận, trả kết quả tại Bộ phận Một cửa",
                        "1",
                        "1",
                        DONE,
                        True,
                        "Đính kèm quyết định phê duyệt danh mục TTHC tiếp nhận tại Bộ phận Một cửa.",
                    ),
                    L(
                        "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn",
                        "2",
                        "2.5",
                        metric("onestop.on_time_rate", tiers(("1", "1"), ("0.98", "0.75"), ("0.95", "0.5"))),
                        False,
                        "Điểm tự tính từ Hệ thống thông tin giải quyết TTHC của tỉnh: 100 %: tối đa; từ 98 %: 3/4; "
                        "từ 95 %: 1/2; dưới 95 %: 0.",
                    ),
                    L(
                        "Thực hiện xin lỗi cá nhân, tổ chức khi giải quyết hồ sơ quá hạn",
                        "0.5",
                        "0.5",
                        proportional("1"),
                        True,
                        "Nhập tỷ lệ hồ sơ quá hạn có văn bản xin lỗi. Không có hồ sơ quá hạn: nhập 1. "
                        "Đính kèm các phiếu xin lỗi và hẹn lại ngày trả kết quả.",
                    ),
                    L(
                        "Số hóa hồ sơ, kết quả giải quyết TTHC khi tiếp nhận",
                        "1",
                        "1.5",
                        proportional("0.8"),
                        False,
                        "Nhập tỷ lệ hồ sơ được số hóa; từ 80 % trở lên đạt điểm tối đa.",
                    ),
                    L(
                        "Bố trí công chức làm việc tại Bộ phận Một cửa đúng tiêu chuẩn",
                        None,
                        "1",
                        DONE,
                        True,
                        "Đính kèm quyết định phân công công chức làm việc tại Bộ phận Một cửa.",
                    ),
                ],
            ),
            C(
                "Cung cấp dịch vụ công trực tuyến",
                [
                    L(
                        "Tỷ lệ hồ sơ TTHC được tiếp nhận trực tuyến",
                        "1.5",
                        "1.5",
                        metric("onestop.online_rate", proportional("0.5")),
                        False,
                        "Điểm tự tính: tỷ lệ hồ sơ nộp trực tuyến / tổng hồ sơ tiếp nhận; từ 50 % đạt tối đa.",
                    ),
                    L(
                        "Tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến",
                        "1",
                        "1",
                        proportional("0.5"),
                        False,
                        "Nhập tỷ lệ hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến; từ 50 % đạt tối đa.",
                    ),
                    L(
                        "Tỷ lệ TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình",
                        "1",
                        "0.5",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ TTHC cung cấp toàn trình / số TTHC đủ điều kiện.",
                    ),
                ],
            ),
            L(
                "Tiếp nhận hồ sơ, trả kết quả qua dịch vụ bưu chính công ích",
                "0.5",
                "0.5",
                proportional("0.2"),
                False,
                "Nhập tỷ lệ hồ sơ tiếp nhận hoặc trả kết quả qua bưu chính công ích; từ 20 % đạt tối đa.",
            ),
            L(
                "Kết quả đánh giá chất lượng phục vụ theo Bộ chỉ số chỉ đạo, điều hành (Quyết định 766/QĐ-TTg)",
                "1",
                "1",
                manual(),
                True,
                "Tự chấm theo điểm Bộ chỉ số 766 của đơn vị trên Cổng dịch vụ công quốc gia; đính kèm ảnh chụp "
                "kết quả tại thời điểm chấm.",
            ),
        ],
    ),
    A(
        "Cải cách tổ chức bộ máy",
        [
            C(
                "Sắp xếp, kiện toàn tổ chức bộ máy",
                [
                    L(
                        "Thực hiện quy định về chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức",
                        "1",
                        "1",
                        DONE,
                        True,
                        "Đính kèm quyết định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức còn hiệu lực.",
                    ),
                    L(
                        "Sắp xếp, kiện toàn các phòng, đơn vị trực thuộc theo quy định",
                        "1",
                        None,
                        DONE,
                        True,
                        "Đính kèm các quyết định sắp xếp, kiện toàn trong năm.",
                    ),
                    L(
                        "Sắp xếp thôn, tổ dân phố đạt tiêu chuẩn theo quy định",
                        None,
                        "1",
                        DONE,
                        False,
                        "Đạt khi 100 % thôn, tổ dân phố đạt tiêu chuẩn về quy mô số hộ hoặc đã có phương án sắp xếp.",
                    ),
                ],
            ),
            C(
                "Quản lý, sử dụng biên chế",
                [
                    L(
                        "Sử dụng biên chế không vượt số được giao",
                        "1",
                        "1",
                        DONE,
                        False,
                        "Đạt khi số biên chế có mặt không vượt số được giao.",
                    ),
                    L(
                        "Thực hiện tinh giản biên chế theo lộ trình",
                        "1",
                        "1",
                        FULL_OR_HALF,
                        True,
                        "Nhập tỷ lệ tinh giản thực hiện / chỉ tiêu của năm. Đính kèm quyết định tinh giản.",
                    ),
                    L(
                        "Quản lý, sử dụng vị trí việc làm đã được phê duyệt",
                        "0.5",
                        "0.5",
                        manual(),
                        False,
                        "Tự chấm; nêu vị trí việc làm chưa bố trí đúng.",
                    ),
                ],
            ),
            C(
                "Thực hiện phân cấp, ủy quyền",
                [
                    L(
                        "Thực hiện đầy đủ nhiệm vụ được phân cấp, ủy quyền",
                        "1",
                        "0.5",
                        manual(),
                        False,
                        "Tự chấm; nêu nhiệm vụ được phân cấp chưa thực hiện (nếu có).",
                    ),
                    L(
                        "Kiểm tra việc thực hiện nhiệm vụ đã phân cấp cho cấp xã",
                        "1",
                        None,
                        DONE,
                        True,
                        "Đính kèm thông báo kết luận kiểm tra.",
                    ),
                ],
            ),
            L(
                "Duy trì, áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
                "0.5",
                None,
                manual(),
                True,
                "Đính kèm quyết định công bố hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015 của năm.",
            ),
            L(
                "Tỷ lệ TTHC của xã áp dụng Hệ thống quản lý chất lượng TCVN ISO 9001:2015",
                None,
                "1",
                metric("org.iso_commune_share", FULL_OR_HALF),
                False,
                "Điểm tự tính từ số liệu Sở Khoa học và Công nghệ kiểm tra: 100 %: tối đa; từ 80 %: 1/2.",
            ),
        ],
    ),
    A(
        "Cải cách chế độ công vụ",
        [
            C(
                "Vị trí việc làm và cơ cấu ngạch công chức",
                [
                    L(
                        "Xây dựng, cập nhật đề án vị trí việc làm theo quy định",
                        "1",
                        "1",
                        DONE,
                        True,
                        "Đính kèm quyết định phê duyệt (hoặc điều chỉnh) vị trí việc làm.",
                    ),
                    L(
                        "Bố trí công chức theo vị trí việc làm được phê duyệt",
                        "1",
                        "1",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ công chức được bố trí đúng vị trí việc làm.",
                    ),
                ],
            ),
            C(
                "Tuyển dụng, sử dụng và quản lý cán bộ, công chức",
                [
                    L(
                        "Tuyển dụng, tiếp nhận công chức đúng quy định",
                        "1",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm kế hoạch và quyết định công nhận kết quả tuyển dụng (nếu có tuyển dụng).",
                    ),
                    L(
                        "Đánh giá, xếp loại chất lượng cán bộ, công chức đúng quy định",
                        "1",
                        "1",
                        DONE,
                        True,
                        "Đính kèm quyết định phê duyệt kết quả đánh giá, xếp loại năm.",
                    ),
                    L(
                        "Quy hoạch, bổ nhiệm cán bộ lãnh đạo, quản lý đúng quy định",
                        "1",
                        None,
                        DONE,
                        False,
                        "Đạt khi không có quyết định bổ nhiệm bị cấp có thẩm quyền yêu cầu thu hồi.",
                    ),
                    L(
                        "Cán bộ, công chức cấp xã đạt chuẩn theo quy định",
                        None,
                        "1",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ cán bộ, công chức đạt chuẩn về trình độ chuyên môn.",
                    ),
                ],
            ),
            C(
                "Đào tạo, bồi dưỡng cán bộ, công chức",
                [
                    L(
                        "Ban hành kế hoạch đào tạo, bồi dưỡng năm",
                        "0.5",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm kế hoạch đào tạo, bồi dưỡng.",
                    ),
                    L(
                        "Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng",
                        "1",
                        "1",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ lượt người được đào tạo, bồi dưỡng / kế hoạch.",
                    ),
                ],
            ),
            C(
                "Chấp hành kỷ luật, kỷ cương hành chính",
                [
                    L(
                        "Thực hiện quy định về văn hóa công vụ, đạo đức công vụ",
                        "1",
                        "1",
                        manual(),
                        False,
                        "Tự chấm; nêu các trường hợp vi phạm bị nhắc nhở (nếu có).",
                    ),
                    L(
                        "Cán bộ, công chức, viên chức bị xử lý kỷ luật",
                        "1",
                        "1",
                        deduction("0.5"),
                        False,
                        "Nhập số người bị kỷ luật trong năm; trừ 0,5 điểm mỗi người.",
                    ),
                    L(
                        "Thực hiện quy chế dân chủ và tiếp công dân theo quy định",
                        "1",
                        "0.5",
                        manual(),
                        True,
                        "Đính kèm quy chế dân chủ và sổ tiếp công dân (bản chụp trang tổng hợp).",
                    ),
                ],
            ),
            L(
                "Thực hiện chế độ, chính sách tiền lương đúng quy định",
                "0.5",
                "0.5",
                DONE,
                False,
                "Đạt khi không có sai sót về chế độ, chính sách bị cơ quan có thẩm quyền phát hiện.",
            ),
        ],
    ),
    A(
        "Cải cách tài chính công",
        [
            C(
                "Quản lý, sử dụng ngân sách nhà nước",
                [
                    L(
                        "Tỷ lệ giải ngân vốn đầu tư công được giao",
                        "1.5",
                        "1.5",
                        tiers(("0.95", "1"), ("0.8", "0.5")),
                        True,
                        "Nhập tỷ lệ giải ngân đến 31/01 năm sau; từ 95 %: tối đa; từ 80 %: 1/2. "
                        "Đính kèm số liệu của Kho bạc.",
                    ),
                    L(
                        "Công khai dự toán, quyết toán ngân sách theo quy định",
                        "1",
                        "1",
                        DONE,
                        True,
                        "Đính kèm quyết định công khai và đường dẫn đăng tải.",
                    ),
                    L(
                        "Thực hiện kết luận của thanh tra, kiểm toán về tài chính",
                        "1",
                        "0.5",
                        proportional("1"),
                        False,
                        "Nhập tỷ lệ kiến nghị đã thực hiện. Không có kết luận: nhập 1.",
                    ),
                ],
            ),
            C(
                "Thực hiện cơ chế tự chủ, tự chịu trách nhiệm",
                [
                    L(
                        "Ban hành, thực hiện quy chế chi tiêu nội bộ",
                        "1",
                        "1",
                        DONE,
                        True,
                        "Đính kèm quy chế chi tiêu nội bộ còn hiệu lực.",
                    ),
                    L(
                        "Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập trực thuộc",
                        "1.5",
                        None,
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ đơn vị sự nghiệp được giao tự chủ theo Nghị định 60/2021/NĐ-CP.",
                    ),
                    L(
                        "Thu ngân sách trên địa bàn đạt dự toán được giao",
                        None,
                        "1.5",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ thu thực hiện / dự toán HĐND giao.",
                    ),
                ],
            ),
            C(
                "Quản lý, sử dụng tài sản công",
                [
                    L(
                        "Ban hành quy chế quản lý, sử dụng tài sản công",
                        "0.5",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm quy chế.",
                    ),
                    L(
                        "Sai phạm về quản lý, sử dụng tài sản công bị phát hiện",
                        "1",
                        "1",
                        deduction("0.5"),
                        False,
                        "Nhập số sai phạm bị cơ quan có thẩm quyền kết luận; trừ 0,5 điểm mỗi sai phạm.",
                    ),
                ],
            ),
            L(
                "Thực hành tiết kiệm, chống lãng phí",
                "0.5",
                None,
                manual(),
                False,
                "Tự chấm theo báo cáo thực hành tiết kiệm, chống lãng phí năm.",
            ),
        ],
    ),
    A(
        "Xây dựng, phát triển chính quyền điện tử, chính quyền số",
        [
            C(
                "Hạ tầng, nền tảng và an toàn thông tin",
                [
                    L(
                        "Ban hành kế hoạch chuyển đổi số năm",
                        "0.5",
                        "0.5",
                        DONE,
                        True,
                        "Đính kèm kế hoạch chuyển đổi số.",
                    ),
                    L(
                        "Kết nối, chia sẻ dữ liệu qua nền tảng tích hợp, chia sẻ dữ liệu của tỉnh (LGSP)",
                        "1",
                        "0.5",
                        DONE,
                        False,
                        "Đạt khi các hệ thống của đơn vị đã kết nối LGSP.",
                    ),
                    L(
                        "Bảo đảm an toàn thông tin mạng theo cấp độ",
                        "1",
                        "1",
                        manual(),
                        True,
                        "Đính kèm hồ sơ đề xuất cấp độ được phê duyệt và báo cáo kiểm tra an toàn thông tin.",
                    ),
                ],
            ),
            C(
                "Ứng dụng công nghệ thông tin trong hoạt động",
                [
                    L(
                        "Tỷ lệ văn bản điện tử gửi, nhận qua hệ thống quản lý văn bản và điều hành",
                        "1.5",
                        "1",
                        proportional("0.9"),
                        False,
                        "Nhập tỷ lệ văn bản điện tử (trừ văn bản mật); từ 90 % đạt tối đa.",
                    ),
                    L(
                        "Sử dụng chữ ký số trong văn bản điện tử",
                        "1",
                        "1",
                        proportional("1"),
                        False,
                        "Nhập tỷ lệ văn bản điện tử có chữ ký số.",
                    ),
                    L(
                        "Kết nối hệ thống báo cáo của đơn vị với Hệ thống thông tin báo cáo của tỉnh",
                        "1",
                        "0.5",
                        DONE,
                        False,
                        "Đạt khi báo cáo định kỳ được gửi qua Hệ thống thông tin báo cáo.",
                    ),
                    L(
                        "Tổ chức họp trực tuyến, sử dụng phòng họp không giấy",
                        "0.5",
                        "0.5",
                        manual(),
                        False,
                        "Tự chấm theo tỷ lệ cuộc họp có sử dụng tài liệu điện tử.",
                    ),
                ],
            ),
            C(
                "Cổng, trang thông tin điện tử",
                [
                    L(
                        "Cung cấp đầy đủ thông tin trên cổng, trang thông tin điện tử theo quy định",
                        "1",
                        "1",
                        manual(),
                        True,
                        "Đính kèm ảnh chụp các chuyên mục bắt buộc theo Nghị định 42/2022/NĐ-CP.",
                    ),
                    L(
                        "Cập nhật thông tin kịp thời",
                        "0.5",
                        "0.5",
                        deduction("0.25"),
                        False,
                        "Nhập số lần bị nhắc nhở do chậm cập nhật; trừ 0,25 điểm mỗi lần.",
                    ),
                ],
            ),
            C(
                "Dịch vụ công trực tuyến và số hóa",
                [
                    L(
                        "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình",
                        "1.5",
                        "1",
                        proportional("0.8"),
                        False,
                        "Nhập tỷ lệ TTHC toàn trình / tổng số TTHC; từ 80 % đạt tối đa.",
                    ),
                    L(
                        "Tỷ lệ hồ sơ TTHC xử lý hoàn toàn trực tuyến",
                        "1.5",
                        "1",
                        metric("onestop.online_rate", tiers(("0.6", "1"), ("0.4", "0.5"), ("0.2", "0.25"))),
                        False,
                        "Điểm tự tính từ Hệ thống thông tin giải quyết TTHC: từ 60 %: tối đa; từ 40 %: 1/2; "
                        "từ 20 %: 1/4.",
                    ),
                    L(
                        "Số hóa kết quả giải quyết TTHC còn hiệu lực",
                        "1",
                        "0.5",
                        proportional("0.8"),
                        False,
                        "Nhập tỷ lệ kết quả đã số hóa; từ 80 % đạt tối đa.",
                    ),
                ],
            ),
            C(
                "Dữ liệu số và hỗ trợ người dân",
                [
                    L(
                        "Xây dựng, cập nhật cơ sở dữ liệu chuyên ngành",
                        "1",
                        None,
                        manual(),
                        True,
                        "Đính kèm quyết định ban hành danh mục cơ sở dữ liệu và báo cáo cập nhật.",
                    ),
                    L(
                        "Công bố dữ liệu mở của ngành",
                        "1",
                        None,
                        DONE,
                        False,
                        "Đạt khi có danh mục dữ liệu mở được công bố trên Cổng dữ liệu của tỉnh.",
                    ),
                    L(
                        "Tổ công nghệ số cộng đồng hoạt động hiệu quả",
                        None,
                        "1",
                        manual(),
                        True,
                        "Đính kèm quyết định thành lập và báo cáo hoạt động của tổ công nghệ số cộng đồng.",
                    ),
                ],
            ),
        ],
    ),
    A(
        "Tác động của cải cách hành chính đến phát triển kinh tế - xã hội",
        [
            C(
                "Tác động đến thu hút đầu tư và phát triển doanh nghiệp",
                [
                    L(
                        "Tăng trưởng số doanh nghiệp thành lập mới",
                        "2",
                        "2",
                        metric(
                            "economy.new_enterprise_growth",
                            tiers(("0.1", "1"), ("0.05", "0.75"), ("0.01", "0.5"), ("0", "0.25")),
                        ),
                        False,
                        "Điểm tự tính từ số liệu Sở Tài chính: tăng từ 10 %: tối đa; từ 5 %: 3/4; từ 1 %: 1/2; "
                        "không giảm: 1/4.",
                    ),
                    L(
                        "Giải quyết kiến nghị của doanh nghiệp, nhà đầu tư đúng hạn",
                        "1.5",
                        None,
                        proportional("1"),
                        False,
                        "Nhập tỷ lệ kiến nghị giải quyết đúng hạn.",
                    ),
                    L(
                        "Phát triển hợp tác xã, hộ kinh doanh trên địa bàn",
                        None,
                        "1",
                        manual(),
                        False,
                        "Tự chấm theo số hợp tác xã, hộ kinh doanh thành lập mới so với chỉ tiêu.",
                    ),
                ],
            ),
            C(
                "Tác động đến quản lý nhà nước",
                [
                    L(
                        "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội được giao",
                        "2",
                        "2",
                        tiers(("1", "1"), ("0.9", "0.75"), ("0.8", "0.5")),
                        True,
                        "Nhập tỷ lệ chỉ tiêu đạt hoặc vượt / tổng chỉ tiêu Nghị quyết giao. Đính kèm báo cáo "
                        "kinh tế - xã hội năm.",
                    ),
                    L(
                        "Giải quyết khiếu nại, tố cáo thuộc thẩm quyền",
                        "1",
                        "1",
                        proportional("1"),
                        False,
                        "Nhập tỷ lệ vụ việc giải quyết đúng thời hạn.",
                    ),
                ],
            ),
            C(
                "Tác động đến người dân",
                [
                    L(
                        "Tỷ lệ hồ sơ trả kết quả đúng hẹn cho người dân, doanh nghiệp",
                        "1.5",
                        "1.5",
                        metric("onestop.on_time_rate", proportional("1")),
                        False,
                        "Điểm tự tính từ Hệ thống thông tin giải quyết TTHC, tỷ lệ thuận với tỷ lệ đúng hẹn.",
                    ),
                    L(
                        "Chỉ số đánh giá năng lực cạnh tranh cấp sở, ngành (DDCI)",
                        "1.5",
                        None,
                        manual(),
                        True,
                        "Tự chấm theo thứ hạng DDCI năm: đính kèm kết quả công bố.",
                    ),
                    L(
                        "Tỷ lệ giảm hộ nghèo đạt chỉ tiêu được giao",
                        None,
                        "1.5",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ giảm nghèo thực hiện / chỉ tiêu.",
                    ),
                ],
            ),
            C(
                "Đổi mới, sáng tạo",
                [
                    L(
                        "Sáng kiến CCHC được công nhận và nhân rộng",
                        "1",
                        "1",
                        manual("0.5"),
                        True,
                        "Đính kèm quyết định công nhận sáng kiến.",
                    ),
                    L(
                        "Hoàn thành chỉ tiêu chuyển đổi số, kinh tế số được giao",
                        "1.5",
                        "1",
                        FULL_OR_HALF,
                        False,
                        "Nhập tỷ lệ chỉ tiêu chuyển đổi số đạt / tổng chỉ tiêu.",
                    ),
                ],
            ),
        ],
    ),
    A(
        "Điểm thưởng",
        [
            L(
                "Được cấp có thẩm quyền khen thưởng về thành tích CCHC",
                None,
                "1",
                manual("0.5"),
                True,
                "Bằng khen của Bộ, UBND tỉnh: 1 điểm; giấy khen: 0,5 điểm. Đính kèm quyết định khen thưởng.",
            ),
            L(
                "Có mô hình, sáng kiến CCHC được UBND tỉnh công nhận, nhân rộng",
                None,
                "1.5",
                manual("0.5"),
                True,
                "0,5 điểm mỗi mô hình, tối đa 1,5 điểm. Đính kèm quyết định công nhận.",
            ),
            L(
                "100 % hồ sơ đủ điều kiện được giải quyết trực tuyến toàn trình trước thời hạn",
                None,
                "0.5",
                DONE,
                False,
                "Theo số liệu Hệ thống thông tin giải quyết TTHC.",
            ),
        ],
        kind="bonus",
        groups="c",
    ),
    A(
        "Điểm trừ",
        [
            L(
                "Có cán bộ, công chức bị kỷ luật từ hình thức cảnh cáo trở lên liên quan đến giải quyết TTHC",
                None,
                "1",
                DONE,
                False,
                "Có: trừ 1 điểm.",
            ),
            L(
                "Bị cấp có thẩm quyền phê bình, nhắc nhở bằng văn bản về công tác CCHC",
                None,
                "1",
                manual("0.5"),
                False,
                "Trừ 0,5 điểm mỗi văn bản, tối đa 1 điểm.",
            ),
            L(
                "Để xảy ra khiếu nại đông người, vượt cấp do giải quyết TTHC không đúng quy định",
                None,
                "1",
                DONE,
                False,
                "Có: trừ 1 điểm.",
            ),
        ],
        kind="penalty",
        groups="c",
    ),
]

# group code -> the group's key in the outline, the set's name and the period's figures
GROUPS: dict[str, dict[str, Any]] = {
    "so-ban-nganh": {
        "key": "d",
        "set_name": "Bộ tiêu chí xác định Chỉ số CCHC các sở, ban, ngành năm {year}",
        "survey_points": D("20"),
        "bonus_cap": D("0"),
        "penalty_cap": D("0"),
    },
    "ubnd-xa-phuong": {
        "key": "c",
        "set_name": "Bộ tiêu chí xác định Chỉ số CCHC UBND các xã, phường năm {year}",
        "survey_points": D("30"),
        "bonus_cap": D("3"),
        "penalty_cap": D("3"),
    },
}
LEGAL_REFERENCE = {
    2024: "Quyết định số 1250/QĐ-UBND ngày 15/12/2023 của UBND tỉnh (theo Quyết định 876/QĐ-BNV)",
    2025: "Quyết định số 1468/QĐ-UBND ngày 20/12/2024 của UBND tỉnh (theo Quyết định 892/QĐ-BNV)",
}
PUBLISHING_DECISION = {2024: "Quyết định số 285/QĐ-UBND ngày 28/02/2025 của UBND tỉnh"}

# Reasons an appraiser gives for a lower score, and units' explanations.
APPRAISAL_REASONS = [
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện.",
    "Văn bản ban hành sau thời hạn quy định.",
    "Số liệu tự đánh giá chưa khớp với báo cáo của đơn vị.",
    "Không có tài liệu kiểm chứng cho một phần nội dung tự chấm.",
    "Báo cáo chưa nêu rõ kết quả, sản phẩm cụ thể.",
    "Tỷ lệ tính sai: mẫu số chưa gồm các nhiệm vụ chuyển tiếp từ năm trước.",
]
EXPLANATION_NOTES = [
    "Đề nghị bổ sung tài liệu chứng minh kết quả thực hiện.",
    "Đề nghị giải trình thời điểm ban hành văn bản.",
    "Đề nghị làm rõ cách tính tỷ lệ tự đánh giá.",
]
EXPLANATIONS = [
    "Đơn vị bổ sung báo cáo kết quả chi tiết; văn bản đã được ban hành đúng hạn trên hệ thống quản lý văn bản.",
    "Văn bản ban hành chậm do chờ hướng dẫn của cơ quan cấp trên; đề nghị Tổ thẩm định xem xét.",
    "Tỷ lệ được tính trên số nhiệm vụ phát sinh trong năm theo hướng dẫn; gửi kèm bảng tính chi tiết.",
]
SELF_NOTES = [
    "Đã thực hiện theo kế hoạch; chi tiết tại tài liệu kèm theo.",
    "Hoàn thành đúng tiến độ.",
    "Đã thực hiện, một số nội dung chuyển sang năm sau.",
    "Số liệu theo báo cáo tổng kết năm của đơn vị.",
]
NO_EVIDENCE_REASON = "Hồ sơ bản giấy lưu tại Văn phòng; sẽ số hóa và bổ sung khi thẩm định."
