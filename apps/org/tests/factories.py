import factory

from apps.accounts.models import User
from apps.core.text import search_document
from apps.org.models import Membership, Role, Unit, UnitGroup, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.DEPARTMENT
    code = ""
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    search_text = factory.LazyAttribute(lambda o: search_document(o.name, o.short_name, o.code))


class UnitGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitGroup

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Nhóm {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    search_text = factory.LazyAttribute(lambda o: search_document(o.full_name, o.username, o.email))
    password = factory.django.Password("Secret#2025")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.FOCAL_POINT


def user_with_role(username: str, role: str, unit: Unit, full_name: str = "") -> User:
    user = UserFactory(username=username, full_name=full_name or username)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


def refresh_search_text() -> None:
    """Fill `search_text` of units and people made by the factories above (the services keep it in step)."""
    from apps.org.services import unit_search_text, user_search_text

    for unit in Unit.objects.all():
        Unit.objects.filter(pk=unit.pk).update(search_text=unit_search_text(unit))
    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(search_text=user_search_text(user))
