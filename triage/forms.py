"""The "should I run today?" questions. Field names are the API's names (journal posts the same)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.urls import reverse

from triage.codes import LoadChange, PainSide, Sex, Symptom
from triage.engine import Answers

YES, NO = "yes", "no"
YES_NO = [(YES, "Yes"), (NO, "No")]
PAIN_CHOICES = [("", "Choose a number")] + [
    (str(n), {0: "0 (no pain)", 10: "10 (the worst pain you can imagine)"}.get(n, str(n))) for n in range(11)
]

# The checklist, worded so that back pain on both sides is not mistaken for symptoms in both legs.
SYMPTOM_LABELS = {
    **dict(Symptom.choices),
    Symptom.BOTH_LEGS: "Pain, numbness or weakness in both legs (in the legs, not across the back)",
}


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )


class TriageForm(forms.Form):
    pain_now = forms.TypedChoiceField(
        label="How bad is your back pain right now?",
        help_text="0 means no pain at all, 10 the worst pain you can imagine.",
        choices=PAIN_CHOICES,
        coerce=int,
        error_messages={"required": "Choose a number from 0 to 10."},
    )
    normal_stride = _yes_no(
        "Can you get into your normal running stride?",
        "Think of a few running steps: can you move the way you usually do?",
    )
    spasm = _yes_no(
        "Do you get a sharp, grabby pain when you move?",
        "This catching pain is a sign the back muscles are in spasm.",
    )
    pain_side = forms.ChoiceField(
        label="Where in your back is the pain?",
        help_text="This question is about your back only. Symptoms in your legs are asked about below.",
        choices=PainSide.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the pain is, or 'No particular spot'."},
    )
    symptoms = forms.MultipleChoiceField(
        label="Do you have any of these?",
        help_text="Tick every one that applies. Leave them all empty if none do.",
        choices=[(code, SYMPTOM_LABELS[code]) for code in Symptom],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    pars_defect = _yes_no(
        "Have you been told you have, or might have, a stress fracture in the spine (a pars defect)?",
    )
    age = forms.IntegerField(
        label="Your age (optional)",
        min_value=1,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label="Sex (optional)",
        choices=[("", "Prefer not to say"), *Sex.choices],
        required=False,
    )
    load_changes = forms.MultipleChoiceField(
        label="Recent changes to your training (optional)",
        help_text="Tick anything you started in the last few weeks.",
        choices=LoadChange.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("triage:result")
        self.helper.form_id = "triage-form"
        self.helper.layout = Layout(
            Fieldset("Your back today", "pain_now", "normal_stride", "spasm", "pain_side"),
            Fieldset(
                "Warning signs",
                HTML('<p class="text-body-secondary">These help spot the rare cases that need a clinician.</p>'),
                "symptoms",
                "pars_defect",
            ),
            Fieldset("About you and your training (optional)", "age", "sex", "load_changes"),
            Submit("check", "Check my back", css_class="btn-brand btn-lg w-100 mt-2"),
        )

    def to_answers(self) -> Answers:
        """The validated answers, for the engine. Call after is_valid()."""
        data = self.cleaned_data
        return Answers(
            pain_now=data["pain_now"],
            normal_stride=data["normal_stride"],
            spasm=data["spasm"],
            pain_side=data["pain_side"],
            symptoms=frozenset(data["symptoms"]),
            pars_defect=data["pars_defect"],
            age=data.get("age"),
            sex=data.get("sex") or None,
            load_changes=frozenset(data.get("load_changes") or ()),
        )

    def answer_rows(self) -> list[tuple[str, str]]:
        """(question, answer) for the printed result."""
        answers = self.to_answers()
        rows = [
            (str(self.fields["pain_now"].label), f"{answers.pain_now} out of 10"),
            (str(self.fields["normal_stride"].label), "Yes" if answers.normal_stride else "No"),
            (str(self.fields["spasm"].label), "Yes" if answers.spasm else "No"),
            (str(self.fields["pain_side"].label), PainSide(answers.pain_side).label),
            *[(SYMPTOM_LABELS[code], "Yes" if code in answers.symptoms else "No") for code in Symptom.values],
            (str(self.fields["pars_defect"].label), "Yes" if answers.pars_defect else "No"),
        ]
        if answers.age is not None:
            rows.append(("Age", str(answers.age)))
        return rows

    def encoded(self) -> list[tuple[str, str]]:
        """The validated answers as (name, value) pairs this form accepts again (hidden inputs, links)."""
        answers = self.to_answers()
        pairs = [
            ("pain_now", str(answers.pain_now)),
            ("normal_stride", YES if answers.normal_stride else NO),
            ("spasm", YES if answers.spasm else NO),
            ("pain_side", answers.pain_side),
            *[("symptoms", code) for code in Symptom.values if code in answers.symptoms],
            ("pars_defect", YES if answers.pars_defect else NO),
        ]
        if answers.age is not None:
            pairs.append(("age", str(answers.age)))
        if answers.sex:
            pairs.append(("sex", answers.sex))
        pairs += [("load_changes", code) for code in LoadChange.values if code in answers.load_changes]
        return pairs


def initial_from_query(query) -> dict:
    """Answers from a result page's query string, to pre-fill the form when changing them."""
    multiple = {"symptoms", "load_changes"}
    return {
        name: query.getlist(name) if name in multiple else query.get(name)
        for name in TriageForm.base_fields
        if name in query
    }
