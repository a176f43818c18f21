"""The family's timeline, for those who may read a care case of the family."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from programs.selectors.timeline import timeline_for


@login_required
def family_timeline(request, student_pk: int):
    timeline = timeline_for(request.user, student_pk, request=request)
    return render(request, "programs/timeline.html", {"timeline": timeline})


urlpatterns = [path("<int:student_pk>/", family_timeline, name="family-timeline")]
