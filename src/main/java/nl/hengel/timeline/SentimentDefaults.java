package nl.hengel.timeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import nl.hengel.platform.Problem;
import nl.hengel.platform.WorkspaceId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sentiment an interaction gets when it arrives without one: the workspace's setting for its
 * type, else Hengel's built-in default, else neutral.
 */
@Service
public class SentimentDefaults {

  /** Built-in defaults; a workspace overrides any of them. */
  public static final Map<String, Sentiment> BUILT_IN =
      Map.ofEntries(
          Map.entry("content_download", Sentiment.POSITIVE),
          Map.entry("webinar_registered", Sentiment.POSITIVE),
          Map.entry("webinar_attended", Sentiment.POSITIVE),
          Map.entry("event_attended", Sentiment.POSITIVE),
          Map.entry("email_click", Sentiment.POSITIVE),
          Map.entry("form_submitted", Sentiment.POSITIVE),
          Map.entry("demo_requested", Sentiment.POSITIVE),
          Map.entry("meeting", Sentiment.POSITIVE),
          Map.entry("email_unsubscribed", Sentiment.NEGATIVE),
          Map.entry("spam_complaint", Sentiment.NEGATIVE),
          Map.entry("complaint", Sentiment.NEGATIVE),
          Map.entry("email_bounced", Sentiment.NEGATIVE));

  static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  private final JdbcClient jdbc;

  SentimentDefaults(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The effective defaults of a workspace: built-in ones overridden by its settings. */
  public Map<String, Sentiment> effective(WorkspaceId ws) {
    var result = new TreeMap<String, Sentiment>(BUILT_IN);
    result.putAll(overrides(ws));
    return result;
  }

  public Map<String, Sentiment> overrides(WorkspaceId ws) {
    var result = new HashMap<String, Sentiment>();
    jdbc.sql("select type, sentiment from sentiment_default where workspace_id = ?")
        .param(ws.value())
        .query(rs -> {
          result.put(rs.getString("type"), Sentiment.valueOf(rs.getString("sentiment")));
        });
    return result;
  }

  /** Sets the default sentiment of one interaction type in the workspace. */
  @Transactional
  public void set(WorkspaceId ws, String type, Sentiment sentiment) {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw Problem.invalid(
          "timeline.invalid-type",
          "An interaction type is lower-case: letters, digits, '_', '.', '-'.",
          List.of(new Problem.FieldError("/type", "must match " + TYPE.pattern())));
    }
    int updated =
        jdbc.sql("update sentiment_default set sentiment = ? where workspace_id = ? and type = ?")
            .params(sentiment.name(), ws.value(), type)
            .update();
    if (updated == 0) {
      jdbc.sql("insert into sentiment_default (workspace_id, type, sentiment) values (?, ?, ?)")
          .params(ws.value(), type, sentiment.name())
          .update();
    }
  }
}
