"""Seed the real-time service index of Decision 766/QĐ-TTg (23/6/2022): six groups, 100 points.

Maxima and thresholds follow the national portal's published formula description (see
docs/domain.md, section 3); they are data that the secretariat edits in the app. `source` is the
metric key our data computes (apps.core.metrics); empty: an officer enters the rate.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

NAME = "Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"
LEGAL_BASIS = "Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ"

T = "Công khai, minh bạch"
P = "Tiến độ giải quyết"
O = "Dịch vụ công trực tuyến"  # noqa: E741
F = "Thanh toán trực tuyến"
S = "Mức độ hài lòng"
D = "Số hoá hồ sơ"

# (group, code, name, max points, formula, full points at, source)
INDICATORS = [
    (T, "1.1", "Công bố, cập nhật thủ tục hành chính đúng hạn", 6, "proportional", None, ""),
    (
        T,
        "1.2",
        "Công khai thủ tục hành chính đúng hạn (trong 5 ngày làm việc kể từ ngày quyết định)",
        4,
        "proportional",
        None,
        "",
    ),
    (T, "1.3", "Thủ tục hành chính công khai đầy đủ các bộ phận", 2, "proportional", None, ""),
    (
        T,
        "1.4",
        "Hồ sơ đồng bộ trạng thái lên Cổng Dịch vụ công quốc gia",
        6,
        "proportional",
        None,
        "onestop.synced_rate",
    ),
    (P, "2.1", "Hồ sơ giải quyết trước hạn, đúng hạn", 20, "proportional", None, "onestop.on_time_rate"),
    (P, "2.2", "Thời gian giải quyết trung bình (ngày làm việc)", 0, "tracked", None, "onestop.average_days"),
    (
        O,
        "3.1",
        "Thủ tục hành chính cung cấp dịch vụ công trực tuyến",
        4,
        "proportional",
        "0.8",
        "onestop.online_procedure_rate",
    ),
    (O, "3.2", "Hồ sơ nộp trực tuyến", 4, "proportional", "0.5", "onestop.online_rate"),
    (O, "3.3", "Hồ sơ trực tuyến toàn trình", 4, "proportional", "0.5", ""),
    (F, "4.1", "Thủ tục hành chính tích hợp dữ liệu thu phí, lệ phí", 2, "proportional", "0.8", ""),
    (F, "4.2", "Thủ tục hành chính có phát sinh giao dịch thanh toán trực tuyến", 2, "proportional", None, ""),
    (F, "4.3", "Hồ sơ thanh toán trực tuyến", 6, "proportional", None, "onestop.paid_online_rate"),
    (S, "5.1", "Phản ánh, kiến nghị được xử lý đúng hạn", 6, "proportional", None, ""),
    (S, "5.2", "Hài lòng với việc xử lý phản ánh, kiến nghị", 6, "proportional", None, ""),
    (
        S,
        "5.3",
        "Hài lòng với việc giải quyết thủ tục hành chính",
        6,
        "proportional",
        "0.9",
        "survey.dossier_satisfaction",
    ),
    (D, "6.1", "Hồ sơ được cấp kết quả điện tử", 6, "proportional", None, "onestop.result_electronic_rate"),
    (D, "6.2", "Hồ sơ được số hoá", 4, "proportional", "0.8", "onestop.digitised_rate"),
    (D, "6.3", "Khai thác, sử dụng lại thông tin, dữ liệu số hoá", 4, "proportional", "0.8", ""),
    (D, "6.4", "Lưu trữ kết quả vào kho dữ liệu của cá nhân, tổ chức", 4, "proportional", None, ""),
    (D, "6.5", "Khai thác dữ liệu từ Cơ sở dữ liệu quốc gia về dân cư", 2, "proportional", None, ""),
    (D, "6.6", "Xác thực định danh điện tử (VNeID) khi nộp hồ sơ trực tuyến", 2, "proportional", None, ""),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    definition_model = apps.get_model("onestop", "IndexDefinition")
    indicator_model = apps.get_model("onestop", "IndexIndicator")
    if definition_model.objects.filter(name=NAME).exists():
        return
    definition = definition_model.objects.create(name=NAME, legal_basis=LEGAL_BASIS, valid_from=date(2022, 6, 23))
    indicator_model.objects.bulk_create(
        indicator_model(
            definition=definition,
            group=group,
            code=code,
            name=name,
            max_points=Decimal(points),
            formula=formula,
            full_at=Decimal(full_at) if full_at else None,
            source=source,
            order=order,
        )
        for order, (group, code, name, points, formula, full_at, source) in enumerate(INDICATORS, start=1)
    )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("onestop", "IndexDefinition").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("onestop", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
