package dev.portalkit.core;

/** Error codes of portalkit-core (range 1000-1999). */
public enum CoreError implements ErrorCode {
    @Message("Invalid PortalKit configuration:%n%s")
    INVALID_CONFIGURATION(1000),
    @Message("%s is not available: its module is not installed. Add the dependency %s and call .install(%s) on Portal.builder()")
    MODULE_NOT_INSTALLED(1001),
    @Message("Migrating module %s failed: %s")
    MIGRATION_FAILED(1002),
    @Message("The database does not match PortalKit's migrations (migration mode VALIDATE):%n%s")
    MIGRATION_VALIDATION_FAILED(1003),
    @Message("This Portal is closed")
    PORTAL_CLOSED(1004),
    @Message("Schema %s lacks %d object(s) that PortalKit's migrations create (checked at build, migration mode %s):%n%s")
    SCHEMA_INCOMPLETE(1005),
    @Message("PostgreSQL %s (server_version_num %d) is not supported: PortalKit needs PostgreSQL %d or later (it uses UNIQUE NULLS NOT DISTINCT). Upgrade the server, or give PortalKit a database on PostgreSQL %d or later")
    UNSUPPORTED_SERVER(1006),
    @Message("The pool connects as database role %s, which has more rights than PortalKit's services need:%n%s%nFix: %s")
    PRIVILEGED_RUNTIME_ROLE(1007),

    @Message("Invalid input: %s")
    VALIDATION_FAILED(1010),
    @Message("%s %s was not found")
    NOT_FOUND(1011),
    @Message("A row with the same unique value already exists (%s)")
    DUPLICATE(1020),
    @Message("The change refers to a row that does not exist, or removes one still referred to (%s)")
    REFERENCE_VIOLATION(1021),
    @Message("The change overlaps an existing row (%s)")
    EXCLUSION_VIOLATION(1022),
    @Message("%s %s was changed by someone else: expected version %d, found %d")
    STALE_VERSION(1023),
    @Message("%s")
    CONFLICT(1024),
    @Message(value = "The transaction lost a race with a concurrent one (serialization failure); retry it", retryable = true)
    SERIALIZATION_FAILURE(1030),
    @Message(value = "The transaction was chosen as a deadlock victim; retry it", retryable = true)
    DEADLOCK(1031),
    @Message(value = "The database is not reachable: %s", retryable = true)
    DATABASE_UNAVAILABLE(1032),
    @Message("The statement was cancelled after the statement timeout (%s)")
    QUERY_TIMEOUT(1033),
    @Message("Unexpected database error (SQLState %s)")
    DATABASE_ERROR(1040),
    @Message("The transaction was rolled back because a call inside it failed: %s")
    TRANSACTION_ROLLED_BACK(1041),
    @Message("%s")
    INVALID_ARGUMENT(1042),
    @Message("%s failed unexpectedly (%s); nothing it did was committed")
    INTERNAL_ERROR(1043),

    @Message("Unknown setting '%s': declare it with Portal.builder().settings(...) or in its module")
    SETTING_UNKNOWN(1050),
    @Message("Setting '%s' takes %s values, not %s")
    SETTING_WRONG_TYPE(1051),
    @Message("Moving navigation item %s under %s would create a cycle")
    NAV_CYCLE(1060),
    @Message("activity_logs is append-only")
    AUDIT_APPEND_ONLY(1070),
    @Message("The audit trail holds transaction ids this PostgreSQL cluster has not handed out yet (up to %s): the "
            + "database was restored or replicated from another cluster. Build a Portal once with "
            + "MigrationMode.APPLY as the schema's owner: it re-bases the seal order, and sealing goes on")
    AUDIT_REBASE_NEEDED(1071),
    @Message("Audit rows cannot be removed: %s")
    AUDIT_RETENTION_REFUSED(1072);

    private final int number;

    CoreError(int number) {
        this.number = number;
    }

    @Override
    public int number() {
        return number;
    }
}
