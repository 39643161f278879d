package dev.portalkit.examples.spring;

import dev.portalkit.billing.NewSubscription;
import dev.portalkit.billing.PricingService;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.SubscriptionService;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.examples.Views;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pricing tiers and the member's subscription. Not {@code @Transactional}: a paid subscription calls the
 * payment gateway, which PortalKit never does inside a database transaction (it refuses with
 * PK-3025 PAYMENT_IN_TRANSACTION); each call here runs PortalKit's own transactions around the charge.
 */
@RestController
@RequestMapping("/api")
class BillingController {

    private final PricingService pricing;
    private final SubscriptionService subscriptions;

    BillingController(PricingService pricing, SubscriptionService subscriptions) {
        this.pricing = pricing;
        this.subscriptions = subscriptions;
    }

    @GetMapping("/tiers")
    Map<String, Object> tiers() {
        return Map.of("tiers", pricing.list(false).stream().map(Views::tier).toList());
    }

    @GetMapping("/subscription")
    Map<String, Object> subscription(Caller caller) {
        Optional<Subscription> current = subscriptions.current(caller.user().user().id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subscription", current.map(Views::subscription).orElse(null));
        return answer;
    }

    /**
     * Subscribes the signed-in user. The {@code Idempotency-Key} header makes a retried request safe
     * (same key: the same subscription, charged once); without one each request is new.
     */
    @PostMapping("/subscription")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> subscribe(JsonBody body, Caller caller,
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        UUID me = caller.user().user().id();
        UUID tierId = Views.uuid("tierId", body.text("tierId"));
        // Scoped to the user: another member's request with the same key is a different request.
        String key = Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank()).map(k -> me + ":" + k)
                .orElse(UUID.randomUUID().toString());
        Subscription s = subscriptions.subscribe(NewSubscription.of(me, tierId, key), caller.context());
        return Map.of("subscription", Views.subscription(s));
    }

    /** Cancels at the period end (access until then), or at once with {@code ?now=true}. */
    @DeleteMapping("/subscription")
    Map<String, Object> cancel(Caller caller, @RequestParam(name = "now", required = false) String now) {
        UUID me = caller.user().user().id();
        Subscription current = subscriptions.current(me)
                .orElseThrow(() -> new NotFoundException("Subscription of user", me));
        Subscription s = subscriptions.cancel(current.id(), !"true".equals(now), caller.context());
        return Map.of("subscription", Views.subscription(s));
    }
}
