"""Mounted under /committees/ (safety_portal/urls.py), beside the other features' pages."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("<int:pk>/assessments/", views.assessment_list, name="list"),
    path("<int:pk>/assessments/new/", views.assessment_plan, name="plan"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/assessors/new/", views.assessor_add, name="assessor_add"),
    path("assessments/<int:pk>/checklist/<str:area>/", views.answer_area, name="answer"),
    path("assessments/<int:pk>/complete/", views.assessment_complete, name="complete"),
    path("assessments/<int:pk>/export.<str:fmt>", views.assessment_export, name="export"),
    path("assessments/findings/<int:pk>/", views.finding_detail, name="finding"),
    path("assessments/findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
    path("assessments/findings/<int:pk>/label/", views.finding_label, name="finding_label"),
    path("assessments/findings/<int:pk>/items/new/", views.finding_item, name="finding_item"),
    path(
        "assessments/findings/<int:pk>/milestones/",
        views.finding_milestone,
        name="finding_milestone",
    ),
    path("district/assessment-checklists/", views.template_list, name="templates"),
    path("district/assessment-checklists/start/", views.template_start, name="template_start"),
    path("assessment-checklists/<int:pk>/", views.template_detail, name="template"),
    path("assessment-checklists/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("assessment-checklists/questions/<int:pk>/", views.question_edit, name="question_edit"),
    path(
        "assessment-checklists/questions/<int:pk>/remove/",
        views.question_remove,
        name="question_remove",
    ),
]
