package dev.portalkit.billing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic, thread-safe {@link PaymentGateway} kept in memory, for tests and the example
 * application. It approves everything unless told otherwise: script the next outcomes with
 * {@link #enqueue}, or decline every charge of a customer with {@link #declineCustomer}. Like a real
 * provider it is idempotent per key: a key it has seen returns the first result again (and counts
 * no new call). References are {@code ch_000001}, {@code re_000001}, ... in call order.
 */
public final class InMemoryPaymentGateway implements PaymentGateway {

    /** A scripted outcome for the next charge or refund. */
    public enum Outcome {
        /** Approve. */
        APPROVE,
        /** Decline with code {@code card_declined}. */
        DECLINE,
        /** Perform the operation, then throw {@link GatewayTimeoutException}: the caller cannot know it happened. */
        TIMEOUT_AFTER_CHARGING,
        /** Throw {@link GatewayTimeoutException} without performing anything. */
        TIMEOUT_BEFORE_CHARGING
    }

    private final Object lock = new Object();
    private final Deque<Outcome> script = new ArrayDeque<>();
    private final Set<UUID> declinedCustomers = new HashSet<>();
    private final Map<String, GatewayResult> charges = new LinkedHashMap<>();
    private final Map<String, GatewayCharge> chargeRequests = new LinkedHashMap<>();
    private final Map<String, GatewayResult> refunds = new LinkedHashMap<>();
    private final Map<String, Long> refundedByCharge = new LinkedHashMap<>();
    private final Map<String, Long> capturedByCharge = new LinkedHashMap<>();
    private final AtomicInteger chargeCalls = new AtomicInteger();
    private final AtomicInteger refundCalls = new AtomicInteger();
    private int sequence;
    private volatile Duration latency = Duration.ZERO;

    /** Outcomes for the next calls (charges and refunds), in order; afterwards everything is approved. */
    public InMemoryPaymentGateway enqueue(Outcome... outcomes) {
        synchronized (lock) {
            script.addAll(List.of(outcomes));
        }
        return this;
    }

    /** Declines every charge of this customer until {@link #clearDeclines()}. */
    public InMemoryPaymentGateway declineCustomer(UUID customerId) {
        synchronized (lock) {
            declinedCustomers.add(customerId);
        }
        return this;
    }

    public InMemoryPaymentGateway clearDeclines() {
        synchronized (lock) {
            declinedCustomers.clear();
        }
        return this;
    }

    /** Every call sleeps this long first, to widen race windows in tests. (default: zero) */
    public InMemoryPaymentGateway latency(Duration d) {
        this.latency = d;
        return this;
    }

    @Override
    public GatewayResult charge(GatewayCharge charge) {
        chargeCalls.incrementAndGet();
        sleep();
        synchronized (lock) {
            GatewayResult seen = charges.get(charge.idempotencyKey());
            if (seen != null) {
                return seen;
            }
            Outcome outcome = script.isEmpty() ? Outcome.APPROVE : script.poll();
            if (outcome == Outcome.TIMEOUT_BEFORE_CHARGING) {
                throw new GatewayTimeoutException("in-memory gateway: scripted timeout before charging");
            }
            GatewayResult result;
            if (outcome == Outcome.DECLINE || declinedCustomers.contains(charge.customerId())) {
                result = GatewayResult.declined("card_declined", "The card was declined");
            } else {
                String ref = reference("ch_", ++sequence);
                result = GatewayResult.approved(ref);
                capturedByCharge.put(ref, charge.amountMinor());
            }
            charges.put(charge.idempotencyKey(), result);
            chargeRequests.put(charge.idempotencyKey(), charge);
            if (outcome == Outcome.TIMEOUT_AFTER_CHARGING) {
                throw new GatewayTimeoutException("in-memory gateway: scripted timeout after charging");
            }
            return result;
        }
    }

    @Override
    public GatewayResult refund(GatewayRefund refund) {
        refundCalls.incrementAndGet();
        sleep();
        synchronized (lock) {
            GatewayResult seen = refunds.get(refund.idempotencyKey());
            if (seen != null) {
                return seen;
            }
            Outcome outcome = script.isEmpty() ? Outcome.APPROVE : script.poll();
            if (outcome == Outcome.TIMEOUT_BEFORE_CHARGING) {
                throw new GatewayTimeoutException("in-memory gateway: scripted timeout before refunding");
            }
            Long captured = capturedByCharge.get(refund.chargeReference());
            long already = refundedByCharge.getOrDefault(refund.chargeReference(), 0L);
            GatewayResult result;
            if (captured == null) {
                result = GatewayResult.declined("no_such_charge", "Unknown charge " + refund.chargeReference());
            } else if (refund.amountMinor() > captured - already) { // what is left: no sum to overflow
                result = GatewayResult.declined("amount_too_large", "The refund exceeds the charge");
            } else if (outcome == Outcome.DECLINE) {
                result = GatewayResult.declined("refund_declined", "The refund was declined");
            } else {
                result = GatewayResult.approved(reference("re_", ++sequence));
                refundedByCharge.put(refund.chargeReference(), already + refund.amountMinor());
            }
            refunds.put(refund.idempotencyKey(), result);
            if (outcome == Outcome.TIMEOUT_AFTER_CHARGING) {
                throw new GatewayTimeoutException("in-memory gateway: scripted timeout after refunding");
            }
            return result;
        }
    }

    @Override
    public Optional<GatewayResult> lookupCharge(String idempotencyKey) {
        synchronized (lock) {
            return Optional.ofNullable(charges.get(idempotencyKey));
        }
    }

    @Override
    public Optional<GatewayResult> lookupRefund(String idempotencyKey) {
        synchronized (lock) {
            return Optional.ofNullable(refunds.get(idempotencyKey));
        }
    }

    /** How many times {@link #charge} was called, including repeats of a known key. */
    public int chargeCalls() {
        return chargeCalls.get();
    }

    public int refundCalls() {
        return refundCalls.get();
    }

    /** Every charge request it recorded (approved or declined), in call order; repeats of a key appear once. */
    public List<GatewayCharge> charges() {
        synchronized (lock) {
            return List.copyOf(new ArrayList<>(chargeRequests.values()));
        }
    }

    /** How many charges moved money. */
    public int approvedCharges() {
        synchronized (lock) {
            return (int) charges.values().stream().filter(GatewayResult::approved).count();
        }
    }

    /** Refunded total of a charge, by its reference. */
    public long refunded(String chargeReference) {
        synchronized (lock) {
            return refundedByCharge.getOrDefault(chargeReference, 0L);
        }
    }

    /**
     * {@code prefix} and {@code n} zero-padded to six digits, as {@code String.format("%06d")} writes it; by hand,
     * since a Formatter per charge was a tenth of a benchmarked charge's CPU.
     */
    static String reference(String prefix, int n) {
        if (n < 0) {
            return prefix + String.format("%06d", n); // past Integer.MAX_VALUE calls: as before
        }
        String digits = Integer.toString(n);
        return digits.length() >= 6 ? prefix + digits : prefix + "000000".substring(digits.length()) + digits;
    }

    private void sleep() {
        Duration d = latency;
        if (!d.isZero()) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayTimeoutException("interrupted");
            }
        }
    }
}
