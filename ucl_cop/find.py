"""/find/: "which community fits me?" A short GET form, answered on the same page.

Signed-in staff find it filled in with their department and job title. The suggestions and
their reasons come from `ucl_cop.suggestions`; this view only reads the form. A GET writes
nothing, so the answers can be bookmarked or shared as a link.
"""

from django import forms
from django.shortcuts import render

from .suggestions import WANTS, Answers, suggest

SUGGESTIONS_SHOWN = 6


class FindForm(forms.Form):
    department = forms.CharField(
        label="Your department",
        max_length=150,
        required=False,
        help_text="For example: Finance, Library Services, Estates.",
    )
    job_title = forms.CharField(
        label="Your job title, or what you do",
        max_length=150,
        required=False,
        help_text="For example: data analyst, events coordinator, HR partner.",
    )
    wants = forms.MultipleChoiceField(
        label="What do you want from a community?",
        choices=list(WANTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the list."},
    )
    topics = forms.CharField(
        label="A few topics you care about",
        max_length=200,
        required=False,
        help_text="A few words, for example: dashboards, inductions, open days.",
    )

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            department=data["department"].strip(),
            job_title=data["job_title"].strip(),
            wants=frozenset(data["wants"]),
            topics=data["topics"].strip(),
        )


def find(request):
    """Render the form; once answered, the communities that fit best, each with its reasons."""
    person = request.user if request.user.is_authenticated else None
    answered = any(name in request.GET for name in FindForm.base_fields)
    if answered:
        form = FindForm(request.GET)
    else:
        profile = {}
        if person is not None:
            profile = {"department": person.department, "job_title": person.job_title}
        form = FindForm(initial=profile)
    suggestions = answers = None
    if answered and form.is_valid():
        answers = form.answers()
        if not answers.is_empty:
            suggestions = suggest(answers, person=person, limit=SUGGESTIONS_SHOWN)
    return render(
        request,
        "find.html",
        {
            "form": form,
            "answered": answered,
            "answers": answers,
            "suggestions": suggestions,
        },
    )
