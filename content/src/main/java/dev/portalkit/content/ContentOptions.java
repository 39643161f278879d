package dev.portalkit.content;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /**
     * At most {@code maxSubmissions} submissions to one form from one IP address within {@code window};
     * {@code maxSubmissions == 0} turns the limit off.
     */
    public record RateLimit(int maxSubmissions, Duration window) {

        public RateLimit {
            Objects.requireNonNull(window, "null window");
        }

        public boolean enabled() {
            return maxSubmissions > 0;
        }
    }

    public ContentOptions {
        rateLimits = Map.copyOf(rateLimits);
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

        /** @throws IllegalArgumentException naming each option and its allowed range */
        public ContentOptions build() {
            List<String> problems = new ArrayList<>();
            check(problems, "rateLimit", defaultRateLimit);
            rateLimits.forEach((key, limit) -> {
                if (key == null || key.length() > 100 || !FORM_KEY.matcher(key).matches()) {
                    problems.add("rateLimit form key '" + key + "' is not a form key (lowercase letters, digits, . _ -)");
                }
                check(problems, "rateLimit(" + key + ")", limit);
            });
            if (maxMessageLength < 1 || maxMessageLength > 20_000) {
                problems.add("maxMessageLength is " + maxMessageLength + ": use 1 to 20000 (default 5000)");
            }
            if (maxStepsPerCard < 1 || maxStepsPerCard > 10_000) {
                problems.add("maxStepsPerCard is " + maxStepsPerCard + ": use 1 to 10000 (default 200)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid ContentOptions: " + String.join("; ", problems));
            }
            return new ContentOptions(defaultRateLimit, rateLimits, maxMessageLength, maxStepsPerCard);
        }

        private static void check(List<String> problems, String name, RateLimit limit) {
            if (limit.maxSubmissions() < 0) {
                problems.add(name + " maxSubmissions must be 0 (off) or more (default 5)");
            }
            if (limit.window().isNegative() || limit.window().isZero() || limit.window().compareTo(Duration.ofDays(30)) > 0) {
                problems.add(name + " window must be positive and at most 30 days (default 10 minutes)");
            }
        }
    }
}
