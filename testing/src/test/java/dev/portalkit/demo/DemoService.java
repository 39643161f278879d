package dev.portalkit.demo;

import dev.portalkit.core.CallContext;

/** A tiny service of a test module, to exercise the module SPI end to end. */
public interface DemoService {

    DemoItem create(String code, int quantity, CallContext context);

    DemoItem createColored(String code, DemoItem.Color color, java.util.List<String> tags);

    java.util.List<DemoItem> byColor(DemoItem.Color color);

    /** Runs a statement that fails with the given SQLState-provoking kind. */
    void provoke(String kind);

    /**
     * In a retrying transaction, fails with {@code state} on the first {@code failures} attempts.
     * Returns the number of attempts made.
     */
    int failThenSucceed(String state, int failures);

    void addPerson(java.util.UUID id, String email, String role);

    /**
     * Records "demo_item.checked", then inserts the item with its "demo_item.created" row in the
     * insert's own statement (AuditTrail.lastStatement).
     */
    DemoItem createInOneStatement(String code, int quantity, CallContext context);

    /**
     * Adds {@code delta} to the item's quantity unless it would go negative, auditing
     * "demo_item.adjusted" in the same statement; null when nothing changed.
     */
    DemoItem adjust(String code, int delta, CallContext context);
}
