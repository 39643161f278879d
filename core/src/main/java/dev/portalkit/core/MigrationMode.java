package dev.portalkit.core;

/** What {@code Portal.builder().build()} does with the installed modules' migrations. */
public enum MigrationMode {
    /** Apply pending migrations, each module in dependency order, under an advisory lock. */
    APPLY,
    /** Apply nothing; fail fast when the database is behind the jars or its history was edited. */
    VALIDATE,
    /** Touch nothing: the host runs the migrations itself (see {@link PortalModule#migrationLocation()}). */
    NONE
}
