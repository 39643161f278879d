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
}
