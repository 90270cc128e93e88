package nl.hengel.handoff;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.platform.Caller;
import nl.hengel.platform.Dialect;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Role;
import nl.hengel.platform.Sql;
import nl.hengel.platform.UserId;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.Companies;
import nl.hengel.timeline.CompanyId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Who owns each company's account; admins assign and remove owners. */
@Service
public class AccountOwners {

  private final JdbcClient jdbc;
  private final Dialect dialect;
  private final Clock clock;
  private final Companies companies;
  private final Members members;

  AccountOwners(
      JdbcClient jdbc, Dialect dialect, Clock clock, Companies companies, Members members) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.clock = clock;
    this.companies = companies;
    this.members = members;
  }

  /** The owner of the company's account, if it has one. */
  public Optional<AccountOwner> find(WorkspaceId ws, CompanyId company) {
    return jdbc.sql(
            """
            select o.user_id, u.email from account_owner o join app_user u on u.id = o.user_id
             where o.workspace_id = ? and o.company_id = ?
            """)
        .params(ws.value(), company.value())
        .query((rs, n) -> new AccountOwner(company, new UserId(rs.getLong(1)), rs.getString(2)))
        .optional();
  }

  /** Makes the member with this e-mail the owner of the company's account (admin). */
  @Transactional
  public AccountOwner assign(Caller caller, CompanyId company, @Nullable String ownerEmail) {
    requireAdmin(caller);
    WorkspaceId ws = caller.workspace();
    companies.get(ws, company);
    Member owner =
        member(ws, ownerEmail)
            .orElseThrow(() ->
                Problem.invalid(
                    "handoff.invalid-account-owner",
                    "The account owner must be a member of this workspace.",
                    List.of(
                        new Problem.FieldError(
                            "/owner",
                            ownerEmail == null || ownerEmail.isBlank()
                                ? "is required"
                                : "'" + ownerEmail + "' is not a member of this workspace"))));
    jdbc.sql(
            dialect.upsert(
                "account_owner",
                "workspace_id, company_id",
                List.of("workspace_id", "company_id", "user_id", "assigned_at"),
                List.of("user_id", "assigned_at")))
        .params(ws.value(), company.value(), owner.id().value(), Sql.ts(clock.instant()))
        .update();
    return new AccountOwner(company, owner.id(), owner.email());
  }

  /** Removes the company's account owner, if it had one (admin). */
  @Transactional
  public void remove(Caller caller, CompanyId company) {
    requireAdmin(caller);
    companies.get(caller.workspace(), company);
    jdbc.sql("delete from account_owner where workspace_id = ? and company_id = ?")
        .params(caller.workspace().value(), company.value())
        .update();
  }

  private Optional<Member> member(WorkspaceId ws, @Nullable String email) {
    if (email == null || email.isBlank()) {
      return Optional.empty();
    }
    try {
      return members.findByEmail(ws, email);
    } catch (Problem notAnEmail) {
      return Optional.empty();
    }
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.has(Role.ADMIN)) {
      throw Problem.forbidden(
          "access.forbidden", "Only an admin may assign or remove account owners.");
    }
  }
}
