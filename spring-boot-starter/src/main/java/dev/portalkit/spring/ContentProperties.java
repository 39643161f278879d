package dev.portalkit.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * portalkit-content's options (ContentOptions), {@code portalkit.content.*} through
 * {@link PortalKitProperties#getContent()}.
 */
public class ContentProperties {

    /** The rate limit of every form without one of its own in rate-limits. */
    private final RateLimit rateLimit = new RateLimit();

    /** Per-form rate limits, by form key. */
    private Map<String, RateLimit> rateLimits = new LinkedHashMap<>();

    /** Longest accepted submission message, 1 to 20,000 characters. */
    private int maxMessageLength = 5000;

    /** Most steps one resource card may have, 1 to 10,000. */
    private int maxStepsPerCard = 200;

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    public Map<String, RateLimit> getRateLimits() {
        return rateLimits;
    }

    public void setRateLimits(Map<String, RateLimit> rateLimits) {
        this.rateLimits = rateLimits;
    }

    public int getMaxMessageLength() {
        return maxMessageLength;
    }

    public void setMaxMessageLength(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    public int getMaxStepsPerCard() {
        return maxStepsPerCard;
    }

    public void setMaxStepsPerCard(int maxStepsPerCard) {
        this.maxStepsPerCard = maxStepsPerCard;
    }

    /** At most max-submissions to one form from one IP address within window; 0 turns it off. */
    public static class RateLimit {

        /** Submissions one IP address may send to one form within the window; 0: no limit. */
        private int maxSubmissions = 5;

        /** The window the submissions are counted in, at most 30 days. */
        private Duration window = Duration.ofMinutes(10);

        public int getMaxSubmissions() {
            return maxSubmissions;
        }

        public void setMaxSubmissions(int maxSubmissions) {
            this.maxSubmissions = maxSubmissions;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }
    }
}
