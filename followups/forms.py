"""The follow-ups' forms: action items, their updates, plans and milestones."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, MultipleFileField, PageForm, PersonChoiceField
from committees.models import Level
from committees.selectors import near_people, share_candidates
from followups.models import ActionItem, Milestone, WorkCategory

User = get_user_model()


def district_people(district):
    """Whom a new action item may be assigned to: the active people of its district."""
    return User.objects.filter(district=district, is_active=True).order_by(
        "last_name", "first_name"
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Level.choices,
        initial=Level.COMMITTEE,
        help_text=_("Restricted: door, camera and room details, threat reports, procedures."),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=WorkCategory.choices, initial=WorkCategory.OTHER
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ActionItem.Priority.choices, initial=ActionItem.Priority.MEDIUM
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=ActionItem.Source.choices, initial=ActionItem.Source.NONE
    )
    source_detail = forms.CharField(
        label=_("Where it came from"),
        max_length=200,
        required=False,
        help_text=_("E.g. 'October lockdown drill debrief'."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput, required=False)
    milestone = forms.ModelChoiceField(
        label=_("Milestone"), queryset=Milestone.objects.none(), required=False
    )

    def __init__(self, *args, milestones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = milestones


class ActionItemNewForm(ActionItemForm):
    assignee = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Assignee"),
        help_text=_(
            "A member, or someone outside the committee such as the facilities "
            "director, who then sees this item and nothing else of the committee."
        ),
    )

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        # Each with their seats and school: the right Maria is chosen. The menu offers
        # the committee's people; anyone else of the district is named by e-mail.
        people = share_candidates(committee.district, Level.COMMITTEE)
        self.fields["assignee"].offer(people, near_people(people, committee))


class AssignForm(PageForm):
    id_prefix = "assign"
    assignee = PersonChoiceField(queryset=User.objects.none(), label=_("Assign to"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, people, near=None, **kwargs):
        """``people``: selectors.share_candidates for the item's level; ``near``: those
        of them the menu offers (selectors.near_people)."""
        super().__init__(*args, **kwargs)
        self.fields["assignee"].offer(people, near)


class StatusForm(PageForm):
    id_prefix = "status"
    status = forms.ChoiceField(choices=ActionItem.Status.choices, label=_("New status"))
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Why: required when the item is blocked."),
    )

    def __init__(self, *args, statuses, **kwargs):
        """``statuses``: services.action_item_next_statuses, what this person may choose."""
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(status.value, status.label) for status in statuses]


class ProgressForm(PageForm):
    id_prefix = "progress"
    note = forms.CharField(
        label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class EvidenceForm(PageForm):
    id_prefix = "evidence"
    note = forms.CharField(
        label=_("Evidence of completion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    files = MultipleFileField(
        label=_("Attach files"),
        required=False,
        help_text=_("Photos, invoices, sign-off sheets; up to 10 MB each. Kept private."),
    )


class PlanForm(forms.Form):
    school_year = forms.TypedChoiceField(coerce=int, label=_("School year"))
    title = forms.CharField(label=_("Title"), max_length=200, initial="Safety improvement plan")

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = [this_year - 1, this_year, this_year + 1]
        self.fields["school_year"].choices = [(y, f"{y}–{str(y + 1)[-2:]}") for y in years]
        self.fields["school_year"].initial = this_year


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For the committee: may be specific.")
    )
    public_title = forms.CharField(
        label=_("Public title"),
        max_length=200,
        help_text=_("Written for the public: the kind of work, never which door, camera or room."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=WorkCategory.choices)
    target_date = forms.DateField(label=_("Target date"), widget=DateInput)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Level.choices, initial=Level.COMMITTEE
    )


# Beside its own items, a milestone's form offers the committee's open items on no
# milestone, at most this many, the soonest due first (followups.plan_views).
OFFERED_OPEN_ITEMS = 100


class MilestoneEditForm(MilestoneForm):
    items = forms.ModelMultipleChoiceField(
        queryset=ActionItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Linked action items"),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].help_text = _(
            "The milestone's progress comes from these. Listed are its own items and the "
            "committee's open items on no milestone, the %(n)s due soonest; any other item "
            "is tied from its own page."
        ) % {"n": OFFERED_OPEN_ITEMS}
