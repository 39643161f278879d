package dev.portalkit.billing;

import dev.portalkit.core.CallContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subscriptions: subscribe, cancel, resume, change tier and the renewal job. Every status change
 * is a compare-and-set in SQL; a call that finds another status gets a {@link SubscriptionStateException}.
 */
public interface SubscriptionService {

    /**
     * Starts a subscription. A tier with trial days starts TRIALING (nothing charged); otherwise the
     * first period is charged now (idempotency key {@code subscribe:{key}}) and the subscription
     * starts ACTIVE. Calling again with the same key returns what the first call returned and changes
     * nothing; a key is one call with one set of arguments (user, tier, zone), for ever.
     *
     * @throws SubscriptionExistsException when the user has a live subscription
     * @throws TierNotAvailableException   when the tier is archived or deleted
     * @throws PaymentDeclinedException    when the first charge is declined (no subscription is created)
     * @throws PaymentOutcomeUnknownException when the gateway did not answer (calling again, or reconcile, finishes it)
     * @throws IdempotencyKeyReusedException  when the key was used for another call
     */
    Subscription subscribe(NewSubscription request, CallContext context);

    Optional<Subscription> find(UUID id);

    /** The user's live (not CANCELED) subscription. */
    Optional<Subscription> current(UUID userId);

    /** All the user's subscriptions, newest first. */
    List<Subscription> history(UUID userId);

    /**
     * Whether the user may use what they pay for at the Portal clock's now: TRIALING or ACTIVE within the
     * paid period, or PAST_DUE within {@link BillingOptions#gracePeriod()}. Independent of the
     * renewal job having run.
     */
    boolean hasAccess(UUID userId);

    /**
     * Cancels. {@code atPeriodEnd}: access stays until the period ends, nothing is charged again, and
     * the renewal job ends it then. Otherwise CANCELED now.
     */
    Subscription cancel(UUID id, boolean atPeriodEnd, CallContext context);

    /** Takes back a cancel-at-period-end before the period ends. */
    Subscription resume(UUID id, CallContext context);

    /**
     * Pays a PAST_DUE or UNPAID subscription now: charges a fresh period starting now (idempotency
     * key {@code reactivate:{id}:{key}}) and makes it ACTIVE, anchored at now.
     *
     * @throws PaymentDeclinedException when declined (the subscription stays as it was)
     * @throws SubscriptionStateException when the subscription changed while it was charged (the charge is refunded)
     * @throws IdempotencyKeyReusedException when the key was used for another call
     */
    Subscription reactivate(UUID id, String idempotencyKey, CallContext context);

    /** The exact amounts {@link #changeTier} would charge now. */
    ChangePreview previewChange(UUID id, UUID newTierId);

    /**
     * Upgrade (a higher price per month): now, with the prorated difference charged at once under
     * idempotency key {@code change:{id}:{key}}. Downgrade (or an upgrade to a shorter interval whose
     * credit exceeds the new price): at the end of the period. During a trial: now, nothing charged. The
     * same key again returns the first preview and changes nothing.
     *
     * @throws SubscriptionStateException when the subscription changed while it was charged (the charge is refunded)
     * @throws IdempotencyKeyReusedException when the key was used for another call
     */
    ChangePreview changeTier(UUID id, UUID newTierId, String idempotencyKey, CallContext context);

    /**
     * Commits a {@link #previewChange} with exactly its amounts (computed at its {@code at}), so the
     * customer pays what they were shown.
     *
     * @throws dev.portalkit.core.ValidationException on field {@code quote} when it is older than an hour
     * @throws SubscriptionStateException when the subscription changed since the preview
     */
    ChangePreview changeTier(ChangePreview quote, String idempotencyKey, CallContext context);

    /**
     * The renewal job: claims up to {@code batchSize} subscriptions due at {@code now} with
     * {@code FOR UPDATE SKIP LOCKED} (any number of workers may run it at once) and, for each,
     * charges the next period with idempotency key {@code renewal:{subscription}:{periodStart}}
     * (retries of a declined period add {@code :retry-n}), ends cancel-at-period-end ones, retries
     * PAST_DUE ones on {@link BillingOptions#retrySchedule()}.
     */
    RenewalReport renewDue(Instant now, int batchSize);
}
