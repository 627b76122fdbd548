"""Forms of the procedure pages: parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procedures.models import Procedure, ProcedureCopy


class PublicTitleForm(forms.Form):
    public_title = forms.CharField(
        label=_("Public title"),
        max_length=200,
        help_text=_("The public index of procedures shows it. Say what, not how."),
    )


class ProcedureForm(forms.Form):
    kind = forms.ChoiceField(choices=Procedure.Kind.choices, label=_("Kind"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "Proposed for the public index of procedures (someone else with publish "
            "rights approves it). Say what, not how."
        ),
    )
    review_every_months = forms.IntegerField(
        min_value=1, max_value=60, initial=12, label=_("Review every months")
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}), label=_("Body"), help_text=_("Markdown.")
    )


class ProcedureVersionForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 16}), label=_("Body"), help_text=_("Markdown.")
    )
    note = forms.CharField(max_length=300, required=False, label=_("What changed"))


class ProcedureReviewForm(forms.Form):
    note = forms.CharField(max_length=500, required=False, label=_("Review note"))


class ProcedureCopyForm(forms.Form):
    given_to = forms.CharField(
        max_length=200, label=_("Given to"), help_text=_("A person and their organisation.")
    )
    how = forms.ChoiceField(
        label=_("How"),
        choices=[c for c in ProcedureCopy.How.choices if not c[0].startswith("export")],
    )
    note = forms.CharField(max_length=300, required=False, label=_("Note"))
