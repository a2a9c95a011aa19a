"""What PAR contributes through apps/par/hooks.py: start cards, the public service, the public URLs."""

from django.urls import resolve, reverse

from apps.core import hooks
from apps.org.models import Role


def _par(kind: str) -> list:
    return [item for item in hooks.get(kind) if item.key.startswith("par")]


def test_it_gives_each_par_role_its_start_cards_as_before() -> None:
    cards = {(card.role, card.url_name, str(card.title)) for card in _par(hooks.START_CARDS)}
    assert cards == {
        (Role.SECRETARIAT, "par:period_list", "PAR periods"),
        (Role.SECRETARIAT, "par:criteria_list", "Criteria sets"),
        (Role.LEADER, "par:results_periods", "PAR Index results"),
        (Role.APPRAISER, "par:appraisal_queue", "Appraisal queue"),
        (Role.UNIT_HEAD, "par:period_list", "Approve the self-assessment"),
        (Role.FOCAL_POINT, "par:period_list", "Self-assessment"),
    }


def test_it_puts_the_secretariat_periods_before_the_criteria_sets() -> None:
    secretariat = [card.url_name for card in hooks.get(hooks.START_CARDS) if card.role == Role.SECRETARIAT]
    assert secretariat.index("par:period_list") < secretariat.index("par:criteria_list")


def test_it_links_every_start_card_to_a_page_that_exists() -> None:
    for card in _par(hooks.START_CARDS):
        assert reverse(card.url_name)


def test_it_offers_the_public_results_on_the_home_page() -> None:
    service = hooks.get_one(hooks.PUBLIC_SERVICES, "par.results")
    assert service is not None
    assert str(service.title) == "PAR Index results"
    assert service.url_name == "par_public:index"
    assert service.order == 10
    assert reverse(service.url_name) == "/cong-khai/chi-so-cchc/"


def test_it_opens_exactly_the_public_results_pages_to_visitors() -> None:
    names = {item.name for item in hooks.get(hooks.PUBLIC_URLS) if item.name.startswith("par")}
    assert names == {"par_public:index", "par_public:period", "par_public:unit", "par_public:results_xlsx"}
    args = {"par_public:index": [], "par_public:period": [1], "par_public:unit": [1, 2], "par_public:results_xlsx": [1]}
    for name in names:
        view = resolve(reverse(name, args=args[name])).func
        assert getattr(view, "login_required", True) is False, name
