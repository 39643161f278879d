package dev.portalkit.billing.internal;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An {@code idempotency_keys} row: what one key did (see V3__idempotency_keys.sql). Not API.
 *
 * @param plan   what a subscription call decided before any money moved ({@link Plan} as JSON)
 * @param result what the first call returned, once DONE (JSON)
 */
public record KeyRow(UUID id, String idempotencyKey, Operation operation, String requestHash, Status status,
                     UUID subscriptionId, UUID paymentId, Map<String, Object> plan, Map<String, Object> result,
                     String failureCode, Instant createdAt, Instant updatedAt) {

    /** The keyed calls. A key belongs to one of them, with one set of arguments. */
    public enum Operation { CHARGE, REFUND, SUBSCRIBE, CHANGE_TIER, REACTIVATE, RENEWAL }

    /**
     * STARTED: claimed, its charge not applied yet; DONE: applied, {@code result} is what it returned;
     * FAILED: it cannot be applied any more (declined, or the subscription moved on) and its charge is given back.
     */
    public enum Status { STARTED, DONE, FAILED }

    /** Whether a call of {@code operation} with arguments hashing to {@code hash} is the call that claimed this key. */
    boolean sameCall(Operation operation, String hash) {
        return this.operation == operation && requestHash.equals(hash);
    }
}
