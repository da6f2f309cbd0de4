"""Every model calls its creation time `created_at`: the seven that said `at` are renamed.

The columns are renamed in place (no data is copied). An index follows its column when the
column is renamed, in PostgreSQL and in SQLite alike, so the four indexes on these columns keep
their names and are only restated here, not dropped and built again.
"""

from django.db import migrations, models

# The indexes on the renamed columns, as the models now declare them.
INDEXES = [
    ("concern", models.Index(fields=["-created_at"], name="concern_newest")),
    (
        "concern",
        models.Index(
            condition=models.Q(("handled_at__isnull", True)),
            fields=["-created_at"],
            name="concern_open",
        ),
    ),
    (
        "mentorshiptransition",
        models.Index(fields=["mentorship", "created_at"], name="transition_timeline"),
    ),
    ("refusedclaimchange", models.Index(fields=["created_at"], name="refused_claim_change_at")),
]
RENAMED = [
    "concern",
    "feedback",
    "fitcheck",
    "goalupdate",
    "mentorshiptransition",
    "message",
    "refusedclaimchange",
]


class Migration(migrations.Migration):
    dependencies = [
        ("mentorship", "0012_conversation_messages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name=model, name=index.name)
                for model, index in INDEXES
            ]
        ),
        *[
            migrations.RenameField(model_name=model, old_name="at", new_name="created_at")
            for model in RENAMED
        ],
        migrations.AlterModelOptions(name="concern", options={"ordering": ["-created_at"]}),
        migrations.AlterModelOptions(name="goalupdate", options={"ordering": ["created_at", "pk"]}),
        migrations.AlterModelOptions(
            name="mentorshiptransition", options={"ordering": ["created_at", "pk"]}
        ),
        migrations.AlterModelOptions(
            name="refusedclaimchange", options={"ordering": ["created_at", "pk"]}
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name=model, index=index) for model, index in INDEXES
            ]
        ),
    ]
