package dev.portalkit.billing.internal;

import dev.portalkit.billing.GatewayResult;
import java.util.function.Supplier;

/**
 * What the gateway answered, or what it threw instead: then the outcome is not known (a charge may have
 * gone through), never assumed FAILED. Not API.
 *
 * @param result the answer, {@code null} when there was none
 * @param error  what the gateway threw, {@code null} with an answer
 */
record GatewayAnswer(GatewayResult result, RuntimeException error) {

    /** Calls the gateway: whatever it throws (a timeout, a dropped connection) is no answer. */
    static GatewayAnswer ask(Supplier<GatewayResult> call) {
        try {
            return new GatewayAnswer(call.get(), null);
        } catch (RuntimeException e) {
            return new GatewayAnswer(null, e);
        }
    }

    boolean unknown() {
        return result == null;
    }

    boolean approved() {
        return result != null && result.approved();
    }

    /** What the gateway threw, to keep on the row ({@code null} when it threw nothing). */
    String failure() {
        return error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    /** The type of what the gateway threw, for logs (the row keeps {@link #failure}). */
    String errorType() {
        return error == null ? null : error.getClass().getSimpleName();
    }
}
