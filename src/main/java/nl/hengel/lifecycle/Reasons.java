package nl.hengel.lifecycle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reason codes a workspace accepts for rejecting, disqualifying and losing a lead. A workspace
 * that set no list of a kind uses Hengel's defaults for it.
 */
@Service
public class Reasons {

  private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  static final Map<ReasonKind, List<Reason>> DEFAULTS = defaults();

  private final JdbcClient jdbc;

  Reasons(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(readOnly = true)
  public List<Reason> of(WorkspaceId ws, ReasonKind kind) {
    List<Reason> own =
        jdbc.sql(
                "select code, label from lead_reason where workspace_id = ? and kind = ? order by"
                    + " position")
            .params(ws.value(), kind.key())
            .query((rs, n) -> new Reason(rs.getString("code"), rs.getString("label")))
            .list();
    return own.isEmpty() ? DEFAULTS.get(kind) : own;
  }

  /** Replaces the workspace's list of a kind; an empty list goes back to Hengel's defaults. */
  @Transactional
  public List<Reason> replace(Caller caller, ReasonKind kind, List<Reason> reasons) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden("access.forbidden", "Only an admin sets the reason codes.");
    }
    var errors = new ArrayList<Problem.FieldError>();
    var seen = new HashSet<String>();
    for (int i = 0; i < reasons.size(); i++) {
      Reason r = reasons.get(i);
      if (r == null || r.code() == null || !CODE.matcher(r.code()).matches()) {
        errors.add(
            new Problem.FieldError(
                "/" + i + "/code",
                "a code is 1-64 lower-case letters, digits and dashes, e.g. bad-fit"));
      } else if (!seen.add(r.code())) {
        errors.add(new Problem.FieldError("/" + i + "/code", "'" + r.code() + "' appears twice"));
      }
      if (r != null && (r.label() == null || r.label().isBlank() || r.label().length() > 200)) {
        errors.add(new Problem.FieldError("/" + i + "/label", "a label is 1-200 characters"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(
          "lifecycle.invalid-reasons",
          "The reason list has " + errors.size() + " error(s).",
          errors);
    }
    WorkspaceId ws = caller.workspace();
    jdbc.sql("delete from lead_reason where workspace_id = ? and kind = ?")
        .params(ws.value(), kind.key())
        .update();
    for (int i = 0; i < reasons.size(); i++) {
      jdbc.sql(
              "insert into lead_reason (workspace_id, kind, code, label, position) values (?, ?,"
                  + " ?, ?, ?)")
          .params(ws.value(), kind.key(), reasons.get(i).code(), reasons.get(i).label().trim(), i)
          .update();
    }
    return of(ws, kind);
  }

  private static Map<ReasonKind, List<Reason>> defaults() {
    var m = new EnumMap<ReasonKind, List<Reason>>(ReasonKind.class);
    m.put(
        ReasonKind.REJECT,
        List.of(
            new Reason("bad-fit", "Not our ideal customer"),
            new Reason("bad-contact-data", "Contact data wrong or incomplete"),
            new Reason("duplicate", "Duplicate of a lead sales already has"),
            new Reason("no-budget-or-timing", "No budget or not the right time"),
            new Reason("competitor", "Works for a competitor"),
            new Reason("student-or-job-seeker", "Student or job seeker"),
            new Reason("not-reachable", "Could not be reached")));
    m.put(
        ReasonKind.DISQUALIFY,
        List.of(
            new Reason("bad-fit", "Will never be our customer"),
            new Reason("competitor", "Works for a competitor"),
            new Reason("student-or-job-seeker", "Student or job seeker"),
            new Reason("spam", "Spam or fake contact"),
            new Reason("duplicate", "Duplicate person"),
            new Reason("existing-customer", "Already a customer")));
    m.put(
        ReasonKind.LOST,
        List.of(
            new Reason("price", "Price"),
            new Reason("competitor", "Chose a competitor"),
            new Reason("no-decision", "No decision"),
            new Reason("timing", "Timing"),
            new Reason("product-fit", "The product did not fit")));
    return m;
  }
}
