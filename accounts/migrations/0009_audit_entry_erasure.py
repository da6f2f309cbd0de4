from django.db import migrations

# The audit table's guard (0005) refuses every UPDATE and DELETE. A member's right to erasure
# needs one exception: when they delete their account, their name and email in the entries are
# replaced by "former member #id" (accounts.audit.audit_member_forget). That is let through only
# while the transaction has set accounts.audit_erasure to "on", and it may change only the two
# labels and the details: the entry's action, target, time and existence stay as they were.
GUARD_SQL = """
CREATE OR REPLACE FUNCTION accounts_auditentry_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)
        AND (NEW.target_type_id IS NOT DISTINCT FROM OLD.target_type_id
             OR NEW.target_type_id IS NULL)
        AND (NEW.id, NEW.action, NEW.target_id, NEW.created_at)
            IS NOT DISTINCT FROM (OLD.id, OLD.action, OLD.target_id, OLD.created_at)
        AND ((NEW.actor_label, NEW.target_label, NEW.details::text)
                IS NOT DISTINCT FROM (OLD.actor_label, OLD.target_label, OLD.details::text)
             OR current_setting('accounts.audit_erasure', true) = 'on')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS_GUARD_SQL = """
CREATE OR REPLACE FUNCTION accounts_auditentry_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)
        AND (NEW.target_type_id IS NOT DISTINCT FROM OLD.target_type_id
             OR NEW.target_type_id IS NULL)
        AND (NEW.id, NEW.actor_label, NEW.action, NEW.target_id, NEW.target_label,
             NEW.details::text, NEW.created_at)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.actor_label, OLD.action, OLD.target_id, OLD.target_label,
             OLD.details::text, OLD.created_at)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entries cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_group_invitation_revoked")]

    operations = [
        migrations.RunPython(_on_postgresql(GUARD_SQL), _on_postgresql(PREVIOUS_GUARD_SQL)),
    ]
