package dev.portalkit.core.internal;

import dev.portalkit.core.ConflictException;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.TransientException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.ConstraintViolation;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.ibatis.exceptions.PersistenceException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns what JDBC and MyBatis throw into PortalKit's typed exceptions. The message never carries
 * SQL text; the cause kept is the driver's {@link SQLException} (never MyBatis' wrapper, whose
 * message contains the statement).
 */
public final class ExceptionTranslator {

    private final Map<String, Function<ConstraintViolation, PortalException>> byConstraint = new ConcurrentHashMap<>();

    public void onConstraint(String constraint, Function<ConstraintViolation, PortalException> translation) {
        if (byConstraint.putIfAbsent(constraint, translation) != null) {
            throw new IllegalStateException("Constraint " + constraint + " already has a translation");
        }
    }

    /**
     * The PortalKit exception for {@code e}; the host's own exceptions (anything that is neither a
     * database nor a MyBatis failure) pass through unchanged.
     */
    public RuntimeException translate(RuntimeException e) {
        if (e instanceof PortalException) {
            return e;
        }
        SQLException sql = findSql(e);
        if (sql != null) {
            return translate(sql);
        }
        if (e instanceof PersistenceException) {
            // A mapping or binding failure inside PortalKit: a bug, never input. Keep MyBatis' text out.
            PortalException wrapped = new PortalException(CoreError.DATABASE_ERROR, "n/a: " + e.getClass().getSimpleName());
            wrapped.addSuppressed(new IllegalStateException(rootMessage(e)));
            return wrapped;
        }
        return e;
    }

    public PortalException translate(SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        ConstraintViolation violation = violation(sql, state);
        if (violation.constraint() != null) {
            Function<ConstraintViolation, PortalException> custom = byConstraint.get(violation.constraint());
            if (custom != null) {
                PortalException translated = custom.apply(violation);
                if (translated.getCause() == null) {
                    translated.initCause(sql);
                }
                return translated;
            }
        }
        String where = violation.constraint() != null ? violation.constraint()
                : violation.column() != null ? violation.column() : "unnamed";
        if (sql instanceof SQLTransientConnectionException) {
            // HikariCP's "Connection is not available, request timed out after ...ms (total=, active=, idle=, waiting=)".
            return new TransientException(CoreError.DATABASE_UNAVAILABLE, sql, sql.getMessage());
        }
        return switch (state) {
            case "23505" -> new ConflictException(CoreError.DUPLICATE, sql, where);
            case "23503" -> new ConflictException(CoreError.REFERENCE_VIOLATION, sql, where);
            case "23P01" -> new ConflictException(CoreError.EXCLUSION_VIOLATION, sql, where);
            case "23514" -> validation(fieldOf(violation), "breaks the rule " + where, sql);
            case "23502" -> validation(fieldOf(violation), "is required", sql);
            case "22001" -> validation(fieldOf(violation), "is too long", sql);
            case "22003" -> validation(fieldOf(violation), "is out of range", sql);
            case "22P02", "22007", "22008", "22023", "22P05", "22021", "22032", "2202E", "22004" ->
                    validation(fieldOf(violation), "has an invalid value", sql);
            case "40001" -> new TransientException(CoreError.SERIALIZATION_FAILURE, sql);
            case "40P01" -> new TransientException(CoreError.DEADLOCK, sql);
            case "57014" -> new PortalException(CoreError.QUERY_TIMEOUT, sql, "statement timeout or cancel request");
            // A host's transaction that an earlier failure aborted (Portal.joining, a framework's): say so.
            case "25P02" -> new PortalException(CoreError.TRANSACTION_ROLLED_BACK, sql,
                    "an earlier statement in this transaction failed, so it can only roll back (SQLState 25P02)");
            case "PK001" -> new PortalException(CoreError.AUDIT_APPEND_ONLY, sql);
            // activity_logs_detach_before (core V11): its message names the partition and what is missing.
            case "PK002" -> new PortalException(CoreError.AUDIT_RETENTION_REFUSED, sql, serverMessage(sql));
            default -> unavailable(state)
                    ? new TransientException(CoreError.DATABASE_UNAVAILABLE, sql, "SQLState " + state)
                    : new PortalException(CoreError.DATABASE_ERROR, sql, state.isEmpty() ? "unknown" : state);
        };
    }

    private static ValidationException validation(String field, String message, SQLException cause) {
        ValidationException e = new ValidationException(field, message);
        e.initCause(cause);
        return e;
    }

    private static String fieldOf(ConstraintViolation v) {
        return v.column() != null ? v.column() : v.constraint() != null ? v.constraint() : "value";
    }

    /** Connection-level failures: 08xxx, and the server shutting down or starting up. */
    private static boolean unavailable(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300");
    }

    /** The server's own message (without pgjdbc's "ERROR:" and context lines). */
    private static String serverMessage(SQLException sql) {
        if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return sql.getMessage();
    }

    private static ConstraintViolation violation(SQLException sql, String state) {
        if (sql instanceof PSQLException psql) {
            ServerErrorMessage m = psql.getServerErrorMessage();
            if (m != null) {
                return new ConstraintViolation(state, m.getConstraint(), m.getTable(), m.getColumn());
            }
        }
        return new ConstraintViolation(state, null, null, null);
    }

    /** The first SQLException in {@code e}'s causes, or null. */
    static SQLException findSql(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        // Only the first line: MyBatis appends the statement on later lines.
        return t.getClass().getSimpleName() + ": " + (m == null ? "" : m.lines().findFirst().orElse(""));
    }
}
