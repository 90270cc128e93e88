package nl.hengel.web;

import nl.hengel.access.Workspace;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Role;

/**
 * The signed-in member as every page sees it (model attribute {@code viewer}): who, in which
 * workspace, and what the navigation and buttons may offer. Showing is a courtesy; the server
 * enforces the same rights whatever a page shows.
 */
public record Viewer(Caller caller, Workspace workspace, boolean severalWorkspaces) {

  public String email() {
    return caller.email();
  }

  public boolean has(String role) {
    return caller.has(Role.parse(role));
  }

  public boolean admin() {
    return caller.has(Role.ADMIN);
  }

  /** Any role that may change data (all but a lone analyst). */
  public boolean mayWrite() {
    return caller.mayWrite();
  }

  /** The sales inbox is for sales and admins. */
  public boolean seesInbox() {
    return caller.has(Role.SALES) || caller.has(Role.ADMIN);
  }

  /** The roles, lower-case, comma-separated, as shown in the header. */
  public String roles() {
    return Role.format(caller.roles()).replace(",", ", ");
  }
}
