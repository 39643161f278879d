package dev.portalkit.billing.internal;

import java.util.EnumMap;
import java.util.Map;

/** How many times each outcome of a batch job happened. Not API. */
final class Tally<E extends Enum<E>> {

    private final Map<E, Integer> counts;

    Tally(Class<E> outcomes) {
        this.counts = new EnumMap<>(outcomes);
    }

    void add(E outcome) {
        counts.merge(outcome, 1, Integer::sum);
    }

    int get(E outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
