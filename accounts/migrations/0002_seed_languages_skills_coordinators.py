"""Seed the languages, the skills taxonomy and the Coordinators group."""

from django.db import migrations

from accounts.coordinators import grant_coordinator_permissions
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

    for code, name, native in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "native_name": native})
    for skill in SKILLS:
        Skill.objects.update_or_create(
            name=skill.name,
            defaults={"category": skill.category, "synonyms": ", ".join(skill.synonyms)},
        )

    grant_coordinator_permissions(apps, COORDINATOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mentorship", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
