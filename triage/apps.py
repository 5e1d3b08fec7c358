from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        from triage.advice import texts_changed
        from triage.models import AdviceText

        post_save.connect(texts_changed, sender=AdviceText, dispatch_uid="triage.advice.saved")
        post_delete.connect(texts_changed, sender=AdviceText, dispatch_uid="triage.advice.deleted")
