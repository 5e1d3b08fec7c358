"""The "should I run today?" questions. Field names are the API's names, except that each warning sign
is its own yes/no question named by its code (the journal posts the same)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.functional import cached_property

from triage.codes import SIGN_GROUPS, LoadChange, PainSide, Sex, Symptom
from triage.engine import Answers, answers_from
from triage.rulebook import ADULT_AGE, FRAIL_AGE, OLDER_AGE, OVER_AGE, PARS_DEFECT, PROFILE_CONDITIONS

YES, NO = "yes", "no"
YES_NO = [(YES, "Yes"), (NO, "No")]
PAIN_CHOICES = [("", "Choose a number")] + [
    (str(n), {0: "0 (no pain)", 10: "10 (the worst pain you can imagine)"}.get(n, str(n))) for n in range(11)
]

# The health background, asked as questions (the codes are unchanged). The profile's page asks the same.
STANDING_QUESTIONS: dict[str, str] = {
    Symptom.CANCER_HISTORY: "Have you ever had cancer?",
    Symptom.FRACTURE_RISK: (
        "Do you have osteoporosis (thin, weak bones), or have you taken steroid tablets for 3 months or more?"
    ),
    Symptom.INFECTION_RISK: (
        "Do you have a weakened immune system (from chemotherapy, medicines after a transplant, or HIV), "
        "or do you inject drugs?"
    ),
}
PARS_QUESTION = "Have you been told you have, or might have, a stress fracture in the spine (a pars defect)?"
SYMPTOM_LABELS = {**dict(Symptom.choices), **STANDING_QUESTIONS}

# The age, asked as a band: each band is sent as its youngest age (under 18 as 17), which is all the
# age rules need (triage.rulebook.signs_at_age, risk.over_40). Any whole age from 1 to 120 is accepted
# too (links from before the bands, the API's ages) and shown as its band.
MIN_AGE, MAX_AGE = 1, 120
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (ADULT_AGE - 1, f"Under {ADULT_AGE}"),
    (ADULT_AGE, f"{ADULT_AGE} to {OVER_AGE}"),
    (OVER_AGE + 1, f"{OVER_AGE + 1} to {OLDER_AGE - 1}"),
    (OLDER_AGE, f"{OLDER_AGE} to {FRAIL_AGE - 1}"),
    (FRAIL_AGE, f"{FRAIL_AGE} or over"),
)


def age_band(age: int) -> tuple[int, str]:
    """The band (its value and label) an age falls in."""
    return next((band for band in reversed(AGE_BANDS) if age >= band[0]), AGE_BANDS[0])


class AgeBandSelect(forms.Select):
    """The bands; an age that is not a band's value (from an older link) shows as its band."""

    def format_value(self, value):
        try:
            return [str(age_band(int(value))[0])]
        except (TypeError, ValueError):
            return super().format_value(value)


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == YES,
        widget=forms.RadioSelect(attrs={"required": True}),
        error_messages={"required": "Choose yes or no."},
    )


def _sign_question(code: str, group: str) -> forms.TypedChoiceField:
    field = _yes_no(SYMPTOM_LABELS[code])
    field.widget = forms.RadioSelect(attrs={"required": True, "data-sign-group": group})
    field.widget.choices = field.choices
    field.error_messages["required"] = "Answer yes or no, or tick 'None of these' for this group."
    return field


class TriageForm(forms.Form):
    """Each warning sign is its own required yes/no question, named by its code; a group may be
    answered at once with its "none of these" box. `clean()` gathers the yes answers into `symptoms`,
    the API's field, so both feed the same Answers builder."""

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
        "Does your back catch or grab sharply when you move?",
        "This sharp, grabby feeling is a sign the back muscles are in spasm.",
    )
    pain_side = forms.ChoiceField(
        label="Where in your back is the pain?",
        help_text="This question is about your back only. Symptoms in your legs are asked about below.",
        choices=PainSide.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the pain is, or 'No particular spot'."},
    )
    pars_defect = _yes_no(PARS_QUESTION)
    age = forms.IntegerField(
        label="How old are you?",
        help_text=(
            f"Some answers mean more at some ages (under {ADULT_AGE}, {OLDER_AGE} or over, {FRAIL_AGE} or over), "
            "so your age can change the answer."
        ),
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        widget=AgeBandSelect(choices=[("", "Choose your age group"), *((str(v), label) for v, label in AGE_BANDS)]),
        error_messages={
            "required": "Choose your age group.",
            "invalid": "Choose your age group.",
            "min_value": "Choose your age group.",
            "max_value": "Choose your age group.",
        },
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

    @cached_property
    def helper(self) -> FormHelper:
        """The layout, built only when the form is rendered (the result page only validates)."""
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_action = reverse("triage:result")
        helper.form_id = "triage-form"
        helper.layout = Layout(
            Fieldset("Your back today", "pain_now", "normal_stride", "spasm", "pain_side"),
            Fieldset("About you", "age"),
            HTML(
                '<h2 class="h4 mt-4">Warning signs</h2><p class="text-body-secondary">Answer every question. '
                'If nothing in a group applies, tick "None of these".</p>'
            ),
            *[
                Fieldset(heading, f"none_{group}", *map(str, codes), css_class="sign-group", data_group=group)
                for group, heading, codes in SIGN_GROUPS
            ],
            Fieldset("Spinal stress fracture", "pars_defect"),
            Fieldset("About you and your training (optional)", "sex", "load_changes"),
            Submit("check", "Check my back", css_class="btn-brand btn-lg w-100 mt-2"),
        )
        return helper

    # The warning-sign questions, after the fields above: built once, when the class is, not per request
    # (building their 30-odd fields had been most of the result page's time).
    for _group, _heading, _codes in SIGN_GROUPS:
        locals()[f"none_{_group}"] = forms.BooleanField(
            label="None of these", required=False, widget=forms.CheckboxInput(attrs={"data-none-of": _group})
        )
        for _code in _codes:
            locals()[str(_code)] = _sign_question(_code, _group)
    del _group, _heading, _codes, _code

    def clean(self) -> dict:
        data = super().clean()
        for group, _heading, codes in SIGN_GROUPS:
            none_ticked = data.get(f"none_{group}")
            said_yes = [str(code) for code in codes if data.get(code) is True]
            if none_ticked and said_yes:
                self.add_error(
                    f"none_{group}",
                    "You ticked 'None of these' but answered yes to a question in this group. Untick one of them.",
                )
            for code in map(str, codes):
                if code in self.errors and self.data.get(code) in (None, "") and none_ticked:
                    del self.errors[code]  # "none of these" answers it
                    data[code] = False
        data["symptoms"] = [code for code in Symptom.values if data.get(code) is True]
        return data

    def to_answers(self) -> Answers:
        """The validated answers, for the engine. Call after is_valid()."""
        return answers_from(self.cleaned_data)

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
            rows.append(("Age", age_band(answers.age)[1]))
        return rows

    def encoded(self) -> list[tuple[str, str]]:
        """The validated answers as (name, value) pairs this form accepts again (hidden inputs, links)."""
        answers = self.to_answers()
        pairs = [
            ("pain_now", str(answers.pain_now)),
            ("normal_stride", YES if answers.normal_stride else NO),
            ("spasm", YES if answers.spasm else NO),
            ("pain_side", answers.pain_side),
            *[(code, YES if code in answers.symptoms else NO) for code in Symptom.values],
            ("pars_defect", YES if answers.pars_defect else NO),
        ]
        if answers.age is not None:
            pairs.append(("age", str(answers.age)))
        if answers.sex:
            pairs.append(("sex", answers.sex))
        pairs += [("load_changes", code) for code in LoadChange.values if code in answers.load_changes]
        return pairs


class _UncopiedFields(dict):
    """Fields that `BaseForm.__init__` shares instead of deep-copying (it copies them so that rendering
    can change widgets per form). Only for a form that validates and is never rendered."""

    def __deepcopy__(self, memo) -> _UncopiedFields:
        return self

    def __setitem__(self, name, field) -> None:
        raise TypeError("TriageAnswers shares its fields with every form: change TriageForm instead.")

    __delitem__ = __setitem__


class TriageAnswers(TriageForm):
    """The same questions and rules, for reading answers without showing the form (the result page and
    the journal's "save this result"): copying the 30-odd fields was a third of the result page's time.
    Render a `TriageForm` instead, for example to show errors."""

    @property
    def helper(self):
        raise TypeError("TriageAnswers is never rendered (its fields are shared): render a TriageForm.")


TriageAnswers.base_fields = _UncopiedFields(TriageForm.base_fields)


def initial_from_query(query) -> dict:
    """Answers from a result page's query string, to pre-fill the form when changing them."""
    multiple = {"load_changes"}
    names = [*TriageForm.base_fields, *Symptom.values, *(f"none_{group}" for group, _h, _c in SIGN_GROUPS)]
    return {name: query.getlist(name) if name in multiple else query.get(name) for name in names if name in query}


def standing_initial(conditions) -> dict[str, str]:
    """The check's answers a runner's health background fills in (accounts.User.standing_conditions): yes
    for each condition they have. The others stay unanswered, so the check still asks them."""
    held = set(conditions or ())
    return {code: YES for code in PROFILE_CONDITIONS if code in held}


# The same conditions as things the runner ticks about themselves, on the profile's page.
BACKGROUND_LABELS: dict[str, str] = {
    Symptom.CANCER_HISTORY: "I have had cancer, now or in the past",
    Symptom.FRACTURE_RISK: "I have osteoporosis (thin, weak bones), or have taken steroid tablets for 3 months or more",
    Symptom.INFECTION_RISK: (
        "I have a weakened immune system (from chemotherapy, medicines after a transplant, or HIV), or I inject drugs"
    ),
    PARS_DEFECT: "I have been told I have, or might have, a stress fracture in the spine (a pars defect)",
}


class HealthBackgroundForm(forms.Form):
    """The runner's standing conditions, asked once (triage.rulebook.PROFILE_CONDITIONS)."""

    conditions = forms.MultipleChoiceField(
        label="Tick any that apply to you",
        help_text="Leave them all unticked if none apply.",
        choices=[(code, BACKGROUND_LABELS[code]) for code in PROFILE_CONDITIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Tick only the questions shown."},
    )

    def codes(self) -> list[str]:
        """The ticked codes in the rulebook's order. Call after is_valid()."""
        ticked = set(self.cleaned_data["conditions"])
        return [code for code in PROFILE_CONDITIONS if code in ticked]
