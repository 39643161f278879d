package dev.portalkit.stripe;

import dev.portalkit.core.spi.Problems;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of portalkit-stripe. The two secrets come from the host's configuration (an environment variable,
 * a secret store), never from code: {@link #toString()} hides them, and PortalKit never logs, stores or puts
 * them in an exception. Build with {@link #builder()}; every default is in the setter's javadoc and the README.
 */
public record StripeOptions(String secretKey, String webhookSecret, StripeCustomers customers, String apiBase,
                            Duration connectTimeout, Duration readTimeout, int maxNetworkRetries,
                            Duration webhookTolerance, Duration replayWindow, String returnUrl, Clock clock) {

    /** Stripe's API (the default {@link Builder#apiBase}). */
    public static final String STRIPE_API = "https://api.stripe.com";

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "StripeOptions[secretKey=(hidden), webhookSecret=(hidden), apiBase=" + apiBase + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + ", maxNetworkRetries=" + maxNetworkRetries
                + ", webhookTolerance=" + webhookTolerance + ", replayWindow=" + replayWindow + ", returnUrl="
                + returnUrl + "]";
    }

    public static final class Builder {
        private String secretKey;
        private String webhookSecret;
        private StripeCustomers customers;
        private String apiBase = STRIPE_API;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(80);
        private int maxNetworkRetries = 2;
        private Duration webhookTolerance = Duration.ofMinutes(5);
        private Duration replayWindow = Duration.ofHours(23);
        private String returnUrl;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The secret ({@code sk_...}) or restricted ({@code rk_...}) API key, from the host's configuration. (required) */
        public Builder secretKey(String key) {
            this.secretKey = key;
            return this;
        }

        /** The endpoint's signing secret ({@code whsec_...}), from the host's configuration. (required) */
        public Builder webhookSecret(String secret) {
            this.webhookSecret = secret;
            return this;
        }

        /** Who pays at Stripe for a PortalKit user. (required) */
        public Builder customers(StripeCustomers c) {
            this.customers = c;
            return this;
        }

        /** Where Stripe's API is: only tests change it (a local server). (default: https://api.stripe.com) */
        public Builder apiBase(String url) {
            this.apiBase = url;
            return this;
        }

        /** (default: 30 seconds, stripe-java's) */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /**
         * How long one request waits for Stripe's answer; past it the payment is UNKNOWN. Keep billing's
         * {@code staleAfter} longer than (retries + 1) × this. (default: 80 seconds, stripe-java's)
         */
        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        /**
         * stripe-java's own retries of a request that failed on the network, timed out, met a 409 or a 5xx,
         * each with the same Idempotency-Key (so Stripe acts at most once), with exponential back-off. 0 to 5.
         * (default: 2)
         */
        public Builder maxNetworkRetries(int n) {
            this.maxNetworkRetries = n;
            return this;
        }

        /** A webhook signed longer ago (or later) than this is refused as a replay. (default: 5 minutes, Stripe's) */
        public Builder webhookTolerance(Duration d) {
            this.webhookTolerance = d;
            return this;
        }

        /**
         * How long after a charge or refund was recorded {@code reconcile} may send it again under its key to learn
         * its outcome (Stripe keeps idempotency keys at least 24 hours); older ones are looked up by search.
         * (default: 23 hours)
         */
        public Builder replayWindow(Duration d) {
            this.replayWindow = d;
            return this;
        }

        /**
         * Where Stripe sends the customer back after a redirect-based action (some 3-D Secure flows, wallets).
         * Without it, charges allow only payment methods that never redirect. (default: none)
         */
        public Builder returnUrl(String url) {
            this.returnUrl = url;
            return this;
        }

        /** The clock of the replay window. (default: the system's, UTC) */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** @throws dev.portalkit.core.PortalConfigurationException (PK-1000) listing every bad setting */
        public StripeOptions build() {
            Problems problems = new Problems();
            // The values are never echoed: a message names the setting, not what it held.
            problems.check(secretKey != null && !secretKey.isBlank() && secretKey.strip().equals(secretKey),
                    "secretKey is required (an sk_... or rk_... key from the host's configuration), without spaces");
            problems.check(webhookSecret != null && !webhookSecret.isBlank() && webhookSecret.strip().equals(webhookSecret),
                    "webhookSecret is required (the endpoint's whsec_... signing secret), without spaces");
            problems.required(customers, "customers");
            problems.check(url(apiBase, false), "apiBase must be an http(s) URL without a path, was %s", apiBase);
            problems.check(returnUrl == null || url(returnUrl, true), "returnUrl must be an https URL, was %s", returnUrl);
            problems.positive("connectTimeout", connectTimeout);
            problems.positive("readTimeout", readTimeout);
            problems.check(connectTimeout == null || connectTimeout.toMillis() <= Integer.MAX_VALUE, "connectTimeout is too long");
            problems.check(readTimeout == null || readTimeout.toMillis() <= Integer.MAX_VALUE, "readTimeout is too long");
            problems.check(maxNetworkRetries >= 0 && maxNetworkRetries <= 5,
                    "maxNetworkRetries must be 0 to 5 (default 2), was %s", maxNetworkRetries);
            problems.positive("webhookTolerance", webhookTolerance);
            problems.positive("replayWindow", replayWindow);
            problems.check(replayWindow == null || replayWindow.compareTo(Duration.ofHours(24)) < 0,
                    "replayWindow must be less than 24 hours (Stripe keeps idempotency keys 24 hours), was %s", replayWindow);
            problems.required(clock, "clock");
            problems.throwIfAny();
            return new StripeOptions(secretKey, webhookSecret, customers, apiBase, connectTimeout, readTimeout,
                    maxNetworkRetries, webhookTolerance, replayWindow, returnUrl, clock);
        }

        private static boolean url(String s, boolean httpsOnly) {
            if (s == null) {
                return false;
            }
            try {
                URI u = URI.create(s);
                boolean scheme = "https".equals(u.getScheme()) || (!httpsOnly && "http".equals(u.getScheme()));
                return scheme && u.getHost() != null && (httpsOnly || u.getPath() == null || u.getPath().isEmpty());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
