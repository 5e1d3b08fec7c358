"""The "should I run today?" questions. Field names are the API's names, except that each warning sign
is its own yes/no question named by its code (the journal posts the same).

`TriageForm` validates a whole set of answers (the result page, the journal's "save this result"). The
check asks them one step at a time (`STEPS`, `CheckProgress`): emergency signs first, then same-day signs,
then the article's questions, then the checklist and the age, each step a GET that carries the answers so
far in the query string under the same names, so the last step leads to the result's usual URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict

from triage.codes import SIGN_GROUPS, LoadChange, PainSide, Sex, Symptom
from triage.engine import Answers, answers_from
from triage.rulebook import (
    ADULT_AGE,
    EMERGENCY_SYMPTOMS,
    FRAIL_AGE,
    OLDER_AGE,
    OVER_AGE,
    PAIN_MAX,
    PAIN_MIN,
    PARS_DEFECT,
    PROFILE_CONDITIONS,
    URGENT_SYMPTOMS,
)

YES, NO = "yes", "no"
YES_NO = [(YES, "Yes"), (NO, "No")]
PAIN_CHOICES = [("", "Choose a number")] + [
    (str(n), {0: "0 (no pain)", 10: "10 (the worst pain you can imagine)"}.get(n, str(n)))
    for n in range(PAIN_MIN, PAIN_MAX + 1)
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
    """A whole set of answers (the result URL, the journal's "save this result"): each warning sign is its
    own required yes/no answer, named by its code. The check's steps send every sign; a result link from
    before them may answer a group of `SIGN_GROUPS` at once with ``none_<group>=on``, still accepted.
    `clean()` gathers the yes answers into `symptoms`, the API's field, so both feed the same Answers
    builder. Never rendered: the check asks its questions in `STEPS`."""

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
    """The same questions and rules, for reading answers (the result page, the check's steps): copying
    the 30-odd fields was a third of the result page's time. Its fields are shared, so never change them."""


TriageAnswers.base_fields = _UncopiedFields(TriageForm.base_fields)


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


# --- The check, one step at a time --------------------------------------------------------------------
# The way NHS 111 online asks: emergency signs first, then same-day signs, then the article's questions,
# then the checklist and the age. Each sign group is one question, "Any of these?", answered Yes (then
# its items are ticked) or No (a no to each item). Every other step is one question answered by one tap.
# The step's answers go into the query string under the result URL's names (each sign `code=yes|no`), so
# the last step leads to the result's usual URL and Back keeps every answer.


def _in_symptom_order(codes) -> tuple[str, ...]:
    return tuple(code for code in Symptom.values if code in codes)


# The checklist: every sign that is neither an emergency nor a same-day sign, and a pars defect, in an
# order that reads well: the legs, how the pain behaves, this bout, then falls and the health background.
CHECKLIST_ITEMS: tuple[str, ...] = (
    Symptom.LEG_PAIN,
    Symptom.LEG_NEURO,
    Symptom.THORACIC_PAIN,
    Symptom.CONSTANT_PAIN,
    Symptom.NIGHT_PAIN,
    Symptom.WORSENING_WEEKLY,
    Symptom.NOT_SETTLING,
    Symptom.EXTENSION_PAIN,
    Symptom.NOT_IMPROVING,
    Symptom.FIRST_EPISODE,
    Symptom.TRAUMA,
    Symptom.FRACTURE_RISK,
    PARS_DEFECT,
)
# Each item as it reads in a list under "Any of these?" (the codes' own labels, but where a label needs the
# context its group heading gave in the old form).
ITEM_LABELS: dict[str, str] = {
    **dict(Symptom.choices),
    Symptom.WORSENING_WEEKLY: "Back pain getting worse week on week",
    Symptom.CONSTANT_PAIN: "Pain all the time, not eased by rest or lying down",
    Symptom.EXTENSION_PAIN: "Back pain that is worse when you arch backwards",
    Symptom.NOT_IMPROVING: "This bout has lasted more than 6 weeks and is not getting better",
    Symptom.FIRST_EPISODE: "Your first back pain like this",
    PARS_DEFECT: "A stress fracture in the spine (a pars defect), known or suspected",
}


@dataclass(frozen=True)
class Step:
    """One screen of the check: a sign group (``items``) or one question (``choices``: value, label)."""

    id: str
    heading: str  # what this step is about, above the question
    question: str
    hint: str = ""
    items: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def is_group(self) -> bool:
        return bool(self.items)

    @property
    def names(self) -> tuple[str, ...]:
        """The answers this step gives, by their names in the result URL."""
        if self.is_group:
            return self.items
        return ("age", "sex", "load_changes") if self.id == "age" else (self.id,)


EMERGENCY_STEP = "emergency"
STEPS: tuple[Step, ...] = (
    Step(
        EMERGENCY_STEP,
        "Signs that need help straight away",
        "Any of these?",
        items=_in_symptom_order(EMERGENCY_SYMPTOMS),
    ),
    Step(
        "urgent",
        "Signs to see a doctor about today",
        "Any of these?",
        items=_in_symptom_order(URGENT_SYMPTOMS),
    ),
    Step(
        "pain_now",
        "Your back today",
        "How bad is your back pain right now?",
        "0 means no pain at all, 10 the worst pain you can imagine.",
        choices=tuple((str(n), str(n)) for n in range(PAIN_MIN, PAIN_MAX + 1)),
    ),
    Step(
        "normal_stride",
        "Your back today",
        "Can you get into your normal running stride?",
        "Think of a few running steps: can you move the way you usually do?",
        choices=tuple(YES_NO),
    ),
    Step(
        "spasm",
        "Your back today",
        "Does your back catch or grab sharply when you move?",
        "This sharp, grabby feeling is a sign the back muscles are in spasm.",
        choices=tuple(YES_NO),
    ),
    Step(
        "pain_side",
        "Your back today",
        "Where in your back is the pain?",
        "Your back only: we ask about your legs next.",
        choices=tuple(PainSide.choices),
    ),
    Step("checklist", "Signs to see a clinician about before running", "Any of these?", items=CHECKLIST_ITEMS),
    Step(
        "age",
        "About you",
        "How old are you?",
        f"Some answers mean more at some ages (under {ADULT_AGE}, {OLDER_AGE} or over, {FRAIL_AGE} or over). "
        "Choose your age group to see your answer.",
        choices=tuple((str(value), label) for value, label in AGE_BANDS),
    ),
)
STEP_IDS: dict[str, int] = {step.id: index for index, step in enumerate(STEPS)}
MULTIPLE = frozenset({"load_changes"})
ANSWER_NAMES: tuple[str, ...] = tuple(name for step in STEPS for name in step.names)
OPTIONAL = frozenset({"sex", "load_changes"})

STEP_MESSAGES = {
    "group": "Answer Yes or No.",
    "no_item": "Tick the ones you have, or answer No.",
    "no_with_items": "You ticked some of these but answered No. Untick them, or press Continue.",
    "choice": "Choose one of the answers.",
    "unreadable": "Some answers in this link could not be read, so this question is asked again.",
    "missing": "This question has not been answered yet: answer it to see your result.",
}


class CheckProgress:
    """The answers given so far, read from a step's query string: only the result URL's names, each
    checked by `TriageForm`'s own fields. A value it cannot read makes `unreadable` name its step."""

    def __init__(self, query: QueryDict | Mapping):
        self.values: dict[str, str | list[str]] = {}
        for name in ANSWER_NAMES:
            if name in MULTIPLE:
                chosen = [value for value in _getlist(query, name) if value]
                if chosen:
                    self.values[name] = chosen
            elif (value := _get(query, name)) not in (None, ""):
                self.values[name] = value
        self.unreadable: set[str] = set()
        self._check()

    def _check(self) -> None:
        form = TriageAnswers(self.query())
        form.is_valid()
        self.unreadable = {name for name in self.values if name in form.errors}
        self.form = form

    def query(self) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, value in self.pairs():
            data.appendlist(name, value)
        return data

    def pairs(self, without: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """The answers as (name, value) pairs in the steps' order, for hidden inputs and links."""
        out = []
        for name in ANSWER_NAMES:
            if name in self.values and name not in without:
                value = self.values[name]
                out += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
        return out

    def answered(self, step: Step) -> bool:
        return all(name in self.values for name in step.names if name not in OPTIONAL)

    def first_unanswered(self, before: int = len(STEPS)) -> Step | None:
        return next((step for step in STEPS[:before] if not self.answered(step)), None)

    def first_unreadable(self) -> Step | None:
        return next((step for step in STEPS if self.unreadable & set(step.names)), None)

    def said_yes(self, step: Step) -> list[str]:
        return [code for code in step.items if self.values.get(code) == YES]

    def emergency(self) -> bool:
        """A yes to an emergency sign: the result is an emergency whatever else is answered."""
        return bool(self.said_yes(STEPS[0])) and not self.unreadable & set(STEPS[0].names)

    def forget_unreadable(self) -> None:
        """Drops the answers it cannot read (an emergency result shows without them)."""
        for name in self.unreadable:
            self.values.pop(name, None)
        self._check()

    def take(self, step: Step, query) -> tuple[str | None, bool]:
        """Reads this step's answer from a submitted step: (error message or None, opened). `opened` means
        Yes was chosen for a sign group without JavaScript: show its items to tick."""
        for name in step.names:
            self.values.pop(name, None)
        if step.is_group:
            ticked = [code for code in step.items if _get(query, code) == YES]
            answer = _get(query, step.id)
            if answer is None and _get(query, "open") == step.id:
                for code in ticked:
                    self.values[code] = YES
                return None, True
            if answer == NO and ticked:
                for code in ticked:
                    self.values[code] = YES
                return STEP_MESSAGES["no_with_items"], True
            if answer == YES and not ticked:
                return STEP_MESSAGES["no_item"], True
            if answer not in (YES, NO):
                return STEP_MESSAGES["group"], False
            for code in step.items:
                self.values[code] = YES if code in ticked else NO
        else:
            for name in step.names:
                if name in MULTIPLE:
                    chosen = [value for value in _getlist(query, name) if value]
                    if chosen:
                        self.values[name] = chosen
                elif (value := _get(query, name)) not in (None, ""):
                    self.values[name] = value
        self._check()
        bad = self.unreadable & set(step.names)
        if bad or not self.answered(step):
            for name in bad:
                self.values.pop(name, None)
            self._check()
            return STEP_MESSAGES["choice"], False
        return None, False

    def answer_rows(self) -> list[tuple[str, str]]:
        """(question, answer) for each answer given, for a printed result that has not every answer."""
        rows = []
        for step in STEPS:
            if step.is_group:
                rows += [
                    (ITEM_LABELS[code], self.values[code].capitalize()) for code in step.items if code in self.values
                ]
            elif step.id in self.values and step.id != "age":
                label = dict(step.choices).get(str(self.values[step.id]), "")
                rows.append((step.question, f"{label} out of 10" if step.id == "pain_now" else label))
        if "age" in self.values:
            rows.append(("Age", age_band(int(self.values["age"]))[1]))
        return rows

    def emergency_answers(self) -> Answers:
        """Answers for the engine when only the emergency signs are known (one said yes): the other
        questions take values that fire no rule of their own; the emergency tier decides whatever they
        are, and its reasons name only the signs (triage.engine.assess)."""
        return answers_from(
            {
                "pain_now": 0,
                "normal_stride": True,
                "spasm": False,
                "pain_side": PainSide.NONE,
                "symptoms": [code for code in Symptom.values if self.values.get(code) == YES],
                "pars_defect": False,
            }
        )


def _get(query, name: str) -> str | None:
    value = query.get(name)
    return value if isinstance(value, str) else None


def _getlist(query, name: str) -> list[str]:
    if hasattr(query, "getlist"):
        return [value for value in query.getlist(name) if isinstance(value, str)]
    value = query.get(name)
    return value if isinstance(value, list) else [value] if isinstance(value, str) else []


def step_url(base: str, step: Step, pairs: list[tuple[str, str]]) -> str:
    """The address of a step showing these answers."""
    return f"{base}?{urlencode([('step', step.id), *pairs])}"
