package nl.hengel.lifecycle;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.lifecycle.internal.OlistMapping;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.CsvImports;
import nl.hengel.timeline.CsvImports.Summary;
import nl.hengel.timeline.People;
import nl.hengel.timeline.PersonId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Imports the Olist marketing funnel (Kaggle, "Marketing Funnel by Olist") from the directory
 * holding its two CSV files: the interactions through the generic {@link CsvImports} (idempotent by
 * source + externalId), the sales reps as workspace members, and the leads' pasts through {@link
 * LeadHistories} (a lead with a history is left alone). Importing again changes nothing. See {@link
 * OlistMapping} for what each column becomes and how the source's quirks are handled.
 */
@Service
public class OlistImports {

  /** The MQL file's name in the Kaggle dataset. */
  public static final String MQL_FILE = "olist_marketing_qualified_leads_dataset.csv";

  /** The won deals file's name in the Kaggle dataset. */
  public static final String DEALS_FILE = "olist_closed_deals_dataset.csv";

  /** One quirk of the source: how many rows had it and what the import did about it. */
  public record Quirk(String name, long count, String action) {}

  /**
   * What an import read and wrote.
   *
   * @param deals null when the MQL file was refused, so the deals were not imported
   * @param leads null when an interactions file was refused, so no lead was recorded
   */
  public record Report(
      long mqlRows,
      long dealRows,
      Summary mqls,
      @Nullable Summary deals,
      int repsAdded,
      int repsKnown,
      LeadHistories.@Nullable Outcome leads,
      List<Quirk> quirks) {

    /** True when every row was imported and every lead's past recorded or known. */
    public boolean clean() {
      return mqls.clean()
          && deals != null
          && deals.clean()
          && leads != null
          && leads.refused().isEmpty();
    }
  }

  private final CsvImports imports;
  private final People people;
  private final Members members;
  private final LeadHistories histories;

  OlistImports(CsvImports imports, People people, Members members, LeadHistories histories) {
    this.imports = imports;
    this.people = people;
    this.members = members;
    this.histories = histories;
  }

  /** Imports the two files of {@code dir} into the workspace. */
  public Report run(WorkspaceId ws, Path dir) {
    OlistMapping olist = OlistMapping.read(dir);
    Summary mqls = imports.importInteractions(ws, olist.mqlInteractions(), olist.mqlOptions());
    if (!imported(mqls)) {
      return new Report(olist.mqlRows(), olist.dealRows(), mqls, null, 0, 0, null, olist.quirks());
    }
    Summary deals = imports.importInteractions(ws, olist.dealInteractions(), olist.dealOptions());
    if (!imported(deals)) {
      return new Report(olist.mqlRows(), olist.dealRows(), mqls, deals, 0, 0, null, olist.quirks());
    }
    int added = 0;
    var owners = new LinkedHashMap<String, Owner>();
    for (Map.Entry<String, String> rep : olist.repEmails().entrySet()) {
      Member member = members.findByEmail(ws, rep.getValue()).orElse(null);
      if (member == null) {
        member =
            members.add(ws, rep.getValue(), "Olist sales rep " + rep.getKey(), Set.of(Role.SALES));
        added++;
      }
      owners.put(rep.getKey(), new Owner(member.id(), member.email()));
    }
    Map<String, PersonId> leads = people.idsByKey(ws, OlistMapping.SOURCE, olist.leadIds());
    LeadHistories.Outcome outcome = histories.record(ws, olist.pasts(leads, owners));
    return new Report(
        olist.mqlRows(),
        olist.dealRows(),
        mqls,
        deals,
        added,
        owners.size() - added,
        outcome,
        olist.quirks());
  }

  private static boolean imported(Summary summary) {
    return summary.outcome() == CsvImports.Outcome.IMPORTED && summary.clean();
  }
}
