package dev.portalkit.billing;

/** How often a tier is billed. ONE_TIME is paid once and never renews. */
public enum BillingInterval {
    MONTH, YEAR, ONE_TIME
}
