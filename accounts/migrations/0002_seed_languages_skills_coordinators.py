"""Seed the languages, the skills taxonomy and the Coordinators group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts.skill_taxonomy import SKILLS

LANGUAGES = [
    ("en", "English", "English"),
    ("cy", "Welsh", "Cymraeg"),
    ("gd", "Scottish Gaelic", "Gàidhlig"),
    ("ga", "Irish", "Gaeilge"),
    ("kw", "Cornish", "Kernewek"),
    ("bfi", "British Sign Language", "BSL"),
    ("pl", "Polish", "Polski"),
    ("ro", "Romanian", "Română"),
    ("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    ("ur", "Urdu", "اردو"),
    ("bn", "Bengali", "বাংলা"),
    ("gu", "Gujarati", "ગુજરાતી"),
    ("ar", "Arabic", "العربية"),
    ("so", "Somali", "Soomaali"),
    ("es", "Spanish", "Español"),
    ("pt", "Portuguese", "Português"),
    ("fr", "French", "Français"),
    ("it", "Italian", "Italiano"),
    ("de", "German", "Deutsch"),
    ("zh", "Chinese", "中文"),
]

# What coordinators may do in the admin: run the programme, never grant rights.
COORDINATOR_PERMISSIONS = {
    "accounts": {
        "user": ["view", "change"],
        "memberprofile": ["view", "change"],
        "menteeprofile": ["view", "change"],
        "groupinvitation": ["view"],
        "skill": ["view", "add", "change", "delete"],
        "organisation": ["view", "add", "change"],
        "language": ["view", "add", "change"],
    },
    "mentorship": {"mentorship": ["view", "add", "change"]},
}


def seed(apps, schema_editor):
    Language = apps.get_model("accounts", "Language")
    Skill = apps.get_model("accounts", "Skill")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for code, name, native in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "native_name": native})
    for skill in SKILLS:
        Skill.objects.update_or_create(
            name=skill.name,
            defaults={"category": skill.category, "synonyms": ", ".join(skill.synonyms)},
        )

    # Permissions are normally created after all migrations; coordinators need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    group, _ = Group.objects.get_or_create(name="Coordinators")
    for app_label, models in COORDINATOR_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mentorship", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
