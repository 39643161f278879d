package dev.portalkit.content;

/**
 * One result of {@link ResourceService#search}.
 *
 * @param rank PostgreSQL's {@code ts_rank}: a title match weighs most, then the summary, then the body
 */
public record SearchHit(ResourceCard card, float rank) {
}
