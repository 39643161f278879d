package dev.portalkit.core.spi;

/**
 * What the database reported when a statement broke a constraint, for modules that turn a named
 * constraint into their own exception (an e-mail taken, a booking overlap).
 *
 * @param sqlState   e.g. {@code 23505}
 * @param constraint the constraint's name
 * @param table      the table's name, when the server says
 * @param column     the column's name, when the server says
 */
public record ConstraintViolation(String sqlState, String constraint, String table, String column) {
}
