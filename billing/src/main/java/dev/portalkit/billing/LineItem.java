package dev.portalkit.billing;

/**
 * One line of a tier change: a credit for the unused part of the old price (negative) or a charge
 * for the new one. Whole minor units; the lines of a {@link ChangePreview} sum exactly to its total.
 */
public record LineItem(String description, long amountMinor) {
}
