"""On PostgreSQL the database itself refuses to change or remove an audit
row, whatever the code (or a person at a SQL prompt) tries; the embedded
SQLite demo has no such trigger."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION portal_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER portal_auditentry_append_only
    BEFORE UPDATE OR DELETE ON portal_auditentry
    FOR EACH ROW EXECUTE FUNCTION portal_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS portal_auditentry_append_only ON portal_auditentry;
DROP FUNCTION IF EXISTS portal_auditentry_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_audit_trail")]

    operations = [migrations.RunPython(create, drop)]
