"""Money and time claimed: expenses, monthly claim approvals, adjustments and refused changes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberProfile
from mentorship.models.programmes import Cohort, Programme
from mentorship.models.sessions import Session


def default_programme_id() -> int:
    """The programme a claim row made without naming one belongs to: a one-programme site's.

    The services name the programme; this is for rows made directly (fixtures, old data)."""
    return Cohort.default().programme_id


class Expense(models.Model):
    """Travel costs a mentor claims for a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="expenses")
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="expense_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class ClaimApproval(models.Model):
    """A coordinator's approval of a mentor's hours and expenses in one programme for one
    month: then that programme's part of the month is frozen. A mentor in two programmes,
    with different expenses policies, has two claims a month."""

    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_approvals"
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="claim_approvals",
        default=default_programme_id,
    )
    month = models.DateField(help_text=_("The first day of the month."))
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    expenses = models.DecimalField(max_digits=9, decimal_places=2)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)
    # What was approved, mentorship by mentorship: [{"mentorship": id, "sessions": n,
    # "hours": "1.50", "expenses": "12.50"}], so the claims page shows the approved lines.
    lines = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "month", "programme"], name="one_claim_per_mentor_month"
            )
        ]
        # The claims page reads one month for every mentor.
        indexes = [models.Index(fields=["month"], name="claim_month")]

    def __str__(self) -> str:
        return f"{self.mentor} {self.month:%Y-%m}"


class ClaimAdjustment(models.Model):
    """A coordinator's correction to a mentor's pay, counted in an open month's claim.

    An approved month never changes: a correction found later is paid (or taken back) in the
    month the adjustment is made for, and is frozen with that month's approval."""

    # Money paid: a member's row outlives their account (deletion empties it), so PROTECT.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="claim_adjustments",
        limit_choices_to={"profile__role__in": MemberProfile.MENTOR_ROLES},
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="claim_adjustments",
        default=default_programme_id,
        help_text=_("The programme whose claim it corrects."),
    )
    month = models.DateField(
        help_text=_("The month it is paid in: the first day of an open month.")
    )
    hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    expenses = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    reason = models.TextField(max_length=2000)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]
        indexes = [
            models.Index(fields=["month"], name="claim_adjustment_month"),
            models.Index(fields=["made_at"], name="claim_adjustment_made_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(hours=0, expenses=0), name="claim_adjustment_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"Adjustment for {self.mentor} {self.month:%Y-%m}"


class RefusedClaimChange(models.Model):
    """A change to a month's hours or expenses refused because its claim was already approved.

    Kept so coordinators see, on the claims page, what was tried after they approved."""

    class Change(models.TextChoices):
        SESSION_LOGGED = "session_logged", _("a session logged")
        LOG_EDITED = "log_edited", _("a session log edited")
        SESSION_CONFIRMED = "session_confirmed", _("a session confirmed")
        SESSION_DISPUTED = "session_disputed", _("a confirmed session disputed")
        EXPENSE_ADDED = "expense_added", _("an expense added")
        EXPENSE_CHANGED = "expense_changed", _("an expense changed")
        EXPENSE_DELETED = "expense_deleted", _("an expense deleted")
        ADJUSTMENT_ADDED = "adjustment_added", _("an adjustment added")

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Empty only where a change could not be placed in a programme.
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField()
    change = models.CharField(max_length=20, choices=Change.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["month"], name="refused_claim_change_month"),
            models.Index(fields=["created_at"], name="refused_claim_change_at"),
            models.Index(fields=["change"], name="refused_claim_change_change"),
        ]

    def __str__(self) -> str:
        return f"{self.get_change_display()} for {self.mentor_id} {self.month:%Y-%m}"
