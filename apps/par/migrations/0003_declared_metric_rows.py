"""The values PAR scored from before metrics moved to core, declared as data (they were constants)."""

from django.db import migrations

DECLARED = [
    ("survey.index", "Chỉ số hài lòng của người dân (%)", "percent", "Điều tra xã hội học"),
    ("economy.new_enterprise_growth", "Tăng trưởng doanh nghiệp thành lập mới", "ratio", "Sở Tài chính"),
    ("org.iso_commune_share", "Tỷ lệ xã áp dụng ISO 9001", "ratio", ""),
    ("onestop.on_time_rate", "Hồ sơ giải quyết đúng hạn", "ratio", "Hệ thống Một cửa"),
    ("onestop.online_rate", "Hồ sơ nộp trực tuyến", "ratio", "Hệ thống Một cửa"),
    ("directives.on_time_rate", "Nhiệm vụ được giao hoàn thành đúng hạn", "ratio", "Theo dõi nhiệm vụ"),
    ("directives.late_reports", "Báo cáo gửi chậm", "count", "Theo dõi nhiệm vụ"),
]


def declare(apps, schema_editor):  # type: ignore[no-untyped-def]
    DeclaredMetric = apps.get_model("par", "DeclaredMetric")
    for key, label, unit, source in DECLARED:
        DeclaredMetric.objects.get_or_create(key=key, defaults={"label": label, "unit": unit, "source": source})


def undeclare(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("par", "DeclaredMetric").objects.filter(key__in=[key for key, *_rest in DECLARED]).delete()


class Migration(migrations.Migration):
    dependencies = [("par", "0002_declared_metric")]

    operations = [migrations.RunPython(declare, undeclare)]
