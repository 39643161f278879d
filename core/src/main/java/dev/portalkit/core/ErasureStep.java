package dev.portalkit.core;

/**
 * One table's part of an erasure.
 *
 * @param table  the table, without schema
 * @param action what happened to its rows about the user
 * @param rows   how many rows it touched (0 when there was nothing left to erase)
 */
public record ErasureStep(String table, ErasureAction action, long rows) {

    public ErasureStep {
        if (table == null || table.isBlank() || action == null || rows < 0) {
            throw new IllegalArgumentException("an erasure step needs a table, an action and rows >= 0");
        }
    }
}
