package nl.hengel.imports;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import nl.hengel.access.Member;
import nl.hengel.access.Members;
import nl.hengel.imports.internal.OlistMapping;
import nl.hengel.platform.Role;
import nl.hengel.platform.WorkspaceId;
import nl.hengel.timeline.CsvImports;
import nl.hengel.timeline.CsvImports.Summary;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Imports the Olist marketing funnel (Kaggle, "Marketing Funnel by Olist") from the directory
 * holding its two CSV files: a preset on the generic imports. The interactions go through {@link
 * CsvImports} (idempotent by source + externalId), the sales reps become workspace members, and the
 * leads' pasts go through the generic {@link PipelineImports} as one row per stage change (sal and
 * sql implied at the win, as Olist dates neither). Importing again changes nothing. See {@link
 * OlistMapping} for what each column becomes and how the source's quirks are handled.
 */
@Service
public class OlistImports {

  /** The MQL file's name in the Kaggle dataset. */
  public static final String MQL_FILE = "olist_marketing_qualified_leads_dataset.csv";

  /** The won deals file's name in the Kaggle dataset. */
  public static final String DEALS_FILE = "olist_closed_deals_dataset.csv";

  /** The name the leads' pasts carry in their steps' comments. */
  public static final String PIPELINE_FILE = "olist pipeline";

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
      PipelineImports.@Nullable Report leads,
      java.util.List<Quirk> quirks) {

    /** True when every row was imported and every lead's past recorded or known. */
    public boolean clean() {
      return mqls.clean()
          && deals != null
          && deals.clean()
          && leads != null
          && leads.outcome() == PipelineImports.Outcome.IMPORTED;
    }
  }

  private final CsvImports imports;
  private final Members members;
  private final PipelineImports pipeline;

  OlistImports(CsvImports imports, Members members, PipelineImports pipeline) {
    this.imports = imports;
    this.members = members;
    this.pipeline = pipeline;
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
    for (Map.Entry<String, String> rep : olist.repEmails().entrySet()) {
      Member member = members.findByEmail(ws, rep.getValue()).orElse(null);
      if (member == null) {
        members.add(ws, rep.getValue(), "Olist sales rep " + rep.getKey(), Set.of(Role.SALES));
        added++;
      }
    }
    PipelineImports.Report leads =
        pipeline.importPreset(
            ws,
            OlistMapping.ACTOR,
            PIPELINE_FILE,
            olist.pipeline(),
            PipelineOptions.of(
                OlistMapping.pipelineMapping(),
                Map.of("source", OlistMapping.SOURCE),
                Map.of(),
                null,
                null,
                false,
                false,
                ','));
    return new Report(
        olist.mqlRows(),
        olist.dealRows(),
        mqls,
        deals,
        added,
        olist.repEmails().size() - added,
        leads,
        olist.quirks());
  }

  private static boolean imported(Summary summary) {
    return summary.outcome() == CsvImports.Outcome.IMPORTED && summary.clean();
  }
}
