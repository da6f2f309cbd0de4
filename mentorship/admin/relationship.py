"""Admin of pairings and what members record on them; coordinators read, services write."""

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.admin.bases import ReadOnlyAdmin
from accounts.admin.filters import member_list_filter_register
from accounts.models import MemberProfile, User
from mentorship.admin.scoped import ProgrammeScopedAdmin
from mentorship.models import (
    Concern,
    Feedback,
    FitCheck,
    Goal,
    Mentorship,
    MentorshipTransition,
    Session,
)

# What a pair's sessions, goals, answers and concerns belong to: their mentorship's programme.
PAIR_PROGRAMME = "mentorship__cohort__programme"


class TransitionInline(admin.TabularInline):
    model = MentorshipTransition
    fields = ["created_at", "from_status", "to_status", "by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[MentorshipTransition]:
        # Who made each step is shown on every row: fetched with the rows.
        return super().get_queryset(request).select_related("by")


@admin.register(Mentorship)
class MentorshipAdmin(ProgrammeScopedAdmin):
    list_display = ["__str__", "status", "origin", "created_at", "approved_at"]
    list_filter = ["status", "origin"]
    list_select_related = ["mentor", "mentee"]
    search_fields = ["mentor__email", "mentor__name", "mentee__display_name", "mentee__group_name"]
    # State changes go through the services (approval under Matching, Proposals), never a raw edit.
    readonly_fields = [
        "cohort",
        "mentor",
        "mentee",
        "status",
        "origin",
        "created_at",
        "updated_at",
        "approved_at",
        "approved_by",
        # Each side accepts the agreement themselves, on the mentorship page.
        "mentor_accepted_at",
        "mentee_accepted_at",
        "mentee_accepted_by",
    ]
    inlines = [TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(ProgrammeScopedAdmin, ReadOnlyAdmin):
    programme_path = PAIR_PROGRAMME
    list_display = ["starts_at", "mentorship", "status", "duration_minutes", "format"]
    list_filter = ["status", "format"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee"]
    search_fields = [
        "mentorship__mentor__name",
        "mentorship__mentor__email",
        "mentorship__mentee__display_name",
    ]
    date_hierarchy = "starts_at"
    # The shared log only: private notes are another model that is not registered at all.
    fields = ["mentorship", "status", "starts_at", "duration_minutes", "format", "place", "link", "agenda",
              "summary", "logged_by", "logged_at", "confirmed_by", "confirmed_at", "dispute_note"]  # fmt: skip


@admin.register(Goal)
class GoalAdmin(ProgrammeScopedAdmin, ReadOnlyAdmin):
    programme_path = PAIR_PROGRAMME
    list_display = ["title", "mentorship", "progress", "due_on"]
    list_filter = ["progress"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee"]
    search_fields = ["title", "mentorship__mentee__display_name"]


@admin.register(FitCheck)
class FitCheckAdmin(ProgrammeScopedAdmin, ReadOnlyAdmin):
    programme_path = PAIR_PROGRAMME
    list_display = ["mentorship", "side", "good_fit", "created_at"]
    list_filter = ["good_fit", "side"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee"]


@admin.register(Feedback)
class FeedbackAdmin(ProgrammeScopedAdmin, ReadOnlyAdmin):
    programme_path = PAIR_PROGRAMME
    list_display = ["mentorship", "side", "moment", "created_at"]
    list_filter = ["side", "moment"]
    list_select_related = ["mentorship__mentor", "mentorship__mentee"]


@admin.register(Concern)
class ConcernAdmin(ProgrammeScopedAdmin):
    programme_path = PAIR_PROGRAMME
    list_display = ["mentorship", "raised_by", "created_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["mentorship__mentor", "mentorship__mentee", "raised_by"]
    readonly_fields = ["mentorship", "raised_by", "text", "attached_message", "created_at"]
    fields = [
        "mentorship",
        "raised_by",
        "created_at",
        "text",
        "attached_message",
        "handled_at",
        "handled_note",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("attached message"))
    def attached_message(self, concern: Concern) -> str:
        # The one way coordinators read the pair's conversation: a message a member attached.
        message = concern.message
        if message is None:
            return "—"
        return f"{message.author} ({timezone.localtime(message.created_at):%Y-%m-%d %H:%M}): {message.text}"


class HasMentorFilter(admin.SimpleListFilter):
    """On the members list (accounts' admin): mentees with an open mentorship, or waiting."""

    title = _("has a mentor")
    parameter_name = "has_mentor"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Yes")), ("no", _("No, waiting"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() not in {"yes", "no"}:
            return queryset
        open_mentorship = Mentorship.objects.filter(
            mentee_id=OuterRef("profile__mentee_profile_id"), status__in=Mentorship.OPEN_STATUSES
        )
        queryset = queryset.filter(profile__role__in=MemberProfile.MENTEE_ROLES)
        has = Exists(open_mentorship)
        return queryset.filter(has) if self.value() == "yes" else queryset.exclude(has)


member_list_filter_register(HasMentorFilter)
