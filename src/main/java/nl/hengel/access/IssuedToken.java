package nl.hengel.access;

/**
 * A freshly made API token. {@code token} is the secret: it is shown this once and stored only as a
 * hash.
 */
public record IssuedToken(long id, String name, String token, String prefix) {}
