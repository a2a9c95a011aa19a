import factory

from apps.accounts.models import User
from apps.org.models import Membership, Role, Unit, UnitGroup, UnitKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")


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
