"""Forms of the assessment pages: parse input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Area, Assessor, ChecklistTemplate, Finding, PublicCategory
from committees.forms import DateInput, PersonChoiceField
from committees.models import Level
from committees.selectors import near_people, share_candidates
from followups.models import ActionItem, Milestone

User = get_user_model()


class PlanForm(forms.Form):
    planned_for = forms.DateField(label=_("Date of the assessment"), widget=DateInput)
    template = forms.ModelChoiceField(
        label=_("Checklist"),
        queryset=ChecklistTemplate.objects.none(),
        help_text=_("The assessment keeps the questions as they are today."),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(
            district=district, is_current=True
        )


class AssessorForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Assessor.Role.choices)
    user = PersonChoiceField(
        label=_("A person of the portal"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Or name a guest below."),
    )
    name = forms.CharField(label=_("Guest's name"), max_length=150, required=False)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Westport Police Department, Fire Marshal's office, an outside firm."),
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        # Each with their seats and school: the right person is chosen.
        people = share_candidates(committee.district, Level.COMMITTEE)
        self.fields["user"].offer(people, near_people(people, committee))


class AreaAnswersForm(forms.Form):
    """One area's questions: a response and a note for each answer."""

    RESPONSES = [("", _("Not answered yet")), *Answer.Response.choices]

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        for answer in answers:
            self.fields[f"response_{answer.pk}"] = forms.ChoiceField(
                label=answer.question_text,
                choices=self.RESPONSES,
                required=False,
                initial=answer.response,
            )
            self.fields[f"note_{answer.pk}"] = forms.CharField(
                label=_("Note"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=answer.note,
            )

    def rows(self):
        return [
            (answer, self[f"response_{answer.pk}"], self[f"note_{answer.pk}"])
            for answer in self.answers
        ]

    def by_answer(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {a.pk: (data[f"response_{a.pk}"], data[f"note_{a.pk}"]) for a in self.answers}


class FindingForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Finding.Severity.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Restricted: for cleared members only."),
    )


class PublicLabelForm(forms.Form):
    public_category = forms.ChoiceField(label=_("Public category"), choices=PublicCategory.choices)
    public_label = forms.CharField(
        label=_("Public label"),
        max_length=200,
        required=False,
        help_text=_(
            "Written on its own, in general words: “entrance security: improvements "
            "planned”. Never which door, camera or room. Someone else with publish rights "
            "approves it; the public reads it once the assessment is completed."
        ),
    )


class FindingItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ActionItem.Priority.choices, initial=ActionItem.Priority.HIGH
    )
    assignee = PersonChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The item is restricted: only someone who may be cleared."),
    )
    due_date = forms.DateField(label=_("Due"), widget=DateInput, required=False)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        # Anyone of the district; the service refuses one who may not be cleared, and
        # says why.
        people = share_candidates(committee.district, Level.COMMITTEE)
        self.fields["assignee"].offer(people, near_people(people, committee))


class MilestoneTieForm(forms.Form):
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=Milestone.objects.none())

    def __init__(self, *args, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = milestones


class TemplateStartForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class QuestionForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    text = forms.CharField(
        label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
