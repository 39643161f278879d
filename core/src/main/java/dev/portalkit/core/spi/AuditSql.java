package dev.portalkit.core.spi;

/**
 * The namespace of the audit SQL fragments a module's mapper XML includes to write its statement's
 * audit rows in the same statement ({@code AuditSql.xml} beside this interface; see {@link AuditRows}):
 *
 * <pre>{@code
 * WITH changed AS (UPDATE ... RETURNING 1),
 *      audited AS (<include refid="dev.portalkit.core.spi.AuditSql.auditChanged"/>)
 * SELECT count(*) FROM changed
 * <include refid="dev.portalkit.core.spi.AuditSql.auditCommit"/>
 * }</pre>
 *
 * It has no statements of its own; core registers it with every Portal's MyBatis configuration.
 */
public interface AuditSql {
}
