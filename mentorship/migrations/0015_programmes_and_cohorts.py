"""Programmes grow up: cohorts, enrolments, and the settings each programme has of its own.

The new required columns start empty here; 0016 fills them and 0017 makes them required.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_member_contact_details"),
        ("mentorship", "0014_calendar_feed_issued_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="programme",
            options={
                "ordering": ["name", "pk"],
                "permissions": [("coordinate_all_programmes", "Can see and run every programme")],
            },
        ),
        migrations.AddField(
            model_name="programme",
            name="admission",
            field=models.CharField(
                choices=[
                    ("all", "Every member, as their profile's role says"),
                    ("application", "Members apply and coordinators accept them"),
                ],
                default="application",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="agreement_text",
            field=models.TextField(
                blank=True, help_text="What both sides agree to when they start.", max_length=8000
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="coordinators",
            field=models.ManyToManyField(
                blank=True,
                help_text="They see and run this programme only; lead coordinators see every one.",
                limit_choices_to={"is_staff": True},
                related_name="coordinated_programmes",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="created_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="programme",
            name="description",
            field=models.TextField(
                blank=True, help_text="What members read before they apply.", max_length=4000
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="groups_may_apply",
            field=models.BooleanField(
                default=True, help_text="Enterprise groups may apply as mentees."
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="hourly_rate",
            field=models.DecimalField(
                decimal_places=2,
                default=0,
                max_digits=6,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="hourly support rate",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="hours_claimable",
            field=models.BooleanField(
                default=True, help_text="Mentors may claim support for their hours."
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="intake",
            field=models.CharField(
                choices=[
                    ("cohorts", "In cohorts with set dates"),
                    ("rolling", "Rolling: newcomers are matched as they arrive"),
                ],
                default="cohorts",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="kind",
            field=models.CharField(
                choices=[
                    ("start_up", "Start-up: groups forming a new co-op"),
                    ("peer", "Peer mentoring between co-ops"),
                    ("reverse", "Reverse mentoring"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="mentee_stages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Co-op stages a mentee's co-op may be at (empty: any).",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="mentees_may_pick",
            field=models.BooleanField(
                default=True, help_text="Mentees may ask a suggested mentor themselves."
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="mentor_stages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Co-op stages a mentor's co-op may be at (empty: any).",
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="questions",
            field=models.TextField(
                blank=True,
                help_text="Extra questions for applicants, one a line (optional).",
                max_length=2000,
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="sessions_expected",
            field=models.PositiveSmallIntegerField(
                default=6, validators=[django.core.validators.MaxValueValidator(100)]
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="slug",
            field=models.SlugField(max_length=80, null=True),
        ),
        migrations.AddField(
            model_name="programme",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for applications"),
                    ("matching", "Matching"),
                    ("running", "Running"),
                    ("closed", "Closed"),
                ],
                default="draft",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="travel_cap",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="The most a mentor may claim for travel in a month (empty: no cap).",
                max_digits=8,
                null=True,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="travel cap a month",
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="default_length_months",
            field=models.PositiveSmallIntegerField(
                default=6,
                help_text="Used when a cohort has no end date.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(36),
                ],
                verbose_name="term length in months",
            ),
        ),
        migrations.CreateModel(
            name="Cohort",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(help_text="For example: Spring 2027.", max_length=100)),
                ("applications_open_on", models.DateField(blank=True, null=True)),
                (
                    "applications_close_on",
                    models.DateField(
                        blank=True, help_text="Empty: open until the cohort closes.", null=True
                    ),
                ),
                ("matching_on", models.DateField(blank=True, null=True)),
                (
                    "ends_on",
                    models.DateField(
                        blank=True,
                        help_text="Pairs' terms end on this date (empty: term length).",
                        null=True,
                    ),
                ),
                (
                    "closed_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Once closed, the cohort's report is frozen.",
                        null=True,
                    ),
                ),
                ("report", models.JSONField(blank=True, default=dict, editable=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cohorts",
                        to="mentorship.programme",
                    ),
                ),
            ],
            options={
                "ordering": ["programme", "-applications_open_on", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="mentorship",
            name="cohort",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="mentorships",
                to="mentorship.cohort",
            ),
        ),
        migrations.CreateModel(
            name="Enrolment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "side",
                    models.CharField(
                        choices=[("mentor", "Mentor"), ("mentee", "Mentee")], max_length=6
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("applied", "Applied"),
                            ("accepted", "Accepted"),
                            ("declined", "Declined"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        default="applied",
                        max_length=10,
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("application", "Applied"),
                            ("invitation", "Invited by a coordinator"),
                        ],
                        default="application",
                        max_length=12,
                    ),
                ),
                ("answers", models.JSONField(blank=True, default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("decided_at", models.DateTimeField(blank=True, null=True)),
                (
                    "cohort",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="enrolments",
                        to="mentorship.cohort",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="enrolments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mentee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="enrolments",
                        to="accounts.menteeprofile",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="cohort",
            constraint=models.UniqueConstraint(
                fields=("programme", "name"), name="cohort_name_in_programme"
            ),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(fields=["cohort", "side", "status"], name="enrolment_pool"),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(fields=["-created_at"], name="enrolment_newest"),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(fields=["status", "-created_at"], name="enrolment_by_status"),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(
                fields=("cohort", "member", "side"), name="one_enrolment_per_side_in_cohort"
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.CheckConstraint(
                condition=models.Q(("side", "mentor"), ("mentee__isnull", False), _connector="OR"),
                name="mentee_enrolment_names_its_profile",
            ),
        ),
    ]
