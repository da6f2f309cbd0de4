from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import outbox
from accounts.models import (
    AuditEntry,
    GroupInvitation,
    Language,
    MemberProfile,
    MenteeProfile,
    Organisation,
    OutboundEmail,
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


ROLE_LABELS = dict(MemberProfile.Role.choices)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"
    field_path = "profile__role"  # what it filters on (checked for an index by the tests)

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(MemberProfile.Role.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        return queryset.filter(profile__role=self.value()) if self.value() else queryset


class HasMentorFilter(admin.SimpleListFilter):
    title = _("has a mentor")
    parameter_name = "has_mentor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Yes")), ("no", _("No, waiting"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() not in {"yes", "no"}:
            return queryset
        # Looked up by name: accounts sits below mentorship and does not import it.
        mentorship = apps.get_model("mentorship", "Mentorship")
        open_mentorship = mentorship.objects.filter(
            mentee_id=OuterRef("profile__mentee_profile_id"), status__in=mentorship.OPEN_STATUSES
        )
        queryset = queryset.filter(profile__role__in=["mentee", "both"])
        has = Exists(open_mentorship)
        return queryset.filter(has) if self.value() == "yes" else queryset.exclude(has)


class LanguageFilter(admin.SimpleListFilter):
    """Members who meet in a language, tested with EXISTS: a join through the many-to-many table
    would make the admin add DISTINCT to the whole list, and the stock filter's choices scan every
    member's languages."""

    title = _("language")
    # The stock filter's parameter, so links made before keep working.
    parameter_name = "profile__languages__code__exact"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(language.code, str(language)) for language in Language.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if not self.value():
            return queryset
        speaks = MemberProfile.languages.through.objects.filter(
            memberprofile__user=OuterRef("pk"), language_id=self.value()
        )
        return queryset.filter(Exists(speaks))


class RegionFilter(admin.AllValuesFieldListFilter):
    """The stock region filter, with its choices read by hopping along the region index (one
    probe per distinct region) instead of sorting every member's region."""

    def __init__(self, field: Any, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(field, request, *args, **kwargs)
        table = connection.ops.quote_name(MemberProfile._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE r(region) AS (SELECT MIN(region) FROM {table} UNION ALL "  # noqa: S608
                f"SELECT (SELECT MIN(region) FROM {table} WHERE region > r.region) FROM r "
                "WHERE r.region IS NOT NULL) SELECT region FROM r WHERE region IS NOT NULL"
            )
            self.lookup_choices = [row[0] for row in cursor.fetchall()]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "name", "role", "organisation", "region", "is_staff", "date_joined"]
    list_select_related = ["profile", "profile__organisation"]
    # Fifty rows and no count of all members besides the filtered count: on 20,000 members each
    # row costs about half a millisecond to render, and the second count a scan of the table.
    list_per_page = 50
    show_full_result_count = False
    list_filter = [
        RoleFilter,
        HasMentorFilter,
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
        # A dict made once, rather than get_role_display(), which rebuilds the choices every row.
        return ROLE_LABELS.get(profile.role, profile.role) if profile else "—"

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
    autocomplete_fields = [
        "user",
        "organisation",
        "skills_offered",
        "languages",
        "conflicts",
        "mentee_profile",
    ]
    readonly_fields = ["created_at", "updated_at"]


class MenteeMemberInline(admin.TabularInline):
    model = MemberProfile
    fk_name = "mentee_profile"
    fields = ["user", "role", "organisation"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

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


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["retry_selected"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    PRIVATE_FIELDS = ("body_text", "body_html", "headers", "attachments")

    def get_fields(self, request: HttpRequest, obj: OutboundEmail | None = None) -> list[str]:
        fields = list(super().get_fields(request, obj))
        if obj is not None and obj.kind in outbox.PRIVATE_KINDS:
            return [f for f in fields if f not in self.PRIVATE_FIELDS]
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed emails again"), permissions=["view"])
    def retry_selected(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        count = outbox.emails_retry(queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(n)s email(s) queued again.") % {"n": count})


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log: readable by coordinators, writable by nobody (the services write it)."""

    list_display = ["created_at", "action", "actor_label", "target_label", "target_type"]
    list_filter = ["action", ("target_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["target_type"]
    search_fields = ["actor_label", "target_label", "target_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at", "action", "actor", "actor_label", "target_type", "target_id",
        "target_label", "details",
    ]  # fmt: skip
    fields = readonly_fields
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
