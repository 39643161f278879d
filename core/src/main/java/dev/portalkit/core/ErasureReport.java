package dev.portalkit.core;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link PrivacyService#erase} did, module by module.
 *
 * @param userId  the user whose personal data was erased
 * @param modules each installed module's steps, in the order they ran (core's audit redaction last)
 */
public record ErasureReport(UUID userId, Map<String, List<ErasureStep>> modules) {

    public ErasureReport {
        modules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modules));
    }

    /** The rows touched in every module, so a second erase of the same user reports 0. */
    public long rows() {
        return modules.values().stream().flatMap(List::stream)
                .filter(s -> s.action() != ErasureAction.KEPT).mapToLong(ErasureStep::rows).sum();
    }
}
