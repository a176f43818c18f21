import factory

from portal.models import Role, RoleAssignment, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def assign(user: User, role: Role, **scope) -> RoleAssignment:
    """Test shortcut that writes a role directly, as the seed does; the
    grant rules themselves are tested through `grant_role`."""
    from portal import access

    if scope.get("school_class") is not None:
        scope["school"] = scope["school_class"].school
    if scope.get("school") is not None:
        scope["district"] = scope["school"].district
    if scope.get("village") is not None:
        scope["district"] = scope["village"].district
    if Role(role).is_staff_role and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    access.forget_scope(user)
    return RoleAssignment.objects.create(user=user, role=role, **scope)
