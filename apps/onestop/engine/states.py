"""The vocabularies of a dossier (choices stored in the database), kept with the rules that use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("Postal service")


class ResultDelivery(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POSTAL = "postal", _("By post")
    ONLINE = "online", _("Online")


class DossierState(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    SUPPLEMENT = "supplement", _("Waiting for supplement")
    REFUSED = "refused", _("Refused")
    STOPPED = "stopped", _("Stopped")
    RESOLVED = "resolved", _("Resolved, result ready")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Timing(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class Source(models.TextChoices):
    COUNTER = "counter", _("Received here")
    IMPORT = "import", _("Imported")
    API = "api", _("Pushed by another system")


class EventKind(models.TextChoices):
    RECEIVE = "receive", _("Received")
    TRANSFER = "transfer", _("Transferred")
    STEP_DONE = "step_done", _("Step finished")
    SUPPLEMENT_REQUEST = "supplement_request", _("Supplement requested")
    SUPPLEMENT_RECEIVE = "supplement_receive", _("Supplement received")
    REFUSE = "refuse", _("Refused")
    APOLOGISE = "apologise", _("Apology and new date")
    STOP = "stop", _("Stopped")
    RESOLVE = "resolve", _("Resolved")
    RETURN = "return", _("Result returned")
    WITHDRAW = "withdraw", _("Withdrawn")
    IMPORT = "import", _("Imported")
