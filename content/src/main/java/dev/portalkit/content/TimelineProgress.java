package dev.portalkit.content;

/** How far a timeline is: items DONE out of all items. */
public record TimelineProgress(TimelineKey timeline, int done, int total) {

    /** 0 to 100, rounded down; 0 for an empty timeline. */
    public int percent() {
        return total == 0 ? 0 : (int) (100L * done / total);
    }
}
