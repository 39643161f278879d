package dev.portalkit.core;

/** What an erasure did to a table's rows about a user. */
public enum ErasureAction {
    /** The rows are gone. */
    DELETED,
    /** The rows stay, with their personal fields replaced or cleared. */
    ANONYMISED,
    /** The rows stay as they are, because the law or another module keeps them; {@code rows} counts them. */
    KEPT
}
