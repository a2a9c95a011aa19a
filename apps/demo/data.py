"""The demo province: Tuyên Quang after the 2025 reorganisation (code 08, 124 communes)."""

from datetime import date

from apps.org.models import Role, UnitKind

PROVINCE_CODE = 8
PROVINCE = {"code": "08", "name": "Tỉnh Tuyên Quang", "short_name": "Tuyên Quang"}
REORGANISED_ON = date(2025, 3, 1)
TWO_TIER_SINCE = date(2025, 7, 1)

# (short name, full name, kind). The provincial departments after the 2025 mergers.
DEPARTMENTS: list[tuple[str, str, str]] = [
    ("VP UBND", "Văn phòng Ủy ban nhân dân tỉnh", UnitKind.AGENCY),
    ("Thanh tra", "Thanh tra tỉnh", UnitKind.AGENCY),
    ("Sở Nội vụ", "Sở Nội vụ", UnitKind.DEPARTMENT),
    ("Sở Tư pháp", "Sở Tư pháp", UnitKind.DEPARTMENT),
    ("Sở Tài chính", "Sở Tài chính", UnitKind.DEPARTMENT),
    ("Sở Công Thương", "Sở Công Thương", UnitKind.DEPARTMENT),
    ("Sở NN&MT", "Sở Nông nghiệp và Môi trường", UnitKind.DEPARTMENT),
    ("Sở Xây dựng", "Sở Xây dựng", UnitKind.DEPARTMENT),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ", UnitKind.DEPARTMENT),
    ("Sở VHTT&DL", "Sở Văn hóa, Thể thao và Du lịch", UnitKind.DEPARTMENT),
    ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo", UnitKind.DEPARTMENT),
    ("Sở Y tế", "Sở Y tế", UnitKind.DEPARTMENT),
    ("Sở DT&TG", "Sở Dân tộc và Tôn giáo", UnitKind.DEPARTMENT),
    ("BQL các KCN", "Ban Quản lý các khu công nghiệp tỉnh", UnitKind.AGENCY),
]

SERVICE_CENTRE = ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "VP UBND")

# Departments merged away in 2025 (valid until 28/02/2025), and the unit that took them over.
MERGED_DEPARTMENTS: list[tuple[str, str, str]] = [
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", "Sở Tài chính"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông", "Sở KH&CN"),
    ("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ"),
    ("Sở TN&MT", "Sở Tài nguyên và Môi trường", "Sở NN&MT"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&MT"),
    ("Sở GTVT", "Sở Giao thông vận tải", "Sở Xây dựng"),
]

GROUP_DEPARTMENTS = ("so-ban-nganh", "Sở, ban, ngành", "Các cơ quan chuyên môn và cơ quan thuộc UBND tỉnh")
GROUP_COMMUNES = ("ubnd-xa-phuong", "UBND xã, phường", "Ủy ban nhân dân các xã, phường")

MINH_XUAN_CODE = "02215"

# username, full name, position, role, unit (short name of a department, "province", or a commune code)
DEMO_USERS: list[tuple[str, str, str, str, str]] = [
    ("admin", "Quản trị hệ thống", "Chuyên viên công nghệ thông tin", Role.SYSTEM_ADMIN, "province"),
    ("noivu", "Nguyễn Thị Hồng", "Trưởng phòng Cải cách hành chính", Role.SECRETARIAT, "Sở Nội vụ"),
    ("thamdinh", "Trần Văn Bình", "Thành viên Tổ thẩm định", Role.APPRAISER, "Sở Nội vụ"),
    ("tuphap", "Lê Thị Thu", "Chuyên viên Văn phòng Sở", Role.FOCAL_POINT, "Sở Tư pháp"),
    ("gd_tuphap", "Phạm Văn Đức", "Giám đốc Sở Tư pháp", Role.UNIT_HEAD, "Sở Tư pháp"),
    ("xuly_tuphap", "Hoàng Thị Lan", "Chuyên viên Phòng Hành chính tư pháp", Role.RESOLVING_OFFICER, "Sở Tư pháp"),
    ("xa_minhxuan", "Vũ Văn Nam", "Công chức Văn phòng - Thống kê", Role.FOCAL_POINT, MINH_XUAN_CODE),
    ("motcua", "Đỗ Thị Mai", "Công chức Bộ phận Một cửa", Role.ONESTOP_OFFICER, "TTPVHCC"),
    ("lanhdao", "Ma Văn Thắng", "Phó Chủ tịch UBND tỉnh", Role.LEADER, "province"),
]
