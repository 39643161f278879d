-- The host's own table, in the public schema, beside PortalKit's: Spring Boot's Flyway applies it
-- (classpath:db/migration, history in public.flyway_schema_history) after the starter has migrated
-- PortalKit's schema, which keeps its own history tables. Written by Members.signUp in the same
-- transaction as the PortalKit calls of a sign-up.
CREATE TABLE member_profiles (
    -- ${portalkit_schema} is portalkit.schema (application.properties). A user's profile is personal data:
    -- it goes if the user row ever goes (PortalKit itself only soft-deletes users).
    user_id    uuid PRIMARY KEY REFERENCES ${portalkit_schema}.users (id) ON DELETE CASCADE,
    -- The one rule for it is here, not in Java: a longer value fails the INSERT after PortalKit has
    -- registered the user and queued the welcome e-mail, and the whole sign-up rolls back.
    company    text CONSTRAINT member_profiles_company_length CHECK (char_length(company) BETWEEN 1 AND 80),
    newsletter boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
