package nl.hengel.platform;

/**
 * Thrown at start-up when production would run without a proper database; explained by {@link
 * DatabaseFailureAnalyzer}.
 */
public final class DatabaseNotConfigured extends RuntimeException {

  private final String action;

  DatabaseNotConfigured(String description, String action) {
    super(description);
    this.action = action;
  }

  public String action() {
    return action;
  }
}
