"""Forms of the procedure pages: parse input; the services decide."""

from django import forms

from procedures.models import Procedure, ProcedureCopy


class PublicTitleForm(forms.Form):
    public_title = forms.CharField(
        label="Public title",
        max_length=200,
        help_text="The public index of procedures shows it. Say what, not how.",
    )


class ProcedureForm(forms.Form):
    kind = forms.ChoiceField(choices=Procedure.Kind.choices)
    title = forms.CharField(
        max_length=200,
        help_text="Proposed for the public index of procedures (someone else with publish "
        "rights approves it). Say what, not how.",
    )
    review_every_months = forms.IntegerField(min_value=1, max_value=60, initial=12)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), help_text="Markdown.")


class ProcedureVersionForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), help_text="Markdown.")
    note = forms.CharField(max_length=300, required=False, label="What changed")


class ProcedureReviewForm(forms.Form):
    note = forms.CharField(max_length=500, required=False, label="Review note")


class ProcedureCopyForm(forms.Form):
    given_to = forms.CharField(
        max_length=200, label="Given to", help_text="A person and their organisation."
    )
    how = forms.ChoiceField(
        choices=[c for c in ProcedureCopy.How.choices if not c[0].startswith("export")]
    )
    note = forms.CharField(max_length=300, required=False)
