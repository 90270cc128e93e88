package nl.hengel.imports;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import nl.hengel.lifecycle.Stage;
import nl.hengel.platform.Problem;
import nl.hengel.platform.Problem.FieldError;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * How a pipeline import reads its file: which column fills which field ({@code mapping}), which
 * fields one value fills for every row ({@code constants}), what each stage value of the CRM means
 * ({@code stages}, compared ignoring case; a value that names a stage needs no entry), the zone of
 * date-only and zone-less values, an optional date pattern, whether owners the workspace lacks are
 * created, and whether to write at all.
 */
public record PipelineOptions(
    Map<String, String> mapping,
    Map<String, String> constants,
    Map<String, Stage> stages,
    ZoneId zone,
    boolean zoneGiven,
    @Nullable String dateFormat,
    boolean createOwners,
    boolean dryRun,
    char delimiter) {

  /** The system whose ids the file holds, when {@code --set source} names none. */
  public static final String DEFAULT_SOURCE = "crm";

  public PipelineOptions {
    mapping = Map.copyOf(mapping);
    constants = Map.copyOf(constants);
    stages = Map.copyOf(stages);
  }

  /**
   * Options from the words people type: {@code stages} as {@code VALUE} to stage pairs already
   * split, {@code zone} an IANA zone id or null for UTC. Throws one 400 problem naming every bad
   * option.
   */
  public static PipelineOptions of(
      Map<String, String> mapping,
      Map<String, String> constants,
      Map<String, String> stages,
      @Nullable String zone,
      @Nullable String dateFormat,
      boolean createOwners,
      boolean dryRun,
      char delimiter) {
    var errors = new ArrayList<FieldError>();
    var parsed = new LinkedHashMap<String, Stage>();
    stages.forEach((value, stage) -> {
      var s = Stage.parse(stage);
      if (s.isEmpty()) {
        errors.add(
            new FieldError(
                "stage " + value,
                "'" + stage + "' is not a stage; one of " + PipelineImports.stageKeys()));
      } else {
        parsed.put(normalise(value), s.get());
      }
    });
    ZoneId zoneId = ZoneOffset.UTC;
    if (zone != null && !zone.isBlank()) {
      try {
        zoneId = ZoneId.of(zone.trim());
      } catch (DateTimeException e) {
        errors.add(
            new FieldError(
                "zone",
                "'" + zone + "' is not a time zone; use an IANA id such as Europe/Amsterdam"));
      }
    }
    if (dateFormat != null && !dateFormat.isBlank()) {
      try {
        DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT);
      } catch (IllegalArgumentException e) {
        errors.add(
            new FieldError(
                "dateFormat", "'" + dateFormat + "' is not a date pattern: " + e.getMessage()));
      }
    }
    errors.addAll(PipelineImports.checkFields(mapping, constants));
    if (!errors.isEmpty()) {
      throw new Problem(
          HttpStatus.BAD_REQUEST,
          "imports.pipeline-invalid-options",
          "The pipeline import's options have " + errors.size() + " fault(s).",
          errors);
    }
    return new PipelineOptions(
        mapping,
        constants,
        parsed,
        zoneId,
        zone != null && !zone.isBlank(),
        dateFormat == null || dateFormat.isBlank() ? null : dateFormat,
        createOwners,
        dryRun,
        delimiter);
  }

  /** The system the file's ids belong to: {@code --set source}, else {@value #DEFAULT_SOURCE}. */
  public String source() {
    return constants.getOrDefault("source", DEFAULT_SOURCE);
  }

  /** A stage value compared loosely: trimmed, lower case. */
  static String normalise(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }

  /** What a CRM's stage value means, or null when neither the mapping nor a stage's name says. */
  public @Nullable Stage stage(String value) {
    Stage mapped = stages.get(normalise(value));
    return mapped != null ? mapped : Stage.parse(value).orElse(null);
  }
}
