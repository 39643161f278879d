package dev.portalkit.core;

/** Error codes of portalkit-core (range 1000-1999). */
public enum CoreError implements ErrorCode {
    INVALID_CONFIGURATION(1000, "Invalid PortalKit configuration:%n%s"),
    MODULE_NOT_INSTALLED(1001, "%s is not available: its module is not installed. Add the dependency %s and call .install(%s) on Portal.builder()"),
    MIGRATION_FAILED(1002, "Migrating module %s failed: %s"),
    MIGRATION_VALIDATION_FAILED(1003, "The database does not match PortalKit's migrations (migration mode VALIDATE):%n%s"),
    PORTAL_CLOSED(1004, "This Portal is closed"),
    SCHEMA_INCOMPLETE(1005, "Schema %s lacks %d object(s) that PortalKit's migrations create (checked at build, migration mode %s):%n%s"),
    UNSUPPORTED_SERVER(1006, "PostgreSQL %s (server_version_num %d) is not supported: PortalKit needs PostgreSQL %d or later (it uses UNIQUE NULLS NOT DISTINCT). Upgrade the server, or give PortalKit a database on PostgreSQL %d or later"),
    PRIVILEGED_RUNTIME_ROLE(1007, "The pool connects as database role %s, which has more rights than PortalKit's services need:%n%s%nFix: %s"),

    VALIDATION_FAILED(1010, "Invalid input: %s"),
    NOT_FOUND(1011, "%s %s was not found"),
    DUPLICATE(1020, "A row with the same unique value already exists (%s)"),
    REFERENCE_VIOLATION(1021, "The change refers to a row that does not exist, or removes one still referred to (%s)"),
    EXCLUSION_VIOLATION(1022, "The change overlaps an existing row (%s)"),
    STALE_VERSION(1023, "%s %s was changed by someone else: expected version %d, found %d"),
    CONFLICT(1024, "%s"),
    SERIALIZATION_FAILURE(1030, "The transaction lost a race with a concurrent one (serialization failure); retry it"),
    DEADLOCK(1031, "The transaction was chosen as a deadlock victim; retry it"),
    DATABASE_UNAVAILABLE(1032, "The database is not reachable: %s"),
    QUERY_TIMEOUT(1033, "The statement was cancelled after the statement timeout (%s)"),
    DATABASE_ERROR(1040, "Unexpected database error (SQLState %s)"),
    TRANSACTION_ROLLED_BACK(1041, "The transaction was rolled back because a call inside it failed: %s"),
    INVALID_ARGUMENT(1042, "%s"),
    INTERNAL_ERROR(1043, "%s failed unexpectedly (%s); nothing it did was committed"),

    SETTING_UNKNOWN(1050, "Unknown setting '%s': declare it with Portal.builder().settings(...) or in its module"),
    SETTING_WRONG_TYPE(1051, "Setting '%s' takes %s values, not %s"),
    NAV_CYCLE(1060, "Moving navigation item %s under %s would create a cycle"),
    AUDIT_APPEND_ONLY(1070, "activity_logs is append-only");

    private final int number;
    private final String template;

    CoreError(int number, String template) {
        this.number = number;
        this.template = template;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String template() {
        return template;
    }

    @Override
    public boolean retryable() {
        return this == SERIALIZATION_FAILURE || this == DEADLOCK || this == DATABASE_UNAVAILABLE;
    }
}
