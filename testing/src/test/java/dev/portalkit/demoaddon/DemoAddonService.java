package dev.portalkit.demoaddon;

/** Never provided: asking for it shows the not-installed message. */
public interface DemoAddonService {
}
