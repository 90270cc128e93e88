package nl.hengel.access;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a team should be, as people write it: its name, its manager's e-mail (optional) and its
 * members' e-mails.
 */
public record TeamSpec(
    @Nullable String name, @Nullable String manager, @Nullable List<@Nullable String> members) {}
