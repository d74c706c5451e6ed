-- Samverkan.Sekretess: the application's PostgreSQL login role and its grants.
--
-- Idempotent: safe to run after every migration. Run it as the owner of the schema (the role that ran
-- the migrations), never as the application role. The token __APP_ROLE__ is replaced by the configured
-- role name (Database:AppRole, validated as a plain lower-case identifier) by DatabaseInitializer; to run
-- it by hand:  sed 's/__APP_ROLE__/samverkan_app/g' db/scripts/postgresql-app-role.sql | psql -d samverkan
--
-- The point of this script: the application may append to and read the audit log, but it can never
-- UPDATE, DELETE or TRUNCATE "AuditEntries" (architecture.md §3). Every other application table gets
-- the normal data rights. The role owns nothing, so it cannot ALTER or DROP tables or grant itself more.
DO $grants$
DECLARE
    app constant text := '__APP_ROLE__';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', app);
    END IF;

    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), app);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', app);

    -- Normal data rights on every table of the schema (Identity, Data Protection keys, cases, items ...).
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', app);

    -- The audit log: append and read only. REVOKE ALL first so a grant made by hand earlier cannot linger.
    EXECUTE format('REVOKE ALL ON TABLE public."AuditEntries" FROM %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON TABLE public."AuditEntries" TO %I', app);
    REVOKE ALL ON TABLE public."AuditEntries" FROM PUBLIC;

    -- The migrations history is the migrator's business; the app may read it (EF checks it), not change it.
    IF to_regclass('public."__EFMigrationsHistory"') IS NOT NULL THEN
        EXECUTE format('REVOKE ALL ON TABLE public."__EFMigrationsHistory" FROM %I', app);
        EXECUTE format('GRANT SELECT ON TABLE public."__EFMigrationsHistory" TO %I', app);
    END IF;
END
$grants$;
