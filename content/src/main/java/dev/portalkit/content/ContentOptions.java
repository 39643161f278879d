package dev.portalkit.content;

import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.spi.Problems;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of portalkit-content. Build with {@link #builder()}; every default is in the setter's
 * javadoc and in the module README.
 *
 * @param rateLimits per-form overrides of the default rate limit, by form key
 */
public record ContentOptions(RateLimit defaultRateLimit, Map<String, RateLimit> rateLimits, int maxMessageLength,
                             int maxStepsPerCard) {

    private static final Pattern FORM_KEY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
    private static final Duration MAX_WINDOW = Duration.ofDays(30);

    /**
     * At most {@code maxSubmissions} submissions to one form from one IP address within {@code window};
     * {@code maxSubmissions == 0} turns the limit off.
     */
    public record RateLimit(int maxSubmissions, Duration window) {

        public boolean enabled() {
            return maxSubmissions > 0;
        }
    }

    /** @throws PortalConfigurationException (PK-1000) listing every setting that is out of range */
    public ContentOptions {
        Problems problems = new Problems();
        if (problems.required(defaultRateLimit, "rateLimit")) {
            check(problems, "rateLimit", defaultRateLimit);
        }
        if (problems.required(rateLimits, "rateLimits")) {
            rateLimits.forEach((key, limit) -> {
                problems.check(key != null && key.length() <= 100 && FORM_KEY.matcher(key).matches(),
                        "rateLimit form key '%s' is not a form key (lowercase letters, digits, . _ -)", key);
                if (problems.required(limit, "rateLimit(" + key + ")")) {
                    check(problems, "rateLimit(" + key + ")", limit);
                }
            });
        }
        problems.check(maxMessageLength >= 1 && maxMessageLength <= 20_000,
                "maxMessageLength is %d: use 1 to 20000 (default 5000)", maxMessageLength);
        problems.check(maxStepsPerCard >= 1 && maxStepsPerCard <= 10_000,
                "maxStepsPerCard is %d: use 1 to 10000 (default 200)", maxStepsPerCard);
        problems.throwIfAny();
        rateLimits = Map.copyOf(rateLimits);
    }

    private static void check(Problems problems, String name, RateLimit limit) {
        problems.check(limit.maxSubmissions() >= 0, "%s maxSubmissions must be 0 (off) or more (default 5)", name);
        Duration w = limit.window();
        problems.check(w != null && !w.isNegative() && !w.isZero() && w.compareTo(MAX_WINDOW) <= 0,
                "%s window must be positive and at most 30 days (default 10 minutes), was %s", name, w);
    }

    public static ContentOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The rate limit that applies to {@code formKey}. */
    public RateLimit rateLimitFor(String formKey) {
        return rateLimits.getOrDefault(formKey, defaultRateLimit);
    }

    public static final class Builder {
        private RateLimit defaultRateLimit = new RateLimit(5, Duration.ofMinutes(10));
        private final Map<String, RateLimit> rateLimits = new LinkedHashMap<>();
        private int maxMessageLength = 5000;
        private int maxStepsPerCard = 200;

        private Builder() {
        }

        /**
         * Submissions one IP address may send to one form within {@code window}; 0 turns the limit off.
         * (default: 5 per 10 minutes)
         */
        public Builder rateLimit(int maxSubmissions, Duration window) {
            this.defaultRateLimit = new RateLimit(maxSubmissions, window);
            return this;
        }

        /** The rate limit of one form, instead of the default one. (default: none) */
        public Builder rateLimit(String formKey, int maxSubmissions, Duration window) {
            rateLimits.put(formKey, new RateLimit(maxSubmissions, window));
            return this;
        }

        /** Longest accepted submission message, 1 to 20,000 characters. (default: 5000) */
        public Builder maxMessageLength(int n) {
            this.maxMessageLength = n;
            return this;
        }

        /** Most steps one resource card may have, 1 to 10,000. (default: 200) */
        public Builder maxStepsPerCard(int n) {
            this.maxStepsPerCard = n;
            return this;
        }

        /** @throws PortalConfigurationException (PK-1000) listing every setting that is out of range */
        public ContentOptions build() {
            return new ContentOptions(defaultRateLimit, rateLimits, maxMessageLength, maxStepsPerCard);
        }
    }
}
