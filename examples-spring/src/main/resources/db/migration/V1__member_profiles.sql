-- The host's own table, in the public schema, beside PortalKit's (schema portal): Spring Boot's Flyway
-- applies it (classpath:db/migration, history in public.flyway_schema_history); PortalKit's modules keep
-- their own migrations and history tables. Written by Members.signUp in the same transaction as the
-- PortalKit calls of a sign-up.
CREATE TABLE member_profiles (
    -- portal.users.id. No foreign key: the host's migrations may run before PortalKit's on a first start,
    -- and PortalKit soft-deletes users rather than removing them.
    user_id    uuid PRIMARY KEY,
    -- The one rule for it is here, not in Java: a longer value fails the INSERT after PortalKit has
    -- registered the user and queued the welcome e-mail, and the whole sign-up rolls back.
    company    text CONSTRAINT member_profiles_company_length CHECK (char_length(company) BETWEEN 1 AND 80),
    newsletter boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
