package dev.portalkit.benchmarks;

/** Prints result lines as they come (the run script tees them into a file). */
final class Report {
    void line(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
