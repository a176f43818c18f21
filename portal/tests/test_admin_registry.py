from django.apps import apps
from django.contrib import admin

from portal.admin_scoping import ScopedAdmin

OUR_APPS = {"portal", "schools", "community", "families", "programs"}


def our_models():
    return [model for model in apps.get_models() if model._meta.app_label in OUR_APPS]


def test_every_model_is_in_the_back_office_with_search_and_filters():
    problems = []
    for model in our_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            problems.append(f"{model.__name__}: not registered")
            continue
        if not isinstance(model_admin, ScopedAdmin):
            problems.append(f"{model.__name__}: not scoped by the access layer")
        if not model_admin.search_fields:
            problems.append(f"{model.__name__}: no search")
        if not model_admin.list_filter:
            problems.append(f"{model.__name__}: no filters")
    assert problems == []
