from config.formats.vi.formats import *  # noqa: F403 - dates are dd/mm/yyyy in both languages

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
