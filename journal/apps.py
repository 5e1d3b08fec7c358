from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "journal"
    verbose_name = "Journal"

    def ready(self) -> None:
        from journal.selectors import saved_check_url
        from journal.versions import track_journal_models
        from triage.offers import register_save_view, register_saved_lookup

        # A runner's triage result offers "Save to my journal", posted to this view.
        register_save_view("journal:save_triage")
        # A triage result already saved today says so instead of offering "Save to my journal" again.
        register_saved_lookup(saved_check_url)
        # Every save and delete of an entry, session or saved check raises the runner's journal version.
        track_journal_models()
