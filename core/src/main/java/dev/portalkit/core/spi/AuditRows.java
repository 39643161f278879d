package dev.portalkit.core.spi;

import java.util.List;

/**
 * The audit rows a transaction's last statement writes itself, so that the change, its audit row
 * and the COMMIT cost one round trip. Obtained from {@link AuditTrail#lastStatement}; pass it to the
 * mapper method as {@code @Param("audit")} and build the statement from core's SQL fragments, all in
 * the namespace {@code dev.portalkit.core.spi.AuditSql}:
 *
 * <pre>{@code
 * <select id="insertAudited" resultType="...">
 *   WITH changed AS (INSERT INTO ${schema}.things (...) VALUES (...) RETURNING ...),
 *        audited AS (<include refid="dev.portalkit.core.spi.AuditSql.auditChanged"/>)
 *   SELECT * FROM changed
 *   <include refid="dev.portalkit.core.spi.AuditSql.auditCommit"/>
 * </select>
 * }</pre>
 *
 * {@code auditChanged} writes the rows recorded earlier in the transaction, then the new event once
 * for each row the CTE {@code changed} returns (none if it changed nothing), after the change is
 * done; {@code auditCommit} appends COMMIT when the statement ends the outermost transaction. The
 * main query must read {@code changed} and not the audit CTE. A statement with two events (say, one
 * per outcome, each with its own {@code changed}) passes the second as another parameter and names
 * it: {@code <include refid="...auditChanged"><property name="auditParam" value="other"/></include>}.
 * A failing statement aborts the whole batch, COMMIT included. The statement must be the
 * transaction's last: after a COMMIT any further statement would run in a transaction of its own.
 *
 * <p>Audit rows take no lock of their own (since core's V4 they are sealed after commit, not chained
 * by the writer). PostgreSQL still checks the statement's foreign keys after the change, locking
 * each referenced row FOR KEY SHARE: lock rows you are about to update FOR NO KEY UPDATE (which a
 * foreign-key check does not wait for) unless their key changes.
 *
 * @param before rows recorded earlier in this transaction, written first (not for modules to read)
 * @param event  the statement's own row (not for modules to read)
 * @param commit whether the statement ends the transaction
 * @param write  whether the audit rows are written at all: always, except under core's internal
 *               benchmark switch (not for modules to read)
 */
public record AuditRows(List<?> before, Object event, boolean commit, boolean write) {

    public AuditRows {
        before = List.copyOf(before);
        java.util.Objects.requireNonNull(event, "event");
    }

    public AuditRows(List<?> before, Object event, boolean commit) {
        this(before, event, commit, true);
    }
}
