package nl.hengel.platform;

/** The identity of one workspace: one client company, whose data no other workspace sees. */
public record WorkspaceId(long value) {

  @Override
  public String toString() {
    return "workspace " + value;
  }
}
