package dev.portalkit.core.internal;

import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's seal order across PostgreSQL clusters (core V6): the sealer orders rows by
 * transaction id, and ids count per cluster. Checked at every build that checks the schema. Not API.
 */
final class AuditOrder {

    private static final Logger LOG = LoggerFactory.getLogger(AuditOrder.class);
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private AuditOrder() {
    }

    /**
     * After a move to another cluster whose transaction ids are behind (a restore, a promoted logical
     * replica), raises the audit trail's txid shift so new rows seal after the old ones (core V6).
     * Nothing to do is the common case, and needs nothing but SELECT.
     */
    static void rebase(Connection c, String schema) throws SQLException {
        String foreign = foreignTxid(c, schema);
        if (foreign == null) {
            return;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + schema + ".activity_logs_rebase()")) {
            long added = rs.next() ? rs.getLong(1) : 0;
            if (added > 0) {
                LOG.info("PortalKit audit trail: this database came from another PostgreSQL cluster; new rows' transaction"
                        + " ids are shifted by {} more so that they seal after the rows it brought", added);
            }
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                // An APPLY build on a role that is not the owner: re-basing is the owner's (ALTER TABLE).
                throw new PortalException(CoreError.AUDIT_REBASE_NEEDED, e, foreign);
            }
            throw e;
        }
    }

    /** VALIDATE cannot re-base (it is DDL): refuse to start rather than write rows that would never be sealed. */
    static void require(Connection c, String schema) throws SQLException {
        String foreign = foreignTxid(c, schema);
        if (foreign != null) {
            throw new PortalException(CoreError.AUDIT_REBASE_NEEDED, foreign);
        }
    }

    private static String foreignTxid(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + schema + ".activity_logs_foreign_txid()::text")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
