"""The members' admin: members (users with their profile inline), profiles, mentee profiles and
their members, group invitations, and the reference lists (skills, organisations, languages)."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import coordinators
from accounts.admin.bases import ReadOnlyTabularInline
from accounts.admin.filters import (
    LanguageFilter,
    RegionFilter,
    RoleFilter,
    member_list_filters_from_other_apps,
)
from accounts.models import (
    GroupInvitation,
    Language,
    MemberProfile,
    MenteeProfile,
    Organisation,
    Skill,
    User,
)

# Only superusers may grant rights; coordinators edit members, never their permissions.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


class MemberProfileInline(admin.StackedInline):
    model = MemberProfile
    fk_name = "user"
    can_delete = False
    autocomplete_fields = [
        "organisation",
        "skills_offered",
        "languages",
        "conflicts",
        "mentee_profile",
    ]
    readonly_fields = ["created_at", "updated_at"]


@functools.cache
def _role_labels(language: str | None) -> dict[str, str]:
    """The roles' labels translated into `language` (the active one), once a language: the
    members list shows one a row, and each translation walks the fallback catalogues."""
    return {role: str(label) for role, label in MemberProfile.Role.choices}


def _members_of(request: HttpRequest) -> QuerySet[User] | None:
    """The members the signed-in coordinator looks after, or None for all of them (a lead)."""
    return coordinators.members_narrowed(request.user)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "name", "role", "organisation", "region", "is_staff", "date_joined"]
    list_select_related = ["profile", "profile__organisation"]
    # Fifty rows and no count of all members besides the filtered count: on 20,000 members each
    # row costs about half a millisecond to render, and the second count a scan of the table.
    list_per_page = 50
    show_full_result_count = False
    # Filters other apps register (member_list_filter_register) come after the role filter.
    list_filter = [
        RoleFilter,
        ("profile__region", RegionFilter),
        LanguageFilter,
        ("profile__organisation__stage", admin.ChoicesFieldListFilter),
        "is_staff",
        "is_active",
    ]
    search_fields = ["email", "name", "profile__organisation__name", "profile__region"]
    fieldsets = [
        (None, {"fields": ["email", "name", "language", "password"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MemberProfileInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        # A coordinator sees the members of their programmes (lists, pages and searches alike).
        return coordinators.members_scoped(super().get_queryset(request), request.user)

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        role, *others = self.list_filter
        return [role, *member_list_filters_from_other_apps(), *others]

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        # Coordinators look after members; staff accounts (and their passwords) are for superusers.
        if (
            obj is not None
            and obj.is_staff
            and not request.user.is_superuser
            and obj != request.user
        ):
            return False
        return super().has_change_permission(request, obj)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # The language filter answers to the stock filter's parameter, which names a relation.
        return lookup == LanguageFilter.parameter_name or super().lookup_allowed(
            lookup, value, request
        )

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += SUPERUSER_ONLY_FIELDS
        return fields

    @admin.display(description=_("role"), ordering="profile__role")
    def role(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        # Rather than get_role_display(), which rebuilds the choices every row and returns a lazy
        # label the admin compares with each of its empty values, translating it every time.
        return _role_labels(get_language()).get(profile.role, profile.role) if profile else "—"

    @admin.display(description=_("co-op"), ordering="profile__organisation__name")
    def organisation(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return str(profile.organisation) if profile and profile.organisation else "—"

    @admin.display(description=_("region"), ordering="profile__region")
    def region(self, user: User) -> str:
        profile = getattr(user, "profile", None)
        return profile.region if profile else "—"


@admin.register(MemberProfile)
class MemberProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "region", "capacity"]
    list_filter = [
        "role",
        "meets_in_person",
        "meets_remotely",
        ("languages", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__name", "organisation__name", "region", "sector"]
    autocomplete_fields = ["user", *MemberProfileInline.autocomplete_fields]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MemberProfile]:
        profiles = super().get_queryset(request)
        members = _members_of(request)
        return profiles if members is None else profiles.filter(user__in=members.values("pk"))


class MenteeMemberInline(ReadOnlyTabularInline):
    model = MemberProfile
    fk_name = "mentee_profile"
    fields = ["user", "role", "organisation"]
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[MemberProfile]:
        # Each row shows its member and co-op: fetched with the rows, not one query per row.
        return super().get_queryset(request).select_related("user", "organisation")


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group_name", "created_by", "created_at"]
    list_select_related = ["created_by"]
    # A stable order for the list and for the pairing form's search results.
    ordering = ["display_name", "pk"]
    search_fields = ["display_name", "group_name", "goals", "members__user__email"]
    autocomplete_fields = ["skills_wanted", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MenteeMemberInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MenteeProfile]:
        # A group is in a programme with its members (the pairing form's search reads this too).
        mentees = super().get_queryset(request)
        members = _members_of(request)
        if members is None:
            return mentees
        in_scope = MemberProfile.objects.filter(user__in=members.values("pk"))
        return mentees.filter(pk__in=in_scope.values("mentee_profile_id"))


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "synonyms"]
    list_filter = ["category"]
    search_fields = ["name", "synonyms", "category"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "stage", "created_at"]
    list_filter = ["kind", "stage"]
    search_fields = ["name"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "native_name"]
    search_fields = ["code", "name", "native_name"]


@admin.register(GroupInvitation)
class GroupInvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "mentee_profile",
        "invited_by",
        "created_at",
        "accepted_at",
        "revoked_at",
    ]
    list_select_related = ["mentee_profile", "invited_by"]
    search_fields = ["email", "mentee_profile__group_name"]
    readonly_fields = [
        "mentee_profile",
        "email",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
        "revoked_by",
    ]
    exclude = ["token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
