package nl.hengel.handoff;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One territory rule as people write it: it matches a lead's company when every condition given
 * holds (country one of {@code countries}, case-insensitive, on the company attribute {@code
 * country}; {@code minEmployees} ≤ attribute {@code employees} ≤ {@code maxEmployees}, both
 * inclusive), and sends the lead to a team (round-robin) or to one user, whichever is given.
 */
public record Territory(
    @Nullable String name,
    @Nullable List<@Nullable String> countries,
    @Nullable Long minEmployees,
    @Nullable Long maxEmployees,
    @Nullable String team,
    @Nullable String user) {}
